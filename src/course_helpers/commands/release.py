"""`course-helpers release --out DIR`: the learners' banks with graded answers kept back, and the key."""

from __future__ import annotations

import argparse
from pathlib import Path

from course_helpers.instructor.release import release


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `release` verb."""
    parser = subparsers.add_parser(
        "release",
        help="write the learners' banks (graded banks without answers) and the instructor's key",
        description="Writes DIR/learner/quizzes/ and DIR/learner/course_helpers-*+learners-py3-none-any.whl "
        "(give these to learners) and DIR/instructor/key.json (keep it: the folder is yours alone).",
    )
    parser.add_argument("--out", metavar="DIR", type=Path, required=True, help="folder to write the release into")
    parser.add_argument(
        "--graded", metavar="BANK", action="append", default=[], help="also treat this bank as graded (repeatable)"
    )
    parser.add_argument("--quizzes", metavar="DIR", type=Path, help="release these banks instead of the course's")
    parser.add_argument("--force", action="store_true", help="replace an earlier release in DIR")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the release; exit 1 with one line on bad input."""
    result = release(args.out, quizzes=args.quizzes, graded=args.graded, force=args.force)
    print(f"Learners' banks: {result.learner_dir} ({len(result.practice)} practice, {len(result.graded)} graded)")
    print(f"Learners' wheel (install this for learners: docs/install.md): {result.wheel}")
    print(f"Graded (answers kept back): {', '.join(result.graded) or 'none'}")
    for bank, count in result.papers.items():
        print(f"{bank}: {count} paper(s) drawn from its own pool, one per allowed attempt (the same blueprint)")
    print(f"Instructor key (keep it; never give it to learners): {result.key_path}")
    return 0
