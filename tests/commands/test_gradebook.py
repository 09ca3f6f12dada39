"""`course-helpers gradebook export|items` run on a gradebook file written with part A's schema."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course_helpers.cli import main
from course_helpers.instructor import gradebook as gb
from tests.instructor.class_frames import generated_class
from tests.instructor.gradebook_files import write_gradebook

TITLES = {"01_the_role": "The role", "02_responsibilities": "Responsibilities"}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    first = generated_class(40, 10, bank="01_the_role", seed=1)
    second = generated_class(40, 6, bank="02_responsibilities", seed=2)
    flipped = first["question"] == "q4"  # a miskeyed question: the strong learners "get it wrong"
    first.loc[flipped, "score"] = 1 - first.loc[flipped, "score"]
    first.loc[flipped, "correct"] = first.loc[flipped, "score"] == 1
    return write_gradebook(tmp_path / "gradebook.sqlite3", pd.concat([first, second]), titles=TITLES)


def test_items_prints_the_miskeyed_question(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gradebook", "items", str(book)]) == 0
    out = capsys.readouterr().out
    assert "01_the_role: 40 learners, 10 items" in out
    flagged = out.split("flagged item")[1]
    first = flagged.splitlines()[1]
    assert first.startswith("01_the_role / q4:")
    assert "check the key" in flagged.splitlines()[2]


def test_items_holds_flags_back_for_a_small_class(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gradebook", "items", str(book), "--min-learners", "41"]) == 0
    out = capsys.readouterr().out
    assert "flags held back: only 40 learners took 01_the_role; flags need at least 41" in out
    assert "1 flagged item:" in out  # only "check the key" shows below the minimum: the miskeyed q4
    assert "01_the_role / q4:" in out and "check the key" in out


def test_export_canvas_end_to_end(book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "The role (555)"])
        for i in range(39):  # learner039 is not in the Canvas course
            writer.writerow([f"Learner, No. {i}", str(1000 + i), f"S{i}", f"sis-learner{i:03d}", "A"])
    out = tmp_path / "canvas.csv"
    base = ["gradebook", "export", str(book), "--to", "canvas", "-o", str(out), "--roster", str(roster)]
    base += ["--bank", "01_the_role", "--bank", "02_responsibilities"]
    assert main(base) == 1  # refused: a column without an assignment id, and a learner Canvas does not know
    assert "'Responsibilities' (02_responsibilities) have no Canvas assignment id" in capsys.readouterr().err
    assert main([*base, "--create-assignments"]) == 1
    assert "1 learner(s) in the gradebook are not in the Canvas roster" in capsys.readouterr().err
    assert not out.exists()
    code = main([*base, "--create-assignments", "--skip-unmatched"])
    captured = capsys.readouterr()
    assert code == 0
    assert "Wrote 39 learner(s)" in captured.out
    assert "learner039: id 'sis-learner039' is not a Canvas ID, SIS User ID or SIS Login ID" in captured.err
    assert "creates a NEW assignment for each" in captured.err
    table = pd.read_csv(out, keep_default_na=False)
    assert list(table.columns)[5:] == ["The role (555)", "Responsibilities"]
    assert table.iloc[0]["The role (555)"] == 10  # Points Possible
    totals = gb.learner_totals(book).set_index(["learner", "bank"])["score"]
    row = table.set_index("SIS Login ID").loc["sis-learner007"]
    assert row["The role (555)"] == totals[("learner007", "01_the_role")]
    assert row["Student"] == "Learner, No. 7"


def test_export_csv_and_refuse_overwrite(book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "grades.csv"
    assert main(["gradebook", "export", str(book), "--to", "csv", "-o", str(out)]) == 0
    wide = pd.read_csv(out)
    assert len(wide) == 40
    assert set(wide["passed"]) <= {"pass", "fail"}
    long = pd.read_csv(tmp_path / "grades.questions.csv")
    assert len(long) == 40 * 16
    expected = wide["01_the_role score"] + wide["02_responsibilities score"]
    assert np.allclose(wide["total score"], expected)
    assert main(["gradebook", "export", str(book), "--to", "csv", "-o", str(out)]) == 1
    assert "exists; pass --force" in capsys.readouterr().err


def test_export_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["gradebook", "export", str(tmp_path / "none.sqlite3"), "--to", "moodle", "-o", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "no gradebook here" in err
    with pytest.raises(SystemExit):
        main(["gradebook", "export", "--to", "canvas", "-o", "x.csv", "--assignment", "13_final_exam=abc"])
    assert "not BANK=ID with a numeric Canvas assignment id" in capsys.readouterr().err
