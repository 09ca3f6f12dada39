"""Lesson 00's course map and lesson 01's DRG stakes explorer."""

from __future__ import annotations

import pytest

from course_helpers.course.course_map import load_course_map, total_minutes
from course_helpers.course.course_map_view import course_map
from course_helpers.quizzing.bank import bank_paths
from course_helpers.workplace.stakes import StakesError, heart_failure_payments, missed_secondary_cost
from course_helpers.workplace.stakes_view import stakes_explorer
from tests.paths import REPO


def test_fy2026_weights_drive_the_payments() -> None:
    rows = heart_failure_payments(10000)
    assert [(r.drg, r.weight) for r in rows] == [(291, 1.2838), (292, 0.849), (293, 0.566)]
    assert rows[0].payment == pytest.approx(12838.0)
    assert missed_secondary_cost(10000)["missed MCC (291 -> 293)"] == pytest.approx(7178.0)


def test_base_rate_out_of_range_is_a_message() -> None:
    with pytest.raises(StakesError, match="outside"):
        heart_failure_payments(50)


def test_slider_updates_table() -> None:
    box = stakes_explorer(6000)
    slider, table = box.children[:2]  # then the (invisible) keyboard helper
    before = table.value
    slider.value = 8000
    assert table.value != before and "$10,270" in table.value  # 1.2838 x 8000


def test_course_map_matches_the_banks_and_lasts_about_eight_hours() -> None:
    ids = [lesson.id for lesson in load_course_map()]
    assert ids == sorted(ids) and ids[0] == "00_start_here"
    banks = {p.stem for p in bank_paths()}
    assert banks <= set(ids), f"banks without a lesson on the map: {banks - set(ids)}"
    assert 5 * 60 <= total_minutes() <= 8 * 60
    assert "Total: about" in repr(course_map()) and "<caption>Course map" in course_map()._repr_html_()


def test_each_lesson_states_its_reading_time_from_the_map() -> None:
    import re

    import nbformat


    notebooks = REPO / "notebooks"
    for lesson in load_course_map():
        first = nbformat.read(notebooks / lesson.notebook, as_version=4).cells[0].source
        stated = re.search(r"[Aa]bout (\d+) minutes", first)
        if stated:
            assert int(stated.group(1)) == lesson.minutes, f"{lesson.id}: {stated.group(1)} min, map {lesson.minutes}"
