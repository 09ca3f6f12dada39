"""The class view inside JupyterLab: `class_view()` frames the service's page from the hub's origin, and the
service lets only its own origin frame it (stand-in hub; the real hub and JupyterLab: test_live_real_hub.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from course_helpers.errors import CourseInputError
from tests.classroom.live_fixtures import running_service

SAME_ORIGIN_ONLY = "frame-ancestors 'self'"


def _get(url: str, token: str) -> tuple[int, dict[str, str], str]:
    try:
        with urlopen(Request(url, headers={"Authorization": f"token {token}"})) as page:
            return page.status, dict(page.headers), page.read().decode()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def test_the_pages_may_be_framed_by_the_hubs_own_origin_only(tmp_path: Path) -> None:
    with running_service(tmp_path) as svc:
        for path, token, status in [
            ("live/class/class-a?lesson=01_the_role", "tok-ivy", 200),
            ("live/class/class-a?projector=1", "tok-ivy", 200),
            ("live/class/class-a", "tok-ann", 403),  # the learner's frame shows the refusal, framed too
            ("live/notes/01_the_role", "tok-ivy", 200),
        ]:
            got, headers, body = _get(svc.url + path, token)
            assert got == status, (path, got, body[:300])
            policy = headers["Content-Security-Policy"]
            assert SAME_ORIGIN_ONLY in policy and "frame-ancestors *" not in policy, (path, policy)
            assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        _, _, page = _get(svc.url + "live/class/class-a?lesson=01_the_role", "tok-ivy")
        assert '<option value="01_the_role" selected>' in page
        _, _, refused = _get(svc.url + "live/class/class-a", "tok-ann")
        assert "not an instructor of group" in refused and "Start live session" not in refused


def test_class_view_frames_the_service_path_under_the_hubs_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    from course_helpers import class_view

    monkeypatch.setenv("COURSE_SUBMIT_URL", "http://127.0.0.1:10101/services/course-submissions/")
    shown = class_view("class-a", "01_the_role")
    html = shown._repr_html_()
    # a path, not the service's internal address: the frame loads from the notebook page's origin (the hub)
    assert 'src="/services/course-submissions/live/class/class-a?lesson=01_the_role"' in html
    assert 'title="Class view: class-a"' in html and "127.0.0.1" not in html
    assert "projector=1" in class_view("class-a", projector=True).path
    assert "live from the course service" in repr(shown)


def test_class_view_says_why_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from course_helpers import class_view

    for var in ("COURSE_SUBMIT_URL", "JUPYTERHUB_PUBLIC_HUB_URL"):
        monkeypatch.delenv(var, raising=False)
    away = class_view("class-a")
    assert away.path is None and "Not on the course's JupyterHub" in repr(away) and "<iframe" not in away._repr_html_()
    for bad in [{"group": "class a/../x"}, {"group": "class-a", "lesson": "<b>"}, {"group": "class-a", "height": 5}]:
        with pytest.raises(CourseInputError) as caught:
            class_view(**bad)
        assert "\n" not in str(caught.value)
