"""Career-path projection: salary by year along a chosen path, with a low-high band and each promotion marked.

Coder levels (entry, mid, senior, lead) use the full estimate, so certification counts once earned.
Ladder roles and lateral moves use the guide's band for the role, rising with the guide's per-year figure
from the band's midpoint and never past the band's top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from course_helpers.errors import SalaryInputError
from course_helpers.salary.estimate import Profile, estimate
from course_helpers.salary.pay_data import PathStep, load_careers, load_salary

MIN_HORIZON, MAX_HORIZON = 5, 20


@dataclass(frozen=True)
class Event:
    """Something marked on the chart: a promotion or the certification."""

    year: int
    label: str


@dataclass(frozen=True)
class Projection:
    """Salary by year (`frame`: year, role, label, certified, low, typical, high) and events on the way."""

    frame: pd.DataFrame
    events: tuple[Event, ...]


def role_labels() -> dict[str, str]:
    """Return every role a path may use, key -> label (coder levels first, then ladder and lateral roles)."""
    labels = {lv.key: lv.label for lv in load_salary().levels}
    labels.update({r.key: r.label for r in load_careers().roles})
    return labels


def _steps(steps: Sequence[PathStep | tuple[str, float] | dict]) -> list[PathStep]:
    result = []
    labels = role_labels()
    for i, step in enumerate(steps):
        if isinstance(step, tuple):
            step = {"role": step[0], "years": step[1]}
        if isinstance(step, dict):
            if step.get("role") not in labels:
                raise SalaryInputError(
                    "role",
                    f"step {i + 1}: unknown role {step.get('role')!r}; choose one of {', '.join(labels)}",
                )
            try:
                years = float(step.get("years"))
            except (TypeError, ValueError):
                years = -1.0
            if not 0 < years <= 50:
                raise SalaryInputError("years", f"step {i + 1}: years in a role must be between 1 and 50")
            step = PathStep(role=step["role"], years=years)
        result.append(step)
    if not result:
        raise SalaryInputError("steps", "a career path needs at least one step")
    return result


def _role_salary(role_key: str, years_in_role: float) -> tuple[float, float, float]:
    careers = {r.key: r for r in load_careers().roles}
    rate = load_salary().factor("experience")
    role = careers[role_key]
    mid = (role.low + role.high) / 2
    low = min(role.low + years_in_role * rate.low, role.high)
    typical = min(mid + years_in_role * rate.typical, role.high)
    return low, typical, role.high


def project_career(
    steps: Sequence[PathStep | tuple[str, float] | dict],
    horizon: int = 20,
    certify_after_years: float | None = None,
) -> Projection:
    """Project salary for each year 1..horizon along `steps`; the last role is kept once the path ends."""
    if not isinstance(horizon, int) or not MIN_HORIZON <= horizon <= MAX_HORIZON:
        raise SalaryInputError(
            "horizon",
            f"horizon must be a whole number of years from {MIN_HORIZON} to {MAX_HORIZON} (got {horizon})",
        )
    if certify_after_years is not None and not 0 <= certify_after_years <= 50:
        raise SalaryInputError("certify_after_years", "certify_after_years must be between 0 and 50, or None")
    path = _steps(steps)
    levels = {lv.key for lv in load_salary().levels}
    labels = role_labels()
    starts, t = [], 0.0
    for step in path:
        starts.append(t)
        t += step.years
    rows, events = [], []
    previous = None
    for year in range(1, horizon + 1):
        elapsed = year - 1  # years of work completed at the start of this year
        index = max(i for i, s in enumerate(starts) if s <= elapsed)
        step = path[index]
        in_role = elapsed - starts[index]
        certified = certify_after_years is not None and elapsed >= certify_after_years
        if step.role in levels:
            est = estimate(Profile(level=step.role, years=min(elapsed, 50), certified=certified))
            low, typical, high = est.low, est.typical, est.high
        else:
            low, typical, high = _role_salary(step.role, in_role)
        if previous is not None and index != previous:
            events.append(Event(year, f"to {labels[step.role]}"))
        if certify_after_years is not None and elapsed == int(-(-certify_after_years // 1)):
            events.append(Event(year, "certified"))
        previous = index
        rows.append(
            {
                "year": year,
                "role": step.role,
                "label": labels[step.role],
                "certified": certified,
                "low": round(low),
                "typical": round(typical),
                "high": round(high),
            }
        )
    return Projection(pd.DataFrame(rows), tuple(events))


def example_projection(horizon: int = 15) -> Projection:
    """Project the worked example path from data/salary_careers.yaml."""
    example = load_careers().example_path
    return project_career(example.steps, horizon, example.certify_after_years)
