"""The hand-in service on a real local JupyterHub under hostile load; prints a Markdown table.

`python benchmarks/bench_service_hostile.py [--db sqlite|postgresql]` starts the hub of
tests/classroom/hub_harness.py (dummy authenticator, the course's service as a managed service) and measures:

1. the service's resident memory (VmRSS) before, at its peak during, and after 150 unauthenticated uploads of
   ~5 MB each sent at once through the hub's public URL (the proxy);
2. how long 100 connections that declare a 5 MB body and send 1 byte stay open;
3. `api/health` latency while the database is paused (SQLite: another process holds an exclusive lock;
   PostgreSQL: every server process stopped with SIGSTOP) and five learners' hand-ins are waiting on it.

The service runs the code on PYTHONPATH (given to the managed service as its environment), so
`PYTHONPATH=/path/to/checkout/src` picks the code measured. Every process is stopped by its own pid.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.request import Request, urlopen

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.classroom import hub_harness as hh  # noqa: E402

UPLOADS = 150
STALLED = 100
BODY = 4_900_000
SERVICE = "course-submissions"


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def upload(host: str, port: int, path: str, results: list[str], token: str | None = None) -> None:
    """Send a POST declaring BODY bytes, then the body in 64 KB pieces; record the status line or the failure."""
    try:
        with socket.create_connection((host, port), timeout=120) as sock:
            auth = f"Authorization: token {token}\r\n" if token else ""
            sock.sendall(
                f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}Content-Type: application/json\r\n"
                f"Content-Length: {BODY}\r\n\r\n".encode()
            )
            chunk = b"x" * 65536
            sent = 0
            try:
                while sent < BODY:
                    piece = chunk[: min(len(chunk), BODY - sent)]
                    sock.sendall(piece)
                    sent += len(piece)
            except OSError:
                pass  # the server closed early: good, it did not read what it will refuse
            data = sock.recv(200)
            results.append(data.split(b"\r\n", 1)[0].decode(errors="replace") or "closed")
    except OSError as exc:
        results.append(type(exc).__name__)


def stalled(host: str, port: int, path: str, closed_after: list[float], token: str | None = None) -> None:
    start = time.monotonic()
    auth = f"Authorization: token {token}\r\n" if token else ""
    try:
        with socket.create_connection((host, port), timeout=100) as sock:
            sock.sendall(
                f"POST {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Length: {BODY}\r\n\r\nx".encode()
            )
            while sock.recv(4096):
                pass
    except OSError:
        pass
    closed_after.append(time.monotonic() - start)


def health_ms(url: str, timeout: float = 30) -> float:
    """Milliseconds `api/health` took (the timeout's worth when it did not answer)."""
    start = time.perf_counter()
    try:
        with urlopen(url, timeout=timeout) as response:
            response.read()
    except OSError:
        return timeout * 1000
    return (time.perf_counter() - start) * 1000


def hand_in(url: str, token: str, out: list[str]) -> None:
    body = json.dumps(
        {
            "format": "inpatient-coder-course/submission", "schema_version": 1, "learner": "ann",
            "exported_at": "2026-11-01T09:00:00Z", "package_version": "0.1.0", "attempts": [], "sessions": [],
            "summary": [],
        }
    ).encode()
    request = Request(url + "api/submissions", data=body, method="POST", headers={"Authorization": f"token {token}"})
    try:
        with urlopen(request, timeout=90) as response:
            out.append(str(response.status))
    except OSError as exc:
        out.append(str(getattr(exc, "code", type(exc).__name__)))


def start_postgres() -> tuple[subprocess.Popen, str]:
    bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))[-1].parent
    root = Path(tempfile.mkdtemp(prefix="course-hostile-pg-"))
    as_user: dict[str, str] = {}
    if os.geteuid() == 0:
        import shutil

        shutil.chown(root, "postgres", "postgres")
        as_user = {"user": "postgres", "group": "postgres"}
    subprocess.run([str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "course", "--auth=trust", "--no-sync"],
                   check=True, capture_output=True, **as_user)
    (port,) = hh.free_ports(1)
    server = subprocess.Popen(
        [str(bin_dir / "postgres"), "-D", str(root / "data"), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
         "-c", f"unix_socket_directories={root}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, **as_user,
    )
    for _ in range(150):
        if subprocess.run([str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.2)
    return server, f"postgresql+psycopg://course@127.0.0.1:{port}/postgres"


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="course-hostile-"))
    postgres = None
    proxy = hh.find_proxy()
    assert proxy, hh.WHAT_TO_INSTALL
    hub = hh.write_config(root, Path(sys.executable), proxy)
    db_file = root / "submissions.sqlite"
    config = (root / "jupyterhub_config.py").read_text()
    config = config.replace('"--max-bytes", "2000000"', '"--max-bytes", "5000000"')  # the service's default
    code = os.environ.get("PYTHONPATH", "")  # the harness keeps PYTHONPATH from the hub: give it to the service
    service = '{"name": "course-submissions", '
    config = config.replace(service, service + f'"environment": {{"PYTHONPATH": {code!r}}}, ')
    if args.db == "postgresql":
        postgres, url = start_postgres()
        config = config.replace(f"sqlite:///{db_file}", url)
    (root / "jupyterhub_config.py").write_text(config)
    rows: list[tuple[str, str]] = []
    hh.start_hub(hub)
    try:
        hub.wait_until_up()
        pid = hub.pids["service"]
        public = hub.url.removeprefix("http://")
        host, port = public.split(":")[0], int(public.split(":")[1])
        path = f"/services/{SERVICE}/api/submissions"
        token = hub.token_for("ann", [f"access:services!service={SERVICE}", "custom:course:submit"])
        warm: list[str] = []
        hand_in(hub.service_url, token, warm)  # the database exists and the token is cached
        before = rss_kb(pid)
        peak = [before]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                try:
                    peak.append(rss_kb(pid))
                except OSError:
                    return
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        results: list[str] = []
        start = time.monotonic()
        threads = [threading.Thread(target=upload, args=(host, port, path, results)) for _ in range(UPLOADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - start
        time.sleep(2)
        done.set()
        sampler.join()
        after = rss_kb(pid)
        answers = sorted({r: results.count(r) for r in results}.items())
        rows.append(("RSS before / peak / after 150 unauthenticated 5 MB uploads (MB)",
                     f"{before / 1024:.0f} / {max(peak) / 1024:.0f} / {after / 1024:.0f}"))
        rows.append(("... answers (status line: count), time for all", f"{answers}, {took:.1f} s"))

        closed: list[float] = []
        threads = [threading.Thread(target=stalled, args=(host, port, path, closed)) for _ in range(STALLED)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=100)
        still = sum(1 for t in threads if t.is_alive())
        rows.append((f"{STALLED} stalled uploads (5 MB declared, 1 byte sent): closed after (median / max s)",
                     f"{statistics.median(closed):.1f} / {max(closed):.1f}" + (f"; {still} open past 100 s"
                                                                                 if still else "")))

        closed = []
        threads = [threading.Thread(target=stalled, args=(host, port, path, closed, token)) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=110)
        rows.append(("20 stalled uploads by a signed-in learner: closed after (median / max s; 100 = client gave up)",
                     f"{statistics.median(closed):.1f} / {max(closed):.1f}"))

        health = hub.service_url + "api/health"
        calm = [health_ms(health) for _ in range(5)]
        pause: list[int] = []
        lock = None
        if args.db == "sqlite":
            lock = sqlite3.connect(db_file, timeout=5)
            lock.execute("BEGIN EXCLUSIVE")
        else:
            assert postgres is not None
            pause = [postgres.pid, *children(postgres.pid)]
            for p in pause:
                os.kill(p, signal.SIGSTOP)
        waiting: list[str] = []
        writers = [threading.Thread(target=hand_in, args=(hub.service_url, token, waiting)) for _ in range(5)]
        for t in writers:
            t.start()
        time.sleep(0.5)
        probes: list[float] = []
        for _ in range(10):
            probes.append(health_ms(health))
            if probes[-1] >= 30_000:
                break  # the loop is blocked: one timeout says so (more would only wait)
            time.sleep(0.3)
        held_for = 12 if args.db == "sqlite" else 12
        time.sleep(max(0, held_for - 3.5))
        if lock is not None:
            lock.rollback()
            lock.close()
        for p in pause:
            os.kill(p, signal.SIGCONT)
        for t in writers:
            t.join(timeout=120)
        rows.append(("api/health, database calm (median ms)", f"{statistics.median(calm):.0f}"))
        rows.append((f"api/health, {args.db} paused, 5 hand-ins waiting (median / max ms; 30000 = no answer in 30 s)",
                     f"{statistics.median(probes):.0f} / {max(probes):.0f} ({len(probes)} probes)"))
        rows.append(("... the 5 hand-ins' answers", ", ".join(sorted(waiting))))
        rows.append(("service alive afterwards", str(hh.pid_alive(pid))))
    finally:
        hub.stop()
        if postgres is not None:
            postgres.send_signal(signal.SIGINT)
            postgres.wait(20)
    print(f"\n### Hand-in service under hostile load ({args.db}) {args.label}\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
