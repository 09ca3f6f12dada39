"""`course-helpers schema`: print (or write) the JSON Schema of the question-bank format."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from course_helpers.quizzing.model import SCHEMA_VERSION, Bank

SCHEMA_FILE = f"docs/bank.v{SCHEMA_VERSION}.schema.json"


def bank_json_schema() -> dict[str, Any]:
    """The JSON Schema for a bank, generated from the pydantic models."""
    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://inpatient-coder-course.invalid/{SCHEMA_FILE}"
    schema["title"] = f"Inpatient coder course: question bank, schema_version {SCHEMA_VERSION}"
    return schema


def render() -> str:
    """The schema as the exact text committed under docs/."""
    return json.dumps(bank_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `schema` verb."""
    parser = subparsers.add_parser("schema", help="print the question-bank JSON Schema")
    parser.add_argument("-o", "--output", type=Path, help=f"write it to a file (the committed copy is {SCHEMA_FILE})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print or write the schema."""
    text = render()
    if args.output:
        shown = str(args.output) if len(str(args.output)) <= 80 else str(args.output)[:80] + "..."
        try:
            if not args.output.name or args.output.is_dir():
                print(f"course-helpers schema: {shown or repr('')} is a folder; give a file name", file=sys.stderr)
                return 1
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"course-helpers schema: cannot write {shown}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0
