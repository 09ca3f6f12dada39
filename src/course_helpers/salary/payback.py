"""Certification payback: the cost, the month the pay premium covers it, and the gain after 5 years."""

from __future__ import annotations

import math
from dataclasses import dataclass

from course_helpers.errors import SalaryInputError
from course_helpers.salary.pay_data import load_careers

FIVE_YEARS = 60  # months


@dataclass(frozen=True)
class Payback:
    """The result of a payback calculation; `cumulative[m]` is the net position at the end of month m."""

    total_cost: float
    monthly_premium: float
    study_months: int
    break_even_month: int | None
    net_gain_5y: float
    cumulative: tuple[float, ...]


def _check(name: str, value: float, low: float, high: float | None = None, hint: str = "") -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise SalaryInputError(name, f"{name} must be a number{hint}") from None
    if math.isnan(value) or value < low or (high is not None and value > high):
        bound = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
        raise SalaryInputError(name, f"{name} must be {bound} (got {value:g}){hint}")
    return value


def certification_payback_model(
    program_cost: float,
    exam_cost: float,
    study_months: int,
    current_salary: float,
    premium: float,
    horizon_months: int = FIVE_YEARS,
) -> Payback:
    """Pay the costs now, study `study_months`, then earn `premium` (0.20 = 20%) more salary each month."""
    program_cost = _check("program_cost", program_cost, 0)
    exam_cost = _check("exam_cost", exam_cost, 0)
    study = int(_check("study_months", study_months, 0, 60))
    salary = _check("current_salary", current_salary, 1, 1_000_000)
    premium = _check("premium", premium, 0, 1, " (a fraction: 0.20 means 20%)")
    horizon = int(_check("horizon_months", horizon_months, 1, 600))
    cost = program_cost + exam_cost
    monthly = salary * premium / 12

    def net(month: int) -> float:
        return -cost + monthly * max(0, month - study)

    if cost == 0:
        break_even: int | None = 0
    elif monthly == 0:
        break_even = None
    else:
        break_even = study + math.ceil(cost / monthly - 1e-9)
    cumulative = tuple(net(m) for m in range(horizon + 1))
    return Payback(cost, monthly, study, break_even, net(FIVE_YEARS), cumulative)


def default_payback() -> Payback:
    """Return the payback for the starting values in data/salary_careers.yaml (`payback_defaults`)."""

    d = load_careers().payback_defaults
    return certification_payback_model(
        d.program_cost, d.exam_cost, d.study_months, d.current_salary, d.premium, d.horizon_months
    )
