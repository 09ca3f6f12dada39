"""Lesson 00's `start-exam-feedback` key is true of a shipped course and of a released graded exam."""

from __future__ import annotations

import pytest

from course_helpers.instructor.release import release
from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.bank import load_all
from course_helpers.quizzing.item_quality import longest_key_margin


@pytest.fixture(scope="module")
def question():
    bank = load_all()["00_start_here"].bank
    return next(q for q in bank.questions if q.id == "start-exam-feedback")


def _finish_one(session):
    """Answer one question; return (feedback shown while the exam is open, the summary on Finish)."""
    item = next(i for i in session.items if i.question.type == "single_choice")
    session.answer(item.id, item.question.choices[0])
    shown_before = session.feedback_visible and session.summary().missed != ()
    return shown_before, session.finish()


def test_key_names_both_cases_without_a_length_cue(question) -> None:
    assert '"Finish exam"' in question.answer and "unless your instructor grades it" in question.answer
    assert not longest_key_margin(question)


def test_shipped_exam_shows_grades_on_finish(question, monkeypatch) -> None:
    monkeypatch.delenv("COURSE_QUIZZES_DIR", raising=False)
    shown_before, summary = _finish_one(build_quiz("13_final_exam", learner="sam", use_store=False))
    assert not shown_before  # nothing shown while the exam is open (the wrong choice "as soon as you save")
    assert not summary.withheld and "points" in summary.headline() and len(summary.per_bank) > 1
    assert "Finish exam" in question.answer


def test_released_graded_exam_saves_on_finish_and_the_instructor_grades_it(question, tmp_path, monkeypatch) -> None:
    result = release(tmp_path / "release")
    assert "13_final_exam" in result.graded
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(result.learner_dir))
    shown_before, summary = _finish_one(build_quiz("13_final_exam", learner="sam", use_store=False))
    assert not shown_before and summary.withheld and summary.missed == ()
    assert "your instructor grades this quiz" in summary.headline() and "points" not in summary.headline()
    assert "unless your instructor grades it" in question.answer
