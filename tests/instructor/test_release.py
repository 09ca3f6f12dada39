"""Release: graded banks lose every answer, practice banks are untouched, and a quiz on a withheld bank saves."""

from __future__ import annotations

import json

import pytest
import yaml

from course_helpers.cli import main
from course_helpers.instructor.release import ReleaseError, load_key, release
from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.bank import load_all, quizzes_dir
from course_helpers.quizzing.grading import grade
from course_helpers.quizzing.session import QuizError

SECRETS = {"answer", "explanation", "feedback", "accept", "tolerance"}


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    return release(out), out


def test_graded_banks_carry_no_answers(released):
    result, _ = released
    assert "13_final_exam" in result.graded
    key = load_key(result.key_path)
    for bank_id in result.graded:
        text = (result.learner_dir / f"{bank_id}.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert data["answers_withheld"] is True and "draw" not in data
        for question in data["questions"]:
            assert not SECRETS & set(question), question["id"]
        for question in key.banks[bank_id].questions:  # no explanation text leaks, even as a substring
            assert question.explanation.strip()[:60] not in text


def test_exam_papers_one_per_attempt_and_practice_copied_verbatim(released):
    result, _ = released
    exam = yaml.safe_load((result.learner_dir / "13_final_exam.yaml").read_text(encoding="utf-8"))
    source = load_all()
    papers = exam["papers"]
    assert len(papers) == source["13_final_exam"].bank.attempts_allowed == result.papers["13_final_exam"]
    assert all(len(p) == source["13_final_exam"].bank.draw.count for p in papers)
    assert set(papers[0]) != set(papers[1])
    assert {q["id"] for q in exam["questions"]} == {q for p in papers for q in p}
    for bank_id in result.practice:  # the exam has its own pool: every lesson bank is released whole
        assert (result.learner_dir / f"{bank_id}.yaml").read_bytes() == source[bank_id].path.read_bytes()


def test_key_grades_with_answers_and_knows_both_hashes(released):
    result, _ = released
    key = load_key(result.key_path)
    learner_side = load_all(result.learner_dir)
    authoring = load_all()
    for bank_id, bank in key.banks.items():
        assert learner_side[bank_id].version_hash in bank.hashes
        assert authoring[bank_id].version_hash in bank.hashes
    exam = key.banks["13_final_exam"]
    pool = authoring["13_final_exam"].bank
    assert len(exam.questions) == len(pool.questions)  # the whole pool: any paper, released or not, regrades
    points = {q.id: q.points for q in exam.questions}
    assert key.max_score("13_final_exam") == sum(points[q] for q in exam.papers[0]) == sum(
        points[q] for q in exam.papers[1])
    q = exam.questions[0]
    assert grade(q, q.answer if q.type != "multiple_select" else list(q.answer)).correct


def test_quiz_on_withheld_bank_saves_without_verdict(released, monkeypatch):
    result, _ = released
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(result.learner_dir))
    assert quizzes_dir() == result.learner_dir
    session = build_quiz("13_final_exam", learner="sam", use_store=False)
    item = next(i for i in session.items if i.question.type == "single_choice")
    saved = session.answer(item.id, item.question.choices[0])
    assert saved.verdict == "saved" and saved.points == 0 and not saved.expected and not saved.explanation
    assert "Saved" in saved.headline() and "correct" not in saved.headline().lower()
    with pytest.raises(QuizError, match="not one of the choices"):
        session.answer(item.id, "no such choice")
    ordering = [i for i in session.items if i.question.type == "ordering"]
    for i in ordering:  # items are offered (alphabetically in the file, shuffled on screen)
        assert sorted(i.display_order) == sorted(i.question.items)
    summary = session.finish()
    assert summary.headline().startswith("✎ Saved: 1 of 40 answered")
    assert summary.missed == ()


def test_practice_bank_in_release_still_gives_feedback(released, monkeypatch):
    result, _ = released
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(result.learner_dir))
    session = build_quiz(result.practice[0], learner="sam", use_store=False)
    item = session.items[0]
    assert session.answer(item.id, _any_answer(item.question)).verdict in {"correct", "partly correct", "incorrect"}


def _any_answer(question):
    return {
        "single_choice": lambda: question.choices[0],
        "multiple_select": lambda: [question.choices[0]],
        "true_false": lambda: True,
        "numeric": lambda: 1,
        "short_text": lambda: "x",
        "code": lambda: "A00",
        "ordering": lambda: list(question.answer),
    }[question.type]()


def test_release_refuses_to_overwrite_and_unknown_bank(released, tmp_path, capsys):
    _, out = released
    with pytest.raises(ReleaseError, match="--force"):
        release(out)
    assert main(["release", "--out", str(tmp_path / "r"), "--graded", "99_nope"]) == 1
    assert "--graded names no bank: 99_nope" in capsys.readouterr().err


def test_release_command_marks_another_bank_graded(tmp_path, capsys):
    assert main(["release", "--out", str(tmp_path / "r"), "--graded", "04_salary"]) == 0
    assert "Graded (answers kept back): 04_salary, 13_final_exam" in capsys.readouterr().out
    data = yaml.safe_load((tmp_path / "r/learner/quizzes/04_salary.yaml").read_text(encoding="utf-8"))
    assert data["answers_withheld"] is True
    key = json.loads((tmp_path / "r/instructor/key.json").read_text(encoding="utf-8"))
    assert any(b["id"] == "04_salary" and b["graded"] for b in key["banks"])
    assert not (tmp_path / "r/learner/instructor").exists()


def test_re_releasing_a_fixed_bank_reports_the_change_once(tmp_path, capsys):
    """Fix a flagged question as the guide says (edit, re-release, regrade): one line for the bank, not one
    "unknown version" (or "score differs") line per learner."""
    import shutil

    from course_helpers.cli import main
    from course_helpers.instructor.simulate import simulate_class
    from course_helpers.quizzing.bank import quizzes_dir

    banks = tmp_path / "quizzes"
    shutil.copytree(quizzes_dir(), banks)
    out = tmp_path / "release"
    first = release(out, quizzes=banks)
    made = simulate_class(load_key(first.key_path), tmp_path / "subs", 12, seed=4, tamper=False)
    bank = banks / "01_the_role.yaml"
    text = bank.read_text(encoding="utf-8")
    fixed = text.replace("ICD-10-CM reports diagnoses in every setting.",
                         "ICD-10-CM reports diagnoses in every care setting.", 1)
    assert fixed != text
    bank.write_text(fixed, encoding="utf-8")
    second = release(out, quizzes=banks, force=True)
    key = load_key(second.key_path)
    old = set(load_key(first.key_path).banks["01_the_role"].hashes)
    assert key.banks["01_the_role"].earlier and set(key.banks["01_the_role"].earlier) <= old
    assert old <= set(key.banks["01_the_role"].hashes)  # the earlier versions still grade
    assert not key.banks["02_responsibilities"].earlier  # an unchanged bank has no earlier version
    book = tmp_path / "gradebook.sqlite3"
    assert main(["grade", str(made.folder), "--key", str(second.key_path), "-o", str(book), "--no-progress"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("problem:")]
    assert not [line for line in lines if "unknown version" in line or "score differs" in line], lines
    earlier = [line for line in lines if "earlier version" in line]
    assert earlier == [
        "problem: key: earlier version: 12 learner(s) answered 01_the_role in a version released before it was "
        "fixed; every answer was regraded with the current key (one line for the bank, not one per learner)"
    ]
