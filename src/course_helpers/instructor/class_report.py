"""The class at a glance: one row per learner, percent per bank, banks passed (a model: frames in, frames out)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from course_helpers.errors import CourseInputError

TOTAL_COLUMNS = ("learner", "bank", "score", "max_score", "percent", "passed")


def class_table_from_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Learners x banks percent (0-100, one decimal), then overall percent and banks passed, weakest first."""
    missing = [c for c in TOTAL_COLUMNS if c not in totals.columns]
    if missing:
        raise CourseInputError(
            f"the totals lack the column(s) {', '.join(missing)}; expected {', '.join(TOTAL_COLUMNS)}"
        )
    order = list(dict.fromkeys(totals["bank"]))
    wide = totals.pivot_table(index="learner", columns="bank", values="percent", aggfunc="last")[order].round(1)
    sums = totals.groupby("learner")[["score", "max_score"]].sum()
    wide["overall %"] = (100 * sums["score"] / sums["max_score"].where(sums["max_score"] > 0)).round(1)
    passed = totals.groupby("learner")["passed"].agg(["sum", "count"])
    wide["banks passed"] = [f"{int(s)}/{int(c)}" for s, c in zip(passed["sum"], passed["count"], strict=True)]
    wide.columns.name = None
    return wide.sort_values("overall %", kind="stable")


def load_totals(gradebook: Path | str | pd.DataFrame, policy: str = "latest") -> pd.DataFrame:
    """`learner_totals` of a gradebook file, or the frame itself when given one."""
    if isinstance(gradebook, pd.DataFrame):
        return gradebook
    from course_helpers.instructor.gradebook import learner_totals

    return learner_totals(gradebook, policy)


def class_table(gradebook: Path | str | pd.DataFrame, policy: str = "latest") -> pd.DataFrame:
    """The class table of a gradebook file (or of a `learner_totals` frame)."""
    return class_table_from_totals(load_totals(gradebook, policy))
