"""The salary, career and BLS data files load, and every figure carries a source and a verdict."""

from __future__ import annotations

import pytest

from course_helpers.salary.pay_data import load_bls, load_careers, load_salary

VERDICTS = {"Correct", "Wrong", "Outdated", "Partly correct", "Unverified", "Baseline", "Not in guide"}


def test_every_salary_figure_has_source_and_known_verdict():
    data = load_salary()
    sourced = [*data.levels, *(o for opts in data.options.values() for o in opts), data.headline]
    sourced += [f for f in data.factors if f.low is not None]
    for item in sourced:
        assert item.source.strip(), item
        assert item.verdict in VERDICTS, item


def test_levels_are_ordered_bands():
    for level in load_salary().levels:
        assert level.low < level.high


def test_every_career_role_has_band_source_and_verdict():
    for role in load_careers().roles:
        assert role.low < role.high
        assert role.source.startswith("Career guide")
        assert role.verdict in VERDICTS


def test_bls_percentiles_increase_and_correct_the_guide():
    bls = load_bls()
    values = [f.value for f in bls.percentiles.values]
    assert [f.key for f in bls.percentiles.values] == ["p10", "p25", "median", "p75", "p90"]
    assert values == sorted(values)
    for key in ("median", "p90"):
        figure = bls.percentiles.get(key)
        assert figure.guide_value is not None and figure.guide_value < figure.value
        assert figure.verdict == "Wrong"
    assert bls.soc == "29-2072"


def test_florida_is_below_the_national_median_and_marked_wrong():
    states = load_bls().state_medians
    florida = states.get("FL")
    assert florida.value < states.national
    assert florida.verdict == "Wrong"
    assert all(s.value > states.national for s in states.values if s.state != "FL")


def test_projections_have_the_three_periods_with_sources():
    projections = {p.period: p for p in load_bls().projections}
    assert set(projections) == {"2022-32", "2023-33", "2024-34"}
    assert projections["2024-34"].openings_per_year is not None
    assert all(p.source for p in projections.values())


def test_state_regions_come_from_bls_medians():
    data = load_salary()
    bls = load_bls()
    for state in bls.state_medians.values:
        option = data.option("region", state.state)
        assert option.typical == pytest.approx(state.value / bls.state_medians.national - 1, abs=1e-4)
        assert option.verdict == state.verdict
