"""Fast ICD-10-CM validity from the pinned code list, without importing simple_icd_10_cm (1.5 s).

A billable code is a category or subcategory with no children; a header has children and needs more
characters. The list is in tabular (pre-)order, so a code is a header exactly when the next code starts
with it.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from course_helpers.coding.codes.code_set_year import FISCAL_YEAR, cm_data_dir
from course_helpers.coding.codes.normalize import check_cm_format, format_cm
from course_helpers.errors import HeaderCodeError, UnknownCodeError


class CmStatus(StrEnum):
    """What an ICD-10-CM code is in the pinned year."""

    BILLABLE = "billable"
    HEADER = "header"
    UNKNOWN = "unknown"


@cache
def _code_list() -> tuple[frozenset[str], frozenset[str]]:
    """(every category/subcategory code, the billable ones), dotless."""
    path = cm_data_dir() / f"code-list-{FISCAL_YEAR.cm_file_tag.replace('-1-', '-')}.txt"
    codes = [
        line.split(" ")[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and "-" not in line and not line.strip().isdigit()  # drop chapters and blocks
    ]
    billable = {c for c, nxt in zip(codes, [*codes[1:], ""], strict=True) if not nxt.startswith(c)}
    return frozenset(codes), frozenset(billable)


def cm_status(code: str) -> CmStatus:
    """BILLABLE, HEADER or UNKNOWN for a well-formed code (CodeFormatError if malformed)."""
    return _status(check_cm_format(code))


def _status(norm: str) -> CmStatus:
    codes, billable = _code_list()
    if norm in billable:
        return CmStatus.BILLABLE
    return CmStatus.HEADER if norm in codes else CmStatus.UNKNOWN


def require_billable_cm(code: str) -> str:
    """The normalised code if billable in the pinned year; otherwise a one-line error saying what to fix."""
    norm = check_cm_format(code)
    status = _status(norm)
    if status is CmStatus.HEADER:
        raise HeaderCodeError(
            f"{format_cm(norm)} is a header, not a billable code: add characters "
            f"(e.g. {format_cm(example_child(norm))})"
        )
    if status is CmStatus.UNKNOWN:
        raise UnknownCodeError(f"{format_cm(norm)} is not an ICD-10-CM code in {FISCAL_YEAR.label}: check it")
    return norm


def example_child(code: str) -> str:
    """The first billable code under a header (for 'add characters, e.g. ...' messages)."""
    _, billable = _code_list()
    return min((c for c in billable if c.startswith(code)), default=code)


def billable_cm_codes() -> frozenset[str]:
    """Every billable ICD-10-CM code in the pinned year, dotless."""
    return _code_list()[1]
