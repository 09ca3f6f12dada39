"""A DataFrame that displays the way a learner reads a table: no 0, 1, 2 row numbers, text left-aligned.

JupyterLab shows a DataFrame with its RangeIndex (0-based row numbers that mean nothing to a learner) and
right-aligns every cell, prose included. `CourseFrame` is an ordinary DataFrame (tests and code index it
as before, and selections stay CourseFrames) whose notebook display is `display.tables.Table`'s.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from course_helpers.display.tables import Table


class CourseFrame(pd.DataFrame):
    """A DataFrame shown as a plain, left-aligned, MathJax-safe HTML table without meaningless row numbers."""

    _metadata: list[str] = []

    @property
    def _constructor(self) -> type[CourseFrame]:
        return CourseFrame

    def _repr_html_(self) -> str:  # type: ignore[override]
        return Table(pd.DataFrame(self))._repr_html_()


def course_frame(data: Any = None, **kwargs: Any) -> CourseFrame:
    """Build a CourseFrame (same arguments as `pandas.DataFrame`)."""
    return CourseFrame(data, **kwargs)
