"""A small widget to sort and filter the credential comparison table."""

from __future__ import annotations

import html

import ipywidgets as widgets

from course_helpers.career.credentials import COLUMNS, credential_table
from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.errors import CourseInputError


def credential_explorer() -> widgets.VBox:
    """Sort the credential table by any column and show only the inpatient-focused credentials if asked."""
    sort_by = widgets.Dropdown(options=list(COLUMNS.values()), value="Credential", description="Sort by")
    inpatient = widgets.Checkbox(value=False, description="Inpatient-focused only")
    table = live_region(widgets.HTML())

    def show(_: object = None) -> None:
        try:
            frame = credential_table(sort_by.value, inpatient.value)
        except CourseInputError as error:
            table.value = f"<p>{html.escape(str(error))}</p>"
            return
        # one column per credential reads better than ten narrow columns
        table.value = frame.set_index("Credential").T.to_html(border=0, classes="course-credentials")

    sort_by.observe(show, names="value")
    inpatient.observe(show, names="value")
    show()
    box = with_keyboard_support(widgets.VBox([widgets.HBox([sort_by, inpatient]), table]))
    box.sort_by, box.inpatient, box.table = sort_by, inpatient, table
    return box
