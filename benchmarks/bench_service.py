"""Load the hand-in service alone and print a Markdown table (run by `make bench`).

50 concurrent clients send 2,000 submissions (200 learners x 10 versions, ~10 KB each) to
`course-helpers serve` running in its own process with a SQLite database; a stand-in answers the hub's
token check (jupyterhub's HubAuth caches it, as on a real hub). Afterwards the instructor's listing must
hold every submission exactly once with versions 1..10 per learner: none lost, none duplicated.
Goal: p99 latency under 500 ms on a 2-core machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import machine_line  # noqa: E402
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.httpserver import HTTPServer

from course_helpers.classroom.hub_stub import INSTRUCTOR_SCOPES, LEARNER_SCOPES, make_stub_hub, user_model
from course_helpers.records.submission import FORMAT

CLIENTS = 50
LEARNERS = 200
VERSIONS = 10
PREFIX = "/services/course-submissions/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def submission(learner: str, version: int) -> bytes:
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    attempts = [
        {"bank": f"{b:02d}_lesson", "question": f"q{b}-{i}-v{version}", "answer": i % 4, "correct": i % 3 != 0,
         "points": float(i % 3 != 0), "max_points": 1.0, "bank_hash": "abc123", "session": None,
         "at": (t0 + timedelta(minutes=b * 10 + i)).isoformat()}
        for b in range(1, 14) for i in range(3)
    ]
    body = {"format": FORMAT, "schema_version": 1, "learner": learner, "exported_at": t0.isoformat(),
            "package_version": "bench", "attempts": attempts, "sessions": [], "summary": []}
    return json.dumps(body).encode()


def start_stub_hub(tokens: dict) -> tuple[int, threading.Thread]:
    port = free_port()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        HTTPServer(make_stub_hub(tokens)).listen(port, "127.0.0.1")
        ready.set()
        asyncio.get_event_loop().run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    return port, thread


async def load(base: str, jobs: list[tuple[str, str, bytes]]) -> tuple[list[float], list[dict], int]:
    client = AsyncHTTPClient(max_clients=CLIENTS)
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    latencies: list[float] = []
    receipts: list[dict] = []
    failures = 0

    async def worker() -> None:
        nonlocal failures
        while not queue.empty():
            _, token, body = queue.get_nowait()
            start = time.perf_counter()
            response = await client.fetch(
                HTTPRequest(base + "api/submissions", method="POST", body=body, request_timeout=120,
                            headers={"Authorization": f"token {token}", "Content-Type": "application/json"}),
                raise_error=False,
            )
            latencies.append((time.perf_counter() - start) * 1000)
            if response.code == 201:
                receipts.append(json.loads(response.body))
            else:
                failures += 1

    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return latencies, receipts, failures


def measure() -> dict:
    """Run the hand-in load once; the numbers main() prints (bench_live.py uses them as its same-run baseline)."""
    tokens = {f"tok-{n}": user_model(f"learner{n:03d}", LEARNER_SCOPES) for n in range(LEARNERS)}
    tokens["tok-instructor"] = user_model("instructor", INSTRUCTOR_SCOPES)
    hub_port, _ = start_stub_hub(tokens)
    port = free_port()
    jobs = [(f"learner{n:03d}", f"tok-{n}", submission(f"learner{n:03d}", v)) for v in range(VERSIONS)
            for n in range(LEARNERS)]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "JUPYTERHUB_API_URL": f"http://127.0.0.1:{hub_port}/hub/api",
               "JUPYTERHUB_API_TOKEN": "service-token", "JUPYTERHUB_SERVICE_NAME": "course-submissions",
               "JUPYTERHUB_SERVICE_PREFIX": PREFIX}
        db = Path(tmp) / "subs.sqlite"
        service = subprocess.Popen(
            [sys.executable, "-m", "course_helpers.cli", "serve", "--db-url", f"sqlite:///{db}", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}{PREFIX}"
        try:
            for _ in range(100):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.1)
            start = time.perf_counter()
            latencies, receipts, failures = asyncio.run(load(base, jobs))
            elapsed = time.perf_counter() - start

            async def listing() -> list[dict]:
                response = await AsyncHTTPClient().fetch(
                    base + "api/submissions", headers={"Authorization": "token tok-instructor"}, request_timeout=60
                )
                return json.loads(response.body)["submissions"]

            stored = asyncio.run(listing())
        finally:
            service.send_signal(signal.SIGTERM)
            try:
                service.wait(10)
            except subprocess.TimeoutExpired:
                service.kill()
                service.wait(5)
    return {"jobs": jobs, "stored": stored, "latencies": latencies, "receipts": receipts, "failures": failures,
            "elapsed": elapsed}


def main() -> int:
    run = measure()
    jobs, stored, latencies, receipts, failures, elapsed = (
        run["jobs"], run["stored"], run["latencies"], run["receipts"], run["failures"], run["elapsed"]
    )
    keys = [(s["hub_user"], s["version"]) for s in stored]
    by_user: dict[str, list[int]] = {}
    for user, version in keys:
        by_user.setdefault(user, []).append(version)
    lost = len(jobs) - len(stored)
    duplicated = len(keys) - len(set(keys))
    hashes = {s["sha256"] for s in stored}
    versions_ok = all(sorted(v) == list(range(1, VERSIONS + 1)) for v in by_user.values()) and len(by_user) == LEARNERS
    q = statistics.quantiles(latencies, n=100)
    print(machine_line())
    print(f"Load average while measuring (other work on the machine): {os.getloadavg()[0]:.1f}")
    print(f"Hand-in service under load: {CLIENTS} concurrent clients, {len(jobs):,} submissions of "
          f"{len(jobs[0][2]) / 1000:.1f} KB, SQLite, service in its own process")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| submissions sent / accepted / refused | {len(jobs):,} / {len(receipts):,} / {failures} |")
    print(f"| stored (instructor's listing) | {len(stored):,} |")
    print(f"| lost / duplicated | {lost} / {duplicated} |")
    print(f"| distinct payloads stored | {len(hashes):,} |")
    print(f"| versions 1..{VERSIONS} for each of {LEARNERS} learners | {'yes' if versions_ok else 'NO'} |")
    print(f"| throughput | {len(jobs) / elapsed:,.0f} submissions/s ({elapsed:.1f} s) |")
    print(f"| latency p50 / p95 / p99 / max | {q[49]:.0f} / {q[94]:.0f} / {q[98]:.0f} / {max(latencies):.0f} ms |")
    ok = failures == 0 and lost == 0 and duplicated == 0 and versions_ok and len(hashes) == len(jobs)
    if not ok:
        print("FAILED: submissions were lost, duplicated or refused")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
