"""Load the live-session service and print a Markdown table (run by `make bench`, beside bench_service.py).

For SQLite and for PostgreSQL (a throwaway cluster, fsync on, when PostgreSQL's binaries are installed):
`course-helpers serve` runs in its own process against a stand-in hub (jupyterhub's HubAuth caches each
token, as on a real hub); an instructor starts a session and keeps the class view's event stream open;
50 learners join and answer all at once, each sending 20 answers back to back (1,000 answers, far faster
than lesson pace). Measured: request latency (p50/p95/p99/max), the delay until the class view's stream
shows the last answer of the burst, the delay for single answers on a quiet room, and that every answer
was stored exactly once. Goal: p99 < 200 ms, view delay < 2 s.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.request import Request, urlopen

from timing import machine_line  # noqa: E402
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.httpserver import HTTPServer

from course_helpers.classroom.hub_stub import ACCESS, make_stub_hub, user_model
from course_helpers.classroom.service import SUBMIT_SCOPE
from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.grading import correct_response

LEARNERS = 50
ANSWERS_EACH = 20
LESSON = "01_the_role"
PREFIX = "/services/course-submissions/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_stub_hub(tokens: dict) -> int:
    port = free_port()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        HTTPServer(make_stub_hub(tokens)).listen(port, "127.0.0.1")
        ready.set()
        asyncio.get_event_loop().run_forever()

    threading.Thread(target=run, daemon=True).start()
    ready.wait(10)
    return port


def post(url: str, token: str, body: dict) -> dict:
    request = Request(url, data=json.dumps(body).encode(), method="POST",
                      headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class ViewStream:
    """The class view's server-sent events, read in a thread: (arrival time, answers shown) per update."""

    def __init__(self, url: str, token: str) -> None:
        self.seen: list[tuple[float, int]] = []
        self._thread = threading.Thread(target=self._read, args=(url, token), daemon=True)
        self._thread.start()

    def _read(self, url: str, token: str) -> None:
        with urlopen(Request(url, headers={"Authorization": f"token {token}"}), timeout=600) as stream:
            for raw in stream:
                line = raw.decode()
                if line.startswith("data: "):
                    self.seen.append((time.perf_counter(), json.loads(line[6:]).get("answers", 0)))

    def when(self, answers: int, timeout: float = 30) -> float:
        """When the view first showed at least `answers` answers."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for at, shown in list(self.seen):
                if shown >= answers:
                    return at
            time.sleep(0.002)
        raise TimeoutError(f"the class view never showed {answers} answers")


async def burst(base: str, jobs: list[list[tuple[str, dict]]]) -> tuple[list[float], int, float]:
    client = AsyncHTTPClient(max_clients=LEARNERS)
    latencies: list[float] = []
    failures = 0
    last_ack = 0.0

    async def learner(items: list[tuple[str, dict]]) -> None:
        nonlocal failures, last_ack
        for token, body in items:
            start = time.perf_counter()
            response = await client.fetch(
                HTTPRequest(base + "api/live/answers", method="POST", body=json.dumps(body), request_timeout=120,
                            headers={"Authorization": f"token {token}", "Content-Type": "application/json"}),
                raise_error=False,
            )
            done = time.perf_counter()
            latencies.append((done - start) * 1000)
            last_ack = max(last_ack, done)
            failures += response.code != 201

    await asyncio.gather(*(learner(items) for items in jobs))
    return latencies, failures, last_ack


def postgres() -> tuple[str, subprocess.Popen, Path] | None:
    """A throwaway PostgreSQL cluster (fsync on) on 127.0.0.1, or None when PostgreSQL is not installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    bin_dir = found[-1].parent if found else (Path(shutil.which("postgres") or "/nonexistent").parent)
    if not (bin_dir / "initdb").exists():
        return None
    root = Path(tempfile.mkdtemp(prefix="course-bench-pg-"))
    as_user: dict[str, str] = {}
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        as_user = {"user": "postgres", "group": "postgres"}
    subprocess.run([str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "course", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True, **as_user)
    port = free_port()
    server = subprocess.Popen(
        [str(bin_dir / "postgres"), "-D", str(root / "data"), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
         "-c", f"unix_socket_directories={root}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **as_user,
    )
    for _ in range(150):
        if subprocess.run([str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                          capture_output=True).returncode == 0:
            return f"postgresql+psycopg://course@127.0.0.1:{port}/postgres", server, root
        time.sleep(0.2)
    server.kill()
    return None


def run(db_url: str, label: str, tokens: dict, hub_port: int) -> dict:
    port = free_port()
    env = {**os.environ, "JUPYTERHUB_API_URL": f"http://127.0.0.1:{hub_port}/hub/api",
           "JUPYTERHUB_API_TOKEN": "service-token", "JUPYTERHUB_SERVICE_NAME": "course-submissions",
           "JUPYTERHUB_SERVICE_PREFIX": PREFIX}
    log = Path(tempfile.mkdtemp(prefix="course-bench-log-")) / "service.log"
    service = subprocess.Popen(
        [sys.executable, "-m", "course_helpers.cli", "serve", "--db-url", db_url, "--port", str(port)],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}{PREFIX}"
    questions = load_bank(LESSON).bank.questions
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)
        post(base + "api/live/groups/class-a/session", "tok-instructor", {"lesson": LESSON})
        view = ViewStream(base + "api/live/groups/class-a/events", "tok-instructor")
        learners = [f"tok-{n}" for n in range(LEARNERS)]
        for token in learners:
            post(base + "api/live/join", token, {})
        jobs = [
            [(token, {"bank": LESSON, "question": questions[(n + i) % len(questions)].id,
                      "response": correct_response(questions[(n + i) % len(questions)])})
             for i in range(ANSWERS_EACH)]
            for n, token in enumerate(learners)
        ]
        total = LEARNERS * ANSWERS_EACH
        start = time.perf_counter()
        latencies, failures, last_ack = asyncio.run(burst(base, jobs))
        elapsed = time.perf_counter() - start
        burst_delay = view.when(total) - last_ack
        quiet: list[float] = []
        for i in range(10):  # single answers on a quiet room
            time.sleep(0.3)
            sent = time.perf_counter()
            post(base + "api/live/answers", learners[i], {"bank": LESSON, "question": questions[0].id,
                                                         "response": correct_response(questions[0])})
            quiet.append(view.when(total + i + 1) - sent)
        from sqlalchemy import create_engine, text

        engine = create_engine(db_url)
        with engine.connect() as conn:
            stored = conn.execute(text("select count(*) from course_live_events where kind = 'answer'")).scalar()
        engine.dispose()
    finally:
        service.send_signal(signal.SIGTERM)
        try:
            service.wait(10)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait(5)
    q = statistics.quantiles(latencies, n=100)
    # the service's own time per answer (tornado's access log), without the load generator's share of the CPU
    server = [float(m) for m in re.findall(r"201 POST \S*api/live/answers (?:\S+ )?([0-9.]+)ms", log.read_text())]
    shutil.rmtree(log.parent, ignore_errors=True)
    sq = statistics.quantiles(server, n=100)
    return {"server_p50": sq[49], "server_p99": sq[98],
            "label": label, "sent": total + 10, "stored": stored, "failures": failures, "elapsed": elapsed,
            "p50": q[49], "p95": q[94], "p99": q[98], "max": max(latencies), "burst_delay": burst_delay * 1000,
            "quiet_p50": statistics.median(quiet) * 1000, "quiet_max": max(quiet) * 1000}


def main() -> int:
    tokens = {f"tok-{n}": user_model(f"learner{n:02d}", [ACCESS, SUBMIT_SCOPE], ["class-a"]) for n in range(LEARNERS)}
    tokens["tok-instructor"] = user_model("instructor", [ACCESS, "custom:course:teach!group=class-a"])
    hub_port = start_stub_hub(tokens)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run(f"sqlite:///{Path(tmp) / 'live.sqlite'}", "SQLite (WAL, synchronous=FULL)", tokens,
                           hub_port))
    pg = postgres()
    if pg is None:
        print("PostgreSQL is not installed (apt-get install -y postgresql): only SQLite measured.")
    else:
        url, server, root = pg
        try:
            results.append(run(url, "PostgreSQL (fsync on)", tokens, hub_port))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
            shutil.rmtree(root, ignore_errors=True)
    print(machine_line())
    print(f"Load average while measuring (other work on the machine): {os.getloadavg()[0]:.1f}")
    print(f"Live sessions under load: {LEARNERS} learners answering at once, {ANSWERS_EACH} answers each back to "
          "back, the class view's event stream open; service in its own process")
    print()
    print("| database | answers sent / stored / refused | throughput | latency p50 / p95 / p99 / max | "
          "service time p50 / p99 | view delay after the burst | view delay, single answers (median / max) |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for r in results:
        print(f"| {r['label']} | {r['sent']:,} / {r['stored']:,} / {r['failures']} | "
              f"{(r['sent'] - 10) / r['elapsed']:,.0f} answers/s | "
              f"{r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f} / {r['max']:.0f} ms | "
              f"{r['server_p50']:.0f} / {r['server_p99']:.0f} ms | {r['burst_delay']:.0f} ms | "
              f"{r['quiet_p50']:.0f} / {r['quiet_max']:.0f} ms |")
        ok &= r["failures"] == 0 and r["stored"] == r["sent"]
    if not ok:
        print("FAILED: answers were lost or refused")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
