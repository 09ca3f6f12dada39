"""Lesson 12's plain-text helpers."""

from __future__ import annotations

import pytest

from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.views.lab_view import case_overview, pcs_axes_table
from course_helpers.errors import CodeFormatError


def test_axes_table_names_each_axis_of_a_hip_replacement() -> None:
    text = pcs_axes_table("0sr904a")
    lines = text.splitlines()
    assert lines[0] == "ICD-10-PCS 0SR904A" and len(lines) == 9
    assert "Root operation" in lines[4] and "Replacement" in lines[4]
    assert "Approach" in lines[6] and "Open" in lines[6]


def test_axes_table_rejects_a_malformed_code() -> None:
    with pytest.raises(CodeFormatError):
        pcs_axes_table("0SR90")


def test_overview_lists_every_case_and_flags_queries() -> None:
    text = case_overview()
    assert len(text.splitlines()) == len(load_cases()) + 1
    assert text.count("query first") == sum(c.needs_query for c in load_cases().values())
