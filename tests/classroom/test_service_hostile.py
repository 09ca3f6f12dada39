"""Issue 21: the hand-in service under hostile input (a stand-in hub; the real hub: test_real_hub_hostile.py).

Each test failed on the code before the fix: bodies were read before the token was checked, `?token=` was
accepted (and logged), a 30-digit id or a body nested 100,000 deep gave 500, a locked database froze the
whole service, there was no rate limit or quota, and an answer time of 9999-12-31T23:59:59-23:59 was stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from jupyterhub.services.auth import HubAuth
from tornado.httpserver import HTTPServer

from course_helpers.classroom.hub_stub import ACCESS, make_stub_hub
from course_helpers.classroom.service import ServiceSettings, listen, make_app
from course_helpers.classroom.storage import SubmissionStore
from tests.classroom.conftest import PREFIX, TOKENS, free_port, submission_json


@contextmanager
def running(tmp_path: Path, **options: Any) -> Iterator[tuple[str, SubmissionStore]]:
    """The service with `options` (ServiceSettings fields) and a stand-in hub, in a background event loop."""
    store = SubmissionStore(f"sqlite:///{tmp_path / 'subs.sqlite'}")
    hub_port, port = free_port(), free_port()
    loop = asyncio.new_event_loop()
    servers: list[HTTPServer] = []
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)

        async def start() -> None:
            hub = HTTPServer(make_stub_hub(TOKENS))
            hub.listen(hub_port, "127.0.0.1")
            auth = HubAuth(api_url=f"http://127.0.0.1:{hub_port}/hub/api", api_token="svc", access_scopes={ACCESS})
            settings = ServiceSettings(store=store, max_bytes=options.pop("max_bytes", 20_000), **options)
            app = make_app(settings, prefix=PREFIX, hub_auth=auth)
            servers.extend([hub, listen(app, "127.0.0.1", port, settings.max_bytes)])
            ready.set()

        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield f"http://127.0.0.1:{port}{PREFIX}", store
    finally:
        for server in servers:
            loop.call_soon_threadsafe(server.stop)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        store.close()


def call(method: str, url: str, token: str | None = "tok-ann", body: bytes | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"token {token}"} if token else {}
    try:
        with urlopen(Request(url, data=body, method=method, headers=headers), timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_an_unauthenticated_upload_is_refused_before_its_body_is_read(tmp_path: Path) -> None:
    with running(tmp_path, max_bytes=5_000_000) as (url, _):
        host, port = url.split("/")[2].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            head = f"POST {PREFIX}api/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: 4900000\r\n\r\n"
            sock.sendall(head.encode())
            start = time.monotonic()
            answer = sock.recv(200)  # no body sent at all: the old service waited for it (no body timeout)
        assert answer.startswith(b"HTTP/1.1 401") and time.monotonic() - start < 5


def test_a_token_in_the_url_is_refused_and_never_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with running(tmp_path) as (url, _):
        status, body = call("GET", url + "api/submissions?token=tok-ann", token=None)
    assert status == 400 and "Authorization header" in body["message"]
    assert "tok-ann" not in caplog.text


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("api/submissions/" + "9" * 30, None, 404),  # SQLite OverflowError: 500 before
        ("api/submissions", b"[" * 100_000 + b"]" * 100_000, 400),  # RecursionError: 500 before
        ("api/nowhere", b"x" * 10, 404),
    ],
    ids=["30-digit id", "body nested 100,000 deep", "unknown path"],
)
def test_hostile_requests_get_one_line_never_500(tmp_path: Path, path: str, body: bytes | None, expected: int) -> None:
    with running(tmp_path, max_bytes=400_000) as (url, _):
        status, answer = call("POST" if body else "GET", url + path, body=body)
    assert status == expected and "\n" not in answer["message"]


def test_an_answer_time_past_utc_is_refused_at_the_edge(tmp_path: Path) -> None:
    data = json.loads(submission_json(tmp_path, "ann", {"q1": 1}))
    data["exported_at"] = "9999-12-31T23:59:59-23:59"
    with running(tmp_path) as (url, store):
        status, answer = call("POST", url + "api/submissions", body=json.dumps(data).encode())
        assert status == 400 and "exported_at" in answer["message"]
        assert store.list() == []  # nothing stored that would stop `grade --from-db`


def test_one_learner_is_rate_limited_and_has_a_quota(tmp_path: Path) -> None:
    text = submission_json(tmp_path, "ann", {"q1": 1}).encode()
    with running(tmp_path, rate_per_minute=3, quota_bytes=len(text) * 5) as (url, store):
        answers = [call("POST", url + "api/submissions", body=text)[0] for _ in range(4)]
        assert answers == [201, 201, 201, 429]
        assert call("POST", url + "api/submissions", token="tok-ben", body=text.replace(b'"ann"', b'"ben"'))[0] == 201
    with running(tmp_path, rate_per_minute=100, quota_bytes=len(text) * 5) as (url, store):
        answers = [call("POST", url + "api/submissions", body=text)[0] for _ in range(3)]
        assert answers == [201, 201, 413]  # 3 stored before + 2 = the quota of 5 files


def test_a_locked_database_gives_503_and_health_keeps_answering(tmp_path: Path) -> None:
    text = submission_json(tmp_path, "ann", {"q1": 1}).encode()
    with running(tmp_path, storage_timeout=1.0) as (url, _):
        assert call("POST", url + "api/submissions", body=text)[0] == 201
        holder = sqlite3.connect(tmp_path / "subs.sqlite", timeout=1)
        holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        try:
            results: list[int] = []
            post = lambda: results.append(call("POST", url + "api/submissions", body=text)[0])  # noqa: E731
            writer = threading.Thread(target=post)
            writer.start()
            time.sleep(0.3)
            start = time.monotonic()
            assert call("GET", url + "api/health", token=None)[0] == 200
            assert time.monotonic() - start < 0.5  # the event loop is free while the hand-in waits
            writer.join(30)
            assert results == [503]
        finally:
            holder.rollback()
            holder.close()
        assert call("POST", url + "api/submissions", body=text)[0] == 201


def test_a_damaged_database_is_503_not_500(tmp_path: Path) -> None:
    text = submission_json(tmp_path, "ann", {"q1": 1}).encode()
    with running(tmp_path) as (url, store):
        store.engine.dispose()
        (tmp_path / "subs.sqlite").write_bytes(b"this is not a database" * 1000)
        for suffix in ("-wal", "-shm"):
            (tmp_path / f"subs.sqlite{suffix}").unlink(missing_ok=True)
        status, answer = call("POST", url + "api/submissions", body=text)
    assert status == 503 and "\n" not in answer["message"]


def test_prune_keeps_each_learners_newest_versions(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Every version was kept forever, with no documented way to prune (docs/deployment.md, "Retention")."""
    from course_helpers.cli import main

    url = f"sqlite:///{tmp_path / 'subs.sqlite'}"
    with SubmissionStore(url) as store:
        for n in range(5):
            store.add("ann", f'{{"n": {n}}}')
        for n in range(2):
            store.add("ben", f'{{"n": {n}}}')
    assert main(["submissions", "prune", "--db-url", url, "--keep", "2"]) == 0
    assert "Deleted 3 older version(s)" in capsys.readouterr().out
    with SubmissionStore(url) as store:
        assert sorted((s.hub_user, s.version) for s in store.list()) == [("ann", 4), ("ann", 5), ("ben", 1), ("ben", 2)]
        store.add("ann", "{}")
        assert max(s.version for s in store.list("ann")) == 6  # numbers are never reused
    assert main(["submissions", "prune", "--db-url", url, "--keep", "0"]) == 1


def test_the_service_and_the_grader_share_one_size_limit() -> None:
    """The service's default limit (stdlib-only record module) is the edge's limit for every submission."""
    from course_helpers.classroom.hand_in_record import DEFAULT_MAX_BYTES
    from course_helpers.records.submission import MAX_SUBMISSION_BYTES

    assert DEFAULT_MAX_BYTES == MAX_SUBMISSION_BYTES
