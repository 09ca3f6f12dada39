"""Per-lesson mastery: the share of a bank's questions whose most recent attempt was correct.

Pure functions over plain values. The store computes the latest result per question in SQL
(`ProgressStore.latest_results`); `latest_results` here is the plain-Python reference that the
property tests hold the SQL to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class _AttemptLike(Protocol):
    bank: str
    question: str
    correct: bool
    at: datetime | None


@dataclass(frozen=True)
class BankQuestions:
    """What mastery needs to know about a bank: its title and its question ids."""

    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class LatestResult:
    """The most recent attempt at one question."""

    bank: str
    question: str
    correct: bool
    at: datetime


@dataclass(frozen=True)
class LessonMastery:
    """One row of the progress table."""

    bank: str
    title: str
    answered: int
    in_bank: int
    mastered: int
    last_activity: datetime | None

    @property
    def mastery(self) -> float:
        """Mastery in percent (0 for a bank without questions)."""
        return 100.0 * self.mastered / self.in_bank if self.in_bank else 0.0


def is_graded(attempt: object) -> bool:
    """False for an answer recorded but not graded (a released graded bank's): it is neither right nor wrong."""
    return bool(getattr(attempt, "graded", True))


def latest_results(attempts: Iterable[_AttemptLike]) -> list[LatestResult]:
    """Return the latest graded attempt per (bank, question); on equal times the later one in the list wins.

    Answers recorded but not graded (`is_graded` false) are left out."""
    latest: dict[tuple[str, str], LatestResult] = {}
    for attempt in attempts:
        if not is_graded(attempt):
            continue
        if attempt.at is None:
            raise ValueError("every attempt needs a time to find the latest one")
        key = (attempt.bank, attempt.question)
        seen = latest.get(key)
        if seen is None or attempt.at >= seen.at:
            latest[key] = LatestResult(attempt.bank, attempt.question, bool(attempt.correct), attempt.at)
    return sorted(latest.values(), key=lambda r: (r.bank, r.question))


def summarize(latest: Iterable[LatestResult], banks: Mapping[str, BankQuestions]) -> list[LessonMastery]:
    """Return one mastery row per bank (in bank-id order) from the latest result per question.

    Questions no longer in a bank are not counted towards mastery, but their attempts still
    count as activity in that lesson.
    """
    by_bank: dict[str, dict[str, LatestResult]] = {}
    for result in latest:
        by_bank.setdefault(result.bank, {})[result.question] = result
    rows = []
    for bank_id in sorted(banks):
        info = banks[bank_id]
        results = by_bank.get(bank_id, {})
        in_bank = set(info.questions)
        answered = [r for q, r in results.items() if q in in_bank]
        last = max((r.at for r in results.values()), default=None)
        rows.append(
            LessonMastery(bank_id, info.title, len(answered), len(in_bank), sum(r.correct for r in answered), last)
        )
    return rows


def lesson_mastery(attempts: Iterable[_AttemptLike], banks: Mapping[str, BankQuestions]) -> list[LessonMastery]:
    """Return per-lesson mastery straight from an attempt history (the pure reference path)."""
    return summarize(latest_results(attempts), banks)


def bank_questions(banks: Mapping[str, Any]) -> dict[str, BankQuestions]:
    """Turn loaded banks (anything with `.title` and `.questions` of objects with `.id`) into plain values.

    Left out: banks without listed questions; exams (`mode: exam`), which are scored by their sittings and
    whose pool is never practice; and released graded banks (`answers_withheld`), which have no verdicts to
    master. Their answers are stored as recorded, not graded (`Attempt.graded`), which keeps them out of
    mastery and review wherever they are read.
    """
    return {
        bank_id: BankQuestions(bank.title, tuple(q.id for q in bank.questions))
        for bank_id, bank in banks.items()
        if bank.questions and getattr(bank, "mode", "practice") != "exam"
        and not getattr(bank, "answers_withheld", False)
    }
