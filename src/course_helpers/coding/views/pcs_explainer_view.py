"""The ICD-10-PCS explainer: type a code, read what each of its seven characters means."""

from __future__ import annotations

import ipywidgets as widgets

from course_helpers.coding.codes.lookup import lookup_code
from course_helpers.coding.views.lookup_view import (
    details_html,
)
from course_helpers.coding.views.panel_parts import LABEL_STYLE, banner_html, error_html
from course_helpers.errors import CourseInputError


class PcsExplainer(widgets.VBox):
    """Type a 7-character ICD-10-PCS code and read what each character means."""

    def __init__(self, code: str = "0SR9019") -> None:
        super().__init__()
        self.code = widgets.Text(value=code, description="PCS code", continuous_update=False, style=LABEL_STYLE)
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
        except CourseInputError as err:
            self.details.value = ""
            self.message.value = error_html(str(err))


def pcs_explainer(code: str = "0SR9019") -> PcsExplainer:
    """The ICD-10-PCS explainer: the seven characters of a code, each with its axis and meaning."""
    return PcsExplainer(code)
