"""The learner's progress as numbers: mastery per lesson, reviews due, and the same as a pandas table.

`progress_report` gathers the numbers (store + banks + review schedule) and is shared by
`course-helpers progress` and `course.progress_view.progress_dashboard`, which only renders them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from course_helpers.quizzing.bank_questions import load_bank_questions
from course_helpers.records.learner import current_learner
from course_helpers.records.mastery import BankQuestions, LessonMastery, summarize
from course_helpers.records.schedule import due_questions
from course_helpers.records.store import ProgressStore, open_store, utc_now

TABLE_COLUMNS = ["lesson", "title", "answered", "in bank", "mastery %", "last activity"]


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress table shows, for one learner at one moment."""

    learner: str
    rows: list[LessonMastery]
    due: int
    attempts: int
    ungraded: int = 0
    """Answers recorded but not graded (a released graded bank's, such as the exam): in `attempts`, kept out of
    mastery and review; the instructor's key grades them."""

    def ungraded_line(self) -> str:
        """One line about the answers recorded but not graded, or '' when there are none."""
        if not self.ungraded:
            return ""
        noun = "answer is" if self.ungraded == 1 else "answers are"
        return (f"{self.ungraded} {noun} recorded, not graded (a graded quiz or exam): your instructor grades "
                "them; they are not counted in mastery or review.")


def progress_report(
    learner: str | None = None,
    store: ProgressStore | None = None,
    banks: Mapping[str, BankQuestions] | None = None,
    now: datetime | None = None,
) -> ProgressReport:
    """Build the mastery rows and the number of questions due for review for one learner."""

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
    return ProgressReport(learner, rows, len(due), len(history), sum(not a.graded for a in history))


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
