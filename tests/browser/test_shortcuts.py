"""No JupyterLab notebook shortcut reaches any course widget.

In command mode JupyterLab acts on keys that bubble up to the document: down arrow moves to the next cell,
"m" turns the cell into Markdown (its widget disappears), "d d" deletes it. Inside a course tool those keys
belong to the tool. For every control of every widget in a lesson's outputs (buttons, lists, checkboxes,
radio buttons, slider handles), the test focuses it, presses the arrow keys, "m" and "d d", and checks:

* no such key event from inside an output reached the document (where JupyterLab listens), and
* the notebook is unchanged: same cells, same cell types, the same active cell.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LabServer, open_and_run

pytestmark = pytest.mark.browser

# the lessons holding the tools of issue 20 (PCS builder 03/12, credentials 05, state pay 09, name form 00/13,
# practice 12) and the calculators (04)
LESSONS = [
    "00_start_here",
    "03_code_sets",
    "04_salary",
    "05_education_certification",
    "09_job_market",
    "12_coding_lab",
    "13_final_exam",
]
CONTROLS = (
    ".jp-OutputArea-output .jupyter-widgets :is(button, select, input[type=checkbox], input[type=radio],"
    " input[type=date], input[type=number], .noUi-handle, [contenteditable=true])"
)
LISTEN = """() => {
  window.__leaks = [];
  document.addEventListener('keydown', (e) => {
    const t = e.target instanceof Element ? e.target : null;
    if (!t || !t.closest('.jp-OutputArea-output')) return;
    const tool = t.closest('.widget-vbox, .widget-box') || t;
    const label = (t.getAttribute('aria-label') || t.textContent || t.className || t.tagName).trim().slice(0, 40);
    const where = tool.textContent.trim().slice(0, 50);
    window.__leaks.push(`${e.key} on ${t.tagName.toLowerCase()} "${label}" in "${where}"`);
  });
}"""
NOTEBOOK = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
  .map(c => (c.classList.contains('jp-MarkdownCell') ? 'md' : 'code')
    + (c.classList.contains('jp-mod-active') ? '*' : ''))"""


@pytest.mark.parametrize("name", LESSONS)
def test_no_notebook_shortcut_reaches_a_course_widget(lab_server: LabServer, page: Any, name: str) -> None:
    open_and_run(page, lab_server, f"{name}.ipynb")
    controls = page.locator(CONTROLS)
    expect(controls.first).to_be_attached(timeout=90_000)
    page.wait_for_timeout(1500)  # widgets render and the keyboard helper upgrades them
    page.evaluate(LISTEN)
    handles = controls.element_handles()
    assert handles, "no controls found"
    pressed = 0
    for handle in handles:
        if not handle.evaluate("e => e.isConnected && !e.disabled && e.getClientRects().length > 0"):
            continue
        handle.evaluate("e => e.focus()")
        if not handle.evaluate("e => document.activeElement === e"):
            continue
        before = page.evaluate(NOTEBOOK)
        for key in ("ArrowDown", "ArrowUp", "m", "d", "d"):
            page.keyboard.press(key)
        pressed += 1
        after = page.evaluate(NOTEBOOK)
        if after != before:
            page.evaluate("(d) => window.__leaks.push(d)", f"notebook changed: {before} -> {after}"[:200])
    leaks = page.evaluate("() => window.__leaks")
    assert pressed > 0
    assert leaks == [], f"{len(leaks)} keys reached JupyterLab from {pressed} controls: {leaks[:12]}"
