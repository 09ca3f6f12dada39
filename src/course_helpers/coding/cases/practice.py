"""Practice mode's model: a timed run through the cases, cases per hour, and an honest comparison.

Pure (no widgets). The comparison figures come from data/productivity_benchmarks.yaml (fact-check E1):
there is no national productivity standard; the guide's "12-15 charts a day" is about 1.5-1.9 records
an hour over an 8-hour day, and published ICD-10-era figures are 1-4 inpatient records an hour.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from course_helpers.coding.cases.model import case_ids
from course_helpers.coding.cases.productivity_benchmarks import Benchmark, load_benchmarks
from course_helpers.coding.cases.scoring import CaseGrade
from course_helpers.errors import CourseInputError

WORKDAY_HOURS = 8.0
NO_STANDARD_NOTE = (
    "There is no national productivity standard: each facility sets its own, usually by case type. "
    "These teaching cases are far shorter than real inpatient records, so expect a much higher rate here."
)


class PracticeError(CourseInputError):
    """Practice-mode misuse, e.g. asking for a rate before the timer has started."""


@dataclass(frozen=True)
class PracticeResult:
    """One graded case in a practice run."""

    case_id: str
    percent: float
    seconds: float


@dataclass(frozen=True)
class PracticeSummary:
    """A run in numbers plus the comparison lines shown to the learner."""

    cases: int
    minutes: float
    per_hour: float | None
    per_day: float | None
    mean_percent: float | None
    lines: tuple[str, ...]


@dataclass
class PracticeSession:
    """A timed practice run; ``clock`` is injectable so tests never depend on real time."""

    order: list[str] = field(default_factory=case_ids)
    clock: Callable[[], float] = time.monotonic
    started_at: float | None = None
    last_at: float | None = None
    results: list[PracticeResult] = field(default_factory=list)

    @classmethod
    def shuffled(cls, seed: int | None = None, clock: Callable[[], float] = time.monotonic) -> PracticeSession:
        """A session over every case in a random (or seeded) order."""
        order = case_ids()
        random.Random(seed).shuffle(order)
        return cls(order=order, clock=clock)

    def start(self) -> str:
        """Start (or restart) the timer; returns the first case id."""
        self.started_at = self.last_at = self.clock()
        self.results = []
        return self.order[0]

    @property
    def running(self) -> bool:
        """True once started."""
        return self.started_at is not None

    def elapsed_seconds(self) -> float:
        """Seconds since the start."""
        if self.started_at is None:
            raise PracticeError("start the practice timer first")
        return max(0.0, self.clock() - self.started_at)

    def add(self, grade: CaseGrade) -> str | None:
        """Count a graded case; returns the next case id, or None when every case has been done."""
        if self.started_at is None or self.last_at is None:
            raise PracticeError("start the practice timer first")
        now = self.clock()
        self.results.append(PracticeResult(grade.case_id, grade.percent, max(0.0, now - self.last_at)))
        self.last_at = now
        done = {r.case_id for r in self.results}
        return next((c for c in self.order if c not in done), None)

    def summary(self, benchmarks: tuple[Benchmark, ...] | None = None) -> PracticeSummary:
        """Cases, time, cases per hour and per 8-hour day, mean score, and the comparison with published figures."""
        seconds = self.elapsed_seconds()
        n = len(self.results)
        per_hour = n / (seconds / 3600) if n and seconds > 0 else None
        mean = sum(r.percent for r in self.results) / n if n else None
        return PracticeSummary(
            cases=n,
            minutes=seconds / 60,
            per_hour=per_hour,
            per_day=per_hour * WORKDAY_HOURS if per_hour is not None else None,
            mean_percent=mean,
            lines=comparison_lines(per_hour, benchmarks if benchmarks is not None else load_benchmarks()),
        )


def comparison_lines(per_hour: float | None, benchmarks: tuple[Benchmark, ...]) -> tuple[str, ...]:
    """Say how a rate compares with each published range, then why none of them is a standard."""
    lines: list[str] = []
    if per_hour is None:
        lines.append("Grade at least one case to see your rate.")
    else:
        lines.append(f"Your pace: {per_hour:.1f} cases per hour ({per_hour * WORKDAY_HOURS:.0f} per 8-hour day).")
    for b in benchmarks:
        where = ""
        if per_hour is not None:
            where = (
                " You are above it."
                if per_hour > b.high
                else " You are below it."
                if per_hour < b.low
                else " You are inside it."
            )
        span = f"{b.low:g}" if b.low == b.high else f"{b.low:g}-{b.high:g}"
        lines.append(f"{b.label}: {span} records per hour ({b.verdict}).{where}")
    lines.append(NO_STANDARD_NOTE)
    return tuple(lines)
