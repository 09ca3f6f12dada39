"""`course-helpers drg` with a secondary diagnosis typed twice: two POA flags are refused in one line,
the same code and flag twice is grouped once and said so."""

from __future__ import annotations

import pytest

from course_helpers.cli import main

CASE = ["--pdx", "I50.21", "--age", "70", "--sex", "F"]


@pytest.mark.parametrize(
    ("sdx", "first", "second"),
    [
        (["N17.9:Y", "N17.9:N"], "with POA Y", "with POA N"),
        (["N17.9:Y", "n179:w"], "with POA Y", "with POA W"),  # the same code however it is typed
        (["N17.9", "N17.9:Y"], "with no POA", "with POA Y"),  # a flag and no flag differ too
        (["E87.1", "N17.9:U", "E87.1:Y", "N17.9:N"], "with no POA", "with POA Y"),  # first conflict named
    ],
)
def test_the_same_code_with_conflicting_poa_is_one_line_and_exit_1(
    sdx: list[str], first: str, second: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["drg", *CASE, "--sdx", *sdx]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("course-helpers drg: ") and captured.err.count("\n") == 1
    assert "listed twice" in captured.err and first in captured.err and second in captured.err


@pytest.mark.parametrize(
    ("sdx", "once", "times"),
    [
        (["N17.9:Y", "N17.9:Y"], ["N17.9:Y"], "twice"),
        (["N17.9", "E87.1", "N179", "n17.9"], ["N17.9", "E87.1"], "3 times"),
    ],
)
def test_the_same_code_twice_is_grouped_once_and_said(
    sdx: list[str], once: list[str], times: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["drg", *CASE, "--sdx", *once]) == 0
    expected = capsys.readouterr().out.splitlines()
    assert main(["drg", *CASE, "--sdx", *sdx]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if "listed" in line] == [f"Note: N17.9 is listed {times}; it is grouped once."]
    assert [line for line in lines if "listed" not in line] == expected  # the same grouping as listing it once
    assert sum(line.strip().startswith("N17.9") for line in lines) == 1


def test_merge_repeats_keeps_the_first_as_typed() -> None:
    from course_helpers.coding.drg.repeats import merge_repeats

    assert merge_repeats([("n179", "y"), ("E87.1", None), ("N17.9", "Y")]) == (
        [("n179", "y"), ("E87.1", None)],
        ["N17.9 is listed twice; it is grouped once."],
    )
    assert merge_repeats([("N17.9", "Y"), ("E87.1", None)]) == ([("N17.9", "Y"), ("E87.1", None)], [])
