"""Plain-text and table forms of the salary data and results, for the terminal and the lesson (pure)."""

from __future__ import annotations

import pandas as pd

from course_helpers.display.course_frame import CourseFrame
from course_helpers.display.money import money
from course_helpers.display.text_table import TextTable
from course_helpers.salary.accuracy_value import Productivity
from course_helpers.salary.estimate import Estimate
from course_helpers.salary.pay_data import load_bls, load_salary
from course_helpers.salary.payback import Payback


def _money(value: float | None) -> str:
    return money(value, missing="")


def format_estimate(est: Estimate) -> str:
    """The estimate and its breakdown: plain text for print, an HTML table when a notebook displays it."""
    header = ("Factor", "How", "Low", "Typical", "High", "Verdict")
    rows = [(c.label, c.detail, f"{c.low:+,}", f"{c.typical:+,}", f"{c.high:+,}", c.verdict) for c in est.breakdown]
    base = est.breakdown[0]
    rows[0] = (base.label, base.detail, f"{base.low:,}", f"{base.typical:,}", f"{base.high:,}", base.verdict)
    rows.append(("Estimate", "", f"{est.low:,}", f"{est.typical:,}", f"{est.high:,}", ""))
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    align = ["<", "<", ">", ">", ">", "<"]
    lines = []
    for n, row in enumerate([header, *rows]):
        lines.append("  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True)).rstrip())
        if n == 0 or n == len(rows) - 1:
            lines.append("  ".join("-" * w for w in widths))
    bls = load_bls()
    summary = f"Estimated salary: {money(est.typical)} (range {money(est.low)} to {money(est.high)}) a year."
    median = bls.percentiles.get("median")
    secondary = "secondary" in (median.verified, bls.median_may_2024.verified)
    note = (
        "The guide's bands and factors are unverified (see fact-check D); "
        f"BLS median for {bls.occupation}{', as reported by pages reproducing BLS data' if secondary else ''}: "
        f"${median.value:,.0f} (May 2023), ${bls.median_may_2024.value:,.0f} (May 2024)."
    )
    text = "\n".join([summary, "", *lines, "", note])
    return TextTable(text, header, rows, "Your estimate, factor by factor", [summary], [note], numeric=(2, 3, 4))


def describe_payback(result: Payback) -> str:
    """Return a payback result in two sentences."""
    when = f"month {result.break_even_month}" if result.break_even_month is not None else "never"
    return (
        f"Costs {money(result.total_cost)}; premium {money(result.monthly_premium)} a month after "
        f"{result.study_months} month(s) of study.\n"
        f"Break-even: {when}. Net gain after 5 years: {money(result.net_gain_5y)}."
    )


def describe_productivity(result: Productivity) -> str:
    """Return a productivity result in three lines."""
    return (
        f"{result.charts_per_month:,.0f} charts a month; about {result.errors_per_month:,.1f} with an error.\n"
        f"{result.error_label} (weight {result.correct_weight:.4f} -> {result.coded_weight:.4f}) "
        f"at a ${result.base_rate:,.0f} base rate: ${result.cost_per_error:,.0f} less per case.\n"
        f"Weights: {result.weight_source}."
    )


def bands_table() -> pd.DataFrame:
    """The guide's pay bands by level, with verdicts."""
    return CourseFrame(
        [
            {"level": lv.label, "low": _money(lv.low), "high": _money(lv.high), "verdict": lv.verdict}
            for lv in load_salary().levels
        ]
    )


def states_table() -> pd.DataFrame:
    """Reported state medians against the national median, highest first."""
    states = load_bls().state_medians
    return CourseFrame(
        [
            {
                "state": s.name,
                "median": _money(s.value),
                "vs national": f"{s.value / states.national - 1:+.0%}",
                "guide claim": s.guide_claim or "",
                "verdict": s.verdict,
            }
            for s in sorted(states.values, key=lambda s: -s.value)
        ]
    )
