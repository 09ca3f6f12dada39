"""The code-set update calendar (data/code_set_updates.yaml): which update is in effect on a date. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pydantic import Field

from course_helpers.data import StrictModel, Verified, load_yaml
from course_helpers.errors import CourseInputError


class UnknownCodeSetError(CourseInputError):
    """Raised for a code-set name that is not in the calendar."""


class Update(StrictModel):
    """One recurring update: the day of the year it takes effect."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=28)
    label: str
    regular: bool


class CodeSetSchedule(StrictModel):
    """A code set, what it is used for, and its recurring updates."""

    name: str
    used_for: str
    inpatient_use: bool
    updates: list[Update] = Field(min_length=1)
    source: str
    verdict: str
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


class _CalendarFile(StrictModel):
    schema_version: int
    fact_check: str
    code_sets: list[CodeSetSchedule]


@dataclass(frozen=True)
class UpdateEvent:
    """One update taking effect on a given date."""

    when: date
    code_set: str
    label: str
    regular: bool


@lru_cache(maxsize=1)
def load_calendar() -> tuple[CodeSetSchedule, ...]:
    """Load the code-set schedules shipped with the package."""
    return tuple(_CalendarFile.model_validate(load_yaml("code_set_updates.yaml")).code_sets)


def federal_fiscal_year(day: date) -> int:
    """The US federal fiscal year of a date: FY2026 runs from October 1, 2025 to September 30, 2026."""
    return day.year + 1 if day.month >= 10 else day.year


def _schedule(name: str) -> CodeSetSchedule:
    for schedule in load_calendar():
        if schedule.name.casefold() == name.strip().casefold():
            return schedule
    names = ", ".join(s.name for s in load_calendar())
    raise UnknownCodeSetError(f"No code set called {name!r}; choose one of: {names}.")


def events_in_year(year: int, code_sets: list[str] | None = None) -> list[UpdateEvent]:
    """Every update taking effect in a calendar year, in date order."""
    schedules = load_calendar() if code_sets is None else tuple(_schedule(n) for n in code_sets)
    events = [UpdateEvent(date(year, u.month, u.day), s.name, u.label, u.regular) for s in schedules for u in s.updates]
    return sorted(events, key=lambda e: (e.when, e.code_set))


def last_update(code_set: str, day: date) -> UpdateEvent:
    """The most recent update of a code set on or before a date (the one in effect that day)."""
    schedule = _schedule(code_set)
    candidates = [e for year in (day.year - 1, day.year) for e in events_in_year(year, [schedule.name])]
    return max((e for e in candidates if e.when <= day), key=lambda e: e.when)


def next_update(code_set: str, day: date) -> UpdateEvent:
    """The first update of a code set strictly after a date."""
    schedule = _schedule(code_set)
    candidates = [e for year in (day.year, day.year + 1) for e in events_in_year(year, [schedule.name])]
    return min((e for e in candidates if e.when > day), key=lambda e: e.when)


def in_effect_on(day: date) -> list[dict[str, object]]:
    """For each code set: the update in effect on a date and the next one after it."""
    rows = []
    for schedule in load_calendar():
        current, upcoming = last_update(schedule.name, day), next_update(schedule.name, day)
        rows.append(
            {
                "code set": schedule.name,
                "used for": schedule.used_for,
                "in effect since": current.when,
                "update": current.label,
                "next update": upcoming.when,
                "days until next": (upcoming.when - day).days,
            }
        )
    return rows
