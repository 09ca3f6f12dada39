"""A version 1 progress store (as the course wrote it before `attempts.graded`) opens, migrates in place and
keeps every row: old answers count as graded. A kill, a full disk or a lock during the migration loses nothing,
and a writer of the old layout keeps writing while another process migrates.

The version 1 files are built with the exact DDL and INSERT statements of store version 1 (store.py at
425ab9c), not with today's writer.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

import course_helpers
from course_helpers.records import store as progress
from course_helpers.records.mastery import lesson_mastery
from course_helpers.records.schedule import schedule
from course_helpers.records.store import Attempt, ProgressError, ProgressStore
from course_helpers.records.store_lock import store_lock

V1_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    bank TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points REAL NOT NULL,
    max_points REAL NOT NULL,
    bank_hash TEXT NOT NULL,
    session TEXT,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_latest ON attempts (learner, bank, question, at, id, correct);
CREATE TABLE IF NOT EXISTS sessions (
    learner TEXT NOT NULL,
    bank TEXT NOT NULL,
    session TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
    finished_at TEXT NOT NULL,
    PRIMARY KEY (learner, bank, session)
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
V1_INSERT = (
    "INSERT INTO attempts (learner, bank, question, answer, correct, points, max_points,"
    " bank_hash, session, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
APPLICATION_ID = 0x49434443


def _env() -> dict[str, str]:
    """The environment for a child process that runs the same course_helpers as this test."""
    return {**os.environ, "PYTHONPATH": str(Path(course_helpers.__file__).resolve().parents[1])}


def _v1_rows(n: int) -> list[tuple]:
    """Rows as version 1 wrote them: a released exam's answers stored as wrong (correct 0, 0 points)."""
    rows = []
    for i in range(n):
        right = i % 3 != 0
        rows.append(("kim", "01_the_role", f"q{i % 7}", f'"A{i}"', int(right), float(right), 1.0, "h1", None,
                     datetime(2026, 3, 1, 9, 0, i % 60, i, tzinfo=UTC).isoformat(timespec="microseconds")))
    return rows


def make_v1_store(path: Path, attempts: int = 50) -> dict[str, list[tuple]]:
    """A store exactly as version 1 left it (WAL, our application id, user_version 1), and its rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    for statement in V1_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.executemany(V1_INSERT, _v1_rows(attempts))
    conn.execute("INSERT INTO sessions VALUES ('kim', '13_final_exam', 's1', 0, 40, 0, "
                 "'2026-03-02T10:00:00.000000+00:00')")
    conn.execute("INSERT INTO settings VALUES ('learner', 'kim')")
    conn.execute("INSERT INTO settings VALUES ('exam-draft:kim:13_final_exam', '{}')")
    conn.close()
    return _dump(path)


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of the three tables, version 1 columns only, read with plain sqlite3 (read-only)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            "attempts": conn.execute(
                "SELECT id, learner, bank, question, answer, correct, points, max_points, bank_hash, session, at"
                " FROM attempts ORDER BY id").fetchall(),
            "sessions": conn.execute("SELECT * FROM sessions ORDER BY session").fetchall(),
            "settings": conn.execute("SELECT * FROM settings ORDER BY key").fetchall(),
        }
    finally:
        conn.close()


def _layout(path: Path) -> tuple[int, set[str]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return version, {row[1] for row in conn.execute("PRAGMA table_info(attempts)")}
    finally:
        conn.close()


def test_the_fixture_is_the_version_1_layout(tmp_path: Path) -> None:
    """The DDL above is version 1's: the schema SQLite keeps for it is the one a version 1 store held."""
    make_v1_store(tmp_path / "p.sqlite3")
    conn = sqlite3.connect(tmp_path / "p.sqlite3")
    sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    conn.close()
    index = "CREATE INDEX attempts_latest ON attempts (learner, bank, question, at, id, correct)"
    assert sql["attempts_latest"] == index
    assert "graded" not in sql["attempts"] and sql["attempts"].rstrip().endswith("at TEXT NOT NULL\n)")


def test_a_version_1_store_migrates_in_place_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    before = make_v1_store(path)
    with ProgressStore(path) as store:
        version, columns = _layout(path)
        assert version == progress.STORE_VERSION and "graded" in columns
        old = store.attempts()
        assert len(old) == 50 and all(a.graded for a in old)  # every old answer counts as graded
        store.record(Attempt("kim", "13_final_exam", "x1", "B", False, 0.0, 1.0, "h2", "s2", graded=False))
        assert store.sessions("kim")[0].session == "s1"
        assert store.get_setting("learner") == "kim"
        # the old answers still give the same mastery through SQL and through the pure reference
        assert sorted(store.latest_results("kim"), key=lambda r: r.question) == sorted(
            lesson_latest(old), key=lambda r: r.question
        )
    after = _dump(path)
    assert after["attempts"][:50] == before["attempts"]  # byte for byte, ids included
    assert after["sessions"] == before["sessions"] and after["settings"] == before["settings"]
    with ProgressStore(path) as store:  # reopening changes nothing more
        assert store.count() == 51 and [a.graded for a in store.attempts()][-1] is False


def lesson_latest(attempts: list[Attempt]) -> list:
    from course_helpers.records.mastery import latest_results

    return latest_results(attempts)


def test_a_version_1_store_is_read_as_it_is_by_a_read_only_open(tmp_path: Path) -> None:
    """`course-helpers progress` and `export` open read-only: a version 1 file is read, never changed."""
    path = tmp_path / "p.sqlite3"
    make_v1_store(path)
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with ProgressStore(path, read_only=True) as store:
        attempts = store.attempts("kim")
        assert len(attempts) == 50 and all(a.graded for a in attempts)
        assert len(store.latest_results("kim")) == 7
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
    assert _layout(path)[0] == 1
    env = {**_env(), "COURSE_PROGRESS_DB": str(path)}
    shown = subprocess.run([sys.executable, "-m", "course_helpers.cli", "progress", "--learner", "kim"],
                           capture_output=True, text=True, env=env, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "Progress for kim (50 answers recorded)" in shown.stdout
    assert _layout(path)[0] == 1


def test_a_failed_migration_changes_nothing_and_the_next_open_finishes_it(tmp_path: Path, monkeypatch) -> None:
    """A full disk (SQLITE_FULL) in the middle of the migration: one line, the file as it was."""
    path = tmp_path / "p.sqlite3"
    before = make_v1_store(path)
    real = progress._statements

    def full(script: str) -> list[str]:  # runs after the ALTER, inside the migration's transaction
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(progress, "_statements", full)
    with pytest.raises(ProgressError, match="is full; free some space"):
        ProgressStore(path)
    version, columns = _layout(path)
    assert version == 1 and "graded" not in columns
    assert _dump(path) == before
    monkeypatch.setattr(progress, "_statements", real)
    with ProgressStore(path) as store:
        assert store.count() == 50
    assert _layout(path)[0] == progress.STORE_VERSION


def test_a_locked_store_is_reported_and_migrated_once_the_lock_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    before = make_v1_store(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock (not the course's own lock file)
    holder.execute(V1_INSERT, _v1_rows(1)[0])
    try:
        began = time.monotonic()
        with pytest.raises(ProgressError, match="locked by another program"):
            ProgressStore(path)
        assert time.monotonic() - began < 30
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert _layout(path)[0] == 1
    with ProgressStore(path) as store:
        assert store.count() == 51
    assert _dump(path)["attempts"][:50] == before["attempts"]


KILLED_MID_MIGRATION = """
import sys, time
from course_helpers.records import store
real = store._statements
def slow(script):  # called inside the migration's transaction, after the ALTER
    print("migrating", flush=True)
    time.sleep(120)
    return real(script)
store._statements = slow
store.ProgressStore(sys.argv[1])
"""


def test_a_kernel_killed_in_the_middle_of_the_migration_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    before = make_v1_store(path)
    env = _env()
    child = subprocess.Popen([sys.executable, "-c", KILLED_MID_MIGRATION, str(path)], stdout=subprocess.PIPE,
                             text=True, env=env, start_new_session=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "migrating"
        # the ALTER has run in the child's open transaction: killed now, as a kernel is
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert _dump(path) == before and _layout(path)[0] == 1
    with ProgressStore(path) as store:
        assert store.count() == 50 and all(a.graded for a in store.attempts())
    assert _layout(path)[0] == progress.STORE_VERSION


V1_WRITER = """
import sqlite3, sys, time
from pathlib import Path
from course_helpers.records.store_lock import store_lock
path, n = Path(sys.argv[1]), int(sys.argv[2])
insert = {insert!r}
conn = sqlite3.connect(path, timeout=5.0, isolation_level=None)
conn.execute("PRAGMA busy_timeout = 5000")
written = 0
for i in range(n):
    # as version 1 wrote: the shared lock, then one INSERT committed on its own
    with store_lock(path, exclusive=False, timeout=5.0):
        conn.execute(insert, ("lee", "02_responsibilities", f"w{{i}}", '"x"', 1, 1.0, 1.0, "h", None,
                              "2026-03-03T10:00:00.%06d+00:00" % i))
    written += 1
    if i == 20:
        print("writing", flush=True)
    time.sleep(0.002)
print(written, flush=True)
"""


def test_the_migration_runs_beside_a_writer_of_the_old_layout(tmp_path: Path) -> None:
    """A kernel still running the old course keeps writing while a new one opens and migrates: no row lost."""
    path = tmp_path / "p.sqlite3"
    before = make_v1_store(path)
    env = _env()
    script = textwrap.dedent(V1_WRITER.format(insert=V1_INSERT))
    writer = subprocess.Popen([sys.executable, "-c", script, str(path), "400"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        with store_lock(path, exclusive=False, timeout=5.0):
            pass  # the lock file exists and is shared: the migration below has to wait its turn
        store = ProgressStore(path)  # migrates while the writer is between its writes
        migrated_while_writing = writer.poll() is None
        store.record(Attempt("kim", "13_final_exam", "x1", "B", False, 0.0, 1.0, "h2", "s2", graded=False))
        out, err = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    assert out.strip() == "400" and migrated_while_writing
    rows = store.attempts()
    store.close()
    assert len(rows) == 50 + 400 + 1
    assert {a.question for a in rows if a.learner == "lee"} == {f"w{i}" for i in range(400)}
    assert [a.graded for a in rows].count(False) == 1  # the old writer's rows count as graded
    assert _dump(path)["attempts"][:50] == before["attempts"]
    assert _layout(path)[0] == progress.STORE_VERSION


def test_recovery_reads_rows_of_both_layouts_and_keeps_ungraded_ones_ungraded(tmp_path: Path) -> None:
    """A migrated store holds version 1 rows (11 columns on disk) and new ones (12): both are recovered."""
    path = tmp_path / "p.sqlite3"
    make_v1_store(path, attempts=200)
    with ProgressStore(path) as store:
        store.record_many([Attempt("kim", "13_final_exam", f"x{i}", "B" * 100, False, 0.0, 1.0, "h2", "s2",
                                   graded=False) for i in range(100)])
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    from course_helpers.records.store_recover import recover_rows

    found = recover_rows(path)
    assert len(found.attempts) == 300
    graded = [values[-1] for values in found.attempts.values()]
    assert graded.count(0) == 100 and graded.count(1) == 200
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # the header wrecked: SQLite refuses the file
    path.write_bytes(bytes(data))
    with pytest.warns(RuntimeWarning, match="could not be read"), ProgressStore(path) as fresh:
        rows = fresh.attempts()
        assert len(rows) == 300
        assert sum(not a.graded for a in rows) == 100
        assert all(not a.graded for a in rows if a.bank == "13_final_exam")


def test_ungraded_answers_stay_out_of_mastery_and_the_schedule_but_not_the_history(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        t = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        store.record(Attempt("kim", "01_the_role", "q1", "A", True, 1.0, 1.0, "h", at=t))
        store.record(Attempt("kim", "01_the_role", "q1", "B", False, 0.0, 1.0, "h", "s", t.replace(hour=10),
                             graded=False))
        store.record(Attempt("kim", "13_final_exam", "e1", "C", False, 0.0, 1.0, "h", "s", t, graded=False))
        history = store.attempts("kim")
        assert len(history) == 3
        latest = store.latest_results("kim")
        assert [(r.question, r.correct) for r in latest] == [("q1", True)]
        assert [(d.question, d.last_correct) for d in schedule(history)] == [("q1", True)]
        assert lesson_mastery(history, {}) == []


NEW_KERNEL = """
import sys, time
from course_helpers.records.store import Attempt, ProgressStore
path, name, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
time.sleep(max(0.0, start - time.time()))  # every kernel opens at the same moment
store = ProgressStore(path)
for i in range(50):
    store.record(Attempt(name, "03_code_sets", f"q{i}", i, i % 2 == 0, float(i % 2 == 0), 1.0, "h", graded=i % 5 != 0))
print(store.count(name), flush=True)
"""


def test_kernels_opening_a_version_1_store_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    before = make_v1_store(path)
    env = _env()
    start = time.time() + 3.0
    kernels = [subprocess.Popen([sys.executable, "-c", NEW_KERNEL, str(path), f"k{n}", str(start)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for n in range(4)]
    results = [k.communicate(timeout=120) for k in kernels]
    assert [k.returncode for k in kernels] == [0, 0, 0, 0], [err for _, err in results]
    assert [out.strip() for out, _ in results] == ["50"] * 4
    with ProgressStore(path) as store:
        rows = store.attempts()
    assert len(rows) == 50 + 4 * 50
    assert sum(not a.graded for a in rows) == 4 * 10
    assert _dump(path)["attempts"][:50] == before["attempts"]
    assert _layout(path)[0] == progress.STORE_VERSION
