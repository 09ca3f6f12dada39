"""What a screen reader hears from a slider, in a real JupyterLab.

For every slider a lesson draws: the handle's `aria-valuetext` is the value the slider shows (its readout,
"95.0%", not the raw 0.95 rounded to 1), before and after it is moved with the keyboard; the slider is one
Tab stop (the readout is not a second, unnamed one); and within one tool no two sliders share a name.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LabServer, open_and_run

pytestmark = pytest.mark.browser

LESSONS = ["02_responsibilities", "04_salary", "05_education_certification", "08_career_advancement"]
SLIDERS = ".jp-OutputArea-output .widget-slider"
STATE = """(s) => {
  const handle = s.querySelector('.noUi-handle');
  const readout = s.querySelector('.widget-readout');
  // a contenteditable readout is reached by Tab unless it carries tabindex=-1 (its tabIndex may still read -1)
  const tabbable = (e) => e.getAttribute('tabindex') !== '-1' && (e.tabIndex >= 0 || e.isContentEditable);
  const tabStops = [...s.querySelectorAll('*')].filter(e => tabbable(e) && e.getClientRects().length);
  return {
    name: handle && handle.getAttribute('aria-label'),
    valuetext: handle && handle.getAttribute('aria-valuetext'),
    readout: readout ? readout.textContent.trim() : null,
    tabStops: tabStops.length,
  };
}"""
NAMES_PER_TOOL = """() => [...document.querySelectorAll('.jp-OutputArea-output .course-widget')]
  .filter(root => !root.parentElement.closest('.course-widget'))
  .map(root => [...root.querySelectorAll('.noUi-handle')].map(h => h.getAttribute('aria-label')))"""


@pytest.mark.parametrize("name", LESSONS)
def test_slider_speaks_its_shown_value_with_one_tab_stop(lab_server: LabServer, page: Any, name: str) -> None:
    open_and_run(page, lab_server, f"{name}.ipynb")
    sliders = page.locator(SLIDERS)
    expect(sliders.first).to_be_attached(timeout=90_000)
    page.wait_for_timeout(1500)
    problems = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        before = slider.evaluate(STATE)
        label = before["name"] or f"slider {i}"
        if before["valuetext"] != before["readout"]:
            problems.append(f"{label}: shows {before['readout']!r}, says {before['valuetext']!r}")
        if before["tabStops"] != 1:
            problems.append(f"{label}: {before['tabStops']} Tab stops")
        slider.locator(".noUi-handle").focus()
        page.keyboard.press("Tab")
        if slider.evaluate("s => s.contains(document.activeElement)"):
            problems.append(f"{label}: Tab from the handle stays in the slider (a second Tab stop)")
        slider.locator(".noUi-handle").focus()
        page.keyboard.press("End" if i % 2 else "Home")
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_timeout(300)
        after = slider.evaluate(STATE)
        if after["valuetext"] != after["readout"]:
            problems.append(f"{label} moved: shows {after['readout']!r}, says {after['valuetext']!r}")
    for names in page.evaluate(NAMES_PER_TOOL):
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            problems.append(f"sliders sharing a name in one tool: {twice}")
    assert problems == [], "\n".join(problems)
