"""The `course-helpers` command: one module per verb under `course_helpers.commands`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# verb -> module in course_helpers.commands; each module has `register(subparsers)` and `run(args) -> int`
VERBS: dict[str, str] = {
    "validate": "validate",
    "schema": "schema",
    "progress": "progress",
    "export": "export",
    "salary": "salary",
    "lookup": "lookup",
    "drg": "drg",
    "submit": "submit",
    "serve": "serve",
    "release": "release",
    "grade": "grade",
    "feedback": "feedback",
    "gradebook": "gradebook",
    "submissions": "submissions",
    "lab": "lab",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser; with `only`, import just that verb's module (keeps the command fast)."""
    parser = argparse.ArgumentParser(prog="course-helpers", description="Tools for the inpatient coder course.")
    subparsers = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)
    for verb, module_name in VERBS.items():
        if only is not None and verb != only:
            continue
        module = importlib.import_module(f"course_helpers.commands.{module_name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    verb = argv[0] if argv and argv[0] in VERBS else None
    parser = build_parser(only=verb)
    args = parser.parse_args(argv)
    try:
        status = int(args.run(args) or 0)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `course-helpers lookup ... | head`: the reader left; stop quietly, as `cat` does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command cut off by `head`


if __name__ == "__main__":
    raise SystemExit(main())
