"""The published JSON Schema matches the pydantic models."""

from __future__ import annotations

from course_helpers.quizzing.bank_schema import SCHEMA_FILE, render
from tests.paths import REPO

ROOT = REPO


def test_committed_schema_is_current() -> None:
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render(), f"{SCHEMA_FILE} is stale: run `course-helpers schema -o {SCHEMA_FILE}`"


def test_schema_names_every_question_type() -> None:
    text = render()
    for kind in ("single_choice", "multiple_select", "true_false", "numeric", "short_text", "code", "ordering"):
        assert f'"{kind}"' in text
