"""Render fact-check records as accessible "Fact check" callouts, and list them all as a table.

`fact_check("ccs-awarding-body")` returns an object that Jupyter displays as an HTML callout; the same
object has a plain-text and a Markdown form, so it reads well in a terminal or a Markdown export too.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from course_helpers.course.fact_checks import (
    FactCheck,
    get_fact_check,
    load_fact_checks,
)
from course_helpers.display.html import NO_MATH_CLASS, no_math
from course_helpers.display.palette import ERROR_TEXT, TEXT
from course_helpers.errors import CourseInputError

if TYPE_CHECKING:
    import pandas as pd

# Okabe-Ito hues in their text shades (>= 4.5:1 on white); the verdict is always written in words as well.
# Symbols are ones the default fonts have (DejaVu Sans): the hourglass U+231B showed as an empty box.
_VERDICT_STYLE: dict[str, tuple[str, str]] = {
    "Correct": (TEXT["bluish_green"], "✓"),
    "Wrong": (TEXT["vermillion"], "✗"),
    "Outdated": (TEXT["orange"], "◷"),
    "Partly correct": (TEXT["sky_blue"], "◐"),
    "Unverified": (TEXT["blue"], "?"),
}


def _verdict_words(record: FactCheck) -> str:
    """The verdict, with the fact-check's fuller wording when it has one."""
    detail = record.verdict_detail
    if not detail or detail.casefold() == record.verdict.casefold():
        return record.verdict
    if detail.casefold().startswith(record.verdict.casefold()):
        return detail  # "Wrong / misleading" already says "Wrong"
    return f"{record.verdict} ({detail})"


class FactCheckCallout:
    """A displayable "Fact check" note for one record."""

    def __init__(self, record: FactCheck) -> None:
        self.record = record

    def _repr_html_(self) -> str:
        r = self.record
        colour, symbol = _VERDICT_STYLE[r.verdict]
        e = html.escape
        heading_id = f"fact-check-{r.id}"
        if r.sources:
            items = "".join(
                f'<li><a href="{e(str(s.url))}" target="_blank" rel="noopener noreferrer">{e(s.title)}</a></li>'
                for s in r.sources
            )
            sources = f'<p style="margin:0.4em 0 0.1em 0"><strong>Sources</strong></p><ul style="margin:0">{items}</ul>'
        else:
            sources = '<p style="margin:0.4em 0 0 0"><strong>Sources:</strong> none found by the fact-check.</p>'
        caveat = (
            f'<p style="margin:0.4em 0 0 0"><strong>Check before relying on it:</strong> {e(r.caveat)}</p>'
            if r.caveat
            else ""
        )
        return (
            f'<aside class="course-fact-check {NO_MATH_CLASS}" role="note" aria-labelledby="{heading_id}" '
            f'style="border-left:6px solid {colour};background:rgba(127,127,127,0.08);'
            f'padding:0.6em 1em;margin:0.8em 0;border-radius:4px;color:inherit">'
            # h3: lessons put callouts under h2 sections, and axe flags a skip from h2 to h4
            f'<h3 id="{heading_id}" style="margin:0 0 0.4em 0;font-size:1.15em">'
            f'<span aria-hidden="true" style="color:{colour}">{e(symbol)}</span> Fact check</h3>'
            f'<p style="margin:0.2em 0"><strong>The guide says:</strong> {e(r.claim)}</p>'
            f'<p style="margin:0.2em 0"><strong>Verdict:</strong> {e(_verdict_words(r))}</p>'
            f'<p style="margin:0.2em 0"><strong>What is true:</strong> {e(r.correction)}</p>'
            f"{caveat}{sources}"
            f'<p style="margin:0.4em 0 0 0;font-size:0.85em">Reference: fact-check.md {e(r.fact_check_ref)} '
            f"· id <code>{e(r.id)}</code></p>"
            "</aside>"
        )

    def _repr_markdown_(self) -> str:
        r = self.record
        lines = [
            f"> **Fact check** ({_verdict_words(r)})",
            ">",
            f"> **The guide says:** {r.claim}",
            ">",
            f"> **What is true:** {r.correction}",
        ]
        if r.caveat:
            lines += [">", f"> **Check before relying on it:** {r.caveat}"]
        links = "; ".join(f"[{s.title}]({s.url})" for s in r.sources) or "none found"
        lines += [">", f"> **Sources:** {links}"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        r = self.record
        lines = [
            f"Fact check [{r.id}]",
            f"  The guide says: {r.claim}",
            f"  Verdict: {_verdict_words(r)}",
            f"  What is true: {r.correction}",
        ]
        if r.caveat:
            lines.append(f"  Check before relying on it: {r.caveat}")
        lines += [f"  Source: {s.title} <{s.url}>" for s in r.sources] or ["  Sources: none found"]
        return "\n".join(lines)


class FactCheckMessage:
    """A one-line message shown in place of a callout (for example, an unknown id)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def _repr_html_(self) -> str:
        return no_math(f'<p role="alert" style="color:{ERROR_TEXT}">{html.escape(self.message)}</p>')

    def __repr__(self) -> str:
        return self.message


def fact_check(fact_id: str) -> FactCheckCallout | FactCheckMessage:
    """Show the "Fact check" callout for one correction (a one-line message if the id is unknown)."""
    try:
        return FactCheckCallout(get_fact_check(fact_id))
    except CourseInputError as error:
        return FactCheckMessage(str(error))


def fact_check_table() -> pd.DataFrame:
    """Every fact-check record as a DataFrame, one row per claim, in data-file order."""
    import pandas as pd

    rows = [
        {
            "id": r.id,
            "verdict": r.verdict,
            "claim": r.claim,
            "correction": r.correction,
            "fact_check_ref": r.fact_check_ref,
            "summary_row": r.summary_row,
            "sources": len(r.sources),
        }
        for r in load_fact_checks().values()
    ]
    table = pd.DataFrame(rows)
    table["summary_row"] = table["summary_row"].astype("Int64")
    return table
