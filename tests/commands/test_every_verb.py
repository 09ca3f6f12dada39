"""Every `course-helpers` verb is registered, answers --help, and is run by a test in tests/commands/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_helpers.cli import VERBS, main
from tests.paths import REPO


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_each_verb_answers_help(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([verb, "--help"])
    assert exited.value.code == 0
    assert f"course-helpers {verb}" in capsys.readouterr().out


def test_each_verb_is_run_by_a_command_test() -> None:
    """A verb without a test here is a verb nobody has run the way a user would."""
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests" / "commands").glob("test_*.py"))
    untested = [verb for verb in VERBS if f'"{verb}"' not in tests and f"'{verb}'" not in tests]
    assert untested == []


def test_validate_checks_the_shipped_banks_strictly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict"]) == 0
    assert "OK: 14 bank(s)" in capsys.readouterr().out


def test_validate_names_a_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert main(["validate", str(missing)]) == 1
    assert f"{missing}:0: bank: no such file or folder" in capsys.readouterr().out


def test_schema_prints_the_shipped_bank_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    shipped = json.loads((REPO / "src/course_helpers/schemas/bank.v1.json").read_text(encoding="utf-8"))
    assert printed == shipped
