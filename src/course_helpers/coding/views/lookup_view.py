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
from course_helpers.coding.codes.normalize import format_cm
from course_helpers.coding.codes.parse import parse_secondary, split_codes
from course_helpers.coding.drg.grouper import DEFAULT_BASE_RATE, DISCHARGE_STATUSES, GroupingResult, group_case
from course_helpers.coding.drg.whatif import WhatIfComparison, drop_each, what_if
from course_helpers.errors import CodingInputError

_LABEL = {"description_width": "130px"}


def banner_html() -> str:
    """The pinned fiscal year and its sources, shown above every panel that shows codes."""
    return f'<div class="coding-fy" style="color:#555"><b>Code year:</b> {escape(FISCAL_YEAR.banner)}</div>'


def error_html(message: str) -> str:
    """A one-line message saying what to fix."""
    return f'<div class="coding-error" style="color:#D55E00">⚠ {escape(message)}</div>'


def _money(value: float | None) -> str:
    return "—" if value is None else f"${value:,.2f}"


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str) -> str:
    th = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in head)
    cell = "<td style='padding:2px 8px;vertical-align:top{}'>{}</td>"
    # the first column holds codes or labels: keep them on one line
    body = "".join(
        "<tr>" + "".join(cell.format(";white-space:nowrap" if i == 0 else "", c) for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table class="{css}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


# ---------------------------------------------------------------- look-up


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
    return _table(("Code", "System", "Title", "Status", "Matched in"), rows, "coding-results")


def details_html(details: CodeDetails) -> str:
    """A code's details: status line, title, notes (grouped by the code they are written on) or PCS axes."""
    colour = "#009E73" if details.billable else "#D55E00"
    parts = [
        f"<h4><code>{escape(details.display)}</code> {escape(details.title or '')}</h4>",
        f'<p style="color:{colour}">{escape(details.message)}</p>',
    ]
    if details.inclusion_terms:
        items = "".join(f"<li>{escape(t)}</li>" for t in details.inclusion_terms)
        parts.append(f"<p><b>Inclusion terms</b></p><ul>{items}</ul>")
    if details.children:
        rows = [(f"<code>{escape(c)}</code>", escape(t)) for c, t in details.children]
        parts.append("<p><b>Choose a more specific code</b></p>" + _table(("Code", "Title"), rows, "coding-children"))
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
        parts.append(_table(("#", "Axis", "Value", "Meaning", "Definition"), rows, "coding-axes"))
    return "".join(parts)


def _notes_table(notes: Sequence[CodeNote]) -> str:
    rows = [(escape(n.kind), escape(n.text).replace("\n", "<br>"), f"<code>{escape(n.source)}</code>") for n in notes]
    return _table(("Note", "Text", "Written on"), rows, "coding-notes")


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
            style=_LABEL,
            layout={"width": "480px"},
        )
        self.system = widgets.ToggleButtons(
            options=[("ICD-10-CM", "cm"), ("ICD-10-PCS", "pcs"), ("Both", "both")],
            value=system,
            description="Code set",
            style=_LABEL,
        )
        self.search_button = widgets.Button(description="Search", button_style="primary")
        self.pick = widgets.Dropdown(options=[], description="Details for", style=_LABEL, layout={"width": "480px"})
        self.code = widgets.Text(
            description="Or look up", placeholder="I50.21 or 0SR9019", continuous_update=False, style=_LABEL
        )
        self.lookup_button = widgets.Button(description="Look up")
        self.message = widgets.HTML()
        self.results = widgets.HTML()
        self.details = widgets.HTML()
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
            self.results,
            self.pick,
            widgets.HBox([self.code, self.lookup_button]),
            self.details,
        ]
        if query:
            self.search()

    def search(self) -> None:
        """Run the search for the current words and code set; show results or a one-line message."""
        self.message.value = ""
        try:
            self.hits = search_codes(self.query.value, self.system.value, self.limit)
        except CodingInputError as err:
            self.hits = []
            self.message.value = error_html(str(err))
        note = synonym_note(self.query.value, self.system.value) if not self.message.value else None
        hint = f"<p><i>{escape(note)}</i></p>" if note else ""
        self.results.value = hint + results_html(self.hits) if self.query.value.strip() else ""
        self.pick.options = [(f"{h.display}  {h.title[:70]}", f"{h.system}|{h.code}") for h in self.hits]
        self.pick.value = self.pick.options[0][1] if self.hits else None

    def _picked(self, change: dict) -> None:
        if change.get("new"):
            system, code = str(change["new"]).split("|", 1)
            self.show(code, "cm" if system == "ICD-10-CM" else "pcs")

    def show(self, code: str, system: str | None = None) -> None:
        """Show one code's details (or a one-line message saying what to fix)."""
        self.message.value = ""
        try:
            self.details.value = details_html(lookup_code(code, system))
        except CodingInputError as err:
            self.details.value = ""
            self.message.value = error_html(str(err))


def code_lookup(query: str = "", system: str = "cm") -> CodeLookup:
    """The code look-up panel: type words, pick a code set, read the matching codes and their notes."""
    return CodeLookup(query, system)


# ---------------------------------------------------------------- DRG what-if


def grouping_html(result: GroupingResult) -> str:
    """A grouping result: DRG, MDC, weight, stays, payment, each secondary diagnosis, edits and notes."""
    drg_line = f"MS-DRG {result.drg} {escape(result.drg_title)}"
    facts = [
        ("MDC", escape(f"{result.mdc:02d} {result.mdc_title}" if result.mdc is not None else "—")),
        ("MS-DRG", f"<b>{drg_line}</b>"),
        ("Relative weight", "—" if result.weight is None else f"{result.weight:.4f}"),
        ("Geometric mean stay", "—" if result.gmlos is None else f"{result.gmlos:.1f} days"),
        ("Payment estimate", f"<b>{_money(result.payment)}</b> (weight × base rate {_money(result.base_rate)})"),
    ]
    parts = [_table(("", ""), facts, "coding-drg")]
    if result.secondary:
        rows = [
            (
                f"<code>{escape(d.display)}</code>",
                escape(d.poa or "—"),
                d.severity,
                d.counts_as,
                "✔" if d.drove_drg else "",
                escape(d.explanation),
            )
            for d in result.secondary
        ]
        parts.append(_table(("Secondary", "POA", "Level", "Counts as", "Drove DRG", "Why"), rows, "coding-sdx"))
    if result.edits:
        items = "".join(f"<li>{escape(e.message)}</li>" for e in result.edits)
        parts.append(f"<p><b>Code editor</b></p><ul class='coding-edits'>{items}</ul>")
    items = "".join(f"<li>{escape(n)}</li>" for n in result.notes)
    parts.append(f"<ul class='coding-notes'>{items}</ul>")
    return "".join(parts)


def comparison_html(comparison: WhatIfComparison) -> str:
    """Before and after side by side, with the change in DRG and payment."""
    b, a = comparison.before, comparison.after

    def sdx(r: GroupingResult) -> str:
        return ", ".join(f"{d.display} ({d.counts_as})" for d in r.secondary) or "none"

    rows = [
        ("Secondary diagnoses", sdx(b), sdx(a)),
        ("MS-DRG", f"{b.drg} {escape(b.drg_title)}", f"{a.drg} {escape(a.drg_title)}"),
        ("Relative weight", f"{b.weight or 0:.4f}", f"{a.weight or 0:.4f}"),
        ("Geometric mean stay", f"{b.gmlos or 0:.1f} days", f"{a.gmlos or 0:.1f} days"),
        ("Payment estimate", _money(b.payment), _money(a.payment)),
    ]
    head = ("", "As coded", escape(f"What if: {comparison.change}"))
    return f"<p><b>{escape(comparison.summary())}</b></p>" + _table(head, rows, "coding-whatif")


def impact_html(comparisons: Sequence[WhatIfComparison]) -> str:
    """What each secondary diagnosis is worth: the DRG and payment if it alone were missing."""
    if not comparisons:
        return ""
    rows = [
        (
            f"<code>{escape(', '.join(format_cm(code) for code in c.dropped))}</code>",
            f"{c.after.drg}",
            _money(c.after.payment),
            "—" if c.payment_difference is None else _money(c.payment_difference),
        )
        for c in comparisons
    ]
    return "<p><b>If one secondary diagnosis were missing</b></p>" + _table(
        ("Missing", "MS-DRG", "Payment", "Change"), rows, "coding-impact"
    )


class DrgWhatIf(widgets.VBox):
    """Case inputs, a Group button, and a what-if that drops or adds secondary diagnoses."""

    def __init__(
        self, pdx: str = "I50.21", sdx: str = "N17.9:Y E87.1:Y", procedures: str = "", age: int = 70, sex: str = "F"
    ) -> None:
        super().__init__()
        self.pdx = widgets.Text(value=pdx, description="Principal dx", style=_LABEL)
        self.sdx = widgets.Textarea(
            value=sdx,
            description="Secondary dx",
            placeholder="N17.9:Y E87.1:Y",
            style=_LABEL,
            layout={"width": "420px"},
        )
        self.procedures = widgets.Text(
            value=procedures, description="Procedures", placeholder="0SR9019", style=_LABEL, layout={"width": "420px"}
        )
        self.age = widgets.BoundedIntText(value=age, min=0, max=124, description="Age", style=_LABEL)
        self.sex = widgets.Dropdown(
            options=[("Female", "F"), ("Male", "M"), ("Unknown", "U")], value=sex, description="Sex", style=_LABEL
        )
        self.discharge_status = widgets.Dropdown(
            options=[(f"{k:02d} {v}", k) for k, v in DISCHARGE_STATUSES.items()],
            value=1,
            description="Discharge",
            style=_LABEL,
            layout={"width": "420px"},
        )
        self.base_rate = widgets.BoundedFloatText(
            value=DEFAULT_BASE_RATE, min=1, max=100000, step=100, description="Base rate $", style=_LABEL
        )
        self.group_button = widgets.Button(description="Group", button_style="primary")
        self.drop = widgets.SelectMultiple(options=[], description="Drop", style=_LABEL, rows=4)
        self.add = widgets.Text(description="Add", placeholder="J96.01:Y", style=_LABEL)
        self.compare_button = widgets.Button(description="Compare")
        self.message = widgets.HTML()
        self.result_html = widgets.HTML()
        self.impact = widgets.HTML()
        self.comparison_html = widgets.HTML()
        self.result: GroupingResult | None = None
        self.comparison: WhatIfComparison | None = None
        self.group_button.on_click(lambda _b: self.group())
        self.compare_button.on_click(lambda _b: self.compare())
        self.children = [
            widgets.HTML(banner_html()),
            self.pdx,
            self.sdx,
            self.procedures,
            widgets.HBox([self.age, self.sex]),
            self.discharge_status,
            self.base_rate,
            widgets.HTML("<small>The default base rate is an illustrative round number, not a CMS rate.</small>"),
            self.group_button,
            self.message,
            self.result_html,
            self.impact,
            widgets.HTML("<p><b>What if?</b> Drop or add secondary diagnoses and compare.</p>"),
            widgets.HBox([self.drop, widgets.VBox([self.add, self.compare_button])]),
            self.comparison_html,
        ]

    def _case(self) -> dict:
        return dict(
            pdx=self.pdx.value,
            sdx=parse_secondary(self.sdx.value),
            procedures=split_codes(self.procedures.value),
            age=self.age.value,
            sex=self.sex.value,
            discharge_status=self.discharge_status.value,
            base_rate=self.base_rate.value,
        )

    def group(self) -> None:
        """Group the case in the inputs and show the result (or a one-line message)."""
        self.message.value = ""
        self.comparison_html.value = ""
        try:
            case = self._case()
            self.result = group_case(**case)
            comparisons = drop_each(**case)
        except CodingInputError as err:
            self.result = None
            self.result_html.value = self.impact.value = ""
            self.message.value = error_html(str(err))
            return
        self.result_html.value = grouping_html(self.result)
        self.impact.value = impact_html(comparisons)
        self.drop.options = [(d.display, d.code) for d in self.result.secondary]

    def compare(self) -> None:
        """Compare the case as coded with the chosen drops and additions, side by side."""
        self.message.value = ""
        try:
            case = self._case()
            self.comparison = what_if(**case, drop=list(self.drop.value), add=parse_secondary(self.add.value))
        except CodingInputError as err:
            self.comparison = None
            self.comparison_html.value = ""
            self.message.value = error_html(str(err))
            return
        self.comparison_html.value = comparison_html(self.comparison)


def drg_whatif(
    pdx: str = "I50.21", sdx: str = "N17.9:Y E87.1:Y", procedures: str = "", age: int = 70, sex: str = "F"
) -> DrgWhatIf:
    """The DRG what-if panel: group a case, see what each secondary diagnosis is worth, compare changes."""
    return DrgWhatIf(pdx, sdx, procedures, age, sex)


# ---------------------------------------------------------------- ICD-10-PCS axes


class PcsExplainer(widgets.VBox):
    """Type a 7-character ICD-10-PCS code and read what each character means."""

    def __init__(self, code: str = "0SR9019") -> None:
        super().__init__()
        self.code = widgets.Text(value=code, description="PCS code", continuous_update=False, style=_LABEL)
        self.explain_button = widgets.Button(description="Explain")
        self.message = widgets.HTML()
        self.details = widgets.HTML()
        self.code.observe(lambda _c: self.explain(), names="value")
        self.explain_button.on_click(lambda _b: self.explain())
        self.children = [
            widgets.HTML(banner_html()),
            widgets.HBox([self.code, self.explain_button]),
            self.message,
            self.details,
        ]
        self.explain()

    def explain(self) -> None:
        """Show the code's title, validity and seven axes (or a one-line message)."""
        self.message.value = ""
        try:
            self.details.value = details_html(lookup_code(self.code.value, "pcs"))
        except CodingInputError as err:
            self.details.value = ""
            self.message.value = error_html(str(err))


def pcs_explainer(code: str = "0SR9019") -> PcsExplainer:
    """The ICD-10-PCS explainer: the seven characters of a code, each with its axis and meaning."""
    return PcsExplainer(code)
