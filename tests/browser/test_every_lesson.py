"""Every lesson, run once in a real JupyterLab and judged three ways.

* Offline: every request the browser makes while the lesson opens and runs is recorded; none may leave
  127.0.0.1 (a classroom may have no internet, and a CDN learns who opened what).
* Text spacing (WCAG 1.4.12): with the W3C test bookmarklet's stylesheet (line height 1.5, paragraph spacing
  2em, letter spacing 0.12em, word spacing 0.16em), no course control's text is cut (tests/browser/text_spacing.js).
* Reflow (WCAG 1.4.10): at 320 CSS px (a 1280 px window at 400%), with the side bars collapsed, nothing the
  course draws reaches past its output area or is cut, except tables and code, which scroll
  (tests/browser/reflow_320.js).

One JupyterLab serves the module; each lesson opens in its own browser context and its kernel is shut down
after. Screenshots at 320 px go to test-artifacts/browser/NN_x_320px.png.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS, ROOT, VIEWPORT, LabServer, open_and_run, running_lab
from tests.browser.test_offline import outside, record_requests

pytestmark = pytest.mark.browser

LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HERE = Path(__file__).parent
TEXT_SPACING = (HERE / "text_spacing.js").read_text(encoding="utf-8")
REFLOW = (HERE / "reflow_320.js").read_text(encoding="utf-8")
# the stylesheet of the W3C's text-spacing bookmarklet (Understanding SC 1.4.12), applied to the whole page
SPACING_CSS = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)
OUTPUTS = ".jp-NotebookPanel .jp-OutputArea-output"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[LabServer]:
    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="module")
def chromium(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _collapse_side_bars(page: Any) -> None:
    page.evaluate(
        "() => { const s = window.jupyterapp && window.jupyterapp.shell;"
        " if (s) { s.collapseLeft(); s.collapseRight(); } }"
    )


def _shut_down_kernels(lab: LabServer) -> None:
    with urllib.request.urlopen(f"{lab.url}/api/sessions?token={lab.token}", timeout=10) as reply:
        sessions = json.load(reply)
    for session in sessions:
        request = urllib.request.Request(f"{lab.url}/api/sessions/{session['id']}?token={lab.token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture(scope="module", params=LESSONS)
def lesson(request: pytest.FixtureRequest, lab: LabServer, chromium: Any) -> dict[str, Any]:
    """Open and run one lesson; record its requests, its controls under text spacing and its reflow at 320 px."""
    name = request.param
    context = chromium.new_context(viewport=VIEWPORT)
    seen = record_requests(context)
    page = context.new_page()
    try:
        open_and_run(page, lab, f"{name}.ipynb", workspace=name.replace("_", "-"))
        expect(page.locator(OUTPUTS).first).to_be_attached(timeout=90_000)
        page.wait_for_timeout(2000)  # widgets render and the keyboard helper upgrades them
        _collapse_side_bars(page)
        spacing = page.add_style_tag(content=SPACING_CSS)
        page.wait_for_timeout(1000)
        spaced = page.evaluate(TEXT_SPACING)
        spacing.evaluate("s => s.remove()")
        page.set_viewport_size({"width": 320, "height": 900})
        _collapse_side_bars(page)
        page.wait_for_timeout(1500)
        reflow = page.evaluate(REFLOW)
        page.screenshot(path=str(ARTIFACTS / f"{name}_320px.png"))
        page.wait_for_timeout(500)
        return {"name": name, "outside": outside(seen), "spacing": spaced, "reflow": reflow}
    finally:
        context.close()
        _shut_down_kernels(lab)


def test_lesson_fetches_nothing_from_outside(lesson: dict[str, Any]) -> None:
    assert lesson["outside"] == [], f"{lesson['name']}: requests that leave this machine: {lesson['outside']}"


def test_lesson_controls_keep_their_text_under_wcag_text_spacing(lesson: dict[str, Any]) -> None:
    cut = lesson["spacing"]
    assert cut == [], f"{lesson['name']}: {len(cut)} controls cut under text spacing: {cut[:8]}"


def test_lesson_reflows_at_320_px(lesson: dict[str, Any]) -> None:
    past = lesson["reflow"]
    assert past == [], f"{lesson['name']}: {len(past)} elements past the edge or cut at 320 px: {past[:8]}"
