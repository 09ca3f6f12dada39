"""A plain-text table that a notebook shows as a real HTML table.

`print(text)` of a wide text table wraps in a narrow output and scrambles its columns; a learner at 200%
zoom sees nonsense. `TextTable` is a `str` (so `print`, the terminal and tests get the plain text as
before) that Jupyter displays, when it is a cell's value, as an HTML table with a caption and header
cells, text left-aligned, numbers right-aligned, and MathJax kept off its dollar signs.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from course_helpers.display.html import no_math

# !important: JupyterLab's own rule right-aligns every table cell, prose included
_STYLE = (
    "<style>.course-text-table td, .course-text-table th"
    " {text-align: left !important; vertical-align: top; padding: 2px 8px;}"
    " .course-text-table td.num, .course-text-table th.num {text-align: right !important; white-space: nowrap;}"
    " .course-text-table caption {font-weight: bold; text-align: left;}</style>"
)


class TextTable(str):
    """Plain text for print; an HTML table (header, rows, optional text before and after) for display."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __new__(
        cls,
        text: str,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        caption: str = "",
        before: Sequence[str] = (),
        after: Sequence[str] = (),
        numeric: Sequence[int] = (),
    ) -> TextTable:
        obj = super().__new__(cls, text)
        obj.header = tuple(header)
        obj.rows = tuple(tuple(str(cell) for cell in row) for row in rows)
        if any(len(row) != len(obj.header) for row in obj.rows):
            raise ValueError("every row of a table needs one cell per header")
        obj.caption, obj.before, obj.after, obj.numeric = caption, tuple(before), tuple(after), frozenset(numeric)
        return obj

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        e = html.escape

        def cell(tag: str, i: int, value: str) -> str:
            css = ' class="num"' if i in self.numeric else ""
            return f"<{tag}{css}>{e(value)}</{tag}>"

        head = "".join(cell("th", i, h) for i, h in enumerate(self.header))
        body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in self.rows)
        caption = f"<caption>{e(self.caption)}</caption>" if self.caption else ""
        table = (
            f'<table class="course-text-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )
        before = "".join(f"<p>{e(line)}</p>" for line in self.before if line)
        after = "".join(f"<p>{e(line)}</p>" for line in self.after if line)
        return no_math(_STYLE + before + table + after)
