"""The remote-job readiness checklist of lesson 07, as tick boxes."""

from __future__ import annotations

import ipywidgets as widgets

from course_helpers.career.entry_path_view import checklist_widget
from course_helpers.workplace.settings import remote_readiness_model


def remote_readiness() -> widgets.VBox:
    """What to confirm before accepting a remote inpatient coding job, as a checklist."""
    return checklist_widget(remote_readiness_model(), "Remote-job readiness: tick what is true for you")
