"""Write docs/graded-keys.md: every bank's questions (lesson banks and the exam pool), each key in short and its
primary source(s), from the banks' `source:` tags.

Usage: .venv/bin/python scripts/graded_keys.py [--check]
--check exits 1 (and says so) when the page is stale instead of writing it. tests/course/test_graded_keys_doc.py
runs the same check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_helpers.course.graded_keys import graded_keys_markdown

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "graded-keys.md"
BANKS = ROOT / "quizzes"


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or with --check, verify) the page; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the page is stale instead of writing it")
    args = parser.parse_args(argv)
    fresh = graded_keys_markdown(BANKS)
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if fresh == current:
        print(f"{DOC.name}: up to date")
        return 0
    if args.check:
        print(f"{DOC.name}: stale: run scripts/graded_keys.py", file=sys.stderr)
        return 1
    DOC.write_text(fresh, encoding="utf-8")
    print(f"{DOC.name}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
