"""Nothing a learner opens is fetched from outside this machine, and every Voila page has a real title.

A classroom may have no internet, and a request to a CDN tells a third party who opened which page. Every
request the browser makes (pages, styles, fonts, scripts, sockets) is recorded while each Voila page renders
and while each lesson runs in JupyterLab; any whose host is not 127.0.0.1 fails the test. Voila 0.5's own
"lab" template links Font Awesome from cdn.jsdelivr.net: the course's pages use the course's template
(share/jupyter/voila/templates/course), which drops it (the widgets' bundle already carries the icons).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.test_apps import APPS, PAGES, _open, browser, voila_url  # noqa: F401

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def outside(urls: list[str]) -> list[str]:
    """The recorded addresses that leave this machine (data:, blob: and about: never do)."""
    return sorted({u[:120] for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname
                   not in LOCAL_HOSTS})


def record_requests(context: Any) -> list[str]:
    """Every request of a browser context (its pages and workers), in order, as it is made."""
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    context.on("websocket", lambda socket: seen.append(socket.url))
    return seen


@pytest.mark.parametrize("name", PAGES)
def test_voila_page_fetches_nothing_from_outside_and_has_a_title(browser: Any, voila_url: str, name: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    seen = record_requests(context)
    page = _open(browser, voila_url, name, context=context)
    page.wait_for_timeout(2500)  # fonts and lazy chunks load after the first paint
    title = page.title().strip()
    heading = " ".join(page.get_by_role("heading", level=1).first.inner_text().split())
    notebook = json.loads((APPS / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert outside(seen) == [], f"{name}: requests that leave this machine: {outside(seen)}"
    assert name not in title and ".ipynb" not in title, f"{name}: the page is titled with its file name: {title!r}"
    assert title == notebook["metadata"].get("title"), title
    assert heading.startswith(title.split(" · ")[0]), (title, heading)
    # the buttons' icons can still draw: the widgets' own bundle declares Font Awesome, served from here
    faces = page.evaluate("() => [...document.fonts].map(f => f.family)")
    assert any("Font Awesome" in face for face in faces), f"no Font Awesome font face: {sorted(set(faces))[:8]}"
    context.close()


def test_voila_folder_page_fetches_nothing_from_outside(browser: Any, voila_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    seen = record_requests(context)
    page = context.new_page()
    page.goto(voila_url + "/", wait_until="load", timeout=120_000)
    for name in PAGES:  # the listing is drawn by script after the page loads
        page.get_by_text(f"{name}.ipynb").first.wait_for(timeout=120_000)
    page.wait_for_timeout(1500)
    assert outside(seen) == [], f"requests that leave this machine: {outside(seen)}"
    context.close()
