"""Tampered submission files: the reader refuses what is impossible, one line each, and never raises otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from course_helpers.records.store import Attempt, ProgressStore
from course_helpers.records.submission import SubmissionError, build_submission, read_submission, write_submission


@pytest.fixture
def honest(tmp_path: Path) -> dict[str, Any]:
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.record(
            Attempt("sam", "03_code_sets", "c1", "I50.21", True, 1.0, 1.0, "h", at=datetime(2026, 3, 1, tzinfo=UTC))
        )
        store.record(
            Attempt("sam", "03_code_sets", "c2", "N17.9", False, 0.0, 2.0, "h", at=datetime(2026, 3, 2, tzinfo=UTC))
        )
        sub = build_submission(store, "sam", {})
    path = write_submission(sub, tmp_path / "sam.json")
    assert read_submission(path).learner == "sam"  # the untouched file reads back
    return json.loads(path.read_text())


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def tamper(data: dict[str, Any]) -> None:
        data["attempts"][1][key] = value

    return tamper


TAMPERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "flipped correct flag": _set("correct", True),
    "points above the maximum": _set("points", 5.0),
    "negative points": _set("points", -1.0),
    "points as a string": _set("points", "2.0"),
    "correct as a string": _set("correct", "true"),
    "schema_version true": lambda d: d.__setitem__("schema_version", True),
    "attempt after exported_at": _set("at", "2999-01-01T00:00:00Z"),
    "missing learner": lambda d: d.pop("learner"),  # a guard: refused before the fix too
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_a_tampered_file_is_refused_with_one_line(name: str, honest: dict[str, Any], tmp_path: Path) -> None:
    TAMPERS[name](honest)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(honest))
    with pytest.raises(SubmissionError) as caught:
        read_submission(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("literal", ["NaN", "1e400", "Infinity"])
def test_nan_and_infinite_points_are_refused(literal: str, honest: dict[str, Any], tmp_path: Path) -> None:
    text = json.dumps(honest).replace('"points": 0.0', f'"points": {literal}', 1)
    assert literal in text
    path = tmp_path / "tampered.json"
    path.write_text(text)
    with pytest.raises(SubmissionError):
        read_submission(path)


def test_100000_deep_json_is_a_message_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SubmissionError, match="nested too deeply"):
        read_submission(path)
