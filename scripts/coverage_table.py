"""Write the coding lab's coverage table into docs/coding-lab.md, generated from the cases.

Usage: .venv/bin/python scripts/coverage_table.py [--check]
The table sits between the coverage-table markers; --check exits 1 (and says so) when the table is stale
instead of writing it. tests/coding/cases/test_coverage.py runs the same check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_helpers.coding.cases.coverage import coverage_table_markdown, replace_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "coding-lab.md"


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or with --check, verify) the table; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the table is stale instead of writing it")
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    fresh = replace_table(current, coverage_table_markdown())
    if fresh == current:
        print(f"{DOC.name}: coverage table is up to date")
        return 0
    if args.check:
        print(f"{DOC.name}: coverage table is stale: run scripts/coverage_table.py", file=sys.stderr)
        return 1
    DOC.write_text(fresh, encoding="utf-8")
    print(f"{DOC.name}: coverage table written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
