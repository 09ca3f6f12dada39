"""`course-helpers feedback --gradebook G --key K -o DIR`: one Markdown feedback file per learner."""

from __future__ import annotations

import argparse
from pathlib import Path

from course_helpers.instructor.feedback import write_feedback
from course_helpers.instructor.gradebook import DEFAULT_POLICY, POLICIES


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `feedback` verb."""
    parser = subparsers.add_parser(
        "feedback", help="write each learner's per-question results (answer, right answer, why) as Markdown"
    )
    parser.add_argument("--gradebook", metavar="G", type=Path, required=True, help="written by `grade`")
    parser.add_argument("--key", metavar="K", type=Path, required=True, help="the key.json written by `release`")
    parser.add_argument("-o", "--output", metavar="DIR", type=Path, required=True, help="folder for the files")
    parser.add_argument("--policy", choices=POLICIES, default=DEFAULT_POLICY, help="which answer counts")
    parser.add_argument("--learner", action="append", metavar="ID", help="only this learner (repeatable)")
    parser.add_argument("--force", action="store_true", help="replace feedback files already in DIR")
    parser.add_argument("--release-exam-key", action="store_true",
                        help="show an exam's right answers to every learner (default: only to those with no attempt "
                        "left)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the files; exit 1 with one line on bad input."""
    result = write_feedback(
        args.gradebook, args.key, args.output, policy=args.policy, learners=args.learner, force=args.force,
        exam_key_released=args.release_exam_key,
    )
    print(f"Wrote {len(result.files)} feedback file(s) to {result.folder}")
    return 0
