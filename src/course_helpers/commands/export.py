"""`course-helpers export --learner ID -o FILE`: write a learner's submission file for an instructor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_helpers.display.text import printable
from course_helpers.errors import CourseInputError
from course_helpers.quizzing.bank_questions import NoBanksError, load_bank_questions
from course_helpers.records.learner import resolve_learner
from course_helpers.records.store import ProgressStore, default_path
from course_helpers.records.submission import build_submission, write_submission


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `export` verb."""
    parser = subparsers.add_parser("export", help="write a learner's submission file (JSON) for an instructor")
    parser.add_argument("--learner", metavar="ID", help="learner id (default: the current learner)")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="the file to write")
    parser.add_argument(
        "--force", action="store_true", help="write even if FILE is a device, FIFO or link (normally refused)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the submission; exit 1 with one line on bad input."""
    try:
        banks = load_bank_questions()
    except NoBanksError as exc:
        print(
            f"course-helpers export: warning: {printable(str(exc))}; the file will have no per-lesson summary",
            file=sys.stderr,
        )
        banks = {}
    with ProgressStore(default_path(), read_only=True) as store:
        learner = resolve_learner(store, args.learner)
        submission = build_submission(store, learner, banks)
    try:
        path = write_submission(submission, args.output, force=args.force)
    except OSError as exc:
        raise CourseInputError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(
        f"Wrote {len(submission.attempts)} attempts and {len(submission.sessions)} finished sittings "
        f"for '{printable(learner)}' to {printable(str(path))}"
    )
    return 0
