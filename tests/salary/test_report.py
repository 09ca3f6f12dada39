"""Text and table forms of the salary data: the figures shown come from the data files."""

from __future__ import annotations

import pytest

from course_helpers.career.ladder import careers_table
from course_helpers.salary.accuracy_value import productivity_model
from course_helpers.salary.estimate import Profile, estimate
from course_helpers.salary.market import wage_table
from course_helpers.salary.pay_data import load_bls, load_careers, load_salary
from course_helpers.salary.payback import certification_payback_model
from course_helpers.salary.report import (
    bands_table,
    describe_payback,
    describe_productivity,
    format_estimate,
    states_table,
)


def test_format_estimate_lists_every_factor_and_the_total():
    est = estimate(Profile("senior", 8, True, "NY", shift="night", remote=True))
    text = format_estimate(est)
    for contribution in est.breakdown:
        assert contribution.label in text
    assert f"${est.typical:,}" in text.splitlines()[0]
    assert text.splitlines()[-1].startswith("The guide's bands and factors are unverified")


def test_the_estimate_names_a_secondary_median_as_reported():
    bls = load_bls()
    assert bls.median_may_2024.verified == "secondary"  # bls.gov could not be reached: see data/bls.yaml
    last = format_estimate(estimate(Profile("entry", 1))).splitlines()[-1]
    assert "as reported by pages reproducing BLS data" in last
    assert f"${bls.median_may_2024.value:,.0f} (May 2024)" in last


def test_tables_carry_each_figure_and_verdict():
    assert list(bands_table()["low"]) == [f"${lv.low:,.0f}" for lv in load_salary().levels]
    bls = wage_table()
    assert list(bls["Verdict on guide"]) == [f.verdict for f in load_bls().percentiles.values]
    states = states_table()
    assert states.iloc[-1]["state"] == "Florida" and states.iloc[-1]["vs national"].startswith("-")
    careers = load_careers()
    assert len(careers_table()) == len(careers.roles) + len(careers.unpriced_roles)


def test_descriptions_state_the_results():
    payback = certification_payback_model(1000, 0, 2, 60_000, 0.1)
    assert f"month {payback.break_even_month}" in describe_payback(payback)
    result = productivity_model(10, 0.9, "missed_cc", base_rate=5000)
    text = describe_productivity(result)
    assert f"${result.cost_per_error:,.0f} less" in text and "Table 5" in text


@pytest.mark.parametrize(
    ("scenario", "words"),
    [
        ("missed_mcc_to_cc", "Missed MCC, CC still coded: DRG 291 -> 292"),
        ("missed_mcc_to_none", "Missed MCC, no CC: DRG 291 -> 293"),
        ("missed_cc", "Missed CC: DRG 292 -> 293"),
    ],
)
def test_productivity_text_and_chart_say_which_missed_cc_or_mcc(scenario: str, words: str) -> None:
    # lesson 04's $2,826 (291 -> 292, a CC still coded) and lesson 01's $4,666 (291 -> 293, no CC left) are
    # different errors; a label "one missed CC/MCC" made them read as contradicting each other
    from course_helpers.salary.live_charts_view import ProductivityChart

    result = productivity_model(13, 0.95, scenario, base_rate=6500)
    text = describe_productivity(result)
    assert words in text and "One missed CC/MCC" not in text
    assert f"${result.cost_per_error:,.0f} less per case" in text
    chart = ProductivityChart()
    chart.update(result)
    assert chart.axes.get_title().splitlines() == [words, f"${result.cost_per_error:,.0f} less per case"]

