"""Rewrite the exam blueprint table in docs/authoring.md from the shipped pool (between its two markers).

Usage: PYTHONPATH=src python scripts/refresh_exam_blueprint.py   (a test fails when the table is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

from course_helpers.course.exam_blueprint import BLUEPRINT_END, BLUEPRINT_START, blueprint_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"


def main() -> int:
    """Put the generated table between the markers; exit 1 if the markers are missing."""
    text = DOC.read_text(encoding="utf-8")
    if BLUEPRINT_START not in text or BLUEPRINT_END not in text:
        print(f"{DOC}: the markers {BLUEPRINT_START} ... {BLUEPRINT_END} are missing", file=sys.stderr)
        return 1
    head, rest = text.split(BLUEPRINT_START, 1)
    _, tail = rest.split(BLUEPRINT_END, 1)
    DOC.write_text(f"{head}{BLUEPRINT_START}\n{blueprint_markdown()}{BLUEPRINT_END}{tail}", encoding="utf-8")
    print(f"wrote the exam blueprint into {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
