"""Text and table forms of the salary data: the figures shown come from the data files."""

from __future__ import annotations

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
