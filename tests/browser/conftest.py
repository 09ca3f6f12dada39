"""A real JupyterLab server and headless Chromium for the browser tests.

The server runs on 127.0.0.1 with a free port, a known token and its own HOME, settings and workspace
folders, in its own process group, and is stopped by its process id. Chromium is Debian's package,
driven by Playwright with `executable_path` (no browser download). Without Chromium the tests skip with
instructions, unless COURSE_REQUIRE_BROWSER=1 (CI), where a missing browser fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = (
    "Chromium is not installed, so the real-browser test is skipped. To run it: "
    "`sudo apt-get install chromium` (Debian/Ubuntu), then `make test` again."
)


def _chromium() -> str | None:
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path to Chromium, or skip (fail when COURSE_REQUIRE_BROWSER=1)."""
    path = _chromium()
    required = os.environ.get("COURSE_REQUIRE_BROWSER") == "1"
    if path is None:
        if required:
            pytest.fail("COURSE_REQUIRE_BROWSER=1 but Chromium is missing: " + INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        message = "Playwright is not installed: run `make test` (it installs the test extras)."
        if required:
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LabServer:
    """A running JupyterLab: where it listens, its token and the folder it serves."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen[bytes]

    def lab_url(self, notebook: str, workspace: str | None = None) -> str:
        """The address that opens a notebook in JupyterLab (in a workspace of its own, if named)."""
        where = f"lab/workspaces/{workspace}/tree" if workspace else "lab/tree"
        return f"{self.url}/{where}/{notebook}?token={self.token}"


def _write_settings(base: Path) -> dict[str, str]:
    settings = base / "lab-settings"
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    # every cell in the page (not only those scrolled into view), so axe-core and screenshots see them all
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    kernel_dir = base / "data" / "kernels" / "inpatient-coder"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Inpatient Coder Course (Python 3)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return {
        "HOME": str(base / "home"),
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "IPYTHONDIR": str(base / "ipython"),
        "MPLCONFIGDIR": str(base / "mpl"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "COURSE_PROGRESS_DB": str(base / "progress.sqlite3"),
        "COURSE_QUIZZES_DIR": str(ROOT / "quizzes"),
    }


@pytest.fixture
def lab_server(tmp_path: Path, chromium_path: str) -> Iterator[LabServer]:
    """Start JupyterLab from this environment on a copy of the notebooks; stop it by its process id."""
    with running_lab(tmp_path) as server:
        yield server


@contextmanager
def running_lab(tmp_path: Path) -> Iterator[LabServer]:
    """A JupyterLab server in `tmp_path` (its own HOME, settings, kernels), stopped by its process id on exit."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = {**os.environ, **_write_settings(tmp_path)}
    Path(env["HOME"]).mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    log = (tmp_path / "lab.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: tests can collapse the side bar
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),  # CI runs as root
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (tmp_path / "lab.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"JupyterLab did not start:\n{tail}")
            time.sleep(0.3)
        yield LabServer(url, token, root, process)
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


VIEWPORT = {"width": 1280, "height": 1600}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # noqa: ANN201
    """Keep each phase's report on the test item, so the page fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(chromium_path: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A Chromium page (Debian's browser, no download); a failing test leaves a full-page screenshot."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        try:
            yield page
        finally:
            report = getattr(request.node, "report_call", None)
            if report is not None and report.failed:
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
                page.screenshot(path=str(ARTIFACTS / f"{name}_failure.png"), full_page=True)
            browser.close()


def open_and_run(page: Any, lab_server: LabServer, notebook: str, workspace: str | None = None) -> None:
    """Open a notebook in JupyterLab, wait for its kernel, run every cell and wait until all have run.

    A server that opens several notebooks in turn names a `workspace` per notebook, so earlier tabs do not reopen.
    """
    from playwright.sync_api import expect

    page.goto(lab_server.lab_url(notebook, workspace), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
    # On a fresh server the toolbar may say idle before the kernel is connected: wait for the status bar.
    expect(page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle"))).to_be_visible(timeout=120_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];"
        " return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }",
        timeout=240_000,
    )


def write_notebook(lab_server: LabServer, name: str, *sources: str) -> str:
    """Write a notebook of code cells (the course's kernel) into the served folder; returns its file name."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "inpatient-coder",
        "display_name": "Inpatient Coder Course (Python 3)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(notebook, lab_server.root / name)
    return name
