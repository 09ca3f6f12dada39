"""The salary estimate: properties over many profiles, and one-line messages for bad input."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_helpers.errors import SalaryInputError
from course_helpers.salary.cohort import estimate_cohort, random_cohort
from course_helpers.salary.estimate import Profile, estimate
from course_helpers.salary.pay_data import load_salary

DATA = load_salary()


def option_keys(factor: str) -> list[str]:
    return [o.key for o in DATA.options[factor]]


profiles = st.builds(
    Profile,
    level=st.sampled_from([lv.key for lv in DATA.levels]),
    years=st.integers(0, 50) | st.floats(0, 50, allow_nan=False),
    certified=st.booleans(),
    region=st.sampled_from(option_keys("region")),
    hospital=st.sampled_from(option_keys("hospital")),
    specialty=st.sampled_from(option_keys("specialty")),
    shift=st.sampled_from(option_keys("shift")),
    remote=st.booleans(),
    bonus=st.booleans(),
)


@given(profiles)
def test_breakdown_sums_to_the_estimate(profile):
    est = estimate(profile)
    assert sum(c.low for c in est.breakdown) == est.low
    assert sum(c.typical for c in est.breakdown) == est.typical
    assert sum(c.high for c in est.breakdown) == est.high
    assert est.low <= est.typical <= est.high
    assert [c.factor for c in est.breakdown] == ["base", *(f.key for f in DATA.factors)]


@given(profiles, st.floats(0, 50, allow_nan=False))
def test_more_years_never_lowers_the_estimate(profile, extra):
    more = Profile(**{**profile.__dict__, "years": min(50.0, float(profile.years) + extra)})
    a, b = estimate(profile), estimate(more)
    assert b.low >= a.low and b.typical >= a.typical and b.high >= a.high


@given(profiles)
def test_certification_never_lowers_the_estimate(profile):
    without = estimate(Profile(**{**profile.__dict__, "certified": False}))
    with_cert = estimate(Profile(**{**profile.__dict__, "certified": True}))
    assert with_cert.low > without.low
    assert with_cert.typical > without.typical
    assert with_cert.high > without.high


@given(profiles)
def test_each_factor_stays_within_the_guides_stated_range(profile):
    est = estimate(profile)
    level = DATA.level(profile.level)
    base = est.breakdown[0]
    assert level.low <= base.low <= base.typical <= base.high <= level.high
    counted = min(max(float(profile.years) - level.min_years, 0), level.span_years)
    running = {"low": base.low, "typical": base.typical, "high": base.high}
    for c, factor in zip(est.breakdown[1:], DATA.factors, strict=True):
        for scenario in ("low", "typical", "high"):
            added = getattr(c, scenario)
            if factor.kind == "per_year":
                assert factor.low * counted - 1 <= added <= factor.high * counted + 1
            else:
                if factor.key == "certification":
                    lo, hi = (factor.low, factor.high) if profile.certified else (0, 0)
                else:
                    option = DATA.option(factor.key, profile.option_key(factor.key))
                    lo, hi = option.low, option.high
                total = running[scenario]
                assert lo * total - 1 <= added <= hi * total + 1
            running[scenario] += added


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 60), st.integers(0, 10_000))
def test_cohort_matches_the_single_estimate(n, seed):
    cohort = estimate_cohort(random_cohort(n, seed=seed))
    for row in cohort.itertuples(index=False):
        est = estimate(
            Profile(
                row.level,
                row.years,
                row.certified,
                row.region,
                row.hospital,
                row.specialty,
                row.shift,
                row.remote,
                row.bonus,
            )
        )
        assert (row.low, row.typical, row.high) == (est.low, est.typical, est.high)


def test_cohort_fills_missing_columns_with_profile_defaults():
    frame = pd.DataFrame({"level": ["mid", "senior"], "years": [3, 7]})
    result = estimate_cohort(frame)
    assert list(result["typical"]) == [estimate(Profile("mid", 3)).typical, estimate(Profile("senior", 7)).typical]


@pytest.mark.parametrize(
    ("profile", "field", "fragment"),
    [
        (Profile(years=51), "years", "between 0 and 50"),
        (Profile(years=-1), "years", "between 0 and 50"),
        (Profile(years=math.nan), "years", "between 0 and 50"),
        (Profile(level="boss"), "level", "unknown level 'boss'"),
        (Profile(region="Atlantis"), "region", "unknown region 'Atlantis'"),
        (Profile(shift="graveyard"), "shift", "unknown shift"),
    ],
)
def test_bad_input_names_the_field(profile, field, fragment):
    with pytest.raises(SalaryInputError) as caught:
        estimate(profile)
    assert caught.value.field == field
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cohort_bad_row_names_field_and_row():
    frame = pd.DataFrame({"level": ["mid", "mid"], "years": [3, 70]})
    with pytest.raises(SalaryInputError, match=r"years: row 1: years must be between 0 and 50"):
        estimate_cohort(frame)
    with pytest.raises(SalaryInputError, match=r"region: row 0: unknown region"):
        estimate_cohort(pd.DataFrame({"level": ["mid"], "years": [3], "region": ["Mars"]}))


def test_state_region_uses_the_reported_bls_ratio():
    florida = estimate(Profile("mid", 2, region="FL"))
    national = estimate(Profile("mid", 2))
    assert florida.typical < national.typical
    new_york = estimate(Profile("mid", 2, region="NY"))
    assert new_york.typical > national.typical
