"""Pieces every coding-lab panel shares: the code-year banner, the one-line error, label width, and result tables."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.display.palette import ERROR_TEXT, MUTED_TEXT

LABEL_STYLE = {"description_width": "130px"}


def banner_html() -> str:
    """The pinned fiscal year and its sources, shown above every panel that shows codes."""
    return f'<div class="coding-fy" style="color:{MUTED_TEXT}"><b>Code year:</b> {escape(FISCAL_YEAR.banner)}</div>'


def error_html(message: str) -> str:
    """A one-line message saying what to fix."""
    return f'<div class="coding-error" style="color:{ERROR_TEXT}">⚠ {escape(message)}</div>'


def html_table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    """A plain HTML table; the first column (codes, labels) stays on one line."""
    th = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in head)
    cell = "<td style='padding:2px 8px;vertical-align:top{}'>{}</td>"
    # the first column holds codes or labels: keep them on one line
    body = "".join(
        "<tr>" + "".join(cell.format(";white-space:nowrap" if i == 0 else "", c) for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    # in a narrow window the table scrolls inside its own box (the keyboard script makes it reachable by Tab)
    table = f'<table class="{css}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'
    return f'<div class="course-scroll">{table}</div>'
