"""Every lesson after Run All, checked as a keyboard and screen-reader user would meet it.

* axe-core (bundled by axe-playwright-python, nothing downloaded at run time) runs over what the course
  draws (each cell's output) and fails on any critical or serious violation there. JupyterLab's own
  findings (its toolbars, side bars, cell chrome) are written to test-artifacts/browser/axe_*.json and
  not failed: they are not ours to fix. axe reports colour contrast as "incomplete" inside JupyterLab's
  layout, so the course's colours are checked in tests/display/test_palette.py as well.
* Each lesson is photographed at 1280 px and at 200% zoom of that window (640 CSS px wide: the same
  layout a browser zoomed to 200% lays out) into test-artifacts/browser/.
* The coding lab's case player fits at both widths with no control overflowing its output area, and the
  DRG what-if shows a grouped result on first render.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run

pytestmark = pytest.mark.browser

LESSONS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDE, ZOOMED = 1280, 640  # 200% zoom of a 1280 px window lays out 640 CSS px
FAILING_IMPACTS = {"critical", "serious"}
OUTPUTS = ".jp-NotebookPanel .jp-OutputArea-output"


CONTROLS = ".widget-text, .widget-dropdown, .widget-radio, .widget-button, button, .widget-select-multiple"
OVERFLOW = (Path(__file__).parent / "overflow.js").read_text(encoding="utf-8")


def _collapse_side_bars(page: Any) -> None:
    page.evaluate(
        "() => { const s = window.jupyterapp && window.jupyterapp.shell;"
        " if (s) { s.collapseLeft(); s.collapseRight(); } }"
    )


def _axe(page: Any, context: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, context=context, options={"resultTypes": ["violations"]}).response["violations"]


def _summary(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(str(n['target']) for n in v['nodes'][:4])}"
        for v in violations
    ]


def _screenshot(page: Any, path: Path, width: int) -> None:
    """The whole notebook at a given window width: the window is made as tall as the notebook."""
    page.set_viewport_size({"width": width, "height": 900})
    _collapse_side_bars(page)
    page.wait_for_timeout(400)
    height = page.evaluate(
        "() => { const n = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')"
        " || document.querySelector('.jp-NotebookPanel .jp-Notebook'); return n ? n.scrollHeight : 900; }"
    )
    page.set_viewport_size({"width": width, "height": int(min(max(height + 160, 900), 30000))})
    page.evaluate(  # from the top: Run All leaves the notebook scrolled to its last cell
        "() => document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer, .jp-NotebookPanel .jp-Notebook')"
        ".forEach(n => { n.scrollTop = 0; })"
    )
    page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=False)


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_has_no_serious_accessibility_violations(lab_server: LabServer, page: Any, name: str) -> None:
    open_and_run(page, lab_server, f"{name}.ipynb")
    expect(page.locator(OUTPUTS).first).to_be_attached(timeout=90_000)
    page.wait_for_timeout(1500)  # widgets render and the keyboard helper upgrades them
    ours = _axe(page, {"include": [[OUTPUTS]]})
    lab = _axe(page, {"include": [[".jp-LabShell"]], "exclude": [[OUTPUTS]]})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe_{name}.json").write_text(
        json.dumps({"course": _summary(ours), "jupyterlab_not_failed": _summary(lab)}, indent=2), encoding="utf-8"
    )
    broken = page.locator(f"{OUTPUTS} .jupyter-widgets-error-widget")
    assert broken.count() == 0, f"{broken.count()} widgets failed to render: {broken.all_inner_texts()[:2]}"
    # every slider handle has a name and every image a text alternative (the checks the review failed)
    unnamed = page.locator(f"{OUTPUTS} .noUi-handle:not([aria-label])")
    assert unnamed.count() == 0, f"{unnamed.count()} slider handles have no accessible name"
    no_alt = page.locator(f"{OUTPUTS} img:not([alt])")
    assert no_alt.count() == 0, f"{no_alt.count()} images have no alt text"
    _screenshot(page, ARTIFACTS / f"{name}_1280.png", WIDE)
    _screenshot(page, ARTIFACTS / f"{name}_200pct.png", ZOOMED)
    # at 200% zoom no control of any course widget sticks out of its output area or is cut off
    overflowing = []
    roots = page.locator(f"{OUTPUTS} .course-quiz, {OUTPUTS} .course-widget")
    for i in range(roots.count()):
        overflowing += page.evaluate(OVERFLOW, [roots.nth(i).element_handle(), CONTROLS + ", .widget-slider"])
    serious = [v for v in ours if v.get("impact") in FAILING_IMPACTS]
    assert serious == [], "\n".join(_summary(serious))
    assert overflowing == [], f"at 200% zoom: {overflowing[:8]}"


@pytest.mark.parametrize("width", [WIDE, ZOOMED], ids=["1280px", "200pct"])
def test_case_player_fits(lab_server: LabServer, page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1200})
    open_and_run(page, lab_server, "12_coding_lab.ipynb")
    _collapse_side_bars(page)
    player = page.locator(".course-case-player").first
    expect(player).to_be_visible(timeout=90_000)
    player.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    overflowing = page.evaluate(OVERFLOW, [player.element_handle(), CONTROLS])
    record = player.locator(".widget-html").first.bounding_box()
    fields = player.locator(".widget-text").first.bounding_box()
    player.screenshot(path=str(ARTIFACTS / f"case_player_{width}px.png"))
    assert overflowing == [], overflowing
    side_by_side = record["x"] + record["width"] <= fields["x"] + 1
    stacked = record["y"] + record["height"] <= fields["y"] + 1
    assert side_by_side or stacked, f"record {record} overlaps the code fields {fields}"
    if width == ZOOMED:
        assert stacked, "at 200% zoom the record sits above the fields"
    cut = page.evaluate(POA_LABELS_CUT, player.element_handle())
    assert cut == [], f"POA labels cut off inside their dropdowns: {cut[:3]}"
    clipped = player.evaluate("p => [...p.querySelectorAll('button')].filter(b => b.scrollWidth > b.clientWidth + 1)"
                              ".map(b => b.textContent.trim())")
    assert clipped == [], f"button labels cut off: {clipped[:3]}"
    blank = player.evaluate("p => [...p.querySelectorAll('select')].filter(s => !s.multiple && s.selectedIndex < 0)"
                            ".map(s => s.closest('.widget-dropdown')?.textContent.trim())")
    assert blank == [], f"dropdowns showing nothing: {blank}"


# For each POA dropdown: is its longest label wider than the box that shows it (text + the arrow)?
POA_LABELS_CUT = """(root) => {
  const ctx = document.createElement('canvas').getContext('2d');
  const cut = [];
  for (const select of root.querySelectorAll('select')) {
    const texts = [...select.options].map(o => o.text);
    if (!texts.some(t => t.startsWith('N: not present'))) continue;
    ctx.font = getComputedStyle(select).font;
    const widest = Math.max(...texts.map(t => ctx.measureText(t).width));
    if (widest + 24 > select.clientWidth) cut.push(`${Math.round(widest)}px in ${select.clientWidth}px`);
  }
  return cut;
}"""


def test_whatif_shows_a_result_on_first_render(lab_server: LabServer, page: Any) -> None:
    open_and_run(page, lab_server, "12_coding_lab.ipynb")
    panel = page.locator(".course-widget", has_text="What if?").first
    expect(panel).to_be_visible(timeout=90_000)
    expect(panel.locator(".widget-html", has_text="Payment estimate").first).to_be_visible()
    expect(panel.locator(".widget-html", has_text="If one secondary diagnosis were missing").first).to_be_visible()
    assert panel.locator(".widget-select-multiple option").count() > 0, "the Drop list is filled before Group"
