"""ICD-10-PCS titles, validity through the code editor, and the seven axes."""

from __future__ import annotations

import pytest

from course_helpers.coding.codes.icd10pcs import AXIS_NAMES, explain_pcs, lookup_pcs, pcs_index, root_operations
from course_helpers.errors import CodeFormatError


def test_valid_code_with_title_and_axes() -> None:
    details = lookup_pcs("0sr9019")
    assert details.valid and details.code == "0SR9019"
    assert details.title == "Replacement of Right Hip Joint with Metal Synthetic Substitute, Cemented, Open Approach"
    meanings = [a.meaning for a in details.axes]
    assert meanings == [
        "Medical and Surgical",
        "Lower Joints",
        "Replacement",
        "Hip Joint, Right",
        "Open",
        "Synthetic Substitute, Metal",
        "Cemented",
    ]
    assert details.axes[2].definition and "takes the place" in details.axes[2].definition


def test_invalid_code_is_reported_by_the_code_editor() -> None:
    details = lookup_pcs("0ZZZZZZ")
    assert not details.valid and "not a valid ICD-10-PCS code in FY2026" in details.message


def test_other_sections_name_their_axes() -> None:
    axes = explain_pcs("BW03ZZZ")
    assert axes[0].meaning == "Imaging"
    assert [a.axis for a in axes] == list(AXIS_NAMES["B"])


def test_medical_surgical_has_31_root_operations_and_obstetrics_12() -> None:
    assert len(root_operations("0")) == 31 and len(root_operations("1")) == 12
    assert root_operations("0")["T"]["name"] == "Resection"


def test_search_by_words() -> None:
    codes = [m.entry.code for m in pcs_index().search("replacement right hip metal cemented", limit=10)]
    assert "0SR9019" in codes


def test_malformed_pcs_code() -> None:
    with pytest.raises(CodeFormatError, match="exactly 7"):
        lookup_pcs("0SR90")
