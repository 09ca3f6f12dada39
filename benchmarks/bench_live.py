"""Load the live-session service and print a Markdown table (run by `make bench`, beside bench_service.py).

For SQLite and for PostgreSQL (a throwaway cluster, fsync on, when PostgreSQL's binaries are installed):
`course-helpers serve` runs in its own process against a stand-in hub (jupyterhub's HubAuth caches each
token, as on a real hub); an instructor starts a session and keeps the class view's event stream open;
50 learners join. Two loads, each 1,000 answers:

- **at once, lesson pace**: 20 waves one second apart; in each wave all 50 learners answer at the same
  instant (the moment a room answers a check or a poll together). This is the issue's goal: p99 < 200 ms.
- **back to back (stress)**: each learner sends 20 answers back to back, 50 always in flight (far faster
  than any lesson; shows where the service saturates).

Each learner's request is sent by a minimal HTTP/1.1 client (a new connection per answer, as the learner's
client makes), so the latency is the service's and the network's, not a heavy load generator's own queue.
Measured: latency p50/p95/p99/max, the service's own time (its access log), the delay until the class
view's stream shows a wave's last answer, the delay for single answers on a quiet room, and that every
answer was stored exactly once. The hand-in benchmark (bench_service.py) runs first in the same process as
the baseline: the p99 ratio to it is what to compare between machines and runs, since absolute times on a
shared machine move with its load (printed before and after, with the core count).
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

import bench_service  # noqa: E402 (the hand-in benchmark: this run's baseline)
from timing import machine_line  # noqa: E402
from tornado.httpserver import HTTPServer

from course_helpers.classroom.hub_stub import ACCESS, make_stub_hub, user_model
from course_helpers.classroom.service import SUBMIT_SCOPE
from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.grading import correct_response

LEARNERS = 50
ANSWERS_EACH = 20
WAVE_GAP = 1.0
"""Seconds between the starts of two waves of answers (a lesson's pace is far slower)."""
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


async def send(port: int, path: str, token: str, body: bytes) -> tuple[int, float]:
    """POST `body` on a new connection (as a learner's client does); returns (status, done at)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: token {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    status_line = await reader.readline()
    await reader.read()  # to the end: the service closes after the answer
    done = time.perf_counter()
    writer.close()
    return int(status_line.split()[1]), done


async def back_to_back(port: int, jobs: list[list[tuple[str, bytes]]]) -> tuple[list[float], int, float]:
    """Every learner sends their answers one after another, all learners at once."""
    latencies: list[float] = []
    failures = 0
    last_ack = 0.0

    async def learner(items: list[tuple[str, bytes]]) -> None:
        nonlocal failures, last_ack
        for token, body in items:
            start = time.perf_counter()
            status, done = await send(port, PREFIX + "api/live/answers", token, body)
            latencies.append((done - start) * 1000)
            last_ack = max(last_ack, done)
            failures += status != 201

    await asyncio.gather(*(learner(items) for items in jobs))
    return latencies, failures, last_ack


async def waves(port: int, jobs: list[list[tuple[str, bytes]]], view: ViewStream, shown_before: int
                ) -> tuple[list[float], int, list[float]]:
    """Wave i: every learner sends answer i at the same instant; waves WAVE_GAP seconds apart."""
    latencies: list[float] = []
    failures = 0
    view_delays: list[float] = []
    for i in range(ANSWERS_EACH):
        start = time.perf_counter()
        results = await asyncio.gather(*(send(port, PREFIX + "api/live/answers", *items[i]) for items in jobs))
        latencies.extend((done - start) * 1000 for _, done in results)
        failures += sum(status != 201 for status, _ in results)
        last_ack = max(done for _, done in results)
        shown = await asyncio.to_thread(view.when, shown_before + (i + 1) * len(jobs))
        view_delays.append(max(0.0, shown - last_ack) * 1000)
        await asyncio.sleep(max(0.0, start + WAVE_GAP - time.perf_counter()))
    return latencies, failures, view_delays


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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def quantiles(values: list[float]) -> dict[str, float]:
    q = statistics.quantiles(values, n=100)
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": max(values)}


def run(db_url: str, label: str, hub_port: int) -> dict:
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
    learners = [f"tok-{n}" for n in range(LEARNERS)]
    jobs = [
        [(token, json.dumps({"bank": LESSON, "question": questions[(n + i) % len(questions)].id,
                             "response": correct_response(questions[(n + i) % len(questions)])}).encode())
         for i in range(ANSWERS_EACH)]
        for n, token in enumerate(learners)
    ]
    total = LEARNERS * ANSWERS_EACH
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
        for token in learners:
            post(base + "api/live/join", token, {})
        log_start = log.stat().st_size
        cpu = cpu_seconds(service.pid)
        paced, paced_failures, wave_delays = asyncio.run(waves(port, jobs, view, 0))
        paced_cpu, cpu = cpu_seconds(service.pid) - cpu, cpu_seconds(service.pid)
        paced_log = log.read_text()[log_start:]
        log_start = log.stat().st_size
        start = time.perf_counter()
        stress, stress_failures, last_ack = asyncio.run(back_to_back(port, jobs))
        elapsed = time.perf_counter() - start
        stress_cpu = cpu_seconds(service.pid) - cpu
        burst_delay = (view.when(2 * total) - last_ack) * 1000
        stress_log = log.read_text()[log_start:]
        quiet: list[float] = []
        for i in range(10):  # single answers on a quiet room
            time.sleep(0.3)
            sent = time.perf_counter()
            post(base + "api/live/answers", learners[i], {"bank": LESSON, "question": questions[0].id,
                                                         "response": correct_response(questions[0])})
            quiet.append(view.when(2 * total + i + 1) - sent)
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
    shutil.rmtree(log.parent, ignore_errors=True)

    def service_times(text: str) -> list[float]:  # the service's own time per answer (tornado's access log)
        return [float(m) for m in re.findall(r"201 POST \S*api/live/answers (?:\S+ )?([0-9.]+)ms", text)]

    return {
        "label": label, "sent": 2 * total + 10, "stored": stored, "failures": paced_failures + stress_failures,
        "paced": quantiles(paced), "paced_service": quantiles(service_times(paced_log)),
        "wave_delay_p50": statistics.median(wave_delays), "wave_delay_max": max(wave_delays),
        "stress": quantiles(stress), "stress_service": quantiles(service_times(stress_log)),
        "throughput": total / elapsed,
        "paced_cpu_ms": paced_cpu * 1000 / total, "stress_cpu_ms": stress_cpu * 1000 / total,
        "burst_delay": burst_delay,
        "quiet_p50": statistics.median(quiet) * 1000, "quiet_max": max(quiet) * 1000,
    }


def load_line(when: str) -> str:
    one, five, fifteen = os.getloadavg()
    return f"Load average {when}: {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min) on {os.cpu_count()} cores"


def main() -> int:
    print(machine_line())
    print(load_line("before"))
    baseline = bench_service.measure()
    hand_in_p99 = quantiles(baseline["latencies"])["p99"]
    tokens = {f"tok-{n}": user_model(f"learner{n:02d}", [ACCESS, SUBMIT_SCOPE], ["class-a"]) for n in range(LEARNERS)}
    tokens["tok-instructor"] = user_model("instructor", [ACCESS, "custom:course:teach!group=class-a"])
    hub_port = start_stub_hub(tokens)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run(f"sqlite:///{Path(tmp) / 'live.sqlite'}", "SQLite (WAL, synchronous=FULL)", hub_port))
    pg = postgres()
    if pg is None:
        print("PostgreSQL is not installed (apt-get install -y postgresql): only SQLite measured.")
    else:
        url, server, root = pg
        try:
            results.append(run(url, "PostgreSQL (fsync on)", hub_port))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
            shutil.rmtree(root, ignore_errors=True)
    print(load_line("after"))
    print(f"Live sessions: {LEARNERS} learners, {ANSWERS_EACH} answers each, the class view's event stream open, "
          f"service in its own process. Baseline in this run: the hand-in benchmark ({len(baseline['jobs']):,} "
          f"hand-ins, {bench_service.CLIENTS} clients, SQLite), p99 {hand_in_p99:.0f} ms.")
    print()
    print("| database | load | latency p50 / p95 / p99 / max | p99 ÷ hand-in p99 | service time p50 / p99 | "
          "service CPU per answer | view delay | answers sent / stored / refused |")
    print("|---|---|---|---|---|---|---|---|")
    ok = True
    for r in results:
        p, ps = r["paced"], r["paced_service"]
        st, ss = r["stress"], r["stress_service"]
        sent_line = f"{r['sent']:,} / {r['stored']:,} / {r['failures']}"
        print(f"| {r['label']} | at once, 20 waves 1 s apart | {p['p50']:.0f} / {p['p95']:.0f} / {p['p99']:.0f} / "
              f"{p['max']:.0f} ms | {p['p99'] / hand_in_p99:.2f} | {ps['p50']:.0f} / {ps['p99']:.0f} ms | "
              f"{r['paced_cpu_ms']:.2f} ms | "
              f"after a wave {r['wave_delay_p50']:.0f} / {r['wave_delay_max']:.0f} ms (median / max) | {sent_line} |")
        print(f"| {r['label']} | back to back ({r['throughput']:,.0f} answers/s) | {st['p50']:.0f} / "
              f"{st['p95']:.0f} / {st['p99']:.0f} / {st['max']:.0f} ms | {st['p99'] / hand_in_p99:.2f} | "
              f"{ss['p50']:.0f} / {ss['p99']:.0f} ms | {r['stress_cpu_ms']:.2f} ms | "
              f"after the burst {r['burst_delay']:.0f} ms; single answers "
              f"{r['quiet_p50']:.0f} / {r['quiet_max']:.0f} ms | (same run) |")
        ok &= r["failures"] == 0 and r["stored"] == r["sent"]
    if not ok:
        print("FAILED: answers were lost or refused")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
