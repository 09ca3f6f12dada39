"""Issue 21 on a real JupyterHub (tests/classroom/hub_harness.py): the service as a good citizen of the hub.

Through the hub's public URL (the proxy), 150 unauthenticated uploads of 4.9 MB at once took the service
from 89 MB to 808 MB (771 MB in the red team's run) because bodies were read before the token was
checked; a SQLite lock held by another program froze `api/health` (no answer in 60 s). Both failed before
the fix. The service runs the code on this test's PYTHONPATH, else the checkout's src (given to the managed
service as its environment). benchmarks/bench_service_hostile.py measures more (PostgreSQL too).
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.classroom import hub_harness as hh
from tests.paths import REPO

pytestmark = pytest.mark.hub
SERVICE = "course-submissions"


@pytest.fixture
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[hh.Hub]:
    proxy = hh.find_proxy()
    if proxy is None:
        if hh.hub_required():
            pytest.fail(f"{hh.REQUIRE_VAR}=1 but {hh.WHAT_TO_INSTALL}")
        pytest.skip(hh.WHAT_TO_INSTALL)
    if not (Path(sys.executable).parent / "course-helpers").exists():
        pytest.skip("needs the course-helpers command beside this Python (an editable install)")
    code = os.environ.get("PYTHONPATH") or str(REPO / "src")  # the code under test: the checkout's by default
    root = tmp_path_factory.mktemp("hostile-hub")
    running = hh.write_config(root, Path(sys.executable), proxy)
    config = (root / "jupyterhub_config.py").read_text()
    config = config.replace('"--max-bytes", "2000000"', '"--max-bytes", "5000000"')
    service = '{"name": "course-submissions", '
    config = config.replace(service, service + f'"environment": {{"PYTHONPATH": {code!r}}}, ')
    assert "PYTHONPATH" in config
    (root / "jupyterhub_config.py").write_text(config)
    with hh.running(running):
        yield running


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _upload(host: str, port: int, path: str, size: int) -> None:
    try:
        with socket.create_connection((host, port), timeout=60) as sock:
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {size}\r\n\r\n".encode())
            chunk = b"x" * 65536
            for _ in range(size // len(chunk)):
                sock.sendall(chunk)
            sock.recv(100)
    except OSError:
        pass  # refused early: the service closed the connection without reading the body


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the service's memory from /proc")
def test_unauthenticated_uploads_through_the_hub_do_not_grow_the_service(hub: hh.Hub) -> None:
    pid = hub.pids["service"]
    before = _rss_mb(pid)
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak.append(_rss_mb(pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    host, port = hub.url.removeprefix("http://").split(":")
    path = f"/services/{SERVICE}/api/submissions"
    uploads = [threading.Thread(target=_upload, args=(host, int(port), path, 4_900_000)) for _ in range(150)]
    for t in uploads:
        t.start()
    for t in uploads:
        t.join(120)
    done.set()
    sampler.join()
    assert max(peak) - before < 60, f"the service grew from {before:.0f} MB to {max(peak):.0f} MB"


def test_health_answers_while_another_program_locks_the_database(hub: hh.Hub) -> None:
    token = hub.token_for("ann", [f"access:services!service={SERVICE}", "custom:course:submit"])
    body = (
        b'{"format": "inpatient-coder-course/submission", "schema_version": 1, "learner": "ann", '
        b'"exported_at": "2026-11-01T09:00:00Z", "package_version": "0.1.0", "attempts": [], "sessions": [], '
        b'"summary": []}'
    )
    assert hh.http("POST", hub.service_url + "api/submissions", token, None)[0] in {400, 413}  # no body: refused
    from urllib.request import Request, urlopen

    def post() -> int:
        request = Request(hub.service_url + "api/submissions", data=body, method="POST",
                          headers={"Authorization": f"token {token}"})
        try:
            with urlopen(request, timeout=60) as response:
                return response.status
        except OSError as exc:
            return int(getattr(exc, "code", 0))

    assert post() == 201
    holder = sqlite3.connect(hub.root / "submissions.sqlite", timeout=5)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        answers: list[int] = []
        writer = threading.Thread(target=lambda: answers.append(post()))
        writer.start()
        time.sleep(0.5)
        start = time.monotonic()
        status, _ = hh.http("GET", hub.service_url + "api/health", "", timeout=10)
        took = time.monotonic() - start
        assert status == 200 and took < 1.0, f"api/health took {took:.1f} s while the database was locked"
        writer.join(60)
        assert answers == [503]
    finally:
        holder.rollback()
        holder.close()
    assert post() == 201
