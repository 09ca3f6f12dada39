"""`course-helpers schema`: print (or write) the JSON Schema of the question-bank format."""

from __future__ import annotations

import argparse
from pathlib import Path

from course_helpers.errors import CourseInputError
from course_helpers.output_files import write_text
from course_helpers.quizzing.bank_schema import SCHEMA_FILE, render


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
                raise CourseInputError(f"{shown or repr('')} is a folder; give a file name")
            args.output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CourseInputError(f"cannot write {shown}: {exc.strerror or exc}") from None
        write_text(args.output, text, force=True)  # the schema is regenerated: replace it, but only a file
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0
