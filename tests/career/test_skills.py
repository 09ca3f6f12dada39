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


BASIC_SCIENCES = ("anatomy", "pathophysiology", "pharmacology")


def test_basic_sciences_are_not_sent_to_a_lesson_that_does_not_teach_them() -> None:
    # The coding lab (lesson 12) codes cases; it does not teach A&P, pathophysiology or pharmacology.
    by_id = {s.id: s for s in SKILLS}
    for skill_id in BASIC_SCIENCES:
        skill = by_id[skill_id]
        assert skill.lesson is None, skill_id
        assert "course" in skill.outside_course and "AHIMA" in skill.outside_course
        assert skill.source == "https://ahima.org/certification-careers/certifications-overview/ccs"


def test_every_lesson_a_skill_points_to_exists() -> None:
    from course_helpers.course.course_map import load_course_map

    lessons = {lesson.id for lesson in load_course_map()}
    assert {s.lesson for s in SKILLS if s.lesson} <= lessons


def test_a_skill_must_say_where_it_is_learned() -> None:
    from course_helpers.career.skills import Skill

    with pytest.raises(ValueError, match="either the lesson"):
        Skill(id="x", category="Clinical", skill="X")
    with pytest.raises(ValueError, match="source"):
        Skill(id="x", category="Clinical", skill="X", outside_course="a course")


def test_widget_plan_for_a_weak_basic_science_names_a_real_resource() -> None:
    box = skills_self_check()
    for skill_id in BASIC_SCIENCES:
        box.sliders[skill_id].value = 1
    box.button.click()
    plan = box.result.value
    assert "12_coding_lab" not in plan
    assert plan.count("this course does not teach it") == len(BASIC_SCIENCES)
    assert "pathophysiology course" in plan and "pharmacology course" in plan and "(A&amp;P) course" in plan
    assert 'href="https://ahima.org/certification-careers/certifications-overview/ccs"' in plan
