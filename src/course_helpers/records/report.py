"""The learner's progress in a notebook: a mastery table (pandas) and a bar chart (matplotlib).

`progress_report` gathers the numbers (store + banks + review schedule) and is shared with
`course-helpers progress`; `progress_dashboard` only renders them. pandas and matplotlib load lazily.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from course_helpers.errors import CourseInputError
from course_helpers.records.mastery import BankQuestions, LessonMastery, bank_questions, summarize
from course_helpers.records.schedule import due_questions
from course_helpers.records.store import ProgressStore, open_store, utc_now

BAR_COLOUR = "#0072B2"  # Okabe-Ito blue
PASS_COLOUR = "#E69F00"  # Okabe-Ito orange
TABLE_COLUMNS = ["lesson", "title", "answered", "in bank", "mastery %", "last activity"]


class NoBanksError(CourseInputError):
    """No question banks could be loaded, so mastery cannot be shown."""


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress table shows, for one learner at one moment."""

    learner: str
    rows: list[LessonMastery]
    due: int
    attempts: int


def load_bank_questions() -> dict[str, BankQuestions]:
    """Load the course's banks as plain values; raise NoBanksError with a clear message if there are none."""
    from course_helpers.quizzing.bank import BankError, load_banks, quizzes_dir

    try:
        banks = bank_questions(load_banks())
    except BankError as exc:
        raise NoBanksError(f"the question banks could not be read: {exc}") from exc
    if not banks:
        raise NoBanksError(f"no question banks found in {quizzes_dir()} (set COURSE_QUIZZES_DIR to the quizzes folder)")
    return banks


def progress_report(
    learner: str | None = None,
    store: ProgressStore | None = None,
    banks: Mapping[str, BankQuestions] | None = None,
    now: datetime | None = None,
) -> ProgressReport:
    """Build the mastery rows and the number of questions due for review for one learner."""
    from course_helpers.records.learner import current_learner

    store = store or open_store()
    learner = learner or current_learner(store)
    banks = load_bank_questions() if banks is None else banks
    rows = summarize(store.latest_results(learner), banks)
    history = store.attempts(learner=learner)
    due = [
        item
        for item in due_questions(history, now or utc_now())
        if item.bank in banks and item.question in banks[item.bank].questions
    ]
    return ProgressReport(learner, rows, len(due), len(history))


def report_table(report: ProgressReport) -> Any:
    """Return the report as a pandas DataFrame, one row per lesson."""
    import pandas as pd

    records = [
        {
            "lesson": row.bank,
            "title": row.title,
            "answered": row.answered,
            "in bank": row.in_bank,
            "mastery %": round(row.mastery, 1),
            "last activity": row.last_activity.strftime("%Y-%m-%d %H:%M UTC") if row.last_activity else "",
        }
        for row in report.rows
    ]
    return pd.DataFrame.from_records(records, columns=TABLE_COLUMNS).set_index("lesson")


def report_figure(report: ProgressReport, pass_mark: float | None = None) -> Any:
    """Return a horizontal bar chart of mastery per lesson (first lesson at the top)."""
    import matplotlib.pyplot as plt  # pyplot, so a notebook's inline backend knows how to draw it

    rows = list(reversed(report.rows))
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(len(rows), 1) + 1.4), layout="constrained")
    plt.close(fig)  # shown once, by display(), not again at the end of the cell
    labels = [row.bank for row in rows]
    values = [row.mastery for row in rows]
    bars = ax.barh(labels, values, color=BAR_COLOUR)
    ax.bar_label(bars, labels=[f"{r.mastery:.0f}% ({r.mastered}/{r.in_bank})" for r in rows], padding=3)
    if pass_mark is not None:
        ax.axvline(pass_mark, color=PASS_COLOUR, linestyle="--", label=f"pass mark ({pass_mark:.0f}%)")
        ax.legend(loc="lower right")
    ax.set_xlim(0, 110)
    ax.set_xlabel("Mastery (% of the lesson's questions whose latest answer was right)")
    ax.set_ylabel("Lesson")
    ax.set_title(f"Mastery by lesson: {report.learner} ({report.due} due for review)")
    return fig


def progress_dashboard(learner: str | None = None) -> None:
    """Show the learner's mastery per lesson as a table and a bar chart, and how many reviews are due."""
    from IPython.display import HTML, display

    from course_helpers.display.html import no_math

    try:
        report = progress_report(learner)
    except ValueError as exc:
        display(HTML(no_math(f"<p><b>Progress cannot be shown:</b> {_escape(str(exc))}</p>")))
        return
    due = f"{report.due} question{'s' if report.due != 1 else ''} due for review"
    display(
        HTML(
            no_math(f"<p><b>Progress for {_escape(report.learner)}</b>: {report.attempts} answers recorded; {due}.</p>")
        )
    )
    display(report_table(report))
    display(report_figure(report))


def _escape(text: str) -> str:
    import html

    return html.escape(text)
