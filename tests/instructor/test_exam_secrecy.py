"""Issue 19: what a release gives learners and keeps back. The key is private from its first byte (watched by
another user while releases run), the learners' wheel holds the released banks and is reproducible, the
released choices say nothing by position, feedback keeps an exam's answers back while an attempt is left, and
the gradebook flags an exam sat in the unreleased course or edited after the fact.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml

from course_helpers.instructor.feedback import write_feedback
from course_helpers.instructor.gradebook import problems_frame
from course_helpers.instructor.regrade import grade_submissions
from course_helpers.instructor.release import key_positions, load_key, release
from course_helpers.quizzing.bank import load_all, quizzes_dir
from course_helpers.quizzing.grading import correct_response


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    return release(out), out


def _exam_questions(folder: Path) -> list:
    return list(load_all(folder)["13_final_exam"].bank.questions)


# --------------------------------------------------------------------------- the key's permissions


def test_key_folder_and_file_are_private_even_with_an_open_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        result = release(tmp_path / "rel")
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.key_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(result.key_path.stat().st_mode) == 0o600
    # a folder that existed, open to all, is closed before the key is written into it
    (tmp_path / "again" / "instructor").mkdir(parents=True, mode=0o777)
    os.chmod(tmp_path / "again" / "instructor", 0o777)
    again = release(tmp_path / "again")
    assert stat.S_IMODE(again.key_path.parent.stat().st_mode) == 0o700


_WATCHER = r"""
import os, sys, time
folder, stop = sys.argv[1], sys.argv[2]
got, looks = 0, 0
while not os.path.exists(stop):
    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    for name in names:
        looks += 1
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                got += len(handle.read())
        except OSError:
            pass
print(got, looks)
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to watch as another user")
def test_another_user_never_reads_a_byte_of_the_key_while_releases_run() -> None:
    nobody = pwd.getpwnam("nobody")
    where = Path(tempfile.mkdtemp(prefix="course-release-watch-", dir="/tmp"))
    try:
        os.chmod(where, 0o755)
        out, stop = where / "release", where / "stop"
        release(out)  # the folder exists from the start, so the watcher can look into it at every moment
        os.chmod(out, 0o755)
        watcher = subprocess.Popen(
            [shutil.which("python3", path="/usr/bin:/bin") or sys.executable, "-c", _WATCHER, str(out / "instructor"),
             str(stop)],
            stdout=subprocess.PIPE, text=True, user=nobody.pw_uid, group=nobody.pw_gid, extra_groups=[],
            env={"PATH": "/usr/bin:/bin"},
        )
        time.sleep(0.3)
        for _ in range(8):
            release(out, force=True)
        stop.touch()
        got, _looks = map(int, watcher.communicate(timeout=60)[0].split())
        assert watcher.returncode == 0
        assert got == 0, f"another user read {got} bytes of the key"
    finally:
        shutil.rmtree(where, ignore_errors=True)


# --------------------------------------------------------------------------- the learners' wheel


def test_the_learners_wheel_holds_the_released_banks_and_no_answers(released) -> None:
    result, out = released
    archive = zipfile.ZipFile(result.wheel)
    names = archive.namelist()
    assert result.wheel.parent == out / "learner" and result.wheel.name.endswith("+learners-py3-none-any.whl")
    banks = sorted(n for n in names if n.startswith("course_helpers/quizzes/"))
    assert banks == sorted(f"course_helpers/quizzes/{p.name}" for p in result.learner_dir.glob("*.yaml"))
    for name in banks:
        assert archive.read(name) == (result.learner_dir / Path(name).name).read_bytes()
    assert "course_helpers/learners_build.json" in names
    assert not [n for n in names if n.startswith("course_helpers/lessons/instructor/")]
    assert "course_helpers/cli.py" in names and any(n.endswith(".dist-info/entry_points.txt") for n in names)
    key = load_key(result.key_path)
    text = " ".join(" ".join(archive.read(n).decode("utf-8", "replace").split()) for n in names)
    for question in key.banks["13_final_exam"].questions:
        assert " ".join(question.explanation.split()) not in text, question.id
        for feedback in question.model_dump().get("feedback", {}).values():
            assert " ".join(feedback.split()) not in text, question.id


def test_the_learners_wheel_is_the_same_bytes_from_the_same_course(tmp_path: Path, released) -> None:
    result, _ = released
    again = release(tmp_path / "again")
    assert hashlib.sha256(again.wheel.read_bytes()).digest() == hashlib.sha256(result.wheel.read_bytes()).digest()


def test_a_learners_build_refuses_a_graded_bank_that_has_its_answers(monkeypatch, released) -> None:
    from course_helpers import quiz
    from course_helpers.quizzing import bank as bank_module

    monkeypatch.setattr(bank_module, "is_learners_build", lambda: True)
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(quizzes_dir()))
    refused = quiz("13_final_exam", learner="ann")
    assert "cannot open" in repr(refused) and "learners' build" in repr(refused)
    assert not hasattr(refused, "session")
    result, _ = released
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(result.learner_dir))
    assert quiz("13_final_exam", learner="ann").question_ids  # the released copy opens


# --------------------------------------------------------------------------- nothing positional


def test_released_choices_put_the_key_at_every_position_about_equally_on_each_paper(released) -> None:
    result, _ = released
    key = load_key(result.key_path)
    by_id = {q.id: q for q in key.banks["13_final_exam"].questions}
    released_bank = load_all(result.learner_dir)["13_final_exam"].bank
    released_qs = list(released_bank.questions)
    for number, paper in enumerate(released_bank.papers, start=1):
        on_paper = [released_bank.question(qid) for qid in paper]
        # the released order, with the key's answer put back, is what a learner can read off the file
        shown = [by_id[q.id].model_copy(update={"choices": q.choices}) for q in on_paper if q.type == "single_choice"]
        positions = Counter(key_positions(shown))
        authoring = Counter(key_positions(by_id[q.id] for q in on_paper))
        n = sum(positions.values())
        print(f"\npaper {number}: key first: authoring order {authoring[0]}/{n}, released {positions[0]}/{n}; "
              f"released {dict(positions)}")
        assert max(positions[p] for p in range(3)) - min(positions[p] for p in range(3)) <= 2
        assert positions[0] <= -(-n // 3) + 1
    for q in released_qs:  # the same choices, only reordered
        if getattr(q, "choices", None):
            assert sorted(q.choices) == sorted(by_id[q.id].choices)
    assert json.loads(result.key_path.read_text())["banks"][-1]["choice_seed"] == 2026


# --------------------------------------------------------------------------- feedback and the gradebook


def _missed(key):
    exam = key.banks["13_final_exam"]
    return next(q for q in exam.questions if q.type == "single_choice" and q.id in exam.papers[0])


def _export(key, learner: str, hashes: dict[str, str], sessions: int, points: float = 0.0) -> dict:
    exam = key.banks["13_final_exam"]
    attempts, sittings = [], []
    questions = {q.id: q for q in exam.questions}
    for n in range(sessions):
        sid = f"s{n}"
        for q in (questions[qid] for qid in exam.papers[min(n, len(exam.papers) - 1)]):  # attempt N: paper N
            value = correct_response(q)
            if q.id == _missed(key).id:  # one answer wrong, so feedback has a question to explain
                value = next(c for c in q.choices if c != q.answer)
            attempts.append({"bank": exam.id, "question": q.id, "answer": value, "correct": False, "points": points,
                             "max_points": q.points, "bank_hash": hashes[exam.id], "session": sid,
                             "at": f"2026-03-0{n + 2}T10:00:00Z"})
        sittings.append({"bank": exam.id, "session": sid, "score": 0.0, "max_score": 40.0, "passed": False,
                         "finished_at": f"2026-03-0{n + 2}T11:00:00Z"})
    return {"format": "inpatient-coder-course/submission", "schema_version": 1, "learner": learner,
            "exported_at": "2026-03-09T10:00:00Z", "package_version": "0.2.0", "attempts": attempts,
            "sessions": sittings, "summary": []}


def _class(tmp_path: Path, key_path: Path, files: dict[str, dict]) -> Path:
    folder = tmp_path / "subs"
    folder.mkdir()
    for name, doc in files.items():
        (folder / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    book = tmp_path / "gradebook.sqlite3"
    grade_submissions([folder], key_path, book, progress=False)
    return book


def test_feedback_keeps_the_exam_key_from_learners_with_an_attempt_left(tmp_path: Path, released) -> None:
    result, _ = released
    key = load_key(result.key_path)
    exam = key.banks["13_final_exam"]
    released_hash = next(h for h in exam.hashes if h != exam.authoring_hash)
    hashes = {exam.id: released_hash}
    book = _class(tmp_path, result.key_path, {"once": _export(key, "once", hashes, 1),
                                              "twice": _export(key, "twice", hashes, 2)})
    written = write_feedback(book, result.key_path, tmp_path / "fb").files
    files = {p.stem: p.read_text(encoding="utf-8") for p in written}
    explanation = " ".join(_missed(key).explanation.split())
    assert explanation not in " ".join(files["once"].split())  # one attempt of two left: no key
    assert "no attempt left or your instructor releases them" in files["once"]
    assert explanation in " ".join(files["twice"].split())  # both used: the key is theirs to learn from
    opened = write_feedback(book, result.key_path, tmp_path / "fb2", exam_key_released=True).files
    assert explanation in " ".join(next(p for p in opened if p.stem == "once").read_text().split())


def test_the_gradebook_flags_an_exam_sat_unreleased_or_edited(tmp_path: Path, released) -> None:
    result, _ = released
    key = load_key(result.key_path)
    exam = key.banks["13_final_exam"]
    released_hash = next(h for h in exam.hashes if h != exam.authoring_hash)
    book = _class(tmp_path, result.key_path, {
        "fair": _export(key, "fair", {exam.id: released_hash}, 1),
        "early": _export(key, "early", {exam.id: exam.authoring_hash}, 1),
        "edited": _export(key, "edited", {exam.id: released_hash}, 1, points=1.0),
    })
    problems = problems_frame(book)
    kinds = {(r.learner, r.kind) for r in problems.itertuples()}
    assert ("early", "unreleased exam") in kinds and ("edited", "tampered exam") in kinds
    assert not [k for k in kinds if k[0] == "fair" and k[1] in ("unreleased exam", "tampered exam")]
    edited = problems[problems["kind"] == "tampered exam"].iloc[0]
    assert "edited.json" in edited["source"]


def test_release_yaml_learner_copy_keeps_tags_for_the_blueprint_but_no_fact_or_source(released) -> None:
    result, _ = released
    data = yaml.safe_load((result.learner_dir / "13_final_exam.yaml").read_text(encoding="utf-8"))
    questions = {q["id"]: q for q in data["questions"]}
    for paper in data["papers"]:
        kinds = Counter("coding-work" in questions[qid].get("tags", []) for qid in paper)
        assert kinds[True] >= len(paper) / 3
    tags = [t for q in data["questions"] for t in q.get("tags", [])]
    assert any(t.startswith("domain:") for t in tags)  # the per-lesson breakdown
    assert not [t for t in tags if t.startswith(("fact:", "source:"))]  # hints at the key stay with the instructor
