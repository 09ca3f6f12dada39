"""Regrading a generated class with tampered files: every problem reported, every good file graded."""

from __future__ import annotations

import json
import zipfile

import pandas as pd
import pytest

from course_helpers.instructor import gradebook as gb
from course_helpers.instructor.collect import lms_name, names_agree
from course_helpers.instructor.regrade import GradeError, grade_submissions
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import TAMPER_KINDS
from course_helpers.quizzing.grading import grade

EXPECTED_KIND = {
    "edited score": "score differs",
    "edited answer": "invalid answer",
    "truncated": "not JSON",
    "other course": "other course",
    "wrong version": "not a submission",
    "unknown bank version": "unknown version",
    "unknown question": "unknown question",
    "exported twice": "same learner",
    "renamed copy": "same answers",
}


@pytest.fixture(scope="module")
def graded(generated_class, course_key, tmp_path_factory):
    out = tmp_path_factory.mktemp("gb") / "gradebook.sqlite3"
    report = grade_submissions([generated_class.folder], course_key, out, progress=False)
    return report, out


def test_every_tampering_is_reported_with_its_reason(generated_class, graded):
    report, _ = graded
    assert set(generated_class.tampered) == set(TAMPER_KINDS)
    found = {(p.kind, name) for p in report.problems for name in generated_class.files if name in p.source}
    for kind, expected in EXPECTED_KIND.items():
        victim = generated_class.tampered[kind][0]
        assert (expected, victim) in found, (kind, victim, [str(p) for p in report.problems])
    copier, donor = generated_class.tampered["copied file"]
    kinds = {p.kind for p in report.problems if copier in p.source}
    assert {"name differs", "same learner"} <= kinds
    # nothing else is flagged: the untouched files raise no problem at all
    flagged = {name for p in report.problems for name in generated_class.files if f"{name}.json" in p.source}
    assert flagged <= {n for names in generated_class.tampered.values() for n in names}


def test_every_good_submission_is_graded(generated_class, graded):
    report, path = graded
    learners = set(gb.learner_totals(path)["learner"])
    not_graded = {generated_class.tampered[k][0] for k in ("truncated", "other course", "wrong version")}
    copier, _ = generated_class.tampered["copied file"]  # graded only as the learner inside it
    assert learners == set(generated_class.files) - not_graded - {copier}
    assert report.graded == len(learners)


def test_regrade_matches_what_untampered_learners_saw(generated_class, graded, course_key):
    _, path = graded
    key = load_key(course_key)
    live = {b.id for b in key.banks.values() if not b.graded}
    responses = gb.responses_frame(path)
    for name in generated_class.untouched:
        doc = json.loads(generated_class.files[name].read_text(encoding="utf-8"))
        saw = [(a["bank"], a["question"], a["points"]) for a in doc["attempts"] if a["bank"] in live]
        mine = responses[(responses.learner == name) & responses.bank.isin(live)]
        assert list(zip(mine.bank, mine.question, mine.score, strict=True)) == saw


def test_edited_score_changes_nothing(generated_class, graded, course_key):
    _, path = graded
    key = load_key(course_key)
    index = {(b.id, q.id): q for b in key.banks.values() for q in b.questions}
    victim = generated_class.tampered["edited score"][0]
    doc = json.loads(generated_class.files[victim].read_text(encoding="utf-8"))
    inflated = [a for a in doc["attempts"] if a["points"] > a["max_points"]]
    assert len(inflated) == 1
    row = inflated[0]
    mine = gb.responses_frame(path).query("learner == @victim and question == @row['question']")
    assert mine["score"].tolist() == [grade(index[(row["bank"], row["question"])], row["answer"]).points]
    assert mine["score"].iloc[0] <= row["max_points"] < row["points"]


def test_totals_follow_policy_and_exam_sitting(generated_class, graded):
    _, path = graded
    latest = gb.learner_totals(path)
    assert ((latest.percent >= 0) & (latest.percent <= 100)).all()
    frame = gb.responses_frame(path, policy="latest")
    practice = latest[latest.bank != "13_final_exam"].set_index(["learner", "bank"])["score"]
    by_hand = frame[frame.bank != "13_final_exam"].groupby(["learner", "bank"])["score"].sum()
    pd.testing.assert_series_equal(
        practice.loc[by_hand.index].sort_index(), by_hand.sort_index(), check_names=False, check_exact=False
    )
    exam = latest[latest.bank == "13_final_exam"].set_index("learner")["score"]
    sat = frame[frame.bank == "13_final_exam"].groupby("learner")["score"].sum()
    pd.testing.assert_series_equal(exam.loc[sat.index], sat, check_names=False, check_exact=False)
    assert (exam.drop(sat.index) == 0).all()


def test_no_overwrite_without_force(graded, generated_class, course_key):
    _, path = graded
    before = path.read_bytes()
    with pytest.raises(GradeError, match="--force"):
        grade_submissions([generated_class.folder], course_key, path, progress=False)
    assert path.read_bytes() == before


def test_lms_zip_with_hostile_members(generated_class, course_key, tmp_path):
    archive = tmp_path / "submissions.zip"
    some = list(generated_class.untouched)[:3]
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for n, name in enumerate(some):
            z.writestr(f"{name.replace('-', '')}_{1000 + n}_{5000 + n}_results.json",
                       generated_class.files[name].read_bytes())
        z.writestr("../../etc/evil.json", b"{}")
        z.writestr("/abs/evil.json", b"{}")
        z.writestr("bomb.json", b"0" * (4 << 20))  # 4 MB of zeros (under the 5 MB cap) compress > 200x
    out = tmp_path / "g.sqlite3"
    report = grade_submissions([archive], course_key, out, progress=False)
    kinds = sorted(p.kind for p in report.problems)
    assert kinds == ["unsafe path", "unsafe path", "zip bomb"], [str(p) for p in report.problems]
    assert report.graded == 3
    assert not (tmp_path.parent / "etc").exists()
    ids = gb.responses_frame(out).groupby("learner")["lms_id"].first()
    assert sorted(ids) == ["1000", "1001", "1002"]


@pytest.mark.parametrize(
    ("file_name", "name", "lms_id"),
    [
        ("riverasam_12345_67890_results.json", "riverasam", "12345"),
        ("riverasam_late_12345_67890_results-1.json", "riverasam", "12345"),
        ("Sam Rivera_4411_assignsubmission_file_/results.json", "Sam Rivera", "4411"),
        ("sam-rivera.json", "sam-rivera", None),
    ],
)
def test_lms_file_names(file_name, name, lms_id):
    got = lms_name(file_name)
    assert (got.name, got.lms_id) == (name, lms_id)


def test_names_agree():
    assert names_agree("Sam Rivera", "riverasam")
    assert names_agree("sam.rivera", "Sam Rivera")
    assert not names_agree("learner-00001", "learner-00014")
    assert not names_agree("ana", "ben")


def test_oversized_file_refused(generated_class, course_key, tmp_path, monkeypatch):
    from course_helpers.instructor import collect

    name = generated_class.untouched[0]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{name}.json").write_bytes(generated_class.files[name].read_bytes())
    monkeypatch.setattr(collect, "MAX_MEMBER", 1000)  # stands in for the 5 MB submission limit
    report = grade_submissions([folder], course_key, tmp_path / "g.sqlite3", progress=False)
    assert [p.kind for p in report.problems] == ["too large"]
    assert "over 1,000" in report.problems[0].message and report.graded == 0


def test_two_workers_give_the_same_gradebook(generated_class, course_key, graded, tmp_path):
    _, one = graded
    two = tmp_path / "two.sqlite3"
    report = grade_submissions([generated_class.folder], course_key, two, progress=False, workers=2)
    assert report.timings["workers"] == 2
    pd.testing.assert_frame_equal(gb.responses_frame(one), gb.responses_frame(two))
    pd.testing.assert_frame_equal(gb.problems_frame(one), gb.problems_frame(two))
