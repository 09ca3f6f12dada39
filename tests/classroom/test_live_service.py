"""Live sessions through the course service (stand-in hub): who may stream and see what, regrading, polls,
restart, server-sent events, and the learner's client without the hub stack."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.request import Request, urlopen

import pytest

from course_helpers.classroom.live_client import LiveClientError, request
from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.grading import correct_response
from tests.classroom.hub_harness import http
from tests.classroom.live_fixtures import running_service
from tests.classroom.test_storage import postgres_url  # noqa: F401 (fixture)

LESSON = "01_the_role"
BANK = load_bank(LESSON).bank
FIRST = BANK.questions[0]  # role-facility-codes, single choice
WRONG = next(c for c in FIRST.choices if c != FIRST.answer)
OTHER = load_bank("03_code_sets").bank.questions[0]  # a question of another lesson, read from its bank
OTHER_WRONG = next(c for c in OTHER.choices if c != OTHER.answer)


def api(svc: Any, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
    return http(method, svc.url + path, token, body)


def start(svc: Any, lesson: str = LESSON) -> None:
    status, body = api(svc, "POST", "api/live/groups/class-a/session", "tok-ivy", {"lesson": lesson})
    assert status == 201, body


def test_nothing_streams_without_a_session_and_only_members_of_the_group_stream(tmp_path: Path) -> None:
    with running_service(tmp_path) as svc:
        status, body = api(svc, "POST", "api/live/join", "tok-ann", {})
        assert status == 409 and "no live session" in body["message"]
        assert api(svc, "GET", "api/live/status", "tok-ann")[1] == {"live": False, "user": "ann"}
        start(svc)
        # cat is a learner, but in class-b: nothing of hers is taken
        status, body = api(svc, "POST", "api/live/answers", "tok-cat",
                           {"bank": LESSON, "question": FIRST.id, "response": FIRST.answer})
        assert status == 409, body
        # consent: ann is in the group, but nothing is taken until her kernel joined (she ran live())
        status, body = api(svc, "POST", "api/live/answers", "tok-ann",
                           {"bank": LESSON, "question": FIRST.id, "response": WRONG})
        assert status == 409 and "run live()" in body["message"], body
        assert api(svc, "POST", "api/live/join", "tok-ann", {})[0] == 200
        status, body = api(svc, "POST", "api/live/answers", "tok-ann",
                           {"bank": LESSON, "question": FIRST.id, "response": WRONG, "correct": True})
        assert status == 201, body
        # an instructor never streams answers (not in the learner group)
        assert api(svc, "POST", "api/live/answers", "tok-ivy",
                   {"bank": LESSON, "question": FIRST.id, "response": WRONG})[0] == 403
        state = api(svc, "GET", "api/live/groups/class-a/state", "tok-ivy")[1]
        check = state["checks"][0]
        # the service's own regrade: the learner's "correct": true is ignored
        assert (check["answered"], check["correct"], check["missed"]) == (1, 0, 1)
        assert state["most_missed"]["id"] == FIRST.id
        assert [(who["name"], who["last_check"]) for who in state["learners"]] == [("ann", FIRST.id)]
        # an answer outside the lesson, or malformed, says why in one line
        status, body = api(svc, "POST", "api/live/answers", "tok-ann", {"bank": LESSON, "question": "nope",
                                                                        "response": "x"})
        assert status == 400 and "not one of its checks" in body["message"]
        status, body = api(svc, "POST", "api/live/answers", "tok-ann", {"bank": LESSON, "question": FIRST.id})
        assert status == 400 and "response" in body["message"]
        # ending the session stops the stream
        assert api(svc, "DELETE", "api/live/groups/class-a/session", "tok-ivy")[0] == 200
        assert api(svc, "POST", "api/live/answers", "tok-ann",
                   {"bank": LESSON, "question": FIRST.id, "response": WRONG})[0] == 409


@pytest.mark.parametrize(
    "path", ["api/live/groups/class-a/state", "api/live/groups/class-a/events", "live/class/class-a"]
)
def test_only_instructors_of_the_group_see_its_class_view(tmp_path: Path, path: str) -> None:
    with running_service(tmp_path) as svc:
        start(svc)
        for token in ("tok-ann", "tok-olga"):  # a learner; an instructor of another group
            status, body = api(svc, "GET", path, token)
            assert status == 403, (token, status, body)
        assert api(svc, "POST", "api/live/groups/class-a/session", "tok-olga", {"lesson": LESSON})[0] == 403
        assert api(svc, "POST", "api/live/groups/class-a/polls", "tok-ann",
                   {"bank": LESSON, "question": FIRST.id})[0] == 403
        if not path.endswith("events"):
            with urlopen(Request(svc.url + path, headers={"Authorization": "token tok-ivy"})) as page:
                assert page.status == 200


def test_typed_text_stays_text_and_the_projector_shows_no_names(tmp_path: Path) -> None:
    typed = next(q for q in BANK.questions if q.type == "short_text")
    nasty = "<img src=x onerror=alert(1)> $x^2$"
    with running_service(tmp_path) as svc:
        start(svc)
        for token, text in (("tok-ann", nasty), ("tok-ben", typed.answer)):
            api(svc, "POST", "api/live/join", token, {})
            status, body = api(svc, "POST", "api/live/answers", token,
                               {"bank": LESSON, "question": typed.id, "response": text})
            assert status == 201, body
        full = api(svc, "GET", "api/live/groups/class-a/state", "tok-ivy")[1]
        row = next(c for c in full["checks"] if c["id"] == typed.id)
        labels = {d["label"]: d["correct"] for d in row["distribution"]}
        assert labels == {nasty: False, typed.answer: True}  # kept as typed, as a plain string
        projector = api(svc, "GET", "api/live/groups/class-a/state?projector=1", "tok-ivy")[1]
        text = json.dumps(projector)
        assert projector["learners"] is None and '"ann"' not in text and '"ben"' not in text
        assert "onerror" not in text  # no typed text on the projector
        prow = next(c for c in projector["checks"] if c["id"] == typed.id)
        assert [(d["label"], d["count"]) for d in prow["distribution"]] == [("correct", 1), ("other answers", 1)]
        # the page never puts room text into HTML: it draws with textContent only, and loads no MathJax
        with urlopen(Request(svc.url + "live/class/class-a", headers={"Authorization": "token tok-ivy"})) as page:
            html = page.read().decode()
        assert "innerHTML" not in html and "mathjax" not in html.lower() and "textContent" in html


def test_a_poll_two_rounds_moves_close_and_reveal(tmp_path: Path) -> None:
    q = BANK.questions[1]
    wrong = next(c for c in q.choices if c != q.answer) if hasattr(q, "choices") else False
    right = correct_response(q)
    with running_service(tmp_path) as svc:
        start(svc)
        status, poll = api(svc, "POST", "api/live/groups/class-a/polls", "tok-ivy", {"bank": LESSON, "question": q.id})
        assert status == 201, poll
        seen = api(svc, "GET", "api/live/status", "tok-ann")[1]["poll"]
        assert seen["prompt"] and seen["answer"] is None and "explanation" in seen and seen["explanation"] is None
        for token, vote in (("tok-ann", wrong), ("tok-ben", wrong)):
            assert api(svc, "POST", f"api/live/polls/{poll['id']}/votes", token, {"response": vote})[0] == 201
        assert api(svc, "POST", f"api/live/polls/{poll['id']}/votes", "tok-cat", {"response": right})[0] == 409
        again = api(svc, "POST", f"api/live/groups/class-a/polls/{poll['id']}", "tok-ivy", {"action": "again"})[1]
        assert again["round"] == 2 and again["state"] == "open"
        api(svc, "POST", f"api/live/polls/{poll['id']}/votes", "tok-ann", {"response": right})
        api(svc, "POST", f"api/live/polls/{poll['id']}/votes", "tok-ben", {"response": wrong})
        state = api(svc, "GET", "api/live/groups/class-a/state", "tok-ivy")[1]["poll"]
        assert [(r["round"], r["votes"], r["correct"]) for r in state["rounds"]] == [(1, 2, 0), (2, 2, 1)]
        assert {(m["from"], m["to"], m["learners"]) for m in state["moves"]} == {("wrong", "right", 1),
                                                                                ("wrong", "wrong", 1)}
        projector = api(svc, "GET", "api/live/groups/class-a/state?projector=1", "tok-ivy")[1]["poll"]
        assert projector["answer"] is None and projector["rounds"][1]["correct"] is None
        assert projector["moves"] == [{"changed": 1, "kept": 1}]
        api(svc, "POST", f"api/live/groups/class-a/polls/{poll['id']}", "tok-ivy", {"action": "close"})
        status, body = api(svc, "POST", f"api/live/polls/{poll['id']}/votes", "tok-ben", {"response": right})
        assert status == 409 and "closed" in body["message"]
        api(svc, "POST", f"api/live/groups/class-a/polls/{poll['id']}", "tok-ivy", {"action": "reveal"})
        seen = api(svc, "GET", "api/live/status", "tok-ann")[1]["poll"]
        assert seen["revealed"] and seen["answer"] and seen["explanation"]
        projector = api(svc, "GET", "api/live/groups/class-a/state?projector=1", "tok-ivy")[1]["poll"]
        assert projector["answer"] and projector["rounds"][1]["correct"] == 1


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'live.sqlite'}"
    return request.getfixturevalue("postgres_url")


def test_a_restarted_service_rebuilds_the_room_from_the_database(tmp_path: Path, db_url: str) -> None:
    with running_service(tmp_path, db_url=db_url) as svc:
        start(svc)
        api(svc, "POST", "api/live/join", "tok-ben", {})
        api(svc, "POST", "api/live/join", "tok-ann", {})
        api(svc, "POST", "api/live/answers", "tok-ann", {"bank": LESSON, "question": FIRST.id, "response": WRONG})
        _, poll = api(svc, "POST", "api/live/groups/class-a/polls", "tok-ivy", {"bank": LESSON, "question": FIRST.id})
        api(svc, "POST", f"api/live/polls/{poll['id']}/votes", "tok-ann", {"response": FIRST.answer})
        before = api(svc, "GET", "api/live/groups/class-a/state", "tok-ivy")[1]
    with running_service(tmp_path, db_url=db_url) as svc:
        after = api(svc, "GET", "api/live/groups/class-a/state", "tok-ivy")[1]
    for snap in (before, after):
        for learner in snap["learners"]:
            learner.pop("idle_seconds")
    assert after["checks"] == before["checks"] and after["learners"] == before["learners"]
    assert after["poll"] == before["poll"] and after["poll"]["rounds"][0]["votes"] == 1


def _events(url: str, token: str, out: list[tuple[float, dict]], stop: threading.Event) -> None:
    """Collect the stream's events until `stop`; a stream cut by the service stopping ends the reader quietly."""
    try:
        with urlopen(Request(url, headers={"Authorization": f"token {token}"}), timeout=30) as stream:
            data = ""
            for raw in stream:
                line = raw.decode()
                if line.startswith("data: "):
                    data = line[6:]
                elif line == "\n" and data:
                    out.append((time.monotonic(), json.loads(data)))
                    data = ""
                if stop.is_set():
                    return
    except (OSError, http.client.HTTPException):
        if not stop.is_set():
            raise


def test_the_class_view_hears_an_answer_within_two_seconds(tmp_path: Path) -> None:
    with running_service(tmp_path) as svc:
        start(svc)
        seen: list[tuple[float, dict]] = []
        stop = threading.Event()
        reader = threading.Thread(target=_events, args=(svc.url + "api/live/groups/class-a/events", "tok-ivy",
                                                       seen, stop), daemon=True)
        reader.start()
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen and seen[0][1]["in_lesson"] == 0
        api(svc, "POST", "api/live/join", "tok-ann", {})
        while time.monotonic() < deadline and not any(s.get("in_lesson") == 1 for _, s in seen):
            time.sleep(0.02)
        sent = time.monotonic()
        api(svc, "POST", "api/live/answers", "tok-ann", {"bank": LESSON, "question": FIRST.id, "response": WRONG})
        while time.monotonic() < sent + 5 and not any(s.get("answers") == 1 for _, s in seen):
            time.sleep(0.02)
        arrived = next(t for t, s in seen if s.get("answers") == 1)
        assert arrived - sent < 2.0
        stop.set()
        api(svc, "POST", "api/live/join", "tok-ben", {})  # wakes the stream so the reader sees `stop`
        reader.join(timeout=10)
        assert not reader.is_alive()


CLIENT_WITHOUT_HUB_STACK = """
import sys, json
for name in ("sqlalchemy", "jupyterhub", "tornado", "psycopg"):
    sys.modules[name] = None          # importing any of them now fails
from course_helpers import live, poll, quiz
marker = live(url=sys.argv[1], token="tok-ann")
q = quiz("01_the_role", questions=[sys.argv[2]])
q.answer(sys.argv[2], sys.argv[3])
from course_helpers.classroom.live_client import live_link
sent = live_link().flush(10)
print(json.dumps({"marker": repr(marker), "html": marker._repr_html_(), "sent": live_link().sent,
                  "flushed": sent, "poll": repr(poll(url=sys.argv[1], token="tok-ann"))}))
"""


def test_the_learners_client_needs_no_hub_stack_and_streams_quiz_answers(tmp_path: Path) -> None:
    import os

    with running_service(tmp_path) as svc:
        start(svc)
        env = {**os.environ, "HOME": str(tmp_path), "COURSE_PROGRESS_DB": str(tmp_path / "progress.sqlite3")}
        out = subprocess.run(
            [sys.executable, "-c", CLIENT_WITHOUT_HUB_STACK, svc.url, FIRST.id, WRONG],
            capture_output=True, text=True, env=env, timeout=120,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        result = json.loads(out.stdout.strip().splitlines()[-1])
        assert "live session" in result["marker"] and "live(False)" in result["marker"]
        assert "● " in result["html"] and "Live session" in result["html"]
        assert result["sent"] == 1 and result["flushed"]
        assert result["poll"] == "No poll is open in your class right now."
        state = api(svc, "GET", "api/live/groups/class-a/state", "tok-ivy")[1]
        assert state["checks"][0]["missed"] == 1 and state["learners"][0]["name"] == "ann"


def test_the_client_says_why_in_one_line(tmp_path: Path) -> None:
    from course_helpers import live, poll

    assert "Not on a JupyterHub" in repr(live(token=""))
    with running_service(tmp_path) as svc:
        assert "No live session is running" in repr(live(url=svc.url, token="tok-ann"))
        assert repr(poll(url=svc.url, token="tok-ann")) == "No poll is open in your class right now."
        with pytest.raises(LiveClientError, match="401"):
            request("GET", svc.url + "api/live/status", "bad-token")


def test_the_client_stops_when_the_session_ends_and_sends_only_the_lesson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from course_helpers import live
    from course_helpers.classroom import live_client
    from course_helpers.quizzing import answer_hooks

    monkeypatch.setattr(live_client, "REFRESH", 0.0)
    with running_service(tmp_path) as svc:
        start(svc)
        assert "live session" in repr(live(url=svc.url, token="tok-ann"))
        link = live_client.live_link()
        from course_helpers import quiz

        header = quiz(LESSON, questions=[FIRST.id], learner="ann").widget().header.value
        assert "● Live session:" in header and "ivy&#x27;s session" in header  # the quiz itself shows the marker
        other = quiz("03_code_sets", questions=[OTHER.id], learner="ann").widget().header.value
        assert "Live session" not in other
        answer_hooks.announce("03_code_sets", OTHER.id, OTHER_WRONG)  # another lesson: not shared
        answer_hooks.announce(LESSON, FIRST.id, WRONG)
        assert link.flush(10) and link.sent == 1 and link.problem is None
        api(svc, "DELETE", "api/live/groups/class-a/session", "tok-ivy")
        answer_hooks.announce(LESSON, FIRST.id, FIRST.answer)
        assert link.flush(10) and link.sent == 1 and link.stopped and "ended" in link.problem
        assert "left the live session" in repr(live(False))
        assert live_client.live_link() is None and link.listener not in answer_hooks._listeners
        assert "Live session" not in quiz(LESSON, questions=[FIRST.id], learner="ann").widget().header.value


def test_a_failed_write_is_refused_in_one_line_and_never_shown(tmp_path: Path) -> None:
    from concurrent.futures import Future

    from course_helpers.classroom.storage import StorageError

    with running_service(tmp_path) as svc:
        start(svc)
        api(svc, "POST", "api/live/join", "tok-ann", {})
        store = svc.app.settings["course_live"].store

        def broken(event: object) -> Future:
            future: Future = Future()
            future.set_exception(StorageError("the live-session database refused a write: disk I/O error"))
            return future

        store.add_event = broken
        status, body = api(svc, "POST", "api/live/answers", "tok-ann",
                           {"bank": LESSON, "question": FIRST.id, "response": WRONG})
        assert status == 503 and body["message"].startswith("not stored, try again:") and "disk I/O" in body["message"]
        assert api(svc, "GET", "api/live/groups/class-a/state", "tok-ivy")[1]["answers"] == 0
