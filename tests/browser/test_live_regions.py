"""Every course tool whose result changes says so to a screen reader, in a real JupyterLab.

A live region only speaks when its content changes while it stays in the page: an element with
`role=status` that is itself replaced on every update (as an HTML widget's new value replaces its content)
is often not read at all. So the test asks, for each tool in a lesson's outputs (not the quizzes, which
have their own test): after one keyboard change of a control (a slider, a list, a checkbox, a toggle, then
the tool's main button), is some text that changed inside a polite live region that was there before?
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LabServer, open_and_run

pytestmark = pytest.mark.browser

LESSONS = [
    "01_the_role",
    "02_responsibilities",
    "03_code_sets",
    "04_salary",
    "05_education_certification",
    "07_work_environment",
    "09_job_market",
    "10_your_path",
]
# the top-level widget of each output that is not a quiz
TOOLS = """() => [...document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets.widget-container')]
  .filter(t => !t.matches('.course-quiz') && !t.querySelector('.course-quiz'))"""
SNAPSHOT = """(tool) => [...tool.querySelectorAll('.widget-html')].map(h => h.textContent)"""
CHANGED_AND_LIVE = """([tool, before]) => {
  const htmls = [...tool.querySelectorAll('.widget-html')];
  const changed = htmls.filter((h, i) => i < before.length && h.textContent !== before[i] && h.textContent.trim());
  // the region must outlive the update: on the widget or its content box, not inside the replaced value
  const live = changed.filter(h => {
    const box = h.querySelector(':scope > .widget-html-content') || h;
    const region = box.closest('[aria-live]');
    return region && region.getAttribute('aria-live') !== 'off';
  });
  return { changed: changed.map(h => h.textContent.trim().slice(0, 60)), live: live.length };
}"""
ACTIONS = [
    (".noUi-handle", "End"),
    ("select:not([multiple]):not(:disabled)", "ArrowDown"),
    ("input[type=checkbox]:not(:disabled)", "Space"),
    (".widget-toggle-button:not(.mod-active):not(:disabled)", "Space"),
    ("button.mod-primary:not(:disabled)", "Enter"),
]


def _label(tool: Any) -> str:
    return tool.evaluate("t => t.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50)")


def check_tools(page: Any) -> tuple[list[str], list[str]]:
    """Change each tool once by keyboard; returns (tools heard, tools that changed silently)."""
    heard, silent = [], []
    for tool in page.evaluate_handle(TOOLS).get_properties().values():
        tool = tool.as_element()
        if tool is None:
            continue
        for selector, key in ACTIONS:
            control = tool.query_selector(selector)
            if control is None or not control.is_visible():
                continue
            before = tool.evaluate(SNAPSHOT)
            control.scroll_into_view_if_needed()
            control.focus()
            page.keyboard.press(key)
            page.wait_for_timeout(1200)
            seen = page.evaluate(CHANGED_AND_LIVE, [tool, before])
            if seen["changed"]:
                (heard if seen["live"] else silent).append(f"{_label(tool)} ({selector}: {seen['changed'][0]})")
                break
    return heard, silent


@pytest.mark.parametrize("name", LESSONS)
def test_every_tool_announces_its_result(lab_server: LabServer, page: Any, name: str) -> None:
    open_and_run(page, lab_server, f"{name}.ipynb")
    expect(page.locator(".jp-OutputArea-output .jupyter-widgets").first).to_be_attached(timeout=90_000)
    page.wait_for_timeout(1500)
    heard, silent = check_tools(page)
    assert heard or silent, "no tool reacted to a keyboard change"
    assert silent == [], f"{len(silent)} tool(s) change without a live region: {silent}"


def test_case_player_grade_and_lookup_are_announced(lab_server: LabServer, page: Any) -> None:
    open_and_run(page, lab_server, "12_coding_lab.ipynb")
    player = page.locator(".course-case-player").first
    expect(player).to_be_visible(timeout=90_000)
    page.wait_for_timeout(1000)
    principal = player.get_by_role("textbox", name="Principal diagnosis (ICD-10-CM)")
    principal.fill("I50.23")
    player.get_by_role("button", name="Grade my coding").click()
    feedback = player.locator(".widget-html", has_text="passed").first
    expect(feedback).to_be_visible(timeout=60_000)
    region = feedback.evaluate(
        "h => (h.querySelector(':scope > .widget-html-content') || h).closest('[aria-live]')"
        " ?.getAttribute('aria-live')"
    )
    assert region == "polite", "the case player's grade is not in a live region"
    heard, silent = check_tools(page)
    assert silent == [], f"{len(silent)} tool(s) change without a live region: {silent}"
