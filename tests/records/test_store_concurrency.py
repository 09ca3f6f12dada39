"""Two kernels writing at once lose nothing; a killed writer leaves every committed attempt readable."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course_helpers.records.store import Attempt, ProgressStore

PER_WRITER = 300


def _write(path: str, learner: str, count: int, start: mp.synchronize.Event) -> None:
    """Child: record `count` attempts, one transaction each, after the start signal."""
    store = ProgressStore(path)
    start.wait(30)
    for i in range(count):
        store.record(
            Attempt(learner, "02_responsibilities", f"q{i}", i, i % 2 == 0, 1.0, 1.0, "h", at=datetime.now(UTC))
        )
    store.close()


def _write_until_killed(path: str, conn: mp.connection.Connection) -> None:
    """Child: record attempts forever, reporting each committed count to the parent."""
    store = ProgressStore(path)
    i = 0
    while True:
        store.record(Attempt("victim", "03_code_sets", f"q{i}", "x" * 100, True, 1.0, 1.0, "h"))
        i += 1
        conn.send(i)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    writers = [ctx.Process(target=_write, args=(path, name, PER_WRITER, start)) for name in ("ann", "ben")]
    for w in writers:
        w.start()
    start.set()
    for w in writers:
        w.join(120)
        assert w.exitcode == 0
    with ProgressStore(path) as store:
        for name in ("ann", "ben"):
            rows = store.attempts(learner=name)
            assert sorted(a.answer for a in rows) == list(range(PER_WRITER))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL") or sys.platform == "win32", reason="needs SIGKILL")
def test_a_writer_killed_mid_write_leaves_every_committed_attempt(tmp_path: Path) -> None:
    path = str(tmp_path / "killed.sqlite3")
    ctx = mp.get_context("spawn")
    parent_end, child_end = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_write_until_killed, args=(path, child_end))
    child.start()
    reported = 0
    while reported < 500:
        assert parent_end.poll(60), "the writer stopped reporting"
        reported = parent_end.recv()
    os.kill(child.pid, signal.SIGKILL)
    child.join(30)
    assert child.exitcode == -signal.SIGKILL
    while parent_end.poll(0.1):  # counts sent just before the kill
        reported = parent_end.recv()
    with ProgressStore(path) as store:
        stored = store.count("victim")
        questions = {a.question for a in store.attempts(learner="victim")}
    assert stored >= reported
    assert {f"q{i}" for i in range(reported)} <= questions
