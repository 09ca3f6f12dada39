"""A practice sitting of the questions due for review, from the learner's history replayed through FSRS.

Apart from `assemble` so that grading and release, which draw papers, never import the scheduler.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from course_helpers.data import PASS_MARK
from course_helpers.quizzing.assemble import bank_items, store_callbacks
from course_helpers.quizzing.bank import load_all
from course_helpers.quizzing.session import QuizItem, QuizSession
from course_helpers.quizzing.withheld import WithheldBank
from course_helpers.records.schedule import schedule
from course_helpers.records.store import ProgressError, open_store


def build_review(*, learner: str, now: datetime | None = None, limit: int = 20) -> tuple[QuizSession | None, str]:
    """A practice sitting of the questions due for review, or None with a message saying why not."""

    now = now or datetime.now(UTC)
    try:
        store = open_store()
    except ProgressError as exc:
        return None, f"⚠ Review cannot open: answers are not being saved, so none are due: {exc}"
    banks = load_all()
    # answers recorded but not graded (a released graded bank's) never enter the schedule (`schedule` skips
    # them); a question whose key is withheld here cannot be practised with feedback, and an exam's pool is
    # never practice (its feedback waits for the last attempt), so neither is offered
    withheld = {b for b, item in banks.items() if isinstance(item.bank, WithheldBank) or item.bank.mode == "exam"}
    plan = [d for d in schedule(store.attempts(learner=learner)) if d.learner == learner and d.bank not in withheld]
    if not plan:
        return None, "Nothing to review yet: answer some quiz questions first, then come back here."
    due = [d for d in plan if d.due <= now]
    if not due:
        upcoming = min(d.due for d in plan)
        return None, f"Nothing is due for review now. The next question is due {upcoming:%A %d %B %Y at %H:%M} UTC."
    items: list[QuizItem] = []
    for entry in due[:limit]:
        loaded = banks.get(entry.bank)
        if loaded is None or entry.question not in {q.id for q in loaded.bank.questions}:
            continue  # the question was removed from the course since it was answered
        items += bank_items(loaded, [loaded.bank.question(entry.question)], random.Random(entry.question))
    if not items:
        return None, "The questions due for review are no longer in the course; nothing to review."
    record, close, _ = store_callbacks(learner, "review")
    session = QuizSession(
        quiz_id="review",
        title=f"Review: {len(items)} question(s) due",
        items=items,
        mode="practice",
        pass_mark=PASS_MARK,
        record=record,
        close=close,
    )
    return session, f"{len(due)} question(s) due; showing {len(items)}."
