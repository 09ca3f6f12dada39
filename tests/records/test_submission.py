"""The submission file: versioned, validated on read, and its published JSON schema kept current."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course_helpers.records.mastery import BankQuestions
from course_helpers.records.store import Attempt, ProgressStore
from course_helpers.records.submission import (
    FORMAT,
    SubmissionError,
    build_submission,
    read_submission,
    schema_text,
    write_submission,
)
from tests.paths import REPO

SCHEMA_FILE = REPO / "src" / "course_helpers" / "schemas" / "submission.v1.json"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
EXPORTED = datetime(2099, 1, 1, tzinfo=UTC)  # after every answer and sitting (sittings are stamped now)


@pytest.fixture
def written(tmp_path: Path) -> Path:
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.record(Attempt("sam", "03_code_sets", "c1", ["I50.21", {"note": "é"}], True, 1, 1, "h", "s", at=T0))
        store.finish_session("sam", "03_code_sets", "s", 1, 1, True)
        sub = build_submission(store, "sam", {"03_code_sets": BankQuestions("Code sets", ("c1", "c2"))}, now=EXPORTED)
    return write_submission(sub, tmp_path / "sam.json")


def edit(path: Path, **changes: object) -> Path:
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))
    return path


def test_a_written_file_reads_back_identically(written: Path) -> None:
    sub = read_submission(written)
    assert sub.format == FORMAT and sub.schema_version == 1 and sub.exported_at == EXPORTED
    assert sub.attempts[0].answer == ["I50.21", {"note": "é"}]
    assert sub.summary[0].mastery_percent == 50.0
    assert read_submission(write_submission(sub, written.with_name("copy.json"))) == sub


def test_an_unknown_version_is_refused_naming_the_version(written: Path) -> None:
    edit(written, schema_version=2)
    with pytest.raises(SubmissionError, match=r"schema_version 2 is not supported; .* reads version 1"):
        read_submission(written)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "is not a JSON submission file"),
        ('{"format": "nbgrader"}', "is not a course submission"),
        ("[1, 2]", "is not a course submission"),
    ],
)
def test_other_files_are_refused_with_one_line(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "f.json"
    path.write_text(content)
    with pytest.raises(SubmissionError, match=fragment) as caught:
        read_submission(path)
    assert "\n" not in str(caught.value)


def test_a_damaged_version_1_file_says_where(written: Path) -> None:
    data = json.loads(written.read_text())
    del data["attempts"][0]["correct"]
    written.write_text(json.dumps(data))
    with pytest.raises(SubmissionError, match=r"invalid at attempts\.0\.correct"):
        read_submission(written)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SubmissionError, match="cannot be read"):
        read_submission(tmp_path / "absent.json")


def test_the_published_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "the submission schema is stale: run "
        "`python -m course_helpers.records.submission src/course_helpers/schemas/submission.v1.json`"
    )


def test_a_written_file_validates_against_the_published_schema(written: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.validate(json.loads(written.read_text()), schema)
    bad = json.loads(written.read_text())
    bad["schema_version"] = 2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_the_example_in_the_instructor_docs_is_a_valid_submission(tmp_path: Path) -> None:
    doc = (REPO / "docs" / "submission-format.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.json"
    path.write_text(example, encoding="utf-8")
    sub = read_submission(path)
    assert sub.schema_version == 1 and sub.summary[0].mastery_percent == 66.67
    assert json.loads(sub.model_dump_json())["exported_at"] == json.loads(example)["exported_at"]
