"""The in-place charts: a slider move redraws only what changed, and the picture still follows the model."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from course_helpers.salary.calculators_view import (
    career_path_projector,
    certification_payback,
    productivity_calculator,
    salary_calculator,
)
from course_helpers.salary.live_charts_view import nice_ceiling


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), (1, 1), (1.2, 1.5), (2.6, 3), (7, 8), (8.5, 10), (47_000, 50_000), (61_000, 80_000)]
)
def test_nice_ceiling(value: float, expected: float) -> None:
    assert nice_ceiling(value) == expected


def _pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def test_salary_slider_keeps_the_background_and_moves_the_estimate() -> None:
    calc = salary_calculator()
    draws = calc.live.full_draws
    first = _pixels(calc.chart_png)
    calc.years.value = calc.years.value + 1
    assert calc.live.full_draws == draws, "a one-year move keeps the axes: no full redraw"
    assert _pixels(calc.chart_png) != first
    assert calc.live.range_line.get_xdata()[1] == calc.estimate.high


def test_moving_back_gives_the_same_picture() -> None:
    calc = certification_payback()
    start = calc.study_months.value
    first = _pixels(calc.chart_png)
    calc.study_months.value = start + 1
    calc.study_months.value = start
    assert _pixels(calc.chart_png) == first, "blitting must leave no trace of the previous state"


def test_projector_axes_span_the_longest_horizon() -> None:
    calc = career_path_projector()
    calc.horizon.value = 5
    assert calc.axes.get_xlim() == (0.5, calc.horizon.max + 0.5)
    draws = calc.live.full_draws
    calc.horizon.value = 6
    assert calc.live.full_draws == draws
    assert len(calc.live.line.get_xdata()) == 6


def test_productivity_bars_follow_the_model() -> None:
    calc = productivity_calculator()
    r = calc.result
    heights = [bar.get_height() for bar in calc.live.bars]
    assert heights == pytest.approx([r.correct_weight * r.base_rate, r.coded_weight * r.base_rate])
    assert max(heights) < calc.axes.get_ylim()[1], "room above the bars for their labels"


def _text_outside_the_figure(calculator: object) -> list[str]:
    """What of the calculator's chart (title, axis labels, drawn ticks, notes, legend) reaches past the figure."""
    figure = calculator.figure
    renderer = calculator.live.canvas.get_renderer()
    box = figure.bbox

    def outside(extent: object) -> bool:
        return extent.x0 < box.x0 - 1 or extent.y0 < box.y0 - 1 or extent.x1 > box.x1 + 1 or extent.y1 > box.y1 + 1

    out = []
    for ax in figure.axes:
        title = ax.title.get_window_extent(renderer)
        if ax.title.get_text() and outside(title):
            out.append(f"title {ax.title.get_text()!r} at {[round(v) for v in title.extents]} in {list(box.extents)}")
        whole = ax.get_tightbbox(renderer)
        if outside(whole):
            out.append(f"axes {ax.get_title()!r}: drawn at {[round(v) for v in whole.extents]} in {list(box.extents)}")
    return out


@pytest.mark.parametrize(
    "make", [salary_calculator, career_path_projector, certification_payback, productivity_calculator]
)
def test_every_chart_text_lies_inside_its_figure(make: object) -> None:
    """No title, axis label or tick label is cut at the image's edge (lesson 04's two-line title was)."""
    calculator = make()
    assert _text_outside_the_figure(calculator) == []


def test_productivity_title_fits_for_every_error_scenario() -> None:
    calculator = productivity_calculator()
    cut = []
    for _label, key in calculator.scenario.options:
        calculator.scenario.value = key
        cut += _text_outside_the_figure(calculator)
    assert cut == []
