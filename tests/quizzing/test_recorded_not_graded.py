"""Issue 19, point 5: in a learner's copy from `release`, an exam answer is stored as recorded, not graded.

Anything that reads the progress store (mastery, the review schedule, progress, the hand-in's summary) leaves
it out, whatever banks are installed when it is read; the hand-in still carries every answer for the key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course_helpers import quiz
from course_helpers.commands.progress import format_report
from course_helpers.course.progress import progress_report
from course_helpers.instructor.release import release
from course_helpers.quizzing.bank_questions import load_bank_questions
from course_helpers.records.mastery import BankQuestions, lesson_mastery
from course_helpers.records.schedule import schedule
from course_helpers.records.store import open_store
from course_helpers.records.submission import build_submission


@pytest.fixture(scope="module")
def learner_banks(tmp_path_factory) -> Path:
    return release(tmp_path_factory.mktemp("release")).learner_dir


def _some_answer(question) -> object:
    choices = list(getattr(question, "choices", None) or [])
    return {"single_choice": choices[:1] and choices[0], "multiple_select": choices[:1], "true_false": True,
            "numeric": 1, "code": "I10", "short_text": "x"}.get(question.type, list(getattr(question, "items", [])))


def _sit_the_released_exam(monkeypatch, learner_banks: Path, learner: str, answered: int) -> list[str]:
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(learner_banks))
    exam = quiz("13_final_exam", learner=learner)
    for item in exam.session.items[:answered]:
        assert exam.answer(item.id, _some_answer(item.question)) is None  # saved, no verdict
    assert exam.finish() is not None
    return [item.id for item in exam.session.items]


def test_a_released_exams_answers_are_stored_as_recorded_not_graded(monkeypatch, learner_banks: Path) -> None:
    paper = _sit_the_released_exam(monkeypatch, learner_banks, "kim", answered=10)
    stored = open_store().attempts(learner="kim")
    assert sorted(a.question for a in stored) == sorted(paper)  # the whole paper, answered or left blank
    assert all(not a.graded for a in stored)
    # so nothing that reads the store sees them as wrong: no latest result, nothing due, no mastery
    assert open_store().latest_results("kim") == []
    assert schedule(stored) == []
    exam_as_a_bank = {"13_final_exam": BankQuestions("Final exam", tuple(paper))}
    (row,) = lesson_mastery(stored, exam_as_a_bank)
    assert (row.answered, row.mastered) == (0, 0)


def test_they_stay_out_of_progress_and_review_with_the_authoring_banks_installed(monkeypatch,
                                                                                learner_banks: Path) -> None:
    """The learner later opens the full course (the instructor released the key, or a laptop reinstall): the
    answers given without a verdict must still not turn into a paper of misses (main: 40 answered, 0 right)."""
    paper = _sit_the_released_exam(monkeypatch, learner_banks, "lou", answered=1000)  # every question
    monkeypatch.delenv("COURSE_QUIZZES_DIR")
    authoring = load_bank_questions()
    banks = {**authoring, "13_final_exam": BankQuestions("Final exam", tuple(paper))}  # an exam with its own items
    report = progress_report("lou", banks=banks)
    exam_row = next(r for r in report.rows if r.bank == "13_final_exam")
    assert (exam_row.answered, exam_row.mastered, report.due) == (0, 0, 0)
    assert (report.attempts, report.ungraded) == (len(paper), len(paper))
    text = format_report(report)
    assert f"{len(paper)} answers are recorded, not graded" in text and "0 questions are due for review." in text


def test_the_hand_in_still_carries_every_answer_and_its_summary_counts_none(monkeypatch,
                                                                           learner_banks: Path) -> None:
    paper = _sit_the_released_exam(monkeypatch, learner_banks, "max", answered=10)
    quiz("00_start_here", learner="max")  # a practice bank beside it, to show the summary still works
    banks = {"13_final_exam": BankQuestions("Final exam", tuple(paper))}
    sub = build_submission(open_store(), "max", banks)
    assert len(sub.attempts) == len(paper) and sum(a.answer is not None for a in sub.attempts) == 10
    assert all(a.points == 0 and not a.correct for a in sub.attempts)  # what the key regrades; no verdict given
    (summary,) = sub.summary
    assert (summary.answered, summary.mastered) == (0, 0)
