"""The question-bank format as a JSON Schema, generated from the pydantic models and shipped in the package.

Like nbgrader's `nbgraderformat/`, each format version's schema lives inside the package
(`course_helpers/schemas/bank.v1.json`), so an installed course can hand it to editors and validators.
"""

from __future__ import annotations

import json
from typing import Any

from course_helpers.quizzing.model import SCHEMA_VERSION, Bank

SCHEMA_FILE = f"src/course_helpers/schemas/bank.v{SCHEMA_VERSION}.json"
"""Where the schema is committed, relative to the repository (it ships in the wheel from there)."""


def bank_json_schema() -> dict[str, Any]:
    """The JSON Schema for a bank, generated from the pydantic models."""
    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://inpatient-coder-course.invalid/schemas/bank.v{SCHEMA_VERSION}.json"
    schema["title"] = f"Inpatient coder course: question bank, schema_version {SCHEMA_VERSION}"
    return schema


def render() -> str:
    """The schema as the exact text committed in the package."""
    return json.dumps(bank_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
