"""Which questions are due for review: the attempt history replayed through FSRS.

Pure: due dates are never stored, only recomputed from the attempts, so the same history always
gives the same schedule. A miss is rated Again (back within minutes), a correct answer Good
(each later success on time pushes the next review further out). An answer recorded but not graded (a
released graded bank's, `Attempt.graded` false) is neither: it is left out of the schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Protocol

from fsrs import Card, Rating, Scheduler

from course_helpers.records.mastery import is_graded


class _AttemptLike(Protocol):
    learner: str
    bank: str
    question: str
    correct: bool
    at: datetime | None


@dataclass(frozen=True)
class DueItem:
    """When one question should be asked again."""

    bank: str
    question: str
    due: datetime
    last_correct: bool
    reviews: int
    learner: str = ""


LEARNING_STEPS = (timedelta(minutes=10),)
"""One short learning step: a miss comes back in 10 minutes, and a first right answer goes straight to
review (about two days) instead of FSRS's flash-card default of coming back after 1 and 10 minutes."""


@lru_cache(maxsize=1)
def _scheduler() -> Scheduler:
    # No fuzzing: the schedule must be a pure function of the history.
    return Scheduler(enable_fuzzing=False, learning_steps=LEARNING_STEPS)


def schedule(attempts: Iterable[_AttemptLike]) -> list[DueItem]:
    """Return the next due date of every question attempted and graded, per (learner, bank, question), soonest
    first."""
    histories: dict[tuple[str, str, str], list[tuple[datetime, int, bool]]] = {}
    for order, attempt in enumerate(attempts):
        if not is_graded(attempt):
            continue
        if attempt.at is None:
            raise ValueError("every attempt needs a time to schedule a review")
        if attempt.at.tzinfo is None:
            raise ValueError(f"attempt time {attempt.at.isoformat()} has no timezone; use UTC times")
        key = (attempt.learner, attempt.bank, attempt.question)
        histories.setdefault(key, []).append((attempt.at, order, bool(attempt.correct)))
    scheduler = _scheduler()
    items = []
    for (learner, bank, question), history in histories.items():
        history.sort()
        card = Card(card_id=1)  # a fixed id: the default one sleeps 1 ms and reads the clock
        for at, _, correct in history:
            card, _log = scheduler.review_card(card, Rating.Good if correct else Rating.Again, review_datetime=at)
        items.append(DueItem(bank, question, card.due, history[-1][2], len(history), learner))
    items.sort(key=lambda item: (item.due, item.learner, item.bank, item.question))
    return items


def due_questions(attempts: Iterable[_AttemptLike], now: datetime) -> list[DueItem]:
    """Return the questions due for review at `now` (due on or before it), most overdue first."""
    if now.tzinfo is None:
        raise ValueError(f"now ({now.isoformat()}) has no timezone; use datetime.now(UTC)")
    return [item for item in schedule(attempts) if item.due <= now]
