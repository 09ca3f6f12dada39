"""The instructor notebook's tables, as a keyboard and screen-reader user meets them in JupyterLab.

The class table (one column per lesson: about 1,900 px wide) scrolls sideways. Its scrolling box must be a
named region the keyboard reaches (Tab to it, then the arrow keys scroll it), the table must have a caption,
and every header cell must have text (pandas heads the row labels' column with an empty cell and puts the
index name on a row of its own, under 16 more empty cells). axe-core finds nothing serious in the outputs.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run

pytestmark = pytest.mark.browser

OUTPUTS = ".jp-NotebookPanel .jp-OutputArea-output"
TABLE_FACTS = """t => ({
  caption: t.caption ? t.caption.textContent.trim() : '',
  emptyHeaders: [...t.querySelectorAll('th')].filter(th => !th.textContent.trim()).length,
  headers: t.querySelectorAll('th').length,
})"""


def test_class_table_scrolls_in_a_named_region_the_keyboard_reaches(lab_server: LabServer, page: Any) -> None:
    open_and_run(page, lab_server, "instructor/gradebook.ipynb")
    page.evaluate("() => { const s = window.jupyterapp && window.jupyterapp.shell; if (s) s.collapseLeft(); }")
    table = page.locator(f"{OUTPUTS} table", has=page.locator("th", has_text="overall %")).first
    expect(table).to_be_attached(timeout=120_000)
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    facts = table.evaluate(TABLE_FACTS)
    assert facts["caption"], "the class table has no caption"
    assert facts["emptyHeaders"] == 0, f"{facts['emptyHeaders']} of {facts['headers']} header cells are empty"
    region = table.locator("xpath=ancestor::*[@role='region'][1]")
    assert region.count() == 1, "the class table is not inside a region"
    assert region.get_attribute("tabindex") == "0", "the table's region is not in the Tab order"
    assert (region.get_attribute("aria-label") or "").strip(), "the table's region has no name"
    width = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert width[0] > width[1], f"the table does not overflow its region at 1280 px: {width}"
    # the keyboard reaches it: from its cell (command mode), Tab lands on the region; the arrow keys scroll it
    page.locator(".jp-CodeCell", has=page.locator("th", has_text="overall %")).first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    for _ in range(6):
        page.keyboard.press("Tab")
        if region.evaluate("r => document.activeElement === r"):
            break
    assert region.evaluate("r => document.activeElement === r"), "Tab does not reach the table's region"
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    assert region.evaluate("r => r.scrollLeft") > 0, "the arrow keys do not scroll the table"
    region.screenshot(path=str(ARTIFACTS / "instructor_class_table.png"))
    # every table the notebook shows: a caption, no empty header cell
    for i in range(page.locator(f"{OUTPUTS} table").count()):
        other = page.locator(f"{OUTPUTS} table").nth(i).evaluate(TABLE_FACTS)
        assert other["caption"] and other["emptyHeaders"] == 0, f"table {i + 1}: {other}"
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, context={"include": [[OUTPUTS]]}, options={"resultTypes": ["violations"]})
    serious = [v["id"] for v in violations.response["violations"] if v.get("impact") in {"critical", "serious"}]
    assert serious == [], serious
