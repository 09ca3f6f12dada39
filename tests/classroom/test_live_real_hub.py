"""A live session on a real local JupyterHub, with the instructor's class view open in Chromium.

30 simulated learners answer through the real client (`live_client`: the quiz hook's `LiveLink` and
`poll()`), one more learner answers from a real kernel on her own single-user server (the course installed
from a wheel), and the instructor, signed in to the hub in Chromium, starts the session and runs a poll
from the class view (the hub's OAuth, XSRF on every change). Checked: counts and the most-missed check
reach the page within 2 s; a poll opened, answered, re-voted, closed and revealed; the projector view
shows no names; a learner gets 403 on the class view; axe-core finds nothing serious or critical.
Screenshots of both views go to /work/artifacts-23/ (or $COURSE_LIVE_ARTIFACTS).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.classroom import hub_harness as hh
from tests.classroom.test_real_hub import _require_hub, _result, installed_course  # noqa: F401 (fixture)

pytestmark = [pytest.mark.hub, pytest.mark.browser]

ACCESS = "access:services!service=course-submissions"
LEARNERS = [f"lrn{i:02d}" for i in range(1, 31)]
LESSON = "01_the_role"
ARTIFACTS = Path(os.environ.get("COURSE_LIVE_ARTIFACTS", "/work/artifacts-23"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _chromium() -> str:
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium") or ""):
        if path and Path(path).exists():
            return path
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail("COURSE_REQUIRE_BROWSER=1 but no Chromium: apt-get install -y chromium")
    pytest.skip("the class-view test needs Chromium: apt-get install -y chromium")


def _write_config(root: Path, python: Path, proxy: str) -> hh.Hub:
    """The hand-in harness's hub, with a class group, its instructor and the teach scope."""
    hub = hh.write_config(root, python, proxy)
    text = (root / "jupyterhub_config.py").read_text(encoding="utf-8")
    users = json.dumps(["ann", "ivy", *LEARNERS])
    groups = {"class-a": {"users": ["ann", *LEARNERS]}, "instructors": {"users": ["ivy"]}}
    text += f"""
c.Authenticator.allowed_users = set({users})
c.JupyterHub.custom_scopes["custom:course:teach"] = {{"description": "run live sessions of a class group"}}
c.JupyterHub.load_groups = {groups!r}
c.JupyterHub.load_roles[0]["groups"] = ["class-a"]
c.JupyterHub.load_roles[1]["scopes"].append("custom:course:teach!group=class-a")
c.JupyterHub.services[0]["oauth_no_confirm"] = True
c.JupyterHub.services[0]["oauth_client_allowed_scopes"] = ["custom:course:teach", "custom:course:review"]
"""
    (root / "jupyterhub_config.py").write_text(text, encoding="utf-8")
    return hub


@pytest.fixture
def live_hub(installed_course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[hh.Hub]:  # noqa: F811
    proxy = _require_hub()
    running = _write_config(tmp_path_factory.mktemp("livehub"), installed_course, proxy)
    with hh.running(running):
        yield running


def _text(page: Any, selector: str) -> str:
    return page.locator(selector).first.inner_text()


def _wait_for(page: Any, check: Any, timeout: float = 10.0) -> float:
    """Poll the page until `check(page)` is true; returns when (monotonic), or fails with what it saw."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check(page):
                return time.monotonic()
        except Exception:  # noqa: BLE001 - an element not drawn yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the class view did not update in {timeout} s: {_text(page, 'main')[:1500]}")
        time.sleep(0.02)


def _check_counts(page: Any, question: str) -> str:
    return page.locator(f"#check-{question} p.muted").inner_text()


KERNEL = """
import json
from course_helpers import live, poll, quiz
from course_helpers.classroom.live_client import live_link
marker = live()
q = quiz("01_the_role", questions=["role-facility-codes"])
q.answer("role-facility-codes", {wrong!r})
flushed = live_link().flush(20)
vote = poll({vote!r})
import course_helpers, sys
hub_stack = [m for m in ("sqlalchemy", "jupyterhub.services.auth") if m in sys.modules]
print("RESULT " + json.dumps({{"module": course_helpers.__file__, "hub_stack": hub_stack, "marker": repr(marker),
                              "sent": live_link().sent, "flushed": flushed, "vote": repr(vote),
                              "problem": live_link().problem}}))
"""


def test_a_live_session_on_a_real_hub_with_the_class_view_in_chromium(live_hub: hh.Hub) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from course_helpers.classroom.live_client import LiveClientError, LiveLink, poll, request
    from course_helpers.quizzing.bank import load_bank

    chromium = _chromium()
    hub = live_hub
    base = f"{hub.url}/services/course-submissions/"
    view = f"{base}live/class/class-a"
    tokens = {name: hub.token_for(name, [ACCESS, "custom:course:submit"]) for name in LEARNERS}
    questions = {q.id: q for q in load_bank(LESSON).bank.questions}
    first = questions["role-facility-codes"]
    wrong1 = [c for c in first.choices if c != first.answer]
    third = questions["role-observation-overnight"]
    wrong3 = next(c for c in third.choices if c != third.answer)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # a learner may not open the class view, through the hub's proxy
    status, body = hh.http("GET", f"{base}api/live/groups/class-a/state", tokens["lrn01"])
    assert status == 403 and "not an instructor" in str(body), (status, body)
    with pytest.raises(LiveClientError, match="403"):
        request("GET", view, tokens["lrn02"])

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        # the instructor signs in to the hub; the class view's OAuth then needs no other step
        page.goto(f"{hub.url}/hub/login")
        page.fill("#username_input", "ivy")
        page.fill("#password_input", "any")
        page.click("#login_submit")
        page.wait_for_load_state()
        page.goto(view)
        page.wait_for_selector("#start", timeout=30_000)
        assert "Signed in as ivy" in _text(page, "header")
        page.select_option("#lesson", LESSON)
        page.click("#start")
        _wait_for(page, lambda p: p.locator("#in-lesson").is_visible())

        # 30 learners join through the real client; the quiz hook's listener sends each answer
        def join(name: str) -> LiveLink:
            return LiveLink(base, tokens[name], request("POST", base + "api/live/join", tokens[name], {}))

        with ThreadPoolExecutor(10) as pool:
            links = dict(zip(LEARNERS, pool.map(join, LEARNERS), strict=True))
        _wait_for(page, lambda p: _text(p, "#in-lesson") == "30")

        def wave(answers: dict[str, list[tuple[str, Any]]]) -> float:
            for name, items in answers.items():
                for question, response in items:
                    links[name].listener(LESSON, question, response)
            with ThreadPoolExecutor(10) as pool:
                assert all(pool.map(lambda link: link.flush(30), [links[n] for n in answers]))
            assert all(links[n].problem is None for n in answers), [links[n].problem for n in answers]
            return time.monotonic()

        # wave 1: everyone answers check 1 (12 wrong), 10 also answer check 2 right
        acked = wave({
            name: [(first.id, wrong1[i % 3] if i < 12 else first.answer)]
            + ([("role-observation-overnight", third.answer)] if i >= 20 else [])
            for i, name in enumerate(LEARNERS)
        })
        shown = _wait_for(page, lambda p: _check_counts(p, first.id).startswith("30 answered · 18 right · 12 missed")
                          and first.prompt.split()[0] in _text(p, "#most-missed"))
        delays = [shown - acked]
        # wave 2: 15 learners miss check 2: the most-missed check moves there
        acked = wave({name: [("role-observation-overnight", wrong3)] for name in LEARNERS[:15]})
        shown = _wait_for(page, lambda p: "15 of 25 missed (role-observation-overnight)" in
                          _text(p, "#most-missed-count"))
        delays.append(shown - acked)
        # one learner, one answer
        acked = wave({"lrn30": [("role-inpatient-starts", True)]})
        shown = _wait_for(page, lambda p: _check_counts(p, "role-inpatient-starts").startswith("1 answered"))
        delays.append(shown - acked)
        assert max(delays) < 2.0, delays
        assert "lrn01" in _text(page, "#learners")

        # a poll: opened from the view, answered, discussed and re-voted, closed, revealed
        page.select_option("#poll-question", "role-outpatient-contrast")
        page.click("#poll-open")
        _wait_for(page, lambda p: "open, round 1" in _text(p, "#poll-state"))
        poll_q = questions["role-outpatient-contrast"]
        poll_wrong = next(c for c in poll_q.choices if c != poll_q.answer)
        first_round = {name: (poll_wrong if i < 18 else poll_q.answer) for i, name in enumerate(LEARNERS)}
        with ThreadPoolExecutor(10) as pool:
            receipts = list(pool.map(lambda n: poll(first_round[n], url=base, token=tokens[n]), LEARNERS))
        assert all("Vote counted for round 1" in r.message for r in receipts), receipts[0].message

        # the 31st learner, from a real kernel on her own server (the course installed from a wheel)
        hub.start_server("ann")
        with ThreadPoolExecutor(1) as pool:  # run_in_kernel runs its own event loop: not in Playwright's thread
            code = KERNEL.format(wrong=wrong1[0], vote=poll_q.answer)
            ann = _result(pool.submit(hh.run_in_kernel, hub, "ann", code).result())
        assert "live session" in ann["marker"] and ann["sent"] == 1 and ann["flushed"], ann
        assert "/installed" in ann["module"] and "/venv/" in ann["module"], ann  # the wheel, not this checkout
        assert ann["hub_stack"] == [], ann  # the learner's kernel never loaded the hub's packages
        assert "Vote counted for round 1" in ann["vote"], ann
        _wait_for(page, lambda p: "Round 1: 31 votes · 13 right" in _text(p, "#poll-body"))
        _wait_for(page, lambda p: _text(p, "#in-lesson") == "31")

        page.click("#poll-again")
        _wait_for(page, lambda p: "open, round 2" in _text(p, "#poll-state"))
        second_round = {name: (poll_q.answer if i < 24 else poll_wrong) for i, name in enumerate(LEARNERS)}
        with ThreadPoolExecutor(10) as pool:
            receipts = list(pool.map(lambda n: poll(second_round[n], url=base, token=tokens[n]), LEARNERS))
        assert all("round 2" in r.message for r in receipts)
        _wait_for(page, lambda p: "Round 2: 30 votes · 24 right" in _text(p, "#poll-body"))
        moves = _text(page, "#poll-moves")
        assert "wrong → right: 18" in moves and "right → wrong: 6" in moves and "right → right: 6" in moves, moves
        page.click("#poll-close")
        _wait_for(page, lambda p: _text(p, "#poll-state") == "closed")
        late = poll(poll_q.answer, url=base, token=tokens["lrn01"])
        assert "Not counted" in late.message and "closed" in late.message
        page.click("#poll-reveal")
        _wait_for(page, lambda p: "answer shown" in _text(p, "#poll-state"))
        assert poll(url=base, token=tokens["lrn05"]).poll["answer"] == [poll_q.answer]

        # keyboard: every control is reachable with Tab and shows a focus ring
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.tagName")
        assert focused in {"A", "BUTTON", "SELECT"}, focused
        assert page.locator("[role=status][aria-live=polite]").count() == 1
        page.screenshot(path=str(ARTIFACTS / "class-view-1280.png"), full_page=True)
        instructor_axe = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]

        # the projector: distributions and counts, no names (and no typed answers)
        projector = context.new_page()
        projector.goto(view + "?projector=1")
        _wait_for(projector, lambda p: _text(p, "#in-lesson") == "31")
        _wait_for(projector, lambda p: "Round 2: 30 votes" in _text(p, "#poll-body"))
        shown_text = projector.locator("body").inner_text()
        named = [n for n in [*LEARNERS, "ann", "ivy"] if re.search(rf"\b{n}\b", shown_text)]
        assert named == [], named
        assert projector.locator("#learners").count() == 0 and projector.locator("#start").count() == 0
        projector.screenshot(path=str(ARTIFACTS / "projector-1280.png"), full_page=True)
        projector_axe = Axe().run(projector, options={"resultTypes": ["violations"]}).response["violations"]

        # facilitator notes, linked from the view
        href = page.get_attribute("#notes-link", "href")
        notes = context.new_page()
        notes.goto(hub.url + href if href.startswith("/") else href)
        assert "Facilitator notes" in notes.locator("h1").inner_text()
        notes_axe = Axe().run(notes, options={"resultTypes": ["violations"]}).response["violations"]
        browser.close()

    for link in links.values():
        link.close()
    report = {"delays_s": [round(d, 3) for d in delays], "instructor_axe": instructor_axe,
              "projector_axe": projector_axe, "notes_axe": notes_axe}
    (ARTIFACTS / "live_real_hub.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in instructor_axe + projector_axe + notes_axe
               if v["impact"] in {"serious", "critical"}]
    assert serious == [], serious
