"""Time the lesson helpers a learner waits on and print a Markdown table (run by `make bench`).

Goals: loading the fact-check data under 200 ms (once per kernel) and rendering a callout under 5 ms
(a lesson shows up to a dozen); drawing a lesson figure under 500 ms; rebuilding the credential table
under 50 ms (it reruns on every change of the sort dropdown).
"""

from __future__ import annotations

import time
from datetime import date

import matplotlib

matplotlib.use("Agg")

from timing import machine_line, median_ms  # noqa: E402

from course_helpers.career.credentials import credential_table  # noqa: E402
from course_helpers.course.fact_checks import load_fact_checks  # noqa: E402
from course_helpers.course.fact_checks_view import fact_check  # noqa: E402
from course_helpers.workplace.audit_view import productivity_benchmarks  # noqa: E402
from course_helpers.workplace.update_calendar import in_effect_on  # noqa: E402
from course_helpers.workplace.update_calendar_view import update_timeline  # noqa: E402


def main() -> None:
    """Print the machine line and the benchmark table."""
    print(machine_line())
    start = time.perf_counter()
    load_fact_checks()
    load_ms = (time.perf_counter() - start) * 1000
    rows = [
        ("load fact_checks.yaml (cold)", load_ms, 200, "once per kernel"),
        (
            "render one fact_check() callout",
            median_ms(lambda: fact_check("ccs-eligibility")._repr_html_(), 200),
            5,
            "median of 200",
        ),
        ("update_timeline(2026) figure + PNG", median_ms(lambda: update_timeline(2026), 5), 500, "median of 5"),
        ("productivity_benchmarks() figure + PNG", median_ms(productivity_benchmarks, 5), 500, "median of 5"),
        ("credential_table sorted", median_ms(lambda: credential_table("Awarded by"), 50), 50, "median of 50"),
        ("in_effect_on(date)", median_ms(lambda: in_effect_on(date(2026, 2, 14)), 200), 5, "median of 200"),
    ]
    print("| benchmark | measured | goal | note |")
    print("|---|---|---|---|")
    for name, measured, goal, note in rows:
        print(f"| {name} | {measured:.2f} ms | < {goal} ms | {note} |")


if __name__ == "__main__":
    main()
