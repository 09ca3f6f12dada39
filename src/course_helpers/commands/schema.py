"""`course-helpers schema`: print (or write) the JSON Schema of the question-bank format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
