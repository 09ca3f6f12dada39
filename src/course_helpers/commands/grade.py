"""`course-helpers grade SUBMISSIONS... --key KEY -o gradebook.sqlite3`: regrade every answer into a gradebook.

`--from-service URL` (token from JUPYTERHUB_API_TOKEN or --token-file) or `--from-db DB_URL` grades the
newest hand-in of every learner that the JupyterHub hand-in service stored, instead of files.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from course_helpers.display.safe_text import csv_cell, terminal_text
from course_helpers.instructor.regrade import Problem, grade_submissions
from course_helpers.output_files import check_output, write_text

MAX_WORKERS = 16


def _workers(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_WORKERS}, got {text[:20]!r}")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `grade` verb."""
    parser = subparsers.add_parser(
        "grade",
        help="regrade submission files (files, folders or an LMS zip) with the key into a gradebook",
        description="Every answer is regraded from the raw answer with the key; scores in the files are ignored.",
    )
    parser.add_argument("submissions", metavar="SUBMISSIONS", nargs="*", type=Path, help="files, folders or zips")
    hub = parser.add_mutually_exclusive_group()
    hub.add_argument(
        "--from-service", metavar="URL", help="grade what the hub hand-in service stored (its base URL)"
    )
    hub.add_argument("--from-db", metavar="DB_URL", help="grade from the hand-in service's database (SQLAlchemy URL)")
    parser.add_argument(
        "--token-file", metavar="FILE", type=Path, help="the instructor's API token (default: $JUPYTERHUB_API_TOKEN)"
    )
    parser.add_argument("--key", metavar="KEY", type=Path, required=True, help="the key.json written by `release`")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="the gradebook to write")
    parser.add_argument("--problems", metavar="CSV", type=Path, help="also write the problems report as CSV")
    parser.add_argument(
        "--workers", type=_workers, metavar="N",
        help=f"regrading processes, 1 to {MAX_WORKERS} (default: 1; 1 per core, max 4, for 1,000+ files)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing gradebook (or problems file)")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show a bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    parser.set_defaults(run=run)


def problems_csv(problems: list[Problem]) -> str:
    """The problems report as CSV text, every learner-supplied cell escaped for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["source", "learner", "kind", "message"])
    writer.writerows([csv_cell(p.source), csv_cell(p.learner or ""), p.kind, csv_cell(p.message)] for p in problems)
    return out.getvalue()


def run(args: argparse.Namespace) -> int:
    """Grade; print one line per problem; exit 1 if nothing could be graded or the input is unusable."""
    if args.problems is not None:
        check_output(args.problems, force=args.force)  # a regular file or nothing, said before any work
    if args.token_file is not None and args.from_service is None:
        print("course-helpers grade: --token-file goes with --from-service URL", file=sys.stderr)
        return 1
    from_hub = args.from_service is not None or args.from_db is not None
    if from_hub == bool(args.submissions):
        print("course-helpers grade: give SUBMISSIONS files, or --from-service URL, or --from-db DB_URL "
              "(one of them)", file=sys.stderr)
        return 1
    if from_hub:
        from course_helpers.classroom.hand_ins import grade_hand_ins

        report = grade_hand_ins(
            args.key, args.output, service=args.from_service, token_file=args.token_file, db_url=args.from_db,
            force=args.force, progress=args.progress, workers=args.workers,
        )
    else:
        report = grade_submissions(
            args.submissions, args.key, args.output, force=args.force, progress=args.progress,
            workers=args.workers,
        )
    for problem in report.problems:
        print(f"problem: {terminal_text(str(problem))}")
    if args.problems is not None:
        write_text(args.problems, problems_csv(report.problems), force=args.force)
    print(
        f"Graded {report.graded} learner(s), {report.responses} answer(s) from {report.files} file(s) "
        f"into {report.gradebook}; {len(report.problems)} problem(s)"
    )
    return 0 if report.graded else 1
