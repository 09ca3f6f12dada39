"""The name form of lesson 00: a text box and a Save button that set the learner's name."""

from __future__ import annotations

import html
from typing import Any

from course_helpers.display.palette import ERROR_TEXT, OK_TEXT
from course_helpers.errors import CourseInputError
from course_helpers.records.learner import (
    InvalidLearnerName,
    saved_name,
    set_learner,
)
from course_helpers.records.store import NOT_SAVING, ProgressStore, open_store


def learner_name_form(store: ProgressStore | None = None) -> Any:
    """Return a small form (label, text box, Save button) that saves the learner's name and says so."""
    import ipywidgets as widgets

    from course_helpers.display.a11y import live_region, with_keyboard_support

    saved = saved_name(store) or ""
    label = widgets.Label("Your name (your progress is saved under it on this computer):")
    text = widgets.Text(value=saved, placeholder="e.g. Sam Rivera", description="Name:")
    button = widgets.Button(description="Save my name", button_style="primary", icon="check")
    status = live_region(widgets.HTML(value=""))
    try:
        (store or open_store()).path  # noqa: B018 - opening is the check
    except CourseInputError as exc:
        status.value = f"<span style='color:{ERROR_TEXT}'>⚠ {NOT_SAVING}: {html.escape(str(exc))}</span>"

    def save(_button: object = None) -> None:
        try:
            message = set_learner(text.value, store=store)
        except InvalidLearnerName as exc:
            status.value = f"<span style='color:{ERROR_TEXT}'>Not saved: {html.escape(str(exc))}.</span>"
        else:
            color = ERROR_TEXT if message.startswith("⚠") else OK_TEXT
            status.value = f"<span style='color:{color}'>{html.escape(message)}</span>"

    button.on_click(save)
    row = widgets.HBox([text, button], layout={"flex_flow": "row wrap"})
    return with_keyboard_support(widgets.VBox([label, row, status]))
