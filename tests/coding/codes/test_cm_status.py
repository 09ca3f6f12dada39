"""Fast ICD-10-CM validity from the pinned code list."""

from __future__ import annotations

import pytest

from course_helpers.coding.codes.cm_status import CmStatus, billable_cm_codes, cm_status, require_billable_cm
from course_helpers.errors import HeaderCodeError, UnknownCodeError
from tests.coding.simple_icd import simple_icd


def test_billable_count_matches_simple_icd_10_cm() -> None:
    cm = simple_icd()

    sample = sorted(billable_cm_codes())[::500]
    assert all(cm.is_leaf(c) and cm.is_category_or_subcategory(c) for c in sample)
    assert len(billable_cm_codes()) == 74719


@pytest.mark.parametrize(
    "code, status",
    [
        ("I50.21", CmStatus.BILLABLE),
        ("i5021", CmStatus.BILLABLE),
        ("I50", CmStatus.HEADER),
        ("I50.2", CmStatus.HEADER),
        ("I50.99", CmStatus.UNKNOWN),
        ("S72.001A", CmStatus.BILLABLE),
        ("S72.001", CmStatus.HEADER),
        ("I10", CmStatus.BILLABLE),
    ],
)
def test_status(code: str, status: CmStatus) -> None:
    assert cm_status(code) is status


def test_header_message_suggests_more_characters() -> None:
    with pytest.raises(HeaderCodeError, match=r"I50 is a header.*add characters \(e\.g\. I50\.1"):
        require_billable_cm("I50")


def test_unknown_code_message() -> None:
    with pytest.raises(UnknownCodeError, match="I50.99 is not an ICD-10-CM code in FY2026"):
        require_billable_cm("I5099")


def test_every_code_in_the_list_passes_the_format_check() -> None:
    from course_helpers.coding.codes.cm_status import _code_list
    from course_helpers.coding.codes.normalize import is_cm_format

    codes, _ = _code_list()
    assert [c for c in codes if not is_cm_format(c)] == []
    assert cm_status("QA0.0101") is CmStatus.BILLABLE  # FY2026's new genetic-disorder category
