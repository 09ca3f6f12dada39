"""Productivity: charts and errors a month, and missed CC/MCC costs from the real FY2026 weights."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.coding.drg.table5 import table5_row
from course_helpers.errors import SalaryInputError
from course_helpers.salary.accuracy_value import productivity_model
from course_helpers.salary.pay_data import load_careers

SCENARIOS = [s.key for s in load_careers().drg_error_scenarios]


def test_heart_failure_weights_come_from_table5():
    result = productivity_model(13, 0.95, "missed_mcc_to_none", base_rate=6000)
    assert (result.correct_drg, result.coded_drg) == (291, 293)
    assert result.correct_weight == table5_row(291).weight
    assert result.coded_weight == table5_row(293).weight
    assert result.cost_per_error == pytest.approx((table5_row(291).weight - table5_row(293).weight) * 6000)


@given(st.floats(0, 60), st.floats(0, 1), st.sampled_from(SCENARIOS), st.floats(0, 20_000), st.floats(0, 1))
def test_errors_and_costs_follow_the_inputs(charts, accuracy, scenario, base, share):
    result = productivity_model(
        charts, accuracy, scenario, base_rate=base, working_days_per_month=20, drg_error_share=share
    )
    assert result.charts_per_month == pytest.approx(charts * 20)
    assert result.errors_per_month == pytest.approx(charts * 20 * (1 - accuracy))
    assert result.cost_per_error >= 0  # every scenario drops to a lower-weighted DRG
    assert result.monthly_cost == pytest.approx(result.errors_per_month * share * result.cost_per_error)
    assert result.yearly_cost == pytest.approx(12 * result.monthly_cost)


def test_better_accuracy_means_fewer_errors():
    assert productivity_model(13, 0.98).errors_per_month < productivity_model(13, 0.95).errors_per_month


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"charts_per_day": -1, "accuracy": 0.95}, "charts_per_day"),
        ({"charts_per_day": 13, "accuracy": 95}, "accuracy"),
        ({"charts_per_day": 13, "accuracy": 0.95, "base_rate": -100}, "base_rate"),
        ({"charts_per_day": 13, "accuracy": 0.95, "scenario": "missed_everything"}, "scenario"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(SalaryInputError) as caught:
        productivity_model(**kwargs)
    assert caught.value.field == field


def test_default_productivity_uses_the_data_file():
    from course_helpers.salary.accuracy_value import default_productivity

    d = load_careers().productivity_defaults
    result = default_productivity()
    assert result.charts_per_month == pytest.approx(d.charts_per_day * d.working_days_per_month)
    assert result.base_rate == d.base_rate
