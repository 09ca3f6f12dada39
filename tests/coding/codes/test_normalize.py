"""Code normalisation and format checks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.coding.codes.normalize import (
    check_cm_format,
    check_pcs_format,
    format_cm,
    is_cm_format,
    is_pcs_format,
    normalize_code,
)
from course_helpers.errors import CodeFormatError

code_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789. \t", max_size=12)


@given(code_text)
def test_normalize_is_idempotent(text: str) -> None:
    try:
        once = normalize_code(text)
    except CodeFormatError as exc:  # a dot anywhere but after the third character is refused
        assert "".join(text.split()).find(".") != 3 or "".join(text.split()).count(".") > 1, exc
        return
    assert normalize_code(once) == once
    assert "." not in once and " " not in once and once == once.upper()


@given(st.from_regex(r"[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}", fullmatch=True))
def test_dotted_and_dotless_cm_agree(code: str) -> None:
    assert check_cm_format(format_cm(code)) == code
    assert check_cm_format(format_cm(code).lower()) == code


@pytest.mark.parametrize(
    "raw, expected", [(" i50.21 ", "I5021"), ("S72.001A", "S72001A"), ("c4a.0", "C4A0"), ("QA0.0101", "QA00101")]
)
def test_cm_codes_normalise(raw: str, expected: str) -> None:
    assert check_cm_format(raw) == expected
    assert is_cm_format(raw)


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("", "enter"),
        ("I5", "3 to 7"),
        ("I50.21999", "3 to 7"),
        ("150.21", "letter, then a digit"),
        ("150.21", "as in QA0, a letter"),  # FY2026 QA0: the second character may be a letter
        ("0SR9019", "ICD-10-PCS"),
    ],
)
def test_bad_cm_codes_say_what_to_fix(raw: str, fragment: str) -> None:
    with pytest.raises(CodeFormatError, match=fragment):
        check_cm_format(raw)
    assert not is_cm_format(raw)


def test_pcs_codes() -> None:
    assert check_pcs_format("0sr9 019") == "0SR9019"
    assert is_pcs_format("0SR9019") and not is_pcs_format("0SR901")
    with pytest.raises(CodeFormatError, match="exactly 7"):
        check_pcs_format("0SR901")
    with pytest.raises(CodeFormatError, match="except I and O"):
        check_pcs_format("0SR90I9")


def test_format_cm_adds_the_dot_after_three_characters() -> None:
    assert format_cm("I5021") == "I50.21"
    assert format_cm("I10") == "I10"


def test_non_text_is_a_format_error() -> None:
    with pytest.raises(CodeFormatError, match="text"):
        normalize_code(5021)  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["I502.1", "I.5.0.2.1", "I50..21", "I5.021", ".I5021"])
def test_a_dot_anywhere_but_after_the_third_character_is_not_a_code(raw: str) -> None:
    with pytest.raises(CodeFormatError, match="dot may only follow the third character"):
        normalize_code(raw)
