"""The PCS table builder: search the Index, open a Table, choose each character from the values it allows.

A view only: which values a step allows, their definitions, the title and the code editor's verdict come
from ``coding.codes.pcs_tables``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from course_helpers.coding.codes import pcs_tables
from course_helpers.coding.codes.pcs_tables import AXIS_NAMES, PcsValue
from course_helpers.coding.views.panel_parts import LABEL_STYLE, banner_html, error_html, html_table
from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.display.palette import ERROR_TEXT, OK_TEXT
from course_helpers.errors import CourseInputError

_CHOOSE = "(choose)"
# rows wrap and buttons keep their whole label ("Search the Index", never "Search the I…") in a narrow column
_ROW = {"flex_flow": "row wrap", "max_width": "100%"}
_BUTTON = {"width": "auto", "min_width": "max-content"}
_MAX_REFERENCES = 40


def _option(value: PcsValue) -> tuple[str, str]:
    return (f"{value.value} · {value.label}", value.value)


def choices_html(axis: str, values: tuple[PcsValue, ...]) -> str:
    """The values the next step allows, each with its label and (root operations, approaches) its definition."""
    if not values:
        return ""
    rows = []
    for v in values:
        meaning = f"<b>{escape(v.label)}</b>"
        if v.definition:
            meaning += f": {escape(v.definition)}"
        if v.explanation:
            meaning += f"<br><span style='color:#555'>{escape(v.explanation)}</span>"
        rows.append((escape(v.value), meaning))
    head = f"<p style='margin:4px 0'><b>Next: {escape(axis.lower())}</b> ({len(values)} allowed)</p>"
    return head + html_table(["Value", "Meaning"], rows, "pcs-choices")


def result_html(built: pcs_tables.BuiltCode) -> str:
    """The finished code: the code, its title, its validity in the pinned year, and its seven values."""
    mark = "✔ Valid" if built.valid else "✘ Not valid"
    colour = OK_TEXT if built.valid else ERROR_TEXT
    title = escape(built.title) if built.title else "(no title in the installed lists)"
    rows = [(str(i + 1), escape(AXIS_NAMES[i]), escape(v.value), escape(v.label)) for i, v in enumerate(built.axes)]
    return (
        f"<div class='pcs-result'><p style='font-size:1.2em;margin:4px 0'><b>{built.code}</b> {title}</p>"
        f"<p style='color:{colour};margin:4px 0'><b>{mark}:</b> {escape(built.message)}</p>"
        + html_table(["#", "Axis", "Value", "Meaning"], rows, "pcs-built")
        + "</div>"
    )


def index_html(hits: tuple[pcs_tables.IndexHit, ...], query: str) -> str:
    """Index entries found, each with the tables it points to (as many as fit)."""
    if not hits:
        tip = "try the procedure's name (appendectomy) or its root operation (resection)"
        return f"<p class='pcs-index'>No Index main term matches {escape(query)!r}: {tip}.</p>"
    parts = ["<div class='pcs-index'>"]
    for hit in hits:
        if hit.references:
            refs = ", ".join(
                f"{escape(r.path)} <b>{r.code}</b>" + ("" if r.covered else " (section not in the builder)")
                for r in hit.references[:6]
            )
            more = f" … and {len(hit.references) - 6} more" if len(hit.references) > 6 else ""
            parts.append(f"<p style='margin:2px 0'><b>{escape(hit.term)}</b>: {refs}{more}</p>")
        else:
            parts.append(f"<p style='margin:2px 0'><b>{escape(hit.term)}</b>: {escape(' / '.join(hit.lines[:3]))}</p>")
    parts.append("</div>")
    return "".join(parts)


class PcsTableBuilder(widgets.VBox):
    """Choose section, body system, root operation, body part, approach, device and qualifier from the tables."""

    def __init__(
        self, code_or_table: str = "", on_use: Callable[[str], None] | None = None, use_label: str = ""
    ) -> None:
        super().__init__()
        self.on_use = on_use
        self._busy = False
        self.chosen = ""
        self.built: pcs_tables.BuiltCode | None = None
        self.hits: tuple[pcs_tables.IndexHit, ...] = ()
        self.coverage = widgets.HTML(
            f"<div class='pcs-coverage' style='color:#555'>{escape(pcs_tables.coverage_note())}</div>"
        )
        self.query = widgets.Text(
            description="PCS Index",
            placeholder="e.g. appendectomy, replacement hip",
            continuous_update=False,
            style=LABEL_STYLE,
        )
        self.search_button = widgets.Button(
            description="Search the Index", tooltip="Search the PCS Index main terms", layout=_BUTTON
        )
        self.index_results = widgets.HTML()
        self.jump = widgets.Dropdown(description="Go to", options=[], style=LABEL_STYLE, layout={"width": "90%"})
        self.jump.layout.display = "none"
        self.open_text = widgets.Text(
            description="Table or code", placeholder="0SR or 0SR9019", continuous_update=False, style=LABEL_STYLE
        )
        self.open_button = widgets.Button(
            description="Open", tooltip="Open a table, a partial code or a full code", layout=_BUTTON
        )
        self.restart_button = widgets.Button(description="Start over", tooltip="Clear every choice", layout=_BUTTON)
        # opened from a case player's Procedure box: puts the finished code back there
        self.use_label = use_label
        self.use_button = widgets.Button(
            description="Use the code (choose all seven characters first)",
            disabled=True,
            button_style="primary",
            layout=_BUTTON,
        )
        self.use_button.on_click(lambda _b: self.use())
        self.use_button.layout.display = None if on_use is not None else "none"
        self.steps = [
            widgets.Dropdown(description=name, options=[], style=LABEL_STYLE, layout={"width": "90%"})
            for name in AXIS_NAMES
        ]
        self.code_line = live_region(widgets.HTML())
        self.next_choices = widgets.HTML()
        self.result = live_region(widgets.HTML())
        self.message = live_region(widgets.HTML())

        self.search_button.on_click(lambda _b: self.search(self.query.value))
        self.query.observe(lambda change: self.search(change["new"]), names="value")
        self.jump.observe(self._on_jump, names="value")
        self.open_button.on_click(lambda _b: self.go_to(self.open_text.value))
        self.open_text.observe(lambda change: self.go_to(change["new"]), names="value")
        self.restart_button.on_click(lambda _b: self.go_to(""))
        for position, dropdown in enumerate(self.steps, start=1):
            dropdown.observe(lambda change, pos=position: self._on_choose(pos, change["new"]), names="value")

        self.children = [
            widgets.HTML(banner_html()),
            self.coverage,
            widgets.HBox([self.query, self.search_button], layout=_ROW),
            self.index_results,
            self.jump,
            widgets.HBox([self.open_text, self.open_button, self.restart_button], layout=_ROW),
            self.message,
            *self.steps,
            self.code_line,
            self.next_choices,
            self.result,
            self.use_button,
        ]
        with_keyboard_support(self)
        self.add_class("course-pcs-builder")
        self.go_to(code_or_table, quiet=True)

    # --- driving it from code (and from the widgets' callbacks) ---

    def go_to(self, code_or_table: str, quiet: bool = False) -> bool:
        """Open a table ('0SR'), a partial code or a full code with its values chosen; False (and a message) if not."""
        try:
            prefix = pcs_tables.start(code_or_table)
        except CourseInputError as err:
            self.message.value = error_html(str(err))
            if quiet:
                self._show("")
            return False
        self.message.value = ""
        self._show(prefix)
        return True

    def choose(self, value: str) -> None:
        """Choose the next character (one of the values the current step allows)."""
        self.go_to(self.chosen + value)

    def use(self) -> str | None:
        """Hand the finished code to whoever opened the builder (the case player's Procedure box)."""
        if self.on_use is None or len(self.chosen) != 7:
            return None
        self.on_use(self.chosen)
        return self.chosen

    def back(self) -> None:
        """Undo the last choice."""
        self.go_to(self.chosen[:-1])

    def search(self, query: str) -> None:
        """Search the PCS Index and offer the tables it points to."""
        try:
            self.hits = pcs_tables.search_index(query)
        except CourseInputError as err:
            self.message.value = error_html(str(err))
            return
        self.message.value = ""
        self.index_results.value = index_html(self.hits, query) if query.strip() else ""
        options = [(f"{r.code} · {r.path}", r.code) for h in self.hits for r in h.references if r.covered][
            :_MAX_REFERENCES
        ]
        self._busy = True
        try:
            self.jump.options = [("(choose a table from the Index)", "")] + options if options else []
            self.jump.value = "" if options else None
        finally:
            self._busy = False
        self.jump.layout.display = None if options else "none"

    # --- rendering ---

    def _show(self, prefix: str) -> None:
        self.chosen = prefix
        self._busy = True
        try:
            for i, dropdown in enumerate(self.steps):
                if i < len(prefix):
                    values = pcs_tables.choices(prefix[:i])
                    dropdown.options = [(_CHOOSE, "")] + [_option(v) for v in values]
                    dropdown.value = prefix[i]
                    dropdown.disabled = False
                elif i == len(prefix):
                    dropdown.options = [(_CHOOSE, "")] + [_option(v) for v in pcs_tables.choices(prefix)]
                    dropdown.value = ""
                    dropdown.disabled = False
                else:
                    dropdown.options = []
                    dropdown.disabled = True
        finally:
            self._busy = False
        shown = " ".join(prefix.ljust(7, "_"))
        self.code_line.value = f"<p class='pcs-code' style='font-family:monospace;font-size:1.3em'>{shown}</p>"
        complete = len(prefix) == 7
        self.use_button.disabled = not complete
        self.use_button.description = (
            f"Use {prefix} as {self.use_label}"
            if complete and self.use_label
            else f"Use {prefix}"
            if complete
            else "Use the code (choose all seven characters first)"
        )
        if complete:
            self.next_choices.value = ""
            self.built = pcs_tables.build(prefix)
            self.result.value = result_html(self.built)
        else:
            self.built = None
            self.result.value = ""
            step = pcs_tables.step(prefix)
            self.next_choices.value = choices_html(step.axis, step.choices)

    def _on_choose(self, position: int, value: str | None) -> None:
        if self._busy or value is None:
            return
        if value == "":
            self.go_to(self.chosen[: position - 1])
        else:
            self.go_to(self.chosen[: position - 1] + value)

    def _on_jump(self, change: dict) -> None:
        if self._busy or not change["new"]:
            return
        self.go_to(change["new"])
        self._busy = True
        try:
            self.jump.value = ""  # ready for the next jump, even to the same table
        finally:
            self._busy = False


def pcs_table_builder(
    code_or_table: str = "", on_use: Callable[[str], None] | None = None, use_label: str = ""
) -> PcsTableBuilder:
    """The ICD-10-PCS table builder, opened at a table ('0SR'), a partial code, or a full code's values.

    With ``on_use``, a "Use <code>" button hands the finished code back (the case player fills its box).
    """
    return PcsTableBuilder(code_or_table, on_use, use_label)
