"""`course-helpers submit [--file FILE]`: hand in to the course's JupyterHub collection service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_helpers.classroom.client import hand_in


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `submit` verb."""
    parser = subparsers.add_parser(
        "submit", help="hand in your progress on JupyterHub (elsewhere use `export` and give the file)"
    )
    parser.add_argument("--file", type=Path, help="hand in this submission file instead of this server's progress")
    parser.add_argument("--url", help="the collection service's URL (default: $COURSE_SUBMIT_URL)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Hand in; print the receipt, or one line saying why not (exit 1)."""
    result = hand_in(file=args.file, url=args.url)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1
