"""The class view inside the instructor's JupyterLab, on a real local JupyterHub, in headless Chromium.

The instructor signs in to the hub, opens a notebook in her own JupyterLab (the course installed from a
wheel) and runs `class_view("class-a", "01_the_role")`: the class view appears in the notebook's output,
framed from the hub's own origin, and she starts the session from it. Learners answer through the real
client: the framed view updates within 2 s. The service is then killed mid-session; the hub starts it again
and the framed view, reconnecting by itself, shows the same counts and poll rounds (rebuilt from the
database). A learner who runs the same cell in her own JupyterLab sees the service's 403 message in the
frame, not the view; a page of another origin cannot frame the view at all. axe-core checks the framed
view. Screenshots go to /work/artifacts-23c/ (or $COURSE_LIVE_ARTIFACTS).
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.classroom import hub_harness as hh
from tests.classroom.test_live_real_hub import ACCESS, CHROMIUM_ARGS, LEARNERS, LESSON, _chromium, _write_config
from tests.classroom.test_real_hub import _require_hub, installed_course  # noqa: F401 (fixture)

pytestmark = [pytest.mark.hub, pytest.mark.browser]

ARTIFACTS = Path(os.environ.get("COURSE_LIVE_ARTIFACTS", "/work/artifacts-23c"))
FRAME = "iframe[title='Class view: class-a']"
CELL = 'from course_helpers import class_view\nclass_view("class-a", "01_the_role")'


def _lab_config(root: Path, python: Path, proxy: str) -> hh.Hub:
    """The live-session hub, with JupyterLab for every user (this environment's, found through the paths) and a
    fixed cookie secret for the service (as docs/live-sessions.md advises), so a restart keeps browsers signed in."""
    hub = _write_config(root, python, proxy)
    settings = root / "lab-settings"
    for name, value in [("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
                        ("notebook-extension/tracker", {"windowingMode": "none"})]:
        path = settings / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    env = {
        "JUPYTERLAB_DIR": str(Path(sys.prefix) / "share" / "jupyter" / "lab"),
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
        "JUPYTER_CONFIG_PATH": str(Path(sys.prefix) / "etc" / "jupyter"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
    }
    text = (root / "jupyterhub_config.py").read_text(encoding="utf-8")
    text += f"""
c.Spawner.environment.update({env!r})
c.Spawner.default_url = "/lab"
c.JupyterHub.services[0]["environment"] = {{"COURSE_LIVE_COOKIE_SECRET": {uuid.uuid4().hex!r}}}
"""
    (root / "jupyterhub_config.py").write_text(text, encoding="utf-8")
    return hub


@pytest.fixture
def lab_hub(installed_course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[hh.Hub]:  # noqa: F811
    proxy = _require_hub()
    running = _lab_config(tmp_path_factory.mktemp("livelab"), installed_course, proxy)
    with hh.running(running):
        yield running


def _notebook(hub: hh.Hub, user: str) -> str:
    """A notebook with the one cell, in the user's home (the spawner's notebook folder)."""
    import nbformat

    home = hub.root / "homes" / user
    home.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(CELL)]
    nbformat.write(notebook, home / "live.ipynb")
    return f"{hub.url}/user/{user}/lab/tree/live.ipynb"


def _sign_in(page: Any, hub: hh.Hub, user: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", "any")
    page.click("#login_submit")
    page.wait_for_load_state()


def _run_the_cell(page: Any, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(url, wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=180_000)
    expect(page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle"))).to_be_visible(timeout=180_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    page.locator(f".jp-OutputArea-output {FRAME}").wait_for(timeout=120_000)


@dataclass
class _Elsewhere:
    url: str
    server: Any

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _serve_elsewhere(page: str) -> _Elsewhere:
    """A page on 127.0.0.1 at another port (another origin than the hub's), served from a thread."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return _Elsewhere(f"http://127.0.0.1:{server.server_address[1]}/elsewhere", server)


def _wait(check: Any, what: str, timeout: float = 10.0) -> float:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            if check():
                return time.monotonic()
        except Exception as exc:  # noqa: BLE001 - an element not drawn yet, a frame reloading
            last = exc
        time.sleep(0.02)
    raise AssertionError(f"{what} did not happen in {timeout} s ({last})")


def test_the_class_view_in_the_instructors_jupyterlab(lab_hub: hh.Hub) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from course_helpers.classroom.live_client import LiveLink, request
    from course_helpers.quizzing.bank import load_bank

    chromium = _chromium()
    hub = lab_hub
    base = f"{hub.url}/services/course-submissions/"
    tokens = {name: hub.token_for(name, [ACCESS, "custom:course:submit"]) for name in LEARNERS[:20]}
    first = load_bank(LESSON).bank.question("role-facility-codes")
    wrong = [c for c in first.choices if c != first.answer]
    second = load_bank(LESSON).bank.question("role-observation-overnight")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    hub.start_server("ivy")
    hub.start_server("ann")
    ivy_url, ann_url = _notebook(hub, "ivy"), _notebook(hub, "ann")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        ivy = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = ivy.new_page()
        _sign_in(page, hub, "ivy")
        _run_the_cell(page, ivy_url)
        frame_element = page.locator(f".jp-OutputArea-output {FRAME}")
        # framed from the hub's own origin, through its proxy (a path, not the service's internal address)
        src = frame_element.get_attribute("src")
        assert src == "/services/course-submissions/live/class/class-a?lesson=01_the_role", src
        view = page.frame_locator(FRAME)
        view.locator("#start").wait_for(timeout=60_000)  # the hub's OAuth ran inside the frame, no prompt
        assert "Signed in as ivy" in view.locator("header").inner_text()
        assert view.locator("#lesson").input_value() == LESSON  # class_view's lesson is the one offered
        view.locator("#start").click()
        _wait(lambda: view.locator("#in-lesson").is_visible(), "the session starting in the frame")

        links = {n: LiveLink(base, t, request("POST", base + "api/live/join", t, {})) for n, t in tokens.items()}
        _wait(lambda: view.locator("#in-lesson").inner_text() == "20", "20 learners in the framed view")
        for i, link in enumerate(links.values()):
            link.listener(LESSON, first.id, wrong[i % 3] if i < 8 else first.answer)
        with ThreadPoolExecutor(10) as pool:
            assert all(pool.map(lambda link: link.flush(30), links.values()))
        acked = time.monotonic()
        counts = f"#check-{first.id} p.muted"
        shown = _wait(lambda: view.locator(counts).inner_text().startswith("20 answered · 12 right · 8 missed"),
                      "the framed view's counts")
        assert shown - acked < 2.0, shown - acked
        # a poll with two rounds, then the service dies mid-session
        view.locator("#poll-question").select_option(first.id)
        view.locator("#poll-open").click()
        _wait(lambda: "open, round 1" in view.locator("#poll-state").inner_text(), "the poll opening")
        from course_helpers.classroom.live_client import poll

        with ThreadPoolExecutor(10) as pool:
            list(pool.map(lambda n: poll(first.answer, url=base, token=tokens[n]), list(tokens)[:10]))
        view.locator("#poll-again").click()
        _wait(lambda: "open, round 2" in view.locator("#poll-state").inner_text(), "round 2 opening")
        with ThreadPoolExecutor(10) as pool:
            list(pool.map(lambda n: poll(first.answer, url=base, token=tokens[n]), list(tokens)[:15]))
        _wait(lambda: "Round 2: 15 votes" in view.locator("#poll-body").inner_text(), "round 2's votes")
        before = {sel: view.locator(sel).inner_text() for sel in (counts, "#in-lesson", "#poll-body", "#most-missed")}
        page.screenshot(path=str(ARTIFACTS / "class-view-in-jupyterlab.png"), full_page=False)

        old_pid = hub.pids.pop("service")
        hh.stop_pid(old_pid, grace=5)  # the hub sees its managed service exit and starts it again
        _wait(lambda: view.locator("#connection").inner_text() == "reconnecting…", "the view noticing", timeout=60)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                status, health = hh.http("GET", hub.service_url + "api/health", "", timeout=2)
                if status == 200 and health["pid"] != old_pid:
                    hub.pids["service"] = health["pid"]
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert "service" in hub.pids, f"the hub did not start the service again:\n{hub.log()}"
        _wait(lambda: view.locator("#connection").inner_text() == "connected"
              and {sel: view.locator(sel).inner_text() for sel in before} == before,
              "the framed view showing the same room after the restart", timeout=30)
        # and it keeps counting after the restart
        links["lrn01"].listener(LESSON, "role-observation-overnight", second.answer)
        assert links["lrn01"].flush(30)
        _wait(lambda: "1 answered" in view.locator("#check-role-observation-overnight p.muted").inner_text(),
              "an answer after the restart")

        frame = next(f for f in page.frames if "/live/class/class-a" in f.url)
        framed_axe = Axe().run(frame, options={"resultTypes": ["violations"]}).response["violations"]

        # a page of another origin (another port on the same machine) cannot frame the view
        other = ivy.new_page()
        elsewhere = _serve_elsewhere(f"<!doctype html><title>elsewhere</title>"
                                     f"<iframe title='x' src='{base}live/class/class-a'></iframe>")
        # the frame's request carries the instructor's token (cookies do not cross sites), so the service
        # answers with the view itself (200): it is the view's own policy that Chromium then applies
        teach = hub.token_for("ivy", [ACCESS, "custom:course:teach!group=class-a"])
        other.route(f"{base}live/class/**", lambda route: route.continue_(
            headers={**route.request.headers, "authorization": f"token {teach}"}))
        answers: list[tuple[int, str]] = []
        other.on("response", lambda r: answers.append((r.status, r.headers.get("content-security-policy", "")))
                 if "/live/class/" in r.url else None)
        other.goto(elsewhere.url)
        other.wait_for_timeout(3000)
        elsewhere.close()
        assert answers and answers[0][0] == 200 and "frame-ancestors 'self'" in answers[0][1], answers
        inner = other.frames[1]
        # Chromium replaces a frame its policy refuses with its own error page: the view never draws there
        assert inner.url.startswith("chrome-error://"), inner.url
        assert other.frame_locator("iframe").locator("header, #start, #in-lesson").count() == 0

        # a learner running the same cell sees the service's refusal in the frame, not the view
        ann = browser.new_context(viewport={"width": 1280, "height": 900})
        learner_page = ann.new_page()
        _sign_in(learner_page, hub, "ann")
        _run_the_cell(learner_page, ann_url)
        refused = learner_page.frame_locator(FRAME)
        refused.locator("h1").wait_for(timeout=60_000)
        assert refused.locator("h1").inner_text() == "403"
        assert "not an instructor of group 'class-a'" in refused.locator("main").inner_text()
        assert refused.locator("#start").count() == 0 and refused.locator("#learners").count() == 0
        learner_page.screenshot(path=str(ARTIFACTS / "class-view-in-jupyterlab-learner-403.png"))
        browser.close()

    for link in links.values():
        link.close()
    (ARTIFACTS / "live_lab_real_hub.json").write_text(
        json.dumps({"delay_s": round(shown - acked, 3), "framed_axe": framed_axe}, indent=2), encoding="utf-8"
    )
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in framed_axe if v["impact"] in {"serious", "critical"}]
    assert serious == [], serious
