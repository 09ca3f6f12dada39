"""Screenshots of the instructor notebook in JupyterLab (headless Chromium) for docs/instructor-guide.md.

Starts JupyterLab on a copy of the notebooks (its own HOME, settings and workspaces, 127.0.0.1, a known
token, its own process group, stopped by its process id), opens notebooks/instructor/gradebook.ipynb with
its made-up class, runs every cell, and saves into docs/images/:

- instructor-lab-grading.png       the notebook in JupyterLab: the grading run and the problems report
- instructor-lab-class-table.png   the class table
- instructor-lab-scores.png        the score distribution per lesson, each with its own pass mark
- instructor-lab-heatmap.png       the learner-by-lesson heat map
- instructor-lab-flagged.png       the flagged questions
- instructor-lab-item-map.png      difficulty against discrimination
- instructor-lab-fix.png           the worst question and how the class spread over its options

Needs Debian's chromium and playwright (the test extras). Run it alone:
`.venv/bin/python scripts/instructor_screenshots.py`.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    LabServer,
    _chromium,
    _free_port,
    _write_settings,
    open_and_run,
)

NOTEBOOK = "instructor/gradebook.ipynb"
IMAGES = ROOT / "docs" / "images"
# file name -> text the cell's input must contain (the cell whose output is shot)
CELLS = {
    "instructor-lab-class-table.png": "table = class_table(",
    "instructor-lab-scores.png": "score_distribution(GRADEBOOK",
    "instructor-lab-heatmap.png": "mastery_heatmap(GRADEBOOK",
    "instructor-lab-flagged.png": "flagged = flagged_items(",
    "instructor-lab-item-map.png": "item_map(analysis)",
    "instructor-lab-fix.png": "choices[choices[",
}


def start_lab(base: Path) -> LabServer:
    root = base / "course"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = {**os.environ, **_write_settings(base)}
    # every cell in the page (no windowing), so a tall output is shot whole
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "notebook-extension"
    tracker = settings / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    Path(env["HOME"]).mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    log = (base / "lab.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
                if reply.status == 200:
                    return LabServer(url, token, root, process)
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_lab(process)
            raise SystemExit("JupyterLab did not start:\n" + (base / "lab.log").read_text(errors="replace")[-2000:])
        time.sleep(0.3)


def stop_lab(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def cell_with(page, text: str):  # noqa: ANN001, ANN201 - playwright objects
    """The code cell whose input contains `text` (exactly one)."""
    cells = page.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=text))
    if cells.count() != 1:
        raise SystemExit(f"expected one cell containing {text!r}, found {cells.count()}")
    return cells.first


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = _chromium()
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="instructor-shots-") as tmp:
        lab = start_lab(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
                open_and_run(page, lab, NOTEBOOK)
                page.keyboard.press("Escape")
                errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
                tracebacks = page.locator(".jp-OutputArea-output", has_text="Traceback")
                if tracebacks.count():
                    raise SystemExit(f"a cell failed: {tracebacks.first.inner_text()[:500]}")
                print(f"{errors.count()} stderr output(s) in the notebook")
                # the whole window, scrolled to the grading run and its problems report
                grading = cell_with(page, "report = grade_submissions(")
                grading.scroll_into_view_if_needed()
                page.evaluate(
                    "(el) => el.scrollIntoView({block: 'start'})", grading.element_handle()
                )
                page.wait_for_timeout(500)
                page.screenshot(path=str(IMAGES / "instructor-lab-grading.png"))
                print("wrote", IMAGES / "instructor-lab-grading.png")
                # the outputs one by one: the file browser closed and a window tall and wide enough for each
                page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()  # collapses it
                page.set_viewport_size({"width": 1800, "height": 2400})
                page.wait_for_timeout(500)
                for name, text in CELLS.items():
                    cell = cell_with(page, text)
                    cell.scroll_into_view_if_needed()
                    output = cell.locator(".jp-OutputArea")
                    output.locator("img, table, pre").first.wait_for(timeout=30_000)
                    page.wait_for_timeout(300)
                    cell.screenshot(path=str(IMAGES / name))
                    print("wrote", IMAGES / name)
                browser.close()
        finally:
            stop_lab(lab.process)


if __name__ == "__main__":
    main()
