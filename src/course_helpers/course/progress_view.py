"""The learner's progress in a notebook: the mastery table and a bar chart (matplotlib), drawn from course.progress."""

from __future__ import annotations

import textwrap
from typing import Any

from course_helpers.course.progress import (
    ProgressReport,
    progress_report,
    report_table,
)
from course_helpers.display.alt_image import AltImage
from course_helpers.display.html import no_math
from course_helpers.display.tables import Table
from course_helpers.errors import CourseInputError

BAR_COLOR = "#0072B2"  # Okabe-Ito blue
PASS_COLOR = "#E69F00"  # Okabe-Ito orange


def report_figure(report: ProgressReport, pass_mark: float | None = None) -> Any:
    """Return a horizontal bar chart of mastery per lesson (first lesson at the top)."""
    import matplotlib.pyplot as plt  # pyplot, so a notebook's inline backend knows how to draw it

    rows = list(reversed(report.rows))
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(len(rows), 1) + 1.4), layout="constrained")
    plt.close(fig)  # shown once, by display(), not again at the end of the cell
    labels = [row.bank for row in rows]
    values = [row.mastery for row in rows]
    bars = ax.barh(labels, values, color=BAR_COLOR)
    ax.bar_label(bars, labels=[f"{r.mastery:.0f}% ({r.mastered}/{r.in_bank})" for r in rows], padding=3)
    if pass_mark is not None:
        ax.axvline(pass_mark, color=PASS_COLOR, linestyle="--", label=f"pass mark ({pass_mark:.0f}%)")
        ax.legend(loc="lower right")
    ax.set_xlim(0, 110)
    ax.set_xlabel("Mastery (% of the lesson's questions whose latest answer was right)")
    ax.set_ylabel("Lesson")
    # wrapped at word boundaries: a long learner name must not cut the title off mid-word
    ax.set_title(textwrap.fill(f"Mastery by lesson: {report.learner} ({report.due} due for review)", 60))
    return fig


def progress_dashboard(learner: str | None = None) -> None:
    """Show the learner's mastery per lesson as a table and a bar chart, and how many reviews are due."""
    from IPython.display import HTML, display

    try:
        report = progress_report(learner)
    except CourseInputError as exc:
        display(HTML(no_math(f"<p><b>Progress cannot be shown:</b> {_escape(str(exc))}</p>")))
        return
    due = f"{report.due} question{'s' if report.due != 1 else ''} due for review"
    ungraded = f" {_escape(report.ungraded_line())}" if report.ungraded else ""
    display(
        HTML(
            no_math(
                f"<p><b>Progress for {_escape(report.learner)}</b>: {report.attempts} answers recorded; {due}."
                f"{ungraded}</p>"
            )
        )
    )
    # as a course table: full lesson titles (a bare DataFrame cut them mid-word at 50 characters), text left
    display(Table(report_table(report), caption=f"Mastery by lesson for {report.learner}"))
    display(AltImage(report_figure(report), report_alt(report)))


def report_alt(report: ProgressReport) -> str:
    """The chart's text alternative: every lesson's mastery, in the chart's order."""
    parts = "; ".join(f"{r.bank} {r.mastery:.0f}% ({r.mastered} of {r.in_bank})" for r in report.rows)
    return f"Bar chart of mastery by lesson for {report.learner}: {parts or 'no lessons yet'}."


def _escape(text: str) -> str:
    import html

    return html.escape(text)
