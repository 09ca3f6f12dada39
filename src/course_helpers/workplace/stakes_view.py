"""A slider for the base rate and a table of the heart-failure DRGs' payments (the view for lesson 01)."""

from __future__ import annotations

import html

import ipywidgets as w

from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.errors import CourseInputError
from course_helpers.workplace.stakes import (
    DEFAULT_BASE_RATE,
    heart_failure_payments,
    missed_secondary_cost,
)


def stakes_html(base_rate: float) -> str:
    """The payments table and the cost of a missed CC or MCC, as accessible HTML."""
    try:
        rows = heart_failure_payments(base_rate)
        costs = missed_secondary_cost(base_rate)
    except CourseInputError as exc:
        return f"<p>⚠ {html.escape(str(exc))}</p>"
    body = "".join(
        f"<tr><td>{r.drg}</td><td>{html.escape(r.title)}</td><td>{r.weight:.4f}</td><td>${r.payment:,.0f}</td></tr>"
        for r in rows
    )
    lost = "".join(
        f"<li>{html.escape(name)}: <b>${value:,.0f}</b> less for this one stay</li>" for name, value in costs.items()
    )
    return (
        "<table><caption>MS-DRG 291-293, CMS FY2026 Table 5 weights, at your base rate</caption>"
        "<thead><tr><th>DRG</th><th>Title</th><th>Relative weight</th><th>Payment</th></tr></thead>"
        f"<tbody>{body}</tbody></table><ul>{lost}</ul>"
        "<p><small>Payment = relative weight x base rate. The default base rate is illustrative; "
        "real rates differ by hospital and year.</small></p>"
    )


def stakes_explorer(base_rate: float = DEFAULT_BASE_RATE) -> w.VBox:
    """A base-rate slider that updates the heart-failure payment table live."""
    slider = w.IntSlider(
        value=int(base_rate),
        min=1000,
        max=20000,
        step=250,
        description="Base rate ($):",
        style={"description_width": "initial"},
        continuous_update=True,
    )
    table = live_region(w.HTML(stakes_html(slider.value)))
    slider.observe(lambda change: setattr(table, "value", stakes_html(change["new"])), names="value")
    return with_keyboard_support(w.VBox([slider, table]))
