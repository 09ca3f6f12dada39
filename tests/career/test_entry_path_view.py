"""Headless tests of the timeline and checklist widgets: set values, read the model and the HTML."""

from __future__ import annotations

from course_helpers.career.entry_path import load_career_path, plan_timeline
from course_helpers.career.entry_path_view import (
    action_checklist,
    path_steps,
    path_timeline,
    timeline_html,
)
from course_helpers.workplace.settings_view import remote_readiness


def test_timeline_redraws_when_a_slider_moves() -> None:
    widget = path_timeline(9, 12, 3)
    assert "24 months" in widget.view.value
    widget.sliders["experience"].value = 0
    assert "12 months" in widget.view.value
    assert "0 months of experience" in widget.view.value
    widget.sliders["program"].value = 24
    assert "27 months" in widget.view.value


def test_timeline_html_lists_every_stretch_with_its_months() -> None:
    html = timeline_html(plan_timeline(6, 0, 2))
    assert html.count("<tr>") == 4  # header plus three stretches
    assert "skipped" in html and "month 6 to 8" in html
    assert 'aria-label="Your timeline to the CCS exam"' in html


def test_action_checklist_ticks_update_model_and_summary() -> None:
    widget = action_checklist()
    items = load_career_path().action_items
    assert "0 of 6 done" in widget.summary.value
    widget.boxes[items[0].key].value = True
    assert widget.model.done == {items[0].key}
    assert f"Next: {items[1].text}"[:40] in widget.summary.value.replace("&#x27;", "'")
    for box in widget.boxes.values():
        box.value = True
    assert "All done" in widget.summary.value
    assert "100%" in widget.summary.value
    widget.boxes[items[2].key].value = False
    assert items[2].key not in widget.model.done


def test_remote_readiness_is_a_separate_checklist() -> None:
    first, second = remote_readiness(), remote_readiness()
    key = next(iter(first.boxes))
    first.boxes[key].value = True
    assert key in first.model.done
    assert second.model.done == set()


def test_steps_view_lists_every_step_in_order_with_its_verdict() -> None:
    steps = load_career_path().steps
    view = path_steps()
    out = view._repr_html_()
    assert out.count("<li") == len(steps) == 6
    positions = [out.index(s.title.replace("'", "&#x27;")) for s in steps]
    assert positions == sorted(positions)
    assert "mathjax_ignore" in out
    assert repr(view).splitlines()[3].startswith("4. Earn the CCS from AHIMA")
