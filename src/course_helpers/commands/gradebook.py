"""`course-helpers gradebook export|items`: grades out to an LMS, and the questions that need a look."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_helpers.instructor.gradebook import DEFAULT_POLICY, ITEM_POLICY, POLICIES
from course_helpers.instructor.item_analysis import MIN_LEARNERS, analyse_gradebook, format_flagged
from course_helpers.instructor.lms_export import MOODLE_IDENTIFIERS, TARGETS, export_gradebook

DEFAULT_BOOK = Path("gradebook.sqlite3")


def _assignment(text: str) -> tuple[str, str]:
    bank, sep, canvas_id = text.partition("=")
    if not sep or not bank or not canvas_id.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not BANK=ID with a numeric Canvas assignment id")
    return bank.strip(), canvas_id.strip()


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `gradebook` verb and its `export` and `items` actions."""
    parser = subparsers.add_parser("gradebook", help="export grades to Canvas, Moodle or CSV; list flagged questions")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    export = actions.add_parser("export", help="write an LMS import file (Canvas, Moodle) or plain CSV")
    export.add_argument("gradebook", nargs="?", type=Path, default=DEFAULT_BOOK, help="default: gradebook.sqlite3")
    export.add_argument("--to", choices=TARGETS, required=True, help="canvas, moodle or csv")
    export.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="the file to write")
    export.add_argument(
        "--roster",
        metavar="CSV",
        type=Path,
        help="Canvas: the gradebook export (required); Moodle: the assignment's grading worksheet or a user list "
        "(required)",
    )
    export.add_argument(
        "--identifier",
        choices=tuple(MOODLE_IDENTIFIERS),
        default="email",
        help="Moodle: the user field to write, as the roster gives it (default: email)",
    )
    export.add_argument(
        "--assignment",
        metavar="BANK=ID",
        type=_assignment,
        action="append",
        default=[],
        help="Canvas: the assignment id a bank's grades go to (repeat per bank)",
    )
    export.add_argument(
        "--bank", metavar="BANK", action="append", help="export this bank (repeatable; LMS default: the graded banks)"
    )
    export.add_argument(
        "--skip-unmatched",
        action="store_true",
        help="leave out learners the LMS roster does not know (default: refuse to write the file)",
    )
    export.add_argument(
        "--create-assignments",
        action="store_true",
        help="Canvas: allow columns without an assignment id (Canvas creates a new assignment for each)",
    )
    export.add_argument(
        "--policy",
        choices=POLICIES,
        default=DEFAULT_POLICY,
        help="which answer to a question counts (default: latest; first: before any retry)",
    )
    export.add_argument("--no-points-possible", action="store_true", help="Canvas: leave out the Points Possible row")
    export.add_argument("--force", action="store_true", help="replace files that exist")
    export.set_defaults(run=run_export)

    items = actions.add_parser("items", help="item analysis: print the questions flagged for review")
    items.add_argument("gradebook", nargs="?", type=Path, default=DEFAULT_BOOK, help="default: gradebook.sqlite3")
    items.add_argument(
        "--policy", choices=POLICIES, default=ITEM_POLICY,
        help="which answer the analysis reads (default: first, before any practice retry)",
    )
    items.add_argument(
        "--min-learners",
        type=int,
        default=MIN_LEARNERS,
        metavar="N",
        help=f"hold flags back below N learners (default {MIN_LEARNERS})",
    )
    items.set_defaults(run=run_items)


def run_export(args: argparse.Namespace) -> int:
    """Write the export; warnings and left-out learners go to stderr; exit 1 with one line on bad input."""
    result = export_gradebook(
        args.gradebook,
        args.to,
        args.output,
        policy=args.policy,
        roster=args.roster,
        identifier=args.identifier,
        assignment_ids=dict(args.assignment),
        banks=args.bank,
        points_possible=not args.no_points_possible,
        force=args.force,
        skip_unmatched=args.skip_unmatched,
        create_assignments=args.create_assignments,
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.unknown:
        print(f"{len(result.unknown)} learner(s) left out (not matched, never guessed):", file=sys.stderr)
        for line in result.unknown:
            print(f"  {line}", file=sys.stderr)
    if result.missing:
        print(f"{len(result.missing)} enrolled learner(s) have no grade in the gradebook (their cells are left "
              "as they are):", file=sys.stderr)
        for line in result.missing:
            print(f"  {line}", file=sys.stderr)
    names = " and ".join(str(path) for path in result.files)
    print(f"Wrote {result.learners} learner(s) to {names}")
    return 0


def run_items(args: argparse.Namespace) -> int:
    """Print the banks' reliability and every flagged item; exit 1 with one line on bad input."""
    if args.min_learners < 1:
        print("course-helpers gradebook items: --min-learners must be 1 or more", file=sys.stderr)
        return 1
    analysis = analyse_gradebook(args.gradebook, policy=args.policy, min_learners=args.min_learners)
    print(format_flagged(analysis))
    return 0
