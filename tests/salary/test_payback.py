"""Certification payback: break-even and 5-year net follow from the costs and the premium."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.errors import SalaryInputError
from course_helpers.salary.payback import certification_payback_model

money = st.floats(0, 20_000, allow_nan=False)


@given(money, money, st.integers(0, 24), st.floats(20_000, 150_000), st.floats(0.01, 0.4))
def test_break_even_is_the_first_month_not_in_the_red(program, exam, study, salary, premium):
    result = certification_payback_model(program, exam, study, salary, premium, horizon_months=600)
    month = result.break_even_month
    assert month is not None
    if month < len(result.cumulative):
        assert result.cumulative[month] >= -1e-6
    else:
        assert result.cumulative[-1] < 0
    if 0 < month <= len(result.cumulative):
        assert result.cumulative[month - 1] < 0
    assert month >= (study if program + exam > 0 else 0)
    assert result.net_gain_5y == pytest.approx(salary * premium / 12 * max(0, 60 - study) - program - exam)


def test_no_premium_never_breaks_even():
    result = certification_payback_model(1000, 300, 3, 50_000, 0.0)
    assert result.break_even_month is None
    assert result.net_gain_5y == -1300


def test_worked_example():
    result = certification_payback_model(1200, 0, 0, 48_000, 0.25)
    # 1,000 a month premium from the first month: 1,200 is covered in month 2
    assert result.monthly_premium == 1000
    assert result.break_even_month == 2
    assert result.net_gain_5y == 60 * 1000 - 1200


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1, 0, 0, 50_000, 0.2), "program_cost"),
        ((0, -5, 0, 50_000, 0.2), "exam_cost"),
        ((0, 0, 61, 50_000, 0.2), "study_months"),
        ((0, 0, 0, 0, 0.2), "current_salary"),
        ((0, 0, 0, 50_000, 20), "premium"),
        ((0, 0, 0, "lots", 0.2), "current_salary"),
    ],
)
def test_bad_input_names_the_field(args, field):
    with pytest.raises(SalaryInputError) as caught:
        certification_payback_model(*args)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_default_payback_uses_the_data_file():
    from course_helpers.salary.pay_data import load_careers
    from course_helpers.salary.payback import default_payback

    d = load_careers().payback_defaults
    assert default_payback().total_cost == d.program_cost + d.exam_cost
    assert default_payback().monthly_premium == pytest.approx(d.current_salary * d.premium / 12)
