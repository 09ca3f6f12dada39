"""A small widget around `classify_stay`: set the facts of a stay and read the status (view only)."""

from __future__ import annotations

import html

import ipywidgets as widgets

from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.errors import CourseInputError
from course_helpers.workplace.inpatient_status import MAX_NIGHTS, PLACES, classify_stay


def status_checker(admission_order: bool = False, nights: int = 1, place: str = "observation") -> widgets.VBox:
    """Inpatient or outpatient? Tick, slide and pick; the verdict and its reason update at once."""
    order = widgets.Checkbox(
        value=admission_order,
        description="A physician wrote a formal admission order",
        indent=False,
        layout={"width": "auto"},
    )
    night_slider = widgets.IntSlider(value=nights, min=0, max=MAX_NIGHTS, description="Nights")
    where = widgets.Dropdown(options=list(PLACES), value=place, description="Where")
    view = live_region(widgets.HTML())

    def show(_change: object = None) -> None:
        try:
            result = classify_stay(order.value, night_slider.value, where.value)
        except CourseInputError as error:
            view.value = f"<p><strong>Check your input:</strong> {html.escape(str(error))}</p>"
            return
        view.value = (
            f"<p><strong>{result.status.upper()}</strong>. {html.escape(result.reason)}</p>"
            f"<p>{html.escape(result.coding)}</p>"
        )

    for control in (order, night_slider, where):
        control.observe(show, names="value")
    show()
    box = with_keyboard_support(widgets.VBox([order, night_slider, where, view]))
    box.order, box.nights, box.place, box.view = order, night_slider, where, view  # type: ignore[attr-defined]
    return box
