"""`course-helpers progress` and `course-helpers export`, run as a learner or instructor would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.records.store import Attempt, open_store
from course_helpers.records.submission import read_submission
from tests.bank_files import write_bank

T0 = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)  # reviews depend on "now"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two small banks and a learner who has answered a few questions."""
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    write_bank(quizzes, "02_responsibilities", "Responsibilities", ["r1", "r2", "r3", "r4"])
    write_bank(quizzes, "03_code_sets", "Code sets", ["c1", "c2"])
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(quizzes))
    store = open_store()
    for i, (bank, question, correct) in enumerate(
        [("02_responsibilities", "r1", True), ("02_responsibilities", "r2", False), ("03_code_sets", "c1", True)]
    ):
        store.record(
            Attempt("sam", bank, question, True, correct, float(correct), 1.0, "h1", "s1", at=T0 + timedelta(minutes=i))
        )
    store.record(Attempt("kim", "03_code_sets", "c2", False, False, 0.0, 1.0, "h1", at=T0))
    store.finish_session("sam", "02_responsibilities", "s1", 1, 2, False)
    return tmp_path


def test_progress_prints_a_mastery_table_and_the_reviews_due(course: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["progress", "--learner", "sam"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Progress for sam (3 answers recorded)"
    assert out[2].split() == ["lesson", "answered", "/", "in", "bank", "mastery", "%", "last", "activity"]
    day, minute = (T0 + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M").split()
    assert out[4].split() == ["02_responsibilities", "2", "/", "4", "25", day, minute, "UTC"]
    assert out[5].split()[:5] == ["03_code_sets", "1", "/", "2", "50"]
    assert out[-1] == "1 question is due for review."  # r2, missed an hour ago; the right answers are days away


def test_progress_for_an_unknown_learner_names_the_learners_that_exist(
    course: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["progress", "--learner", "nobody"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "'nobody'" in err and err.endswith("learners: kim, sam")


def test_progress_without_banks_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(tmp_path))
    open_store()
    assert main(["progress"]) == 1
    assert "no question banks found" in capsys.readouterr().err


def test_progress_defaults_to_the_current_learner(course: Path, capsys: pytest.CaptureFixture) -> None:
    open_store().set_setting("learner", "kim")
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Progress for kim (1 answers recorded)")


def test_export_writes_a_submission_that_reads_back(course: Path, capsys: pytest.CaptureFixture) -> None:
    target = course / "out" / "sam.json"
    assert main(["export", "--learner", "sam", "-o", str(target)]) == 0
    assert "Wrote 3 attempts and 1 finished sittings for 'sam'" in capsys.readouterr().out
    raw = json.loads(target.read_text())
    assert raw["format"] == "inpatient-coder-course/submission" and raw["schema_version"] == 1
    sub = read_submission(target)
    assert sub.schema_version == 1 and sub.learner == "sam"
    assert [(a.question, a.correct) for a in sub.attempts] == [("r1", True), ("r2", False), ("c1", True)]
    assert [(s.session, s.passed) for s in sub.sessions] == [("s1", False)]
    assert [(s.bank, s.answered, s.in_bank, s.mastery_percent) for s in sub.summary] == [
        ("02_responsibilities", 2, 4, 25.0),
        ("03_code_sets", 1, 2, 50.0),
    ]


def test_export_for_an_unknown_learner_fails_with_one_line(course: Path, capsys: pytest.CaptureFixture) -> None:
    target = course / "x.json"
    assert main(["export", "--learner", "ghost", "-o", str(target)]) == 1
    assert capsys.readouterr().err.count("\n") == 1 and not target.exists()


def test_the_installed_command_runs_end_to_end(course: Path) -> None:
    target = course / "kim.json"
    exe = Path(sys.executable).with_name("course-helpers")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "course_helpers.cli"]
    done = subprocess.run(
        [*command, "export", "--learner", "kim", "-o", str(target)],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert read_submission(target).attempts[0].question == "c2"
    done = subprocess.run(
        [*command, "progress", "--learner", "kim"], env=dict(os.environ), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "03_code_sets" in done.stdout
