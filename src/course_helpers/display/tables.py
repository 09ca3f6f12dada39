"""Show a DataFrame in a lesson without MathJax turning "$48,780 ... $77,810" into mathematics."""

from __future__ import annotations

import html
from typing import Any

from course_helpers.display.html import no_math
from course_helpers.display.palette import FOCUS_RING

# Prose reads best left-aligned and top-aligned; JupyterLab right-aligns table cells by default. A wide table
# scrolls sideways inside its own region, which the keyboard reaches (Tab to it, then the arrow keys).
_STYLE = (
    "<style>.course-table td, .course-table th {text-align: left !important; vertical-align: top;}"
    " .course-table caption {font-weight: bold; text-align: left;}"
    " .course-table-scroll {overflow-x: auto; max-width: 100%;}"
    f" .course-table-scroll:focus-visible {{outline: 2px solid {FOCUS_RING}; outline-offset: 2px;}}</style>"
)


class Table:
    """A DataFrame displayed as a plain HTML table (MathJax-safe) with an optional caption.

    Every header cell has text: the row labels' column is headed by the index's name (pandas leaves it empty
    and puts the name on a row of its own, under empty cells); column headers are `scope="col"`, row labels
    `scope="row"`. With a caption, the table sits in a scrolling region named by it (`role="region"`,
    `tabindex="0"`), so a keyboard user can Tab to a table wider than the page and scroll it with the arrows.
    """

    def __init__(self, frame: Any, caption: str | None = None) -> None:
        self.frame = frame
        self.caption = caption

    def _repr_html_(self) -> str:
        # a plain 0, 1, 2 ... index carries no meaning for a learner, so it is left out
        plain_index = type(self.frame.index).__name__ == "RangeIndex"
        table = self.frame.to_html(
            border=0, escape=True, index=not plain_index, index_names=False, classes="course-table"
        )
        head, body = table.split("</thead>", 1)
        if not plain_index:
            for name in self.frame.index.names:
                label = html.escape(str(name)) if name is not None else "Row"
                head = head.replace("<th></th>", f"<th>{label}</th>", 1)
        head = head.replace("<th>", '<th scope="col">')
        table = head + "</thead>" + body.replace("<th>", '<th scope="row">')
        if self.caption:
            caption = html.escape(self.caption)
            table = table.replace(">", f"><caption>{caption}</caption>", 1)
            # data-lm-suppress-shortcuts: JupyterLab leaves the arrow keys to the region (they scroll it) instead
            # of moving to the next cell
            table = (
                f'<div class="course-table-scroll" role="region" tabindex="0" aria-label="{caption}"'
                f' data-lm-suppress-shortcuts="true">{table}</div>'
            )
        return no_math(_STYLE + table)

    def __repr__(self) -> str:
        return self.frame.to_string(index=type(self.frame.index).__name__ != "RangeIndex")


def show_table(frame: Any, caption: str | None = None) -> Table:
    """Wrap a DataFrame so it displays MathJax-safe, with a caption that screen readers announce."""
    return Table(frame, caption)
