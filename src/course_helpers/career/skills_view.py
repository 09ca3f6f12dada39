"""The skills self-check widget: a slider per skill, grouped by category, and a study plan on request."""

from __future__ import annotations

import html

import ipywidgets as widgets

from course_helpers.career.skills import (
    RATING_MAX,
    RATING_MIN,
    PlanItem,
    load_skills,
    skill_plan,
)
from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.errors import CourseInputError


def _plan_html(ratings: dict[str, int]) -> str:
    try:
        plan = skill_plan(ratings)
    except CourseInputError as error:
        return f'<p role="alert">{html.escape(str(error))}</p>'
    if not plan:
        return "<p>No skill rated below 3: keep practicing in the coding lab (lesson 12).</p>"
    items = "".join(f"<li>{_plan_item_html(i)}</li>" for i in plan)
    return f"<p>Your study plan, weakest first:</p><ol>{items}</ol>"


def _plan_item_html(item: PlanItem) -> str:
    head = f"<strong>{html.escape(item.skill.skill)}</strong> (you said {item.rating}/5): "
    if item.skill.lesson is not None:
        return head + f"revisit lesson <code>{html.escape(item.skill.lesson)}</code>"
    source = html.escape(item.skill.source or "", quote=True)
    return (
        head + "this course does not teach it (lesson 06 only shows why it matters). Learn it from "
        f"{html.escape(item.skill.outside_course or '')} "
        f'(source: <a href="{source}" target="_blank" rel="noopener">{source}</a>).'
    )


def skills_self_check() -> widgets.VBox:
    """Rate yourself 1-5 on each skill, then press the button for a study plan of the weakest ones."""
    categories, skills = load_skills()
    sliders = {
        s.id: widgets.IntSlider(
            value=3,
            min=RATING_MIN,
            max=RATING_MAX,
            description=s.skill,
            style={"description_width": "55%"},  # shrinks with the page: readouts stay in view at 200% zoom
            layout=widgets.Layout(width="100%", max_width="600px"),
        )
        for s in skills
    }
    pages = [widgets.VBox([sliders[s.id] for s in skills if s.category == c]) for c in categories]
    accordion = widgets.Accordion(children=pages, titles=tuple(categories), selected_index=0)
    button = widgets.Button(
        description="Make my study plan", button_style="primary", layout=widgets.Layout(width="auto")
    )
    result = live_region(widgets.HTML("<p>1 = new to me, 5 = confident. Move the sliders, then press the button.</p>"))

    def on_click(_: object = None) -> None:
        result.value = _plan_html({k: s.value for k, s in sliders.items()})

    button.on_click(on_click)
    box = with_keyboard_support(widgets.VBox([accordion, button, result]))
    box.sliders, box.button, box.result = sliders, button, result
    return box
