"""The DRG what-if panel: group a case, see what each secondary diagnosis is worth, compare a change."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets

from course_helpers.coding.codes.normalize import format_cm
from course_helpers.coding.codes.parse import parse_secondary, split_codes
from course_helpers.coding.drg.grouper import (
    DEFAULT_BASE_RATE,
    DISCHARGE_STATUSES,
    OR_STATUS_NOTE,
    GroupingResult,
    group_case,
)
from course_helpers.coding.drg.whatif import WhatIfComparison, drop_each, what_if
from course_helpers.coding.views.panel_parts import LABEL_STYLE, banner_html, error_html, html_table
from course_helpers.display.a11y import live_region, sync_before_submit, with_keyboard_support
from course_helpers.display.money import money
from course_helpers.errors import CourseInputError


def grouping_html(result: GroupingResult) -> str:
    """A grouping result: DRG, MDC, weight, stays, payment, each secondary diagnosis, edits and notes."""
    drg_line = f"MS-DRG {result.drg} {escape(result.drg_title)}"
    facts = [
        ("MDC", escape(f"{result.mdc:02d} {result.mdc_title}" if result.mdc is not None else "—")),
        ("MS-DRG", f"<b>{drg_line}</b>"),
        ("Relative weight", "—" if result.weight is None else f"{result.weight:.4f}"),
        ("Geometric mean stay", "—" if result.gmlos is None else f"{result.gmlos:.1f} days"),
        (
            "Payment estimate",
            f"<b>{money(result.payment, cents=True)}</b> (weight × base rate {money(result.base_rate, cents=True)})",
        ),
    ]
    parts = [html_table(("Grouping", "Result"), facts, "coding-drg")]
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
        parts.append(html_table(("Secondary", "POA", "Level", "Counts as", "Drove DRG", "Why"), rows, "coding-sdx"))
    if result.procedures:
        rows = [
            (f"<code>{escape(p.code)}</code>", "✔ yes" if p.drove_drg else "no", escape(p.explanation))
            for p in result.procedures
        ]
        parts.append(html_table(("Procedure", "Affected the DRG", "Why"), rows, "coding-procedures"))
        parts.append(f"<p><small>{escape(OR_STATUS_NOTE)}</small></p>")
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
        ("Payment estimate", money(b.payment, cents=True), money(a.payment, cents=True)),
    ]
    head = ("", "As coded", escape(f"What if: {comparison.change}"))
    return f"<p><b>{escape(comparison.summary())}</b></p>" + html_table(head, rows, "coding-whatif")


def impact_html(comparisons: Sequence[WhatIfComparison]) -> str:
    """What each secondary diagnosis is worth: the DRG and payment if it alone were missing."""
    if not comparisons:
        return ""
    rows = [
        (
            f"<code>{escape(', '.join(format_cm(code) for code in c.dropped))}</code>",
            f"{c.after.drg}",
            money(c.after.payment, cents=True),
            "—" if c.payment_difference is None else money(c.payment_difference, cents=True),
        )
        for c in comparisons
    ]
    return "<p><b>If one secondary diagnosis were missing</b></p>" + html_table(
        ("Missing", "MS-DRG", "Payment", "Change"), rows, "coding-impact"
    )


class DrgWhatIf(widgets.VBox):
    """Case inputs, a Group button, and a what-if that drops or adds secondary diagnoses."""

    def __init__(
        self, pdx: str = "I50.21", sdx: str = "N17.9:Y E87.1:Y", procedures: str = "", age: int = 70, sex: str = "F"
    ) -> None:
        super().__init__()
        self.pdx = widgets.Text(value=pdx, description="Principal dx", style=LABEL_STYLE)
        self.sdx = widgets.Textarea(
            value=sdx,
            description="Secondary dx",
            placeholder="N17.9:Y E87.1:Y",
            style=LABEL_STYLE,
            layout={"width": "420px"},
        )
        self.procedures = widgets.Text(
            value=procedures,
            description="Procedures",
            placeholder="0SR9019",
            style=LABEL_STYLE,
            layout={"width": "420px"},
        )
        self.age = widgets.BoundedIntText(value=age, min=0, max=124, description="Age", style=LABEL_STYLE)
        self.sex = widgets.Dropdown(
            options=[("Female", "F"), ("Male", "M"), ("Unknown", "U")], value=sex, description="Sex", style=LABEL_STYLE
        )
        self.discharge_status = widgets.Dropdown(
            options=[(f"{k:02d} {v}", k) for k, v in DISCHARGE_STATUSES.items()],
            value=1,
            description="Discharge",
            style=LABEL_STYLE,
            layout={"width": "420px"},
        )
        self.base_rate = widgets.BoundedFloatText(
            value=DEFAULT_BASE_RATE, min=1, max=100000, step=100, description="Base rate $", style=LABEL_STYLE
        )
        self.group_button = widgets.Button(description="Group", button_style="primary")
        self.drop = widgets.SelectMultiple(options=[], description="Drop", style=LABEL_STYLE, rows=4)
        self.add = widgets.Text(description="Add", placeholder="J96.01:Y", style=LABEL_STYLE)
        self.compare_button = widgets.Button(description="Compare")
        for box in (self.pdx, self.sdx, self.procedures, self.add):
            sync_before_submit(box)  # Group / Compare right after typing use what the boxes show
        self.message = live_region(widgets.HTML())
        self.result_html = live_region(widgets.HTML())
        self.impact = widgets.HTML()
        self.comparison_html = live_region(widgets.HTML())
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
            widgets.HBox([self.drop, widgets.VBox([self.add, self.compare_button])], layout={"flex_flow": "row wrap"}),
            self.comparison_html,
        ]
        with_keyboard_support(self)
        self.group()  # the starting case is shown grouped, with its "Drop" list filled, before any click

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
        except CourseInputError as err:
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
        except CourseInputError as err:
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
