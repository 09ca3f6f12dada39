"""The progress store under attack: eight kernels at a damaged file, foreign files, truncation, a held lock,
and a store that cannot be used at all. Each test failed before issue 9's fixes."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import threading
import time
import warnings
from pathlib import Path

import pytest

from course_helpers.records import store as store_module
from course_helpers.records.store import Attempt, ProgressError, ProgressStore
from course_helpers.records.store_lock import store_lock
from tests.attacks.corpus_stores import DAMAGED, FOREIGN, truncated

PROCESSES = 8
RUNS = 3
PER_PROCESS = 15


def _open_and_write(path: str, name: str, start: mp.synchronize.Event, out: mp.Queue) -> None:
    """Child kernel: open the store when told, record attempts, report each committed one (or the error)."""
    warnings.simplefilter("ignore")
    start.wait(60)
    try:
        store = ProgressStore(path)
        for i in range(PER_PROCESS):
            store.record(Attempt(name, "03_code_sets", f"q{i}", i, True, 1.0, 1.0, "h"))
            out.put((name, i))
        store.close()
    except BaseException as exc:  # reported, not swallowed: the parent fails the test with it
        out.put((name, f"ERROR {type(exc).__name__}: {exc}"))


def _race(path: Path) -> dict[str, list[int]]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    names = [f"k{i}" for i in range(PROCESSES)]
    procs = [ctx.Process(target=_open_and_write, args=(str(path), n, start, out)) for n in names]
    for p in procs:
        p.start()
    time.sleep(0.5)  # let every child reach the start line, so the opens really collide
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    reported: dict[str, list[int]] = {n: [] for n in names}
    errors = []
    while not out.empty():
        name, item = out.get()
        (errors if isinstance(item, str) else reported[name]).append(item)
    assert errors == []
    return reported


def _asides(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.glob(f"{name}.corrupt-*") if not p.name.endswith(("-wal", "-shm", "-journal"))]


# The scenario as it happens (a race: before the fix it failed in 2 of 6 runs here, in 5 of 20 in
# the issue); test_an_opener_waits_while_another_kernel_checks_a_damaged_store fails every time before it.
@pytest.mark.parametrize("run", range(RUNS))
@pytest.mark.parametrize("kind", ["not a database", "two wrecked pages"])
def test_eight_kernels_opening_a_damaged_store_at_once_lose_nothing(tmp_path: Path, kind: str, run: int) -> None:
    path = tmp_path / "p.sqlite3"
    DAMAGED[kind](path)
    original = path.read_bytes()
    reported = _race(path)
    (aside,) = _asides(tmp_path, "p.sqlite3")  # moved aside exactly once ...
    assert aside.read_bytes() == original  # ... whole: never a 0-byte copy, never overwritten
    with ProgressStore(path) as store:
        for name, committed in reported.items():
            assert committed == list(range(PER_PROCESS))
            assert sorted(a.answer for a in store.attempts(learner=name)) == committed


# A race (2 of 720 opens failed in the issue; 0 of 24 here before the fix): the deterministic companion is
# test_a_first_open_waits_for_another_kernel_creating_the_same_store.
@pytest.mark.parametrize("run", range(RUNS))
def test_eight_first_opens_of_a_new_store_all_succeed(tmp_path: Path, run: int) -> None:
    path = tmp_path / "new" / "p.sqlite3"
    reported = _race(path)
    with ProgressStore(path) as store:
        assert store.count() == PROCESSES * PER_PROCESS
    assert all(len(v) == PER_PROCESS for v in reported.values())


def _open_in_thread(path: Path, result: dict[str, object]) -> threading.Thread:
    def run() -> None:
        began = time.monotonic()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result["store"] = ProgressStore(path)
        except BaseException as exc:  # reported to the test, not swallowed
            result["error"] = exc
        result["waited"] = time.monotonic() - began

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_an_opener_waits_while_another_kernel_checks_a_damaged_store(tmp_path: Path) -> None:
    """The race of eight kernels, made deterministic: while one kernel holds the store (checking or moving
    it aside), another opener must not touch the file; afterwards exactly one whole aside copy exists.
    Before the fix every opener renamed the file at once, so a second rename could overwrite the first."""
    path = tmp_path / "p.sqlite3"
    DAMAGED["two wrecked pages"](path)
    original = path.read_bytes()
    result: dict[str, object] = {}
    with store_lock(path, exclusive=True, timeout=5):  # another kernel is in the middle of opening it
        thread = _open_in_thread(path, result)
        time.sleep(1.0)
        assert path.read_bytes() == original and not _asides(tmp_path, "p.sqlite3")  # untouched meanwhile
    thread.join(60)
    assert "error" not in result, result.get("error")
    assert result["waited"] >= 0.9
    (aside,) = _asides(tmp_path, "p.sqlite3")
    assert aside.read_bytes() == original
    result["store"].close()  # type: ignore[union-attr]


def test_a_first_open_waits_for_another_kernel_creating_the_same_store(tmp_path: Path) -> None:
    """The race of first opens, made deterministic: another connection is writing the new file when this one
    switches it to WAL. Before the fix `PRAGMA journal_mode = WAL` failed at once with 'database is locked'
    (SQLite's busy timeout does not cover it); now the open waits and succeeds."""
    path = tmp_path / "p.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a write transaction on the new, empty file
    holder.execute("PRAGMA user_version")
    result: dict[str, object] = {}
    thread = _open_in_thread(path, result)
    time.sleep(1.0)
    holder.execute("COMMIT")
    holder.close()
    thread.join(60)
    assert "error" not in result, result.get("error")
    assert result["waited"] >= 0.9
    store = result["store"]
    store.record(Attempt("ann", "b", "q", 1, True, 1.0, 1.0, "h"))  # type: ignore[union-attr]
    assert store.count() == 1  # type: ignore[union-attr]
    store.close()  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_a_damaged_store_is_moved_aside_with_its_wal_and_the_readable_rows_come_back(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "p.sqlite3"
    DAMAGED[kind](path)
    (tmp_path / "p.sqlite3-wal").write_bytes(b"stray wal")
    with pytest.warns(RuntimeWarning, match="recovered|nothing in it could be recovered") as caught:
        store = ProgressStore(path)
    (aside,) = _asides(tmp_path, "p.sqlite3")
    assert (tmp_path / f"{aside.name}-wal").read_bytes() == b"stray wal"  # the -wal travelled with it
    assert store.moved_to == aside
    assert f"{store.count()} answers" in str(caught[0].message) or store.recovered == 0
    store.close()


def test_a_truncated_store_gives_back_what_can_be_read_and_says_how_many(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    truncated(path, keep=0.6)
    with pytest.warns(RuntimeWarning) as caught:
        store = ProgressStore(path)
    rows = store.attempts(learner="ann")
    # 60% of the pages survive: well over a third of the 3,000 answers must come back, all intact
    assert 1000 < len(rows) < 3000
    assert all(a.answer == "x" * 60 and a.question.startswith("q") for a in rows)
    assert f"{len(rows)} answers" in str(caught[0].message)
    store.close()


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_another_programs_database_is_never_written_to(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "other.db"
    FOREIGN[kind](path)
    before = path.read_bytes()
    with pytest.raises(ProgressError, match="another program's database"):
        ProgressStore(path)
    assert path.read_bytes() == before
    assert not _asides(tmp_path, "other.db")


def _hold_write_lock(path: str, ready: mp.synchronize.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO settings VALUES ('held', 'yes')")
    ready.set()
    time.sleep(60)


def test_a_lock_held_by_another_program_is_reported_after_a_short_wait(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    store = ProgressStore(path)
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(str(path), ready))
    holder.start()
    try:
        assert ready.wait(60)
        began = time.monotonic()
        with pytest.raises(ProgressError, match="locked by another program"):
            store.record(Attempt("ann", "b", "q", 1, True, 1.0, 1.0, "h"))
        assert time.monotonic() - began < store_module.BUSY_TIMEOUT_MS / 1000 + 5
    finally:
        holder.kill()
        holder.join()
        store.close()


def test_a_full_disk_is_one_clear_line(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    (pages,) = store._conn.execute("PRAGMA page_count").fetchone()
    store._conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk is full after two more pages
    with pytest.raises(ProgressError, match="full; free some space"):
        for i in range(1000):
            store.record(Attempt("ann", "b", f"q{i}", "y" * 2000, True, 1.0, 1.0, "h"))
    store.close()
