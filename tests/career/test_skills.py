"""The skills checklist, the study plan and the self-check widget."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.career.skills import SkillRatingError, category_averages, load_skills, skill_plan
from course_helpers.career.skills_view import skills_self_check
from course_helpers.course.fact_checks import load_fact_checks

CATEGORIES, SKILLS = load_skills()
IDS = [s.id for s in SKILLS]


def test_checklist_teaches_the_corrected_skills() -> None:
    names = " ".join(s.skill for s in SKILLS)
    assert "ICD-10-PCS" in names
    assert "CPT" not in names  # CPT/HCPCS are not the inpatient facility procedure codes (fact-check B1)
    assert {s.category for s in SKILLS} == set(CATEGORIES)
    known = set(load_fact_checks())
    assert all(s.fact_check in known for s in SKILLS if s.fact_check)


def test_plan_lists_weak_skills_weakest_first() -> None:
    ratings = dict.fromkeys(IDS, 4) | {"icd10pcs": 2, "queries": 1, "anatomy": 2}
    plan = skill_plan(ratings)
    assert [i.skill.id for i in plan] == ["queries", "icd10pcs", "anatomy"]


def test_bad_ratings_are_refused_with_a_message() -> None:
    with pytest.raises(SkillRatingError, match="from 1"):
        skill_plan({"icd10cm": 6})
    with pytest.raises(SkillRatingError, match="Unknown skill"):
        skill_plan({"cpt": 3})


@given(st.dictionaries(st.sampled_from(IDS), st.integers(1, 5)))
def test_plan_is_exactly_the_skills_rated_below_three(ratings: dict[str, int]) -> None:
    plan = skill_plan(ratings)
    assert {i.skill.id for i in plan} == {k for k, r in ratings.items() if r < 3}
    assert [i.rating for i in plan] == sorted(i.rating for i in plan)
    for category, mean in category_averages(ratings).items():
        assert 1 <= mean <= 5 and category in CATEGORIES


def test_widget_builds_a_plan_on_click() -> None:
    box = skills_self_check()
    box.sliders["msdrg"].value = 1
    box.button.click()
    assert "MS-DRG logic" in box.result.value and "03_code_sets" in box.result.value
    box.sliders["msdrg"].value = 5
    box.button.click()
    assert "No skill rated below 3" in box.result.value
