"""Lesson 09: state comparisons and growth rows from the BLS data, the charts and the state explorer."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from course_helpers.salary.market import (
    StateComparison,
    UnknownStateError,
    compare_state,
    growth_rows,
    growth_table,
    state_comparisons,
    wage_table,
)
from course_helpers.salary.market_view import (
    ABOVE,
    BELOW,
    draw_growth,
    draw_state_medians,
    growth_chart,
    guide_percentages,
    state_pay_chart,
    state_pay_explorer,
)
from course_helpers.salary.pay_data import load_bls


def test_florida_is_below_the_national_median_and_the_guide_is_flagged() -> None:
    florida = compare_state("FL")
    bls = load_bls()
    assert florida.median == bls.state_medians.get("FL").value
    assert florida.percent_vs_national < 0
    assert "below" in florida.sentence() and "Wrong" in florida.sentence()


def test_state_lookup_by_name_any_case_and_unknown_state_message() -> None:
    assert compare_state("new york").state == "NY"
    with pytest.raises(UnknownStateError, match="choose one of: .*FL"):
        compare_state("Atlantis")


@given(st.floats(1000, 500000), st.floats(1000, 500000))
def test_percent_vs_national_round_trips(median: float, national: float) -> None:
    row = StateComparison("XX", "X", median, national, None, "Not in guide")
    assert national * (1 + row.percent_vs_national / 100) == pytest.approx(median)
    assert ("above" in row.sentence()) == (median >= national)


def test_comparisons_are_sorted_and_cover_every_state_in_the_data() -> None:
    rows = state_comparisons()
    assert [r.median for r in rows] == sorted((r.median for r in rows), reverse=True)
    assert {r.state for r in rows} == {s.state for s in load_bls().state_medians.values}


def test_growth_rows_are_in_period_order_and_tables_carry_verdicts() -> None:
    rows = growth_rows()
    assert [r.period for r in rows] == sorted(r.period for r in rows)
    assert dict((r.period, r.growth_percent) for r in rows)["2023-33"] == 9
    assert "Verdict on guide" in growth_table().columns
    assert wage_table().loc["Median", "Verdict on guide"] == "Wrong"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8-10% through 2032 (Quick Facts)", [8.0, 10.0]), ("8% (faster than average)", [8.0]), (None, []), ("n/a", [])],
)
def test_guide_percentages(text: str | None, expected: list[float]) -> None:
    assert guide_percentages(text) == expected


def test_state_chart_colours_bars_by_side_of_the_median_and_labels_axes() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    rows = state_comparisons()
    draw_state_medians(ax, rows)
    colours = {tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in ax.patches}
    assert len(ax.patches) == len(rows)
    assert len(colours) == 2  # one colour above, one below
    below = [p for p in ax.patches if p.get_hatch()]
    assert len(below) == sum(r.median < r.national for r in rows)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert ABOVE != BELOW


def test_growth_chart_draws_one_bar_per_projection_and_marks_the_guide() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    rows = growth_rows()
    draw_growth(ax, rows)
    assert [p.get_height() for p in ax.patches] == [r.growth_percent for r in rows]
    assert any(line.get_label() == "What the guide claimed" for line in ax.get_lines())


def test_empty_data_is_refused_with_a_message() -> None:
    ax = Figure().add_subplot()
    with pytest.raises(ValueError, match="no state medians"):
        draw_state_medians(ax, [])
    with pytest.raises(ValueError, match="no projections"):
        draw_growth(ax, [])


def test_charts_have_alt_text_naming_the_figures() -> None:
    chart = state_pay_chart()
    assert "Florida $44,210" in chart.alt
    assert chart.png.startswith(b"\x89PNG")
    assert "2023-33 9%" in growth_chart().alt


def test_explorer_updates_when_a_state_is_picked() -> None:
    widget = state_pay_explorer("FL")
    assert "Florida" in widget.view.value and "below" in widget.view.value
    widget.dropdown.value = "NY"
    assert "New York" in widget.view.value and "above" in widget.view.value
