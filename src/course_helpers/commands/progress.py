"""`course-helpers progress [--learner ID]`: per-lesson mastery and how many questions are due for review."""

from __future__ import annotations

import argparse

from course_helpers.course.progress import ProgressReport, progress_report
from course_helpers.display.text import printable
from course_helpers.quizzing.bank_questions import load_bank_questions
from course_helpers.records.learner import resolve_learner
from course_helpers.records.store import ProgressStore, default_path

HEADERS = ("lesson", "answered / in bank", "mastery %", "last activity")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `progress` verb."""
    parser = subparsers.add_parser("progress", help="show a learner's mastery per lesson and reviews due")
    parser.add_argument("--learner", metavar="ID", help="learner id (default: the current learner)")
    parser.set_defaults(run=run)


def format_report(report: ProgressReport) -> str:
    """Return the report as a plain-text table followed by the review line."""
    body = [
        (
            row.bank,
            f"{row.answered} / {row.in_bank}",
            f"{row.mastery:.0f}",
            row.last_activity.strftime("%Y-%m-%d %H:%M UTC") if row.last_activity else "-",
        )
        for row in report.rows
    ]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(HEADERS)]
    align = ["<", ">", ">", "<"]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, align, widths, strict=True)).rstrip()

    lines = [
        f"Progress for {printable(report.learner)} ({report.attempts} answers recorded)",
        "",
        line(HEADERS),
        line(tuple("-" * w for w in widths)),
        *map(line, body),
        "",
    ]
    noun = "question is" if report.due == 1 else "questions are"
    lines.append(f"{report.due} {noun} due for review.")
    if report.ungraded:
        lines.append(report.ungraded_line())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the progress table; exit 1 with one line on bad input."""
    with ProgressStore(default_path(), read_only=True) as store:
        learner = resolve_learner(store, args.learner)
        report = progress_report(learner, store=store, banks=load_bank_questions())
    print(format_report(report))
    return 0
