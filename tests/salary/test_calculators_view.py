"""Headless widget tests: set control values, then check the model state and the rendered output."""

from __future__ import annotations

import ipywidgets as widgets

from course_helpers import career_path_projector, certification_payback, productivity_calculator, salary_calculator
from course_helpers.salary.estimate import Profile, estimate

PNG = b"\x89PNG"


def test_salary_calculator_updates_live_and_renders_the_breakdown():
    calc = salary_calculator()
    assert isinstance(calc, widgets.Box)
    first_chart = calc.chart_png
    assert first_chart.startswith(PNG)
    calc.level.value = "mid"
    calc.years.value = 4
    calc.certified.value = True
    calc.region.value = "metro"
    calc.shift.value = "evening"
    expected = estimate(Profile("mid", 4, True, "metro", shift="evening"))
    assert calc.estimate == expected
    assert f"${expected.typical:,}" in calc.summary.value
    assert "Certification (CCS or RHIT)" in calc.table.value
    assert f"${expected.breakdown[2].typical:,}" in calc.table.value
    assert calc.chart_png.startswith(PNG) and calc.chart_png != first_chart
    assert calc.message.value == ""


def test_salary_calculator_shows_florida_below_national():
    calc = salary_calculator()
    national = calc.estimate.typical
    calc.region.value = "FL"
    assert calc.estimate.typical < national
    assert "Florida" in calc.table.value


def test_career_path_projector_follows_the_steps():
    view = career_path_projector()
    view.step_roles[2].value = "(end of path)"
    view.horizon.value = 6
    assert view.steps() == [
        (view.step_roles[0].value, view.step_years[0].value),
        (view.step_roles[1].value, view.step_years[1].value),
    ]
    assert len(view.projection.frame) == 6
    view.certify.value = False
    assert not view.projection.frame["certified"].any()
    assert "Year 6" in view.summary.value


def test_career_path_projector_reports_an_empty_path_in_one_line():
    view = career_path_projector()
    before = view.projection
    view.step_roles[0].value = "(end of path)"
    assert "steps: a career path needs at least one step" in view.message.value
    assert view.projection is before


def test_payback_shows_message_for_negative_cost_and_recovers():
    view = certification_payback()
    view.program_cost.value = -50
    assert "program_cost must be at least 0" in view.message.value
    view.program_cost.value = 1200
    view.exam_cost.value = 0
    view.study_months.value = 0
    view.current_salary.value = 48_000
    view.premium.value = 0.25
    assert view.message.value == ""
    assert view.result.break_even_month == 2
    assert "month 2" in view.summary.value


def test_productivity_calculator_uses_the_chosen_scenario():
    view = productivity_calculator()
    view.scenario.value = "missed_cc"
    assert (view.result.correct_drg, view.result.coded_drg) == (292, 293)
    view.accuracy.value = 0.9
    view.charts_per_day.value = 10
    assert f"{view.result.errors_per_month:,.1f} errors" in view.summary.value
    assert view.chart_png.startswith(PNG)


def test_breakdown_shows_each_verdicts_source_on_screen_not_on_hover():
    from course_helpers.salary.calculators_view import breakdown_html

    est = estimate(Profile(certified=True))
    page = breakdown_html(est)
    assert "title=" not in page  # a title on an unfocusable span is hover-only: no keyboard, no touch
    sourced = [c for c in est.breakdown if c.source and c.source != c.verdict]
    assert sourced
    for c in sourced:
        assert f"Source: {c.source}".replace("'", "&#x27;") in page
