"""Productivity and accuracy: charts a month, errors a month, and what a missed CC or MCC costs.

DRG relative weights come from CMS's FY2026 Final Rule Table 5 (via `course_helpers.coding.drg.table5`,
"Weights - 10% Cap Applied"); the base rate is the learner's (the default is illustrative).
A payment is weight x base rate; a missed CC/MCC drops the claim to a lower-weighted DRG in the family.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from course_helpers.coding.drg.payment import payment_difference
from course_helpers.coding.drg.table5 import table5_row
from course_helpers.errors import SalaryInputError
from course_helpers.salary.pay_data import load_careers

WEIGHT_SOURCE = "CMS FY2026 IPPS Final Rule, Table 5 (weights with the 10% cap applied), via the drg package"


@dataclass(frozen=True)
class Productivity:
    """Charts, errors and the dollar effect of the chosen missed CC/MCC."""

    charts_per_month: float
    errors_per_month: float
    coded_drg: int
    coded_weight: float
    correct_drg: int
    correct_weight: float
    cost_per_error: float
    monthly_cost: float
    yearly_cost: float
    base_rate: float
    weight_source: str = WEIGHT_SOURCE
    scenario_label: str = ""  # which error, e.g. "Missed MCC, CC still coded: DRG 291 -> 292"

    @property
    def error_label(self) -> str:
        """Which missed CC/MCC this is (lesson 01's 291 -> 293 and lesson 04's 291 -> 292 are different errors)."""
        return self.scenario_label or f"Missed CC/MCC: DRG {self.correct_drg} -> {self.coded_drg}"


def _number(name: str, value: float, low: float, high: float, hint: str = "") -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise SalaryInputError(name, f"{name} must be a number{hint}") from None
    if math.isnan(value) or not low <= value <= high:
        raise SalaryInputError(name, f"{name} must be between {low:g} and {high:g} (got {value:g}){hint}")
    return value


def productivity_model(
    charts_per_day: float,
    accuracy: float,
    scenario: str = "missed_mcc_to_cc",
    base_rate: float | None = None,
    working_days_per_month: float | None = None,
    drg_error_share: float | None = None,
) -> Productivity:
    """Return charts and errors a month and the revenue a month's errors would miss.

    Inputs left as None take the defaults in data/salary_careers.yaml (`productivity_defaults`).
    """
    defaults = load_careers().productivity_defaults
    base_rate = defaults.base_rate if base_rate is None else base_rate
    working_days_per_month = (
        defaults.working_days_per_month if working_days_per_month is None else (working_days_per_month)
    )
    drg_error_share = defaults.drg_error_share if drg_error_share is None else drg_error_share
    charts = _number("charts_per_day", charts_per_day, 0, 200)
    accuracy = _number("accuracy", accuracy, 0, 1, " (a fraction: 0.95 means 95%)")
    base_rate = _number("base_rate", base_rate, 0, 100_000)
    days = _number("working_days_per_month", working_days_per_month, 0, 31)
    share = _number("drg_error_share", drg_error_share, 0, 1, " (a fraction of errors)")
    scenarios = {s.key: s for s in load_careers().drg_error_scenarios}
    if scenario not in scenarios:
        raise SalaryInputError("scenario", f"unknown scenario {scenario!r}; choose one of {', '.join(scenarios)}")
    chosen = scenarios[scenario]
    coded, correct = table5_row(chosen.coded_drg), table5_row(chosen.correct_drg)
    per_month = charts * days
    errors = per_month * (1 - accuracy)
    per_error = payment_difference(coded.weight, correct.weight, base_rate)
    monthly = errors * share * per_error
    return Productivity(
        per_month,
        errors,
        coded.drg,
        coded.weight,
        correct.drg,
        correct.weight,
        per_error,
        monthly,
        monthly * 12,
        base_rate,
        scenario_label=chosen.label,
    )


def default_productivity(scenario: str = "missed_mcc_to_cc") -> Productivity:
    """Return the result for the starting values in data/salary_careers.yaml (`productivity_defaults`)."""
    d = load_careers().productivity_defaults
    return productivity_model(d.charts_per_day, d.accuracy, scenario)
