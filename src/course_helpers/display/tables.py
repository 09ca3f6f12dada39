"""Show a DataFrame in a lesson without MathJax turning "$48,780 ... $77,810" into mathematics."""

from __future__ import annotations

import html
from typing import Any

from course_helpers.display.html import no_math

# Prose reads best left-aligned and top-aligned; JupyterLab right-aligns table cells by default.
_STYLE = (
    "<style>.course-table td, .course-table th {text-align: left !important; vertical-align: top;}"
    " .course-table caption {font-weight: bold; text-align: left;}</style>"
)


class Table:
    """A DataFrame displayed as a plain HTML table (MathJax-safe) with an optional caption."""

    def __init__(self, frame: Any, caption: str | None = None) -> None:
        self.frame = frame
        self.caption = caption

    def _repr_html_(self) -> str:
        # a plain 0, 1, 2 ... index carries no meaning for a learner, so it is left out
        plain_index = type(self.frame.index).__name__ == "RangeIndex"
        table = self.frame.to_html(border=0, escape=True, index=not plain_index, classes="course-table")
        if self.caption:
            table = table.replace(">", f"><caption>{html.escape(self.caption)}</caption>", 1)
        return no_math(_STYLE + table)

    def __repr__(self) -> str:
        return self.frame.to_string(index=type(self.frame.index).__name__ != "RangeIndex")


def show_table(frame: Any, caption: str | None = None) -> Table:
    """Wrap a DataFrame so it displays MathJax-safe, with a caption that screen readers announce."""
    return Table(frame, caption)
