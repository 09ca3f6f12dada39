"""Damaged, foreign and truncated progress stores, made on demand (the store attack corpus).

Each maker writes a file at `path` and returns a short description; the tests in test_store_attacks.py
open them as eight kernels would. Made by code, not committed as binaries, so a reviewer can read them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from course_helpers.records.store import Attempt, ProgressStore


def good_store(path: Path, rows: int = 300) -> None:
    """A real store with `rows` answers, checkpointed so every row is in the main file."""
    with ProgressStore(path) as store:
        store.record_many(
            [Attempt("ann", "02_responsibilities", f"q{i}", "x" * 60, i % 2 == 0, 1.0, 1.0, "h") for i in range(rows)]
        )
        store.set_setting("learner", "ann")
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def not_a_database(path: Path) -> None:
    path.write_bytes(b"these are my lecture notes, not a database\n" * 200)


def wrecked_pages(path: Path) -> None:
    good_store(path)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xff" * (4096 * 2)
    path.write_bytes(bytes(data))


def truncated(path: Path, keep: float = 0.6) -> None:
    good_store(path, rows=3000)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def zeroed_header(path: Path) -> None:
    good_store(path)
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))


def foreign_with_settings(path: Path) -> None:
    """Another program's database that happens to have a `settings` table (adopted and altered before)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE settings (name TEXT, colour TEXT)")
    conn.execute("INSERT INTO settings VALUES ('theme', 'dark')")
    conn.commit()
    conn.close()


def foreign_application_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE attempts (x)")
    conn.commit()
    conn.close()


DAMAGED: dict[str, Callable[[Path], None]] = {
    "not a database": not_a_database,
    "two wrecked pages": wrecked_pages,
    "truncated to 60%": truncated,
    "zeroed header": zeroed_header,
}
FOREIGN: dict[str, Callable[[Path], None]] = {
    "foreign with a settings table": foreign_with_settings,
    "foreign application_id": foreign_application_id,  # a guard: refused before the fix too
}
