"""The course's banks as plain values (question ids per lesson), for progress, export and hand-in.

Apart from `course.progress` so that the hand-in client and the export, which need only the ids, never
import the review scheduler.
"""

from __future__ import annotations

from course_helpers.errors import CourseInputError
from course_helpers.quizzing.bank import BankError, load_banks, quizzes_dir
from course_helpers.records.mastery import BankQuestions, bank_questions


class NoBanksError(CourseInputError):
    """No question banks could be loaded, so mastery cannot be shown."""


def load_bank_questions() -> dict[str, BankQuestions]:
    """Load the course's banks as plain values; raise NoBanksError with a clear message if there are none."""

    try:
        banks = bank_questions(load_banks())
    except BankError as exc:
        raise NoBanksError(f"the question banks could not be read: {exc}") from exc
    if not banks:
        raise NoBanksError(f"no question banks found in {quizzes_dir()} (set COURSE_QUIZZES_DIR to the quizzes folder)")
    return banks
