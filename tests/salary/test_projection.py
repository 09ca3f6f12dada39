"""Career-path projection: one row a year, promotions marked, certification counted, bad paths named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.errors import SalaryInputError
from course_helpers.salary.estimate import Profile, estimate
from course_helpers.salary.pay_data import load_careers
from course_helpers.salary.projection import example_projection, project_career, role_labels

ROLES = list(role_labels())


@given(
    st.lists(st.tuples(st.sampled_from(ROLES), st.integers(1, 8)), min_size=1, max_size=5),
    st.integers(5, 20),
    st.none() | st.integers(0, 10),
)
def test_projection_has_a_band_for_every_year(steps, horizon, certify):
    projection = project_career(steps, horizon, certify)
    frame = projection.frame
    assert list(frame["year"]) == list(range(1, horizon + 1))
    assert (frame["low"] <= frame["typical"]).all() and (frame["typical"] <= frame["high"]).all()
    changes = [
        y for y, prev, cur in zip(frame["year"][1:], frame["role"][:-1], frame["role"][1:], strict=True) if prev != cur
    ]
    promotions = [e.year for e in projection.events if e.label != "certified"]
    assert len(promotions) >= len(changes)
    assert set(changes) <= set(promotions)


def test_coder_levels_use_the_estimate_and_certification_raises_pay():
    plain = project_career([("entry", 2), ("mid", 3)], horizon=5)
    certified = project_career([("entry", 2), ("mid", 3)], horizon=5, certify_after_years=2)
    year3 = certified.frame.iloc[2]
    assert year3["typical"] == estimate(Profile("mid", 2, certified=True)).typical
    assert year3["typical"] > plain.frame.iloc[2]["typical"]
    assert [e.label for e in certified.events] == ["to Mid-level (2-5 years)", "certified"]


def test_ladder_role_stays_inside_the_guides_band():
    director = next(r for r in load_careers().roles if r.key == "director")
    frame = project_career([("director", 20)], horizon=20).frame
    assert (frame["low"] >= director.low).all()
    assert (frame["high"] <= director.high).all()
    assert frame["typical"].is_monotonic_increasing


def test_example_path_runs_and_marks_each_promotion():
    projection = example_projection(15)
    assert len(projection.frame) == 15
    steps = load_careers().example_path.steps
    assert sum(1 for e in projection.events if e.label.startswith("to ")) == len(steps) - 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"steps": [("astronaut", 2)]}, "role"),
        ({"steps": [("entry", 0)]}, "years"),
        ({"steps": []}, "steps"),
        ({"steps": [("entry", 2)], "horizon": 3}, "horizon"),
        ({"steps": [("entry", 2)], "horizon": 21}, "horizon"),
        ({"steps": [("entry", 2)], "certify_after_years": -1}, "certify_after_years"),
    ],
)
def test_bad_paths_name_the_field(kwargs, field):
    with pytest.raises(SalaryInputError) as caught:
        project_career(**{"horizon": 10, **kwargs})
    assert caught.value.field == field
