"""Parsing typed code lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.coding.codes.parse import parse_secondary, split_codes
from course_helpers.errors import CaseInputError


def test_split_on_spaces_commas_and_lines() -> None:
    assert split_codes(" N17.9, E87.1;\nI10 ") == ["N17.9", "E87.1", "I10"]
    assert split_codes("") == []


def test_secondary_with_poa() -> None:
    assert parse_secondary("N17.9:Y E87.1 I10/n") == [("N17.9", "Y"), ("E87.1", None), ("I10", "n")]


def test_missing_code_before_poa() -> None:
    with pytest.raises(CaseInputError, match="N17.9:Y"):
        parse_secondary(":Y")


@given(st.lists(st.from_regex(r"[A-Z][0-9]{2}(\.[0-9]{1,2})?", fullmatch=True), max_size=5))
def test_split_round_trips(codes: list[str]) -> None:
    assert split_codes(", ".join(codes)) == codes
