"""Issue 19, point 5: an answer to an exam question given outside a finished exam sitting never counts toward the
exam, and practice totals never hold an exam's items.

Run from the outside, as the instructor guide says: the learner answers in the course and hands in with
`course-helpers export`; the instructor runs `release`, `grade` and `gradebook export` (Canvas, Moodle, CSV).
A learner who never finished a sitting gets a blank exam cell: Canvas's importer reads a blank as no score
(`no_score?` in app/models/gradebook_importer.rb: blank or "-"), Moodle's as no grade (grade/import/csv
`load_data.php`: '' or '-' becomes a null finalgrade), never 0 and never a partial score.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from course_helpers import quiz
from course_helpers.cli import main
from course_helpers.instructor.release import load_key
from course_helpers.quizzing.bank import load_bank
from course_helpers.records.store import ProgressError, ProgressStore

EXAM = "13_final_exam"


def _run(*argv: str) -> None:
    assert main([str(a) for a in argv]) == 0


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _grade_and_export(tmp_path: Path, release_dir: Path, hand_in: Path) -> dict[str, list[dict[str, str]]]:
    """`grade`, then every export the instructor guide names, against LMS rosters in the LMS's own layout."""
    book = tmp_path / "gradebook.sqlite3"
    _run("grade", hand_in, "--key", release_dir / "instructor" / "key.json", "-o", book)
    canvas_roster = tmp_path / "canvas-export.csv"  # Grades > Export: Student, ID, SIS User ID, SIS Login ID, Section
    canvas_roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,Final exam (12345)\n"
                             "    Points Possible,,,,,40\nana,101,S-101,ana,Section A,\n", encoding="utf-8")
    moodle_roster = tmp_path / "moodle-users.csv"
    moodle_roster.write_text("First name,Last name,Username,Email address\nAna,Ruiz,ana,ana@example.edu\n",
                             encoding="utf-8")
    _run("gradebook", "export", book, "--to", "canvas", "--roster", canvas_roster,
         "--assignment", f"{EXAM}=12345", "-o", tmp_path / "canvas-import.csv")
    _run("gradebook", "export", book, "--to", "moodle", "--roster", moodle_roster, "--identifier", "username",
         "-o", tmp_path / "moodle-import.csv")
    _run("gradebook", "export", book, "--to", "csv", "-o", tmp_path / "grades.csv")
    return {name: _rows(tmp_path / f"{name}.csv")
            for name in ("canvas-import", "moodle-import", "grades", "grades.questions")}


def test_lesson_01_answered_in_the_full_course_gives_no_exam_grade(tmp_path: Path, monkeypatch) -> None:
    """The issue's case: every lesson 01 question answered right, the exam never sat (main: 2 or 3 of 40)."""
    monkeypatch.chdir(tmp_path)
    lesson = load_bank("01_the_role").bank
    sitting = quiz("01_the_role", learner="ana")
    for question in lesson.questions:
        sitting.answer(question.id, question.answer)
    _run("export", "--learner", "ana", "-o", tmp_path / "ana.json")
    _run("release", "--out", tmp_path / "rel")
    key = load_key(tmp_path / "rel" / "instructor" / "key.json")
    # With an exam drawn from the lessons, the release moves some lesson 01 questions to the exam's paper and
    # these answers land on the exam's items (main gave 2 of 40); with an exam of its own items they never
    # do. Either way the exam has no finished sitting, so it has no grade.

    out = _grade_and_export(tmp_path, tmp_path / "rel", tmp_path / "ana.json")

    (canvas_row,) = [r for r in out["canvas-import"] if r["Student"] == "ana"]
    assert canvas_row["Final exam (12345)"] == ""  # blank: no score, as Canvas reads it
    (moodle_row,) = out["moodle-import"]
    assert moodle_row[f"{key.banks[EXAM].title} (Real)"] == ""  # blank: no grade, as Moodle reads it
    (wide,) = out["grades"]
    assert (wide[f"{EXAM} score"], wide[f"{EXAM} passed"]) == ("", "not taken")
    lesson_max = sum(q.points for q in key.banks["01_the_role"].questions)
    assert float(wide["01_the_role score"]) == lesson_max  # the lesson's own questions still count as practice
    assert not [r for r in out["grades.questions"] if r["bank"] == EXAM]


def test_an_exam_sitting_whose_finish_was_not_recorded_counts_nowhere(tmp_path: Path, monkeypatch) -> None:
    """Released course: the answers are saved but the disk fills before the sitting's finish is recorded. The
    exam stays blank; a later finished sitting is the exam's score, alone."""
    monkeypatch.chdir(tmp_path)
    _run("release", "--out", tmp_path / "rel")
    key = load_key(tmp_path / "rel" / "instructor" / "key.json")
    right = {q.id: q for q in key.banks[EXAM].questions}
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(tmp_path / "rel" / "learner" / "quizzes"))

    def full(*_args: object) -> None:
        raise ProgressError("the disk holding the progress file is full; free some space")

    with monkeypatch.context() as patch:
        patch.setattr(ProgressStore, "finish_session", full)
        first = quiz(EXAM, learner="ana")
        for item in first.session.items:
            first.answer(item.id, right[item.id].answer)
        first.finish()
        assert "not being saved" in (first.session.save_problem or "")
    _run("export", "--learner", "ana", "-o", tmp_path / "ana.json")
    handed_in = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    assert len([a for a in handed_in["attempts"] if a["bank"] == EXAM]) == len(first.session.items)  # a paper
    assert handed_in["sessions"] == []

    out = _grade_and_export(tmp_path, tmp_path / "rel", tmp_path / "ana.json")
    assert [r["Final exam (12345)"] for r in out["canvas-import"] if r["Student"] == "ana"] == [""]
    (wide,) = out["grades"]
    assert (wide[f"{EXAM} score"], wide[f"{EXAM} passed"]) == ("", "not taken")
    assert not [r for r in out["grades.questions"] if r["bank"] == EXAM]

    # then a sitting finished properly, half of it right: that sitting alone is the exam's score
    second = quiz(EXAM, learner="ana")
    items = second.session.items
    for n, item in enumerate(items):
        if n % 2 == 0:
            second.answer(item.id, right[item.id].answer)
    assert second.finish() is not None
    (tmp_path / "ana.json").unlink()
    _run("export", "--learner", "ana", "-o", tmp_path / "ana.json")
    for name in ("gradebook.sqlite3", "canvas-import.csv", "moodle-import.csv", "grades.csv", "grades.questions.csv"):
        (tmp_path / name).unlink()
    out = _grade_and_export(tmp_path, tmp_path / "rel", tmp_path / "ana.json")
    half = sum(right[item.id].points for n, item in enumerate(items) if n % 2 == 0)
    assert [float(r["Final exam (12345)"]) for r in out["canvas-import"] if r["Student"] == "ana"] == [
        pytest.approx(half)
    ]
