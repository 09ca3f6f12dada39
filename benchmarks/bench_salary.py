"""Time the salary calculators' hot paths and print a Markdown table (run by `make bench`).

Goals: one calculator update (model + plot redraw to PNG) under 150 ms; the cohort model over 100,000
profiles under 1 s.
"""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

from timing import machine_line, median_ms  # noqa: E402

from course_helpers.salary.calculators_view import (  # noqa: E402
    career_path_projector,
    certification_payback,
    productivity_calculator,
    salary_calculator,
)
from course_helpers.salary.cohort import estimate_cohort, random_cohort  # noqa: E402


def main() -> None:
    """Print the machine line and the results table."""
    print(machine_line())
    rows = []
    calc = salary_calculator()
    years = iter(list(range(0, 51)) * 4)
    rows.append(
        (
            "salary calculator update (estimate + chart)",
            median_ms(lambda: setattr(calc.years, "value", next(years)), 40, warm_up=True),
            150,
            "ms",
        )
    )
    projector = career_path_projector()
    horizons = iter(list(range(5, 21)) * 5)
    rows.append(
        (
            "career-path projector update",
            median_ms(lambda: setattr(projector.horizon, "value", next(horizons)), 20, warm_up=True),
            150,
            "ms",
        )
    )
    payback = certification_payback()
    months = iter(list(range(0, 25)) * 4)
    rows.append(
        (
            "certification payback update",
            median_ms(lambda: setattr(payback.study_months, "value", next(months)), 20, warm_up=True),
            150,
            "ms",
        )
    )
    productivity = productivity_calculator()
    charts = iter([float(c) for c in range(5, 40)] * 3)
    rows.append(
        (
            "productivity calculator update",
            median_ms(lambda: setattr(productivity.charts_per_day, "value", next(charts)), 20, warm_up=True),
            150,
            "ms",
        )
    )
    cohort = random_cohort(100_000, seed=1)
    rows.append(
        ("cohort model, 100,000 profiles", median_ms(lambda: estimate_cohort(cohort), 5, warm_up=True), 1000, "ms")
    )
    print()
    print("| benchmark | measured | goal | note |")
    print("|---|---|---|---|")
    for name, value, goal, unit in rows:
        verdict = "ok" if value < goal else "SLOWER THAN GOAL"
        print(f"| {name} | {value:.1f} {unit} | < {goal} {unit} | {verdict} (median) |")


if __name__ == "__main__":
    main()
