"""The calculators as Voila pages (notebooks/apps/), in headless Chromium: each page renders, a control moved
with the mouse or the keyboard changes the result. Controls are found by their accessible role and label.

Voila runs on 127.0.0.1 with its own HOME, Jupyter folders and progress store, in its own process group, and is
stopped by its process id. Screenshots at 1280 px wide and at 200% zoom (640 CSS px at device scale 2, as a
1280 px window zoomed to 200%) go to test-artifacts/browser/apps/.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS, ROOT, _free_port, _write_settings

pytestmark = pytest.mark.browser

APPS = ROOT / "notebooks" / "apps"
SHOTS = ARTIFACTS / "apps"
PAGES = ["salary_calculator", "career_path_projector", "certification_payback", "drg_whatif"]


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[str]:
    """Voila serving notebooks/apps on 127.0.0.1; stopped by its process id."""
    try:
        import voila  # noqa: F401
    except ImportError:
        message = "Voila is not installed: `pip install -e '.[app]'` (make test installs it)."
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    base = tmp_path_factory.mktemp("voila")
    env = {**os.environ, **_write_settings(base)}
    # the course's Voila template (share/jupyter/voila/templates/course), as this checkout has it: an install
    # copies it to <prefix>/share/jupyter, where a shared dev venv may hold an older copy or none
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ROOT / "share" / "jupyter"), env.get("JUPYTER_PATH")]))
    Path(env["HOME"]).mkdir()
    # `make app` runs Voila from the checkout's root, where voila.json chooses the course's template
    if (ROOT / "voila.json").exists():
        shutil.copy(ROOT / "voila.json", base / "voila.json")
    port = _free_port()
    log_path = base / "voila.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", str(APPS), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"],
        env=env,
        cwd=base,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"Voila did not start:\n{log_path.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser: Any, voila_url: str, name: str, *, zoom200: bool = False, context: Any = None) -> Any:
    if context is not None:  # the caller's context (one that records its requests, say)
        pass
    elif zoom200:
        context = browser.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2)
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{voila_url}/voila/render/{name}.ipynb", wait_until="domcontentloaded", timeout=120_000)
    page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)
    page.locator("#loading").wait_for(state="hidden", timeout=120_000)  # Voila's own spinner: the cells have run
    page.wait_for_function("() => document.querySelectorAll('.jupyter-widgets').length > 0", timeout=120_000)
    page.errors = errors
    return page


def _text(locator: Any, timeout: float = 120_000) -> str:
    """The first match's text, whitespace collapsed (a result may be redrawn, so take the first match)."""
    first = locator.first
    first.wait_for(timeout=timeout)
    return " ".join(first.inner_text(timeout=timeout).split())


def _changed(page: Any, locator: Any, before: str, until: str | None = None) -> str:
    """Wait until the result's text differs from `before` (and starts with `until`, if given); return it."""
    deadline = time.monotonic() + 30
    now = before
    while time.monotonic() < deadline:
        try:
            now = _text(locator, timeout=5_000)
        except Exception:  # the result is gone: say what the page shows instead
            now = "(no result shown) " + " ".join(page.locator("body").inner_text().split())[-600:]
        if now != before and (until is None or now.startswith(until)):
            return now
        page.wait_for_timeout(200)
    raise AssertionError(f"the result did not change from {before!r} (last seen: {now!r})")


def _settled(page: Any, locator: Any, quiet_ms: int = 1500) -> str:
    """Wait until the result's text has not changed for `quiet_ms` (a dragged slider sends several values)."""
    deadline = time.monotonic() + 30
    last, since = _text(locator), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        now = _text(locator)
        if now != last:
            last, since = now, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return now
    raise AssertionError(f"the result kept changing (last seen: {last!r})")


def _money(text: str, label: str) -> int:
    match = re.search(label + r"\s*\$([\d,]+)", text)
    assert match, f"no {label!r} amount in {text!r}"
    return int(match.group(1).replace(",", ""))


def _shot(page: Any, name: str) -> None:
    """A screenshot of the whole page: Voila scrolls an inner element, so grow the window to its height first."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 20, 6000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _sticks_out(page: Any) -> int:
    """How far (CSS px) the rightmost visible element reaches past the window's right edge."""
    return int(
        page.evaluate(
            "() => Math.max(0, ...[...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null)"
            ".map(e => e.getBoundingClientRect().right)) - window.innerWidth"
        )
    )


def test_salary_calculator(browser: Any, voila_url: str) -> None:
    page = _open(browser, voila_url, "salary_calculator")
    result = page.get_by_text(re.compile(r"^Estimate: \$"))
    start = _text(result)
    # mouse: tick "Certified (CCS or RHIT)"; the estimate goes up
    page.get_by_role("checkbox", name="Certified (CCS or RHIT)").click()
    certified = _changed(page, result, start)
    assert _money(certified, "Estimate:") > _money(start, "Estimate:")
    # keyboard: the Location list, one step down (a metropolitan, high cost-of-living area); the estimate changes
    location = page.get_by_role("combobox", name="Location")
    location.focus()
    page.keyboard.press("ArrowDown")
    moved = _changed(page, result, certified)
    assert location.input_value() != "" and _money(moved, "Estimate:") != _money(certified, "Estimate:")
    _shot(page, "salary_calculator_1280")
    assert page.errors == []
    page.context.close()


def test_career_path_projector(browser: Any, voila_url: str) -> None:
    page = _open(browser, voila_url, "career_path_projector")
    result = page.get_by_text(re.compile(r"^Year \d+: \$"))
    start = _text(result)
    assert start.startswith("Year 15:")
    # keyboard: the role of the last step (which holds year 15), one option up; the year-15 role and pay change
    step5 = page.get_by_role("combobox", name="Step 5")
    step5.focus()
    page.keyboard.press("ArrowUp")
    other_role = _changed(page, result, start, until="Year 15:")
    assert other_role.split(" as ")[1].split(" (")[0] != start.split(" as ")[1].split(" (")[0]
    # mouse: drag the last slider ("Years shown") to the left; the projection ends earlier
    handle = page.get_by_role("slider").last
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] - 120, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    _changed(page, result, other_role)
    shorter = _settled(page, result)
    shown = int(handle.get_attribute("aria-valuenow").split(".")[0])
    assert shown < 15 and shorter.startswith(f"Year {shown}:"), (shown, shorter)  # the text follows the slider
    _shot(page, "career_path_projector_1280")
    assert page.errors == []
    page.context.close()


def test_certification_payback(browser: Any, voila_url: str) -> None:
    page = _open(browser, voila_url, "certification_payback")
    result = page.get_by_text(re.compile(r"^Cost \$[\d,]+; premium"))
    start = _text(result)

    def month(text: str) -> float:
        found = re.search(r"Break-even: month (\d+)", text)
        assert found or "Break-even: never" in text, text
        return int(found.group(1)) if found else float("inf")

    # keyboard: type a higher program cost and press Enter; the cost goes up and break-even comes later
    cost = page.get_by_role("spinbutton", name="Program cost ($)")
    cost.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("6000")
    page.keyboard.press("Enter")
    dearer = _changed(page, result, start)
    assert _money(dearer, "Cost") == 6000 + _money(start, "Cost") - 1500, dearer
    assert month(dearer) > month(start), (start, dearer)
    # mouse: drag the last slider ("Pay premium") to the left; a smaller premium, paid back later (or never)
    handle = page.get_by_role("slider").last
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] - 30, box["y"] + box["height"] / 2, steps=6)
    page.mouse.up()
    _changed(page, result, dearer)
    smaller = _settled(page, result)
    assert _money(smaller, "premium") < _money(dearer, "premium"), (dearer, smaller)
    assert month(smaller) > month(dearer), (dearer, smaller)
    _shot(page, "certification_payback_1280")
    assert page.errors == []
    page.context.close()


def test_drg_whatif(browser: Any, voila_url: str) -> None:
    page = _open(browser, voila_url, "drg_whatif")
    # mouse: press Group; the case groups to MS-DRG 292 (heart failure and shock with CC)
    page.get_by_role("button", name="Group").click()
    result = page.get_by_text(re.compile(r"^MS-DRG \d{3} "))
    first = _text(result)
    assert first.startswith("MS-DRG 292 HEART FAILURE AND SHOCK WITH CC"), first
    # keyboard: replace the secondary diagnoses with a non-CC (E78.5 hyperlipidemia), then Group by keyboard
    secondary = page.get_by_role("textbox", name="Secondary dx")
    secondary.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("E78.5:Y")
    page.keyboard.press("Tab")  # leave the box, as a person does, before reaching for Group
    # ipywidgets holds back a model's next value while the kernel is busy with the previous one, but sends a button
    # click at once, so a click within a moment of the last keystroke can group a stale value (seen here under load:
    # "E78 is a header"). A person takes longer than this to reach the button.
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Group").focus()
    page.keyboard.press("Enter")
    second = _changed(page, result, first)
    assert second.startswith("MS-DRG 293 HEART FAILURE AND SHOCK WITHOUT CC/MCC"), second
    _shot(page, "drg_whatif_1280")
    assert page.errors == []
    page.context.close()


CONTROLS = {
    "salary_calculator": ("combobox", "Level"),
    "career_path_projector": ("checkbox", "Earn the CCS"),
    "certification_payback": ("spinbutton", "Program cost ($)"),
    "drg_whatif": ("button", "Group"),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_at_200_percent_zoom(browser: Any, voila_url: str, name: str) -> None:
    """At 200% a control is on screen within the window's width; the screenshot is for a person to look at."""
    page = _open(browser, voila_url, name, zoom200=True)
    role, label = CONTROLS[name]
    control = page.get_by_role(role, name=label)
    control.scroll_into_view_if_needed(timeout=120_000)
    box = control.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 640 + 1, box
    page.wait_for_timeout(1500)  # let the charts draw
    _shot(page, f"{name}_200pct")
    print(f"{name}: at 200%, content reaches {_sticks_out(page)} CSS px past the window's right edge")
    assert page.errors == []
    page.context.close()


def test_payback_sliders_speak_their_shown_values(browser: Any, voila_url: str) -> None:
    """Each slider's aria-valuetext is what its readout shows ("21%", not 0.2), after a keyboard move too."""
    page = _open(browser, voila_url, "certification_payback")
    sliders = page.locator(".widget-slider")
    sliders.first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    said = "s => [s.querySelector('.noUi-handle').getAttribute('aria-valuetext'), s.querySelector('.widget-readout')" \
        ".textContent.trim()]"
    problems = []
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        slider.locator(".noUi-handle").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(400)
        spoken, shown = slider.evaluate(said)
        if spoken != shown:
            problems.append(f"slider {i + 1} shows {shown!r}, says {spoken!r}")
    assert problems == [], problems
    page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_reflows_at_320_px(browser: Any, voila_url: str, name: str) -> None:
    """WCAG 1.4.10: at 320 CSS px nothing but a scrollable table reaches past the window's right edge."""
    page = _open(browser, voila_url, name)
    page.set_viewport_size({"width": 320, "height": 900})
    page.wait_for_timeout(1500)
    past = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null"
        " && !e.closest('.course-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(e => (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 40))"
    )
    leaves = [text for text in past if text][:8]
    _shot(page, f"{name}_320px")
    assert past == [], f"{len(past)} elements reach past 320 px: {leaves}"
    page.context.close()
