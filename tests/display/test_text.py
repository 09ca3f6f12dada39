"""`printable`: what a command echoes of a learner's name or a path never acts on the terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.display.text import printable


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J\x1b[31mroot", "\\x1b[2J\\x1b[31mroot"),
        ("a\x00b", "a\\x00b"),
        ("line1\nline2", "line1\\nline2"),
        ("\u202eevil", "\\u202eevil"),
        ("tab\there", "tab\\there"),
    ],
)
def test_control_characters_are_shown_escaped(raw: str, shown: str) -> None:
    assert printable(raw) == shown


@pytest.mark.parametrize("name", ["Sam Rivera", "José Núñez", "王小明", "O'Brien-Smith", "a\\x1b literally"])
def test_printable_text_is_unchanged(name: str) -> None:
    assert printable(name) == name


def _in_order(part: list[str], whole: str) -> bool:
    rest = iter(whole)
    return all(ch in rest for ch in part)


@given(st.text(max_size=40))
def test_the_result_is_always_printable_and_keeps_every_printable_character(text: str) -> None:
    shown = printable(text)
    assert shown.isprintable()
    assert _in_order([ch for ch in text if ch.isprintable()], shown)
    assert len(shown) >= len(text)
