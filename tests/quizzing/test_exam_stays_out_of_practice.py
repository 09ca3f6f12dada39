"""Issue 19: the exam is its own pool, so its items never come back as practice in the full course.

After a first sitting (an attempt still left), `review()` must not offer exam items with their feedback, and
progress must not count the exam's pool as lessons to master: the exam is scored by its sittings only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from course_helpers.course.progress import progress_report
from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.review import build_review
from course_helpers.records.store import open_store

LATER = datetime.now(UTC) + timedelta(days=60)


def _sit_the_exam_with_wrong_answers(learner: str) -> None:
    session = build_quiz("13_final_exam", learner=learner)
    answered = 0
    for item in session.items:
        question = item.question
        if question.type == "single_choice":
            session.answer(item.id, next(c for c in question.choices if c != question.answer))
            answered += 1
    assert answered >= 5
    session.finish()
    assert session.attempts_allowed and session.attempts_used + 1 < session.attempts_allowed + 1


def test_review_never_offers_an_exam_item_after_a_first_sitting() -> None:
    _sit_the_exam_with_wrong_answers("ann")
    session, message = build_review(learner="ann", now=LATER)
    offered = sorted({item.bank_id for item in session.items}) if session else []
    assert "13_final_exam" not in offered, message


def test_progress_leaves_the_exam_pool_out_of_mastery_and_due_reviews() -> None:
    _sit_the_exam_with_wrong_answers("ben")
    report = progress_report("ben", store=open_store(), now=LATER)
    assert all(row.bank != "13_final_exam" for row in report.rows)
    assert report.due == 0
