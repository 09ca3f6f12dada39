"""Issue 21: learner ids reach files and screens made for people. Each hostile id below was written raw before
the fix (a formula in the problems CSV and the Moodle export, HTML and forged lines in feedback headings,
escape sequences and RLO on the instructor's terminal, a crash of the heat map)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from course_helpers.cli import main
from course_helpers.instructor.release import load_key, release
from course_helpers.instructor.simulate import simulate_class

FORMULAS = [
    '=HYPERLINK("http://e.example","a@b.c")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
]
MARKUP = ["<img src=x onerror=alert(1)>", "[click me](javascript:alert(1))", "ann\n## 100% ✓ passed"]
TERMINAL = ["\x1b]8;;http://evil.example\x07click\x1b]8;;\x07", "\x1b[2Jcleared", "\u202eevil.exe"]
DOLLAR = ["$\\foo$"]
HOSTILE = [*FORMULAS, *MARKUP, *TERMINAL, *DOLLAR]


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A class whose learner ids are the hostile ones, graded through the real pipeline."""
    key = release(tmp_path_factory.mktemp("course")).key_path
    made = tmp_path_factory.mktemp("made")
    simulate_class(load_key(key), made, len(HOSTILE), seed=7, tamper=False)
    folder = tmp_path_factory.mktemp("class")
    for n, (path, name) in enumerate(zip(sorted(made.glob("*.json")), HOSTILE, strict=True)):
        data: dict[str, Any] = json.loads(path.read_text())
        data["learner"] = name
        (folder / f"file{n:02d}.json").write_text(json.dumps(data))
    return {"key": key, "folder": folder, "out": tmp_path_factory.mktemp("out")}


@pytest.fixture(scope="module")
def graded(hostile_class: dict[str, Path]) -> dict[str, Any]:
    out = hostile_class["out"]
    import contextlib
    import io

    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        status = main(["grade", str(hostile_class["folder"]), "--key", str(hostile_class["key"]),
                       "-o", str(out / "g.sqlite3"), "--problems", str(out / "problems.csv")])
    assert status == 0
    return {**hostile_class, "book": out / "g.sqlite3", "problems": out / "problems.csv", "stdout": stdout.getvalue()}


def test_the_problems_csv_never_starts_a_cell_like_a_formula(graded: dict[str, Any]) -> None:
    rows = list(csv.reader(graded["problems"].open(encoding="utf-8", newline="")))
    learners = {row[1] for row in rows[1:]}
    assert {"'" + f.strip() for f in FORMULAS} <= learners  # each "name differs" line names one, escaped
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


def test_grade_prints_no_escape_sequence_or_bidi_override(graded: dict[str, Any]) -> None:
    out = graded["stdout"]
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b[2Jcleared" in out  # shown, escaped


def test_the_moodle_export_never_writes_a_formula_identifier(graded: dict[str, Any], capsys) -> None:
    """The learners' e-mails come from a Moodle roster (a user list, as Moodle exports it); one holding a formula
    is left out and listed, never written (escaped it would not match in Moodle's import)."""
    roster = graded["out"] / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["First name", "Last name", "Email address"],
                                      *(["A", "B", name.strip()] for name in HOSTILE if "\n" not in name)])
    target = graded["out"] / "moodle.csv"
    status = main(["gradebook", "export", str(graded["book"]), "--to", "moodle", "--identifier", "email",
                   "--roster", str(roster), "--skip-unmatched", "-o", str(target), "--force"])
    err = capsys.readouterr().err
    assert status == 0
    first_cells = [row[0] for row in csv.reader(target.open(encoding="utf-8", newline=""))]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in first_cells), first_cells
    assert "starts like a spreadsheet formula" in err  # left out and listed, never guessed


def test_feedback_headings_show_learner_markup_as_text(graded: dict[str, Any]) -> None:
    folder = graded["out"] / "feedback"
    learners = [arg for name in MARKUP for arg in ("--learner", name)]
    assert main(["feedback", "--gradebook", str(graded["book"]), "--key", str(graded["key"]), "-o", str(folder),
                 *learners]) == 0
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))]
    assert len(texts) == len(MARKUP)
    for text in texts:
        heading = text.splitlines()[0]
        assert heading.startswith("# Quiz feedback for ")
        assert "<img" not in text and "](javascript:" not in heading
    assert not any(line.startswith("## 100%") for text in texts for line in text.splitlines())
    assert any("&lt;img src=x onerror=alert\\(1\\)&gt;" in text for text in texts)


def test_the_heat_map_draws_a_learner_named_like_mathematics(graded: dict[str, Any]) -> None:
    from course_helpers.instructor.gradebook_view import mastery_heatmap

    image = mastery_heatmap(graded["book"])  # rendering to PNG raised a mathtext ValueError before
    assert image.figure is not None


@pytest.mark.parametrize("text", HOSTILE)
def test_the_three_rules(text: str) -> None:
    from course_helpers.display.safe_text import csv_cell, markdown_text, terminal_text

    assert not csv_cell(text).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert terminal_text(text).isprintable()
    shown = markdown_text(text)
    assert "\n" not in shown and "<" not in shown and "](" not in shown
