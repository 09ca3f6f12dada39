"""ipywidgets views for the coding lab: a code look-up and a DRG what-if panel.

Views only wire controls to the models (lookup, grouper, whatif) and render HTML; bad input shows a
one-line message, never a traceback. Each function returns a widget; nothing is displayed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets

from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.icd10cm import CodeDetails, CodeNote
from course_helpers.coding.codes.lookup import SearchHit, lookup_code, search_codes, synonym_note
from course_helpers.coding.views.panel_parts import LABEL_STYLE, banner_html, error_html, html_table
from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.display.palette import ERROR_TEXT, OK_TEXT
from course_helpers.errors import CourseInputError


def _status(hit: SearchHit) -> str:
    if hit.system == "ICD-10-CM":
        return "billable" if hit.billable else "header"
    return "valid" if hit.billable else f"not valid in {FISCAL_YEAR.label}"


def results_html(hits: Sequence[SearchHit]) -> str:
    """Search results as an HTML table (code, system, title, billable, matched in)."""
    if not hits:
        return "<p>No codes contain every word. Try fewer or shorter words (all words must match).</p>"
    rows = [
        (
            f"<code>{escape(h.display)}</code>",
            h.system.replace("-", "&#8209;"),  # non-breaking hyphens: "ICD-10-CM" stays on one line
            escape(h.title),
            _status(h),
            h.matched_in,
        )
        for h in hits
    ]
    return html_table(("Code", "System", "Title", "Status", "Matched in"), rows, "coding-results")


def details_html(details: CodeDetails) -> str:
    """A code's details: status line, title, notes (grouped by the code they are written on) or PCS axes."""
    colour = OK_TEXT if details.billable else ERROR_TEXT  # text shades: >= 4.5:1 on white
    parts = [
        f"<h4><code>{escape(details.display)}</code> {escape(details.title or '')}</h4>",
        f'<p style="color:{colour}">{escape(details.message)}</p>',
    ]
    if details.inclusion_terms:
        items = "".join(f"<li>{escape(t)}</li>" for t in details.inclusion_terms)
        parts.append(f"<p><b>Inclusion terms</b></p><ul>{items}</ul>")
    if details.children:
        rows = [(f"<code>{escape(c)}</code>", escape(t)) for c, t in details.children]
        parts.append(
            "<p><b>Choose a more specific code</b></p>" + html_table(("Code", "Title"), rows, "coding-children")
        )
    if details.notes:
        parts.append("<p><b>Notes</b> (a note on a parent code applies to every code under it)</p>")
        near = [n for n in details.notes if not n.source.startswith(("chapter ", "block "))]
        far = [n for n in details.notes if n.source.startswith(("chapter ", "block "))]
        if near:
            parts.append(_notes_table(near))
        if far:
            parts.append(
                f"<details><summary>Notes on the block and chapter ({len(far)})</summary>{_notes_table(far)}</details>"
            )
    if details.axes:
        rows = [
            (
                str(a.position),
                escape(a.axis),
                f"<code>{escape(a.value)}</code>",
                escape(a.meaning or "—"),
                escape(a.definition or ""),
            )
            for a in details.axes
        ]
        parts.append("<p><b>The seven characters</b></p>")
        parts.append(html_table(("#", "Axis", "Value", "Meaning", "Definition"), rows, "coding-axes"))
    return "".join(parts)


def _notes_table(notes: Sequence[CodeNote]) -> str:
    rows = [(escape(n.kind), escape(n.text).replace("\n", "<br>"), f"<code>{escape(n.source)}</code>") for n in notes]
    return html_table(("Note", "Text", "Written on"), rows, "coding-notes")


class CodeLookup(widgets.VBox):
    """Search box, system toggle, results table, and details with notes for a chosen code."""

    def __init__(self, query: str = "", system: str = "cm", limit: int = 25) -> None:
        super().__init__()
        self.limit = limit
        self.query = widgets.Text(
            value=query,
            description="Search words",
            placeholder="acute systolic heart failure",
            continuous_update=False,
            style=LABEL_STYLE,
            layout={"width": "480px"},
        )
        self.system = widgets.ToggleButtons(
            options=[("ICD-10-CM", "cm"), ("ICD-10-PCS", "pcs"), ("Both", "both")],
            value=system,
            description="Code set",
            style=LABEL_STYLE,
        )
        self.search_button = widgets.Button(description="Search", button_style="primary")
        self.pick = widgets.Dropdown(
            options=[], description="Details for", style=LABEL_STYLE, layout={"width": "480px"}
        )
        self.code = widgets.Text(
            description="Or look up", placeholder="I50.21 or 0SR9019", continuous_update=False, style=LABEL_STYLE
        )
        self.lookup_button = widgets.Button(description="Look up")
        self.message = live_region(widgets.HTML())
        self.found = live_region(widgets.HTML())  # "12 codes found": the long list itself is not read out
        self.results = widgets.HTML()
        self.details = live_region(widgets.HTML())
        self.hits: list[SearchHit] = []
        self.search_button.on_click(lambda _b: self.search())
        self.lookup_button.on_click(lambda _b: self.show(self.code.value))
        self.query.observe(lambda _c: self.search(), names="value")
        self.system.observe(lambda _c: self.search(), names="value")
        self.pick.observe(self._picked, names="value")
        self.children = [
            widgets.HTML(banner_html()),
            widgets.HBox([self.query, self.search_button]),
            self.system,
            self.message,
            self.found,
            self.results,
            self.pick,
            widgets.HBox([self.code, self.lookup_button]),
            self.details,
        ]
        with_keyboard_support(self)
        if query:
            self.search()

    def search(self) -> None:
        """Run the search for the current words and code set; show results or a one-line message."""
        self.message.value = ""
        try:
            self.hits = search_codes(self.query.value, self.system.value, self.limit)
        except CourseInputError as err:
            self.hits = []
            self.message.value = error_html(str(err))
        note = synonym_note(self.query.value, self.system.value) if not self.message.value else None
        hint = f"<p><i>{escape(note)}</i></p>" if note else ""
        self.results.value = hint + results_html(self.hits) if self.query.value.strip() else ""
        count = f"{len(self.hits)} code{'s' if len(self.hits) != 1 else ''}"
        self.found.value = f"<p>{count} found; details of the first below.</p>" if self.hits else ""
        self.pick.options = [(f"{h.display}  {h.title[:70]}", f"{h.system}|{h.code}") for h in self.hits]
        self.pick.value = self.pick.options[0][1] if self.hits else None
        if not self.hits:
            self.details.value = ""  # never the details of a code from an earlier search

    def _picked(self, change: dict) -> None:
        if change.get("new"):
            system, code = str(change["new"]).split("|", 1)
            self.show(code, "cm" if system == "ICD-10-CM" else "pcs")

    def show(self, code: str, system: str | None = None) -> None:
        """Show one code's details (or a one-line message saying what to fix)."""
        self.message.value = ""
        try:
            self.details.value = details_html(lookup_code(code, system))
        except CourseInputError as err:
            self.details.value = ""
            self.message.value = error_html(str(err))


def code_lookup(query: str = "", system: str = "cm") -> CodeLookup:
    """The code look-up panel: type words, pick a code set, read the matching codes and their notes."""
    return CodeLookup(query, system)
