"""Widgets for lessons 07, 10 and 11: a personal timeline to the CCS and tick-box checklists.

Views only: every rule lives in `course_helpers.career.entry_path`. Output goes into HTML widgets' `value`
(never `print` inside an Output), so nbval sees no stray text.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course_helpers.career.entry_path import (
    MONTH_LIMITS,
    Checklist,
    Timeline,
    action_checklist_model,
    load_career_path,
    plan_timeline,
)
from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.display.html import no_math
from course_helpers.errors import CourseInputError

# Okabe-Ito, one colour per stretch of the plan
_COLOURS = ("#0072B2", "#E69F00", "#009E73")


def timeline_html(timeline: Timeline) -> str:
    """Render a timeline as an accessible HTML table with proportional bars."""
    total = max(timeline.total_months, 1)
    rows = []
    for colour, stretch in zip(_COLOURS, timeline.milestones, strict=True):
        left = 100 * stretch.start / total
        width = 100 * stretch.months / total
        bar = (
            f'<div style="position:relative;height:1em;background:#eee;min-width:12em" aria-hidden="true">'
            f'<div style="position:absolute;left:{left:.1f}%;width:{width:.1f}%;height:100%;background:{colour}">'
            "</div></div>"
        )
        when = "skipped" if stretch.months == 0 else f"month {stretch.start} to {stretch.end}"
        rows.append(
            f"<tr><td>{html.escape(stretch.label)}</td><td>{when}</td><td>{stretch.months}</td><td>{bar}</td></tr>"
        )
    return (
        '<table aria-label="Your timeline to the CCS exam">'
        "<thead><tr><th>Stretch</th><th>When</th><th>Months</th><th>Timeline</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p>{html.escape(timeline.versus_guide())}</p>"
    )


def path_timeline(program_months: int = 9, experience_months: int = 12, study_months: int = 3) -> widgets.VBox:
    """Sliders for program, experience and study months, with the resulting plan drawn below."""
    sliders = {
        "program": widgets.IntSlider(program_months, *MONTH_LIMITS["program"], description="Program (months)"),
        "experience": widgets.IntSlider(
            experience_months, *MONTH_LIMITS["experience"], description="Experience (months)"
        ),
        "study": widgets.IntSlider(study_months, *MONTH_LIMITS["study"], description="CCS study (months)"),
    }
    for slider in sliders.values():
        slider.style.description_width = "11em"
        slider.layout.width = "32em"
    view = live_region(widgets.HTML())

    def redraw(_change: object = None) -> None:
        try:
            timeline = plan_timeline(sliders["program"].value, sliders["experience"].value, sliders["study"].value)
        except CourseInputError as error:
            view.value = f"<p><strong>Check your input:</strong> {html.escape(str(error))}</p>"
            return
        view.value = timeline_html(timeline)

    for slider in sliders.values():
        slider.observe(redraw, names="value")
    redraw()
    box = with_keyboard_support(
        widgets.VBox([widgets.HTML("<strong>Months for each stretch of your plan</strong>"), *sliders.values(), view])
    )
    box.sliders = sliders  # type: ignore[attr-defined]  # handles for tests and instructors
    box.view = view  # type: ignore[attr-defined]
    return box


def checklist_widget(model: Checklist, title: str) -> widgets.VBox:
    """Tick boxes bound to a checklist model, with a summary line naming the next step."""
    summary = live_region(widgets.HTML())
    boxes: dict[str, widgets.Checkbox] = {}

    def refresh(_change: object = None) -> None:
        model.mark_all(key for key, box in boxes.items() if box.value)
        percent = round(100 * model.fraction_done)
        summary.value = f"<p><strong>{percent}%</strong> &middot; {html.escape(model.summary())}</p>"

    rows = []
    for item in model.items:
        box = widgets.Checkbox(value=item.key in model.done, description=item.text, indent=False)
        box.layout.width = "auto"
        box.observe(refresh, names="value")
        boxes[item.key] = box
        rows.append(
            widgets.VBox([box, widgets.HTML(f'<small style="margin-left:1.8em">{html.escape(item.why)}</small>')])
        )
    refresh()
    container = widgets.VBox([widgets.HTML(f"<strong>{html.escape(title)}</strong>"), *rows, summary])
    with_keyboard_support(container)
    container.model = model  # type: ignore[attr-defined]
    container.boxes = boxes  # type: ignore[attr-defined]
    container.summary = summary  # type: ignore[attr-defined]
    return container


def action_checklist() -> widgets.VBox:
    """The corrected 'Getting Started' action items as a checklist."""
    return checklist_widget(action_checklist_model(), "Getting started: tick what you have done")


class StepsView:
    """The six corrected steps as a numbered list: what to do, the guide's wording, its verdict and source."""

    def __init__(self) -> None:
        self.steps = load_career_path().steps

    def _repr_html_(self) -> str:
        e = html.escape
        items = "".join(
            f'<li style="margin-bottom:0.8em"><strong>{e(step.title)}</strong><br>{e(step.corrected)}<br>'
            # a long source address breaks anywhere rather than pushing the page sideways at 320 px
            f'<small style="overflow-wrap:anywhere">The guide said: \u201c{e(step.guide)}\u201d &middot;'
            f" verdict: <strong>{e(step.verdict)}</strong>"
            f" &middot; source: {e(step.source)}</small></li>"
            for step in self.steps
        )
        return no_math(f'<ol aria-label="The six steps, corrected">{items}</ol>')

    def __repr__(self) -> str:
        return "\n".join(
            f"{number}. {step.title} [{step.verdict}]: {step.corrected}"
            for number, step in enumerate(self.steps, start=1)
        )


def path_steps() -> StepsView:
    """The corrected six steps, ready to display in lesson 10."""
    return StepsView()
