"""`course-helpers export` echoes learner names (and the paths it was given) with control characters escaped,
as `progress` does: a name holding an escape sequence, a NUL, a new line or U+202E never reaches the terminal raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.display.text import printable
from course_helpers.records.store import Attempt, open_store
from course_helpers.records.submission import read_submission

HOSTILE = ["\x1b[2J\x1b[31mroot", "a\x00b", "line1\nline2", "\u202eevil"]


def _raw_control(text: str) -> list[str]:
    return [ch for ch in text if not ch.isprintable() and ch != "\n"]


@pytest.mark.parametrize("name", HOSTILE)
def test_the_success_line_shows_the_name_escaped(name: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # A guard: the line used repr() before, which escaped these already; the error lines below did not.
    open_store().record(Attempt(name, "01_the_role", "q", 1, True, 1.0, 1.0, "h"))
    out_file = tmp_path / "out.json"
    assert main(["export", "--learner", name, "-o", str(out_file)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1 and _raw_control(captured.out + captured.err) == []
    assert f"for '{printable(name)}' to " in captured.out
    assert read_submission(out_file).learner == name  # the file keeps the name exactly; only the echo is escaped


@pytest.mark.parametrize("name", HOSTILE)
def test_an_unknown_learner_lists_the_known_names_escaped(name: str, capsys: pytest.CaptureFixture) -> None:
    open_store().record(Attempt(name, "01_the_role", "q", 1, True, 1.0, 1.0, "h"))
    assert main(["export", "--learner", "nobody", "-o", "unused.json"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and _raw_control(err) == []  # one line, nothing raw
    assert printable(name) in err and "learners:" in err


def test_a_path_with_control_characters_is_echoed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    open_store().record(Attempt("sam", "01_the_role", "q", 1, True, 1.0, 1.0, "h"))
    bad = tmp_path / "no\x1b[2Jfolder" / "x" / "out.json"
    bad.parent.parent.write_text("a file where a folder should be")
    assert main(["export", "--learner", "sam", "-o", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and _raw_control(err) == [] and "\\x1b[2J" in err
