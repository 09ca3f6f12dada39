"""Keyboard and screen-reader behaviour of the quiz in a real JupyterLab (lesson 00).

A question's choices are one WAI-ARIA radio group: one Tab stop, arrow keys move and choose within it and
never reach JupyterLab (down arrow would move to the next cell); Enter submits; after Submit the focus
is on the feedback, a live region, so the verdict is read out.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from course_helpers.quizzing.bank import load_bank
from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run

# Lesson 00's quiz as the bank defines it today, so the test follows the bank, not a copy of it.
START = load_bank("00_start_here").bank
N = len(START.questions)
TOTAL = f"{sum(q.points for q in START.questions):g}"
EXAM_FEEDBACK = next(q for q in START.questions if q.id == "start-exam-feedback")

pytestmark = pytest.mark.browser

ACTIVE_CELL = (
    "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
    ".findIndex(c => c.classList.contains('jp-mod-active'))"
)
FOCUS_IN_FEEDBACK = (
    "(card) => !!document.activeElement && !!document.activeElement.closest('.course-feedback')"
    " && card.contains(document.activeElement)"
)


def test_quiz_radio_group_arrows_enter_and_focus(lab_server: LabServer, page: Any) -> None:
    open_and_run(page, lab_server, "00_start_here.ipynb")
    card = page.locator(".course-question", has_text=f"Question 1 of {N}").last
    expect(card).to_be_visible(timeout=90_000)
    card.scroll_into_view_if_needed()
    group = card.get_by_role("radiogroup")
    expect(group).to_have_count(1, timeout=30_000)
    expect(group).to_have_accessible_name(re.compile(rf"Question 1 of {N}.*Your answer:"))
    radios = card.get_by_role("radio")
    assert radios.count() == 2
    tab_stops = card.evaluate("c => [...c.querySelectorAll('input[type=radio]')].filter(i => i.tabIndex >= 0).length")
    assert tab_stops == 1, "a radio group is one Tab stop"
    names = card.evaluate("c => new Set([...c.querySelectorAll('input[type=radio]')].map(i => i.name)).size")
    assert names == 1

    radios.first.focus()
    cell_before = page.evaluate(ACTIVE_CELL)
    page.keyboard.press("ArrowDown")
    expect(card.get_by_role("radio", name="False")).to_be_checked()
    expect(card.get_by_role("radio", name="False")).to_be_focused()
    page.keyboard.press("ArrowDown")  # wraps round to the first option
    expect(card.get_by_role("radio", name="True")).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(card.get_by_role("radio", name="False")).to_be_checked()
    page.keyboard.press("Home")
    expect(card.get_by_role("radio", name="True")).to_be_checked()
    # letters that are notebook shortcuts in command mode ("d d" deletes a cell) stay in the quiz too
    cells_before = page.locator(".jp-Notebook .jp-Cell").count()
    page.keyboard.press("d")
    page.keyboard.press("d")
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_before
    assert page.evaluate(ACTIVE_CELL) == cell_before, "arrow keys must not move JupyterLab to another cell"
    tab_index = card.evaluate("c => [...c.querySelectorAll('input[type=radio]')].map(i => i.tabIndex)")
    assert tab_index == [0, -1], "the Tab stop follows the chosen option"

    # Enter submits; focus lands on the feedback, which is a polite live region holding the verdict.
    page.keyboard.press("Enter")
    feedback = card.locator(".course-feedback")
    expect(feedback).to_contain_text("✓ Correct", timeout=30_000)
    page.wait_for_function(FOCUS_IN_FEEDBACK, arg=card.element_handle(), timeout=10_000)
    live = feedback.locator("[aria-live=polite]").first
    expect(live).to_contain_text("Correct")
    # the chosen answer stays clearly marked once the question is locked
    chosen = card.locator(".widget-radio-box label", has_text="True")
    assert chosen.evaluate("l => getComputedStyle(l).fontWeight") in ("700", "bold")
    assert "your answer" in chosen.evaluate("l => getComputedStyle(l, '::after').content")
    card.screenshot(path=str(ARTIFACTS / "keyboard_q1_after_enter.png"))

    # focus ring: at least 2 px, in a colour with >= 3:1 contrast (palette.FOCUS_RING)
    second = page.locator(".course-question", has_text=f"Question 2 of {N}").last
    submit = second.get_by_role("button", name="Submit answer")
    submit.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    width = submit.evaluate("b => parseFloat(getComputedStyle(b).outlineWidth)")
    colour = submit.evaluate("b => getComputedStyle(b).outlineColor")
    assert width >= 2 and colour == "rgb(31, 78, 121)", (width, colour)


def test_enter_in_a_text_box_submits(lab_server: LabServer, page: Any) -> None:
    open_and_run(page, lab_server, "00_start_here.ipynb")
    card = page.locator(".course-question:has(.widget-text input)").first
    expect(card).to_be_visible(timeout=90_000)
    card.scroll_into_view_if_needed()
    box = card.locator(".widget-text input")
    box.click()
    box.fill("I50.21")
    page.keyboard.press("Enter")
    feedback = card.locator(".course-feedback")
    expect(feedback).to_contain_text("points", timeout=30_000)
    page.wait_for_function(FOCUS_IN_FEEDBACK, arg=card.element_handle(), timeout=10_000)
