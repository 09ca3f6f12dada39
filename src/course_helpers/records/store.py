"""The learner's attempts, kept in one SQLite file (standard-library sqlite3, WAL mode).

Every answer is one row, committed before `record` returns, so a kernel that dies loses nothing
it already reported. Several kernels may write at once (WAL plus a busy timeout). A file that is not a
database, or is damaged, is renamed aside under a unique name (never deleted) by exactly one process,
holding the store's lock (`records.store_lock`); the rows that can still be read are copied into the
fresh store (`records.store_recover`). A file that is not provably ours (another program's database)
is never written to. Every failure is a `ProgressError` whose one line says what to do.
"""

from __future__ import annotations

import errno
import glob
import json
import math
import os
import secrets
import sqlite3
import threading
import time
import urllib.parse
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from course_helpers.errors import CourseInputError
from course_helpers.records.mastery import LatestResult
from course_helpers.records.store_lock import LockTimeout, store_lock
from course_helpers.records.store_recover import recover_rows

_T = TypeVar("_T")

ENV_VAR = "COURSE_PROGRESS_DB"
"""Environment variable naming the store file (tests, classrooms, shared drives)."""

APP_NAME = "inpatient-coder-course"
STORE_VERSION = 2
"""The table layout version, kept in `PRAGMA user_version`. Version 2 added `attempts.graded` (an answer to a
released graded bank is recorded, not graded); a version 1 store is migrated in place when it is opened for
writing (`_migrate`), and read as it is (every row graded) when opened read-only."""

APPLICATION_ID = 0x49434443  # "ICDC": marks the file as ours in `PRAGMA application_id`
BUSY_TIMEOUT_MS = 5_000
"""How long a write waits for another process's write: long enough for many kernels writing at once,
short enough that a lock held by another program is reported rather than felt as a frozen quiz."""
LOCK_TIMEOUT_S = BUSY_TIMEOUT_MS / 1000
"""How long an open waits while another process creates, checks or moves aside the same store (the same
short wait as a write: a kernel stuck holding the store is reported, not felt as a frozen first cell)."""
RETRY_AFTER_S = 30.0
"""After an open that failed only after waiting (a lock held elsewhere), `open_store` reports the same
problem at once for this long instead of waiting again on every call (quiz() opens the store twice)."""

_SCHEMA = """
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
    at TEXT NOT NULL,
    graded INTEGER NOT NULL DEFAULT 1 CHECK (graded IN (0, 1))
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

_ADD_GRADED = "ALTER TABLE attempts ADD COLUMN graded INTEGER NOT NULL DEFAULT 1 CHECK (graded IN (0, 1))"
"""Version 1 -> 2. SQLite adds a column with a constant default by rewriting the schema only: no row is
rewritten (old rows read as graded = 1); it reads them once to check the CHECK constraint (about 30 ms for
120,000 answers, measured on this project's shared two-core machine)."""

# Latest graded attempt per question (ties on time go to the later row). Each question's latest row is one
# backwards step in the (learner, bank, question, at, id) index; measured 15 ms for 100,000 attempts,
# where a ROW_NUMBER() window over the same index took 130-155 ms (it materialises every row).
# Answers recorded but not graded (a released graded bank) are skipped: they are neither right nor wrong.
_LATEST_SQL = """
SELECT a.bank, a.question, a.correct, a.at
FROM (SELECT DISTINCT bank, question FROM attempts WHERE learner = ?1) AS k
JOIN attempts AS a ON a.id = (
    SELECT b.id FROM attempts AS b
    WHERE b.learner = ?1 AND b.bank = k.bank AND b.question = k.question AND {graded} = 1
    ORDER BY b.at DESC, b.id DESC LIMIT 1
)
"""


class ProgressError(CourseInputError):
    """A progress-store problem the learner or instructor can fix; the message says how."""


@dataclass(frozen=True)
class Attempt:
    """One answer to one question, as recorded.

    `graded=False`: recorded, not graded (an answer to a released graded bank, whose key only the instructor
    holds): `correct` and `points` say nothing about it, so mastery, review and progress leave it out; the
    hand-in still carries it and the instructor's key grades it.
    """

    learner: str
    bank: str
    question: str
    answer: Any
    correct: bool
    points: float
    max_points: float
    bank_hash: str
    session: str | None = None
    at: datetime | None = None
    graded: bool = True


@dataclass(frozen=True)
class FinishedSession:
    """One finished quiz sitting (used to count exam attempts)."""

    learner: str
    bank: str
    session: str
    score: float
    max_score: float
    passed: bool
    finished_at: datetime


def default_path() -> Path:
    """Return the store path: $COURSE_PROGRESS_DB if set, else a file in the user's data dir."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "progress.sqlite3"


def utc_now() -> datetime:
    """Return the current time, UTC and timezone-aware."""
    return datetime.now(UTC)


def format_time(at: datetime) -> str:
    """Return `at` as fixed-width ISO text in UTC, so text order is time order."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ProgressError(f"time {at.isoformat()} has no timezone; pass a UTC time, e.g. datetime.now(UTC)")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    """Read a time written by `format_time`."""
    return datetime.fromisoformat(text)


MAX_ANSWER_CHARS = 20_000
"""The largest answer saved (as JSON text): a quiz answer is a few words, a code or a short list."""


def _answer_json(answer: Any) -> str:
    try:
        text = json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as exc:
        shown = repr(answer)
        shown = shown if len(shown) <= 60 else shown[:60] + "..."
        raise ProgressError(f"answer {shown} cannot be saved: use text, numbers, booleans or lists") from exc
    if len(text) > MAX_ANSWER_CHARS:
        raise ProgressError(f"the answer is {len(text):,} characters long; at most {MAX_ANSWER_CHARS:,} are saved")
    return text


def _check_attempt(attempt: Attempt) -> None:
    for field in ("learner", "bank", "question", "bank_hash"):
        value = getattr(attempt, field)
        if not isinstance(value, str) or not value.strip():
            raise ProgressError(f"attempt {field} must be non-empty text, got {value!r}")
    for field in ("points", "max_points"):
        value = getattr(attempt, field)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ProgressError(f"attempt {field} must be a finite number, got {value!r}")


def _aside_name(path: Path) -> Path:
    """A name no other process can pick: time, process id and a random token (the caller holds the lock)."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}-{secrets.token_hex(3)}")
    while candidate.exists():  # pragma: no cover - a 24-bit token collision within one second
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}-{secrets.token_hex(3)}")
    return candidate


class _Damaged(Exception):
    """The file at the store path is not a readable SQLite database (internal: it is moved aside)."""


_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
NOT_SAVING = "answers are not being saved"


def _is_damage(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(_DAMAGE_CODES)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def _explain(exc: BaseException, path: Path) -> str:
    """One line for a store that cannot be used: what is wrong and what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    where = f"the progress file {path}"
    fix = f"set {ENV_VAR} to a file in a folder you can write to"
    if isinstance(exc, LockTimeout) or name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        waited = LOCK_TIMEOUT_S if isinstance(exc, LockTimeout) else BUSY_TIMEOUT_MS / 1000
        return f"{where} is locked by another program (waited {waited:g} s); close that program or restart its kernel"
    if name.startswith("SQLITE_FULL") or getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in text:
        return f"the disk holding {where} is full; free some space"
    if name.startswith("SQLITE_READONLY") or isinstance(exc, PermissionError) or "readonly" in text:
        return f"{where} cannot be written (read-only file or folder); {fix}"
    if isinstance(exc, NotADirectoryError | FileExistsError):
        return f"{where} is inside something that is not a folder; {fix}"
    if isinstance(exc, OSError):
        return f"{where} cannot be used: {exc.strerror or exc}; {fix}"
    return f"{where} cannot be used ({text}); {fix}"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class ProgressStore:
    """The attempt store: one SQLite file, safe for several kernels at once.

    `read_only=True` (the `progress` and `export` commands) never creates, changes or moves the file:
    a missing, damaged or foreign file is reported as a ProgressError instead.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.read_only = read_only
        self.moved_to: Path | None = None
        self.recovered: int | None = None
        self._lock = threading.RLock()
        try:
            self._conn = self._open_read_only() if read_only else self._open_for_writing()
        except ProgressError:
            raise
        except (sqlite3.Error, OSError) as exc:  # busy, locked, no permission, full disk, not a folder...
            raise ProgressError(_explain(exc, self.path)) from exc
        self._identity = _identity(self.path)
        self._graded = self._graded_column()

    def _graded_column(self) -> str:
        """`graded`, or `1` for a version 1 store opened read-only (never migrated: every row was graded)."""
        try:
            return "graded" if "graded" in _columns(self._conn, "attempts") else "1"
        except sqlite3.Error as exc:
            self._conn.close()
            raise ProgressError(_explain(exc, self.path)) from exc

    # -- opening --------------------------------------------------------------------------------------
    def _missing_message(self) -> str:
        if os.environ.get(ENV_VAR, "").strip():
            return f"{ENV_VAR} is set to {self.path}, which does not exist: check it for a typo (nothing was created)"
        return f"no progress recorded yet on this computer ({self.path} does not exist)"

    def _open_read_only(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise ProgressError(self._missing_message())
        if not self.path.is_file():
            raise ProgressError(f"{self.path} is not a file; set {ENV_VAR} to the progress file")
        uri = "file:" + urllib.parse.quote(str(self.path.resolve())) + "?mode=ro"
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            try:
                app_id, version, tables = self._identify(conn)
            except sqlite3.DatabaseError as exc:
                if not _is_damage(exc):
                    raise
                raise ProgressError(
                    f"{self.path} is damaged ({exc}); open any quiz in the course to move it aside and "
                    "recover what can be read"
                ) from exc
            if not tables:
                raise ProgressError(f"no progress recorded yet ({self.path} is empty)")
            self._check_ours(app_id, version, tables)
            return conn
        except BaseException:
            conn.close()
            raise

    def _open_for_writing(self) -> sqlite3.Connection:
        if self.path.exists() and not self.path.is_file():
            raise ProgressError(f"{self.path} is a folder or device, not a file; set {ENV_VAR} to a file path")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One process at a time opens, creates or moves aside this store; the others wait, then open
        # whatever it left, so a damaged file is moved exactly once and a new one is created once.
        with store_lock(self.path, exclusive=True, timeout=LOCK_TIMEOUT_S):
            try:
                return self._prepare()
            except _Damaged as exc:
                self._move_aside(exc.__cause__ or exc)
                conn = self._prepare()
                self._restore(conn)
                return conn

    def _probe(self) -> None:
        """Check an existing file through a read-only connection, which never checkpoints or deletes its -wal."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        uri = "file:" + urllib.parse.quote(str(self.path.resolve())) + "?mode=ro"
        probe = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            app_id, version, tables = self._identify(probe)
        except sqlite3.DatabaseError as exc:
            if _is_damage(exc):
                raise _Damaged(str(exc)) from exc
            raise
        finally:
            probe.close()
        # Never write to a file that is not provably ours: our application_id, or a database with no tables.
        self._check_ours(app_id, version, tables)

    def _prepare(self) -> sqlite3.Connection:
        self._probe()
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            (app_id,) = conn.execute("PRAGMA application_id").fetchone()
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            self._check_ours(int(app_id), int(version), tables)
            _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            # NORMAL in WAL mode: a commit survives a killed process; only a power cut can lose the last ones.
            conn.execute("PRAGMA synchronous = NORMAL")
            if version < STORE_VERSION:
                _migrate(conn)
            return conn
        except BaseException:
            conn.close()
            raise

    def _check_ours(self, app_id: int, version: int, tables: set[str]) -> None:
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise ProgressError(
                f"{self.path} is another program's database (left untouched); set {ENV_VAR} to another file"
            )
        if version > STORE_VERSION:
            raise ProgressError(
                f"{self.path} was written by a newer course-helpers (store version "
                f"{version}); upgrade course-helpers to read it"
            )

    @staticmethod
    def _identify(conn: sqlite3.Connection) -> tuple[int, int, set[str]]:
        (check,) = conn.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed: integrity check failed: {check}")
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return int(app_id), int(version), tables

    def _move_aside(self, error: BaseException) -> None:
        """Rename the damaged file (with its -wal/-shm/-journal) to a unique name; the caller holds the lock.

        The companions go first: a crash between the renames then leaves the damaged file under the live name
        and its -wal aside, an orphan that the next open puts back beside it and reads (`_orphan_wal`); renaming
        the file first would leave its -wal, answers in it, beside the fresh store, which ignores it."""
        orphan = self._orphan_wal()
        if orphan is not None:
            os.replace(orphan, self.path.with_name(self.path.name + "-wal"))
        self._rescued = recover_rows(self.path)
        target = _aside_name(self.path)
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.rename(side, target.with_name(target.name + suffix))
        os.rename(self.path, target)
        self.moved_to = target
        self._move_error = error

    def _orphan_wal(self) -> Path | None:
        """The newest `-wal` moved aside without its file (a crash between the renames), when the live file has
        none of its own: it belongs to the damaged file still under the live name."""
        live_wal = self.path.with_name(self.path.name + "-wal")
        if live_wal.exists() and live_wal.stat().st_size > 0:  # an empty one: made by the read-only probe
            return None
        orphans = [
            wal
            for wal in self.path.parent.glob(glob.escape(self.path.name) + ".corrupt-*-wal")
            if not wal.with_name(wal.name.removesuffix("-wal")).exists()
        ]
        return max(orphans, key=lambda wal: wal.stat().st_mtime) if orphans else None

    def _restore(self, conn: sqlite3.Connection) -> None:
        """Copy the rows read back from the damaged file into the fresh store, and say how many."""
        found = self._rescued
        with _transaction(conn):
            for rowid, values in sorted(found.attempts.items()):
                conn.execute(
                    "INSERT OR IGNORE INTO attempts (id, learner, bank, question, answer, correct, points,"
                    " max_points, bank_hash, session, at, graded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rowid, *values[1:]),
                )
            for values in found.sessions.values():
                conn.execute("INSERT OR IGNORE INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)", values)
            for values in found.settings.values():
                conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", values)
        self.recovered = found.rows
        assert self.moved_to is not None
        saved = (
            f"{len(found.attempts)} answers, {len(found.sessions)} finished sittings and "
            f"{len(found.settings)} settings were recovered from it"
            if found.rows
            else "nothing in it could be recovered"
        )
        warnings.warn(
            f"The progress file {self.path} could not be read ({self._move_error}); it was moved to "
            f"{self.moved_to.name} (kept, never deleted), {saved}, and the course goes on in a fresh file.",
            RuntimeWarning,
            stacklevel=4,
        )

    # -- running statements ---------------------------------------------------------------------------
    def _run(self, work: Callable[[sqlite3.Connection], _T], *, write: bool = False) -> _T:
        """Run `work` on the connection; a write holds the shared lock and follows a store moved aside."""
        with self._lock:
            try:
                if not write:
                    return work(self._conn)
                if self.read_only:
                    raise ProgressError(f"{self.path} was opened read-only")
                for _ in range(3):
                    if _identity(self.path) != self._identity:  # moved aside (or removed) by another process
                        self._reopen()
                    with store_lock(self.path, exclusive=False, timeout=LOCK_TIMEOUT_S):
                        if _identity(self.path) != self._identity:
                            continue
                        return work(self._conn)
                raise ProgressError(f"{self.path} keeps being replaced by another program; {NOT_SAVING}")
            except ProgressError:
                raise
            except (sqlite3.Error, OSError) as exc:
                raise ProgressError(_explain(exc, self.path)) from exc

    def _reopen(self) -> None:
        self._conn.close()
        self._conn = self._open_for_writing()
        self._identity = _identity(self.path)
        self._graded = "graded"

    # -- attempts -------------------------------------------------------------------------------------
    def record(self, attempt: Attempt) -> None:
        """Save one attempt; it is committed before this returns."""
        _check_attempt(attempt)
        at = format_time(attempt.at or utc_now())
        row = (
            attempt.learner,
            attempt.bank,
            attempt.question,
            _answer_json(attempt.answer),
            int(bool(attempt.correct)),
            float(attempt.points),
            float(attempt.max_points),
            attempt.bank_hash,
            attempt.session,
            at,
            int(bool(attempt.graded)),
        )
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO attempts (learner, bank, question, answer, correct, points, max_points,"
                " bank_hash, session, at, graded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            ),
            write=True,
        )

    def record_many(self, attempts: list[Attempt]) -> None:
        """Save several attempts in one transaction (imports and benchmarks)."""
        for attempt in attempts:
            _check_attempt(attempt)
        rows = [
            (
                a.learner,
                a.bank,
                a.question,
                _answer_json(a.answer),
                int(bool(a.correct)),
                float(a.points),
                float(a.max_points),
                a.bank_hash,
                a.session,
                format_time(a.at or utc_now()),
                int(bool(a.graded)),
            )
            for a in attempts
        ]

        def insert(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.executemany(
                    "INSERT INTO attempts (learner, bank, question, answer, correct, points, max_points,"
                    " bank_hash, session, at, graded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )

        self._run(insert, write=True)

    def attempts(self, learner: str | None = None, bank: str | None = None) -> list[Attempt]:
        """Return attempts, oldest first, optionally for one learner and/or one bank."""
        where, params = [], []
        if learner is not None:
            where.append("learner = ?")
            params.append(learner)
        if bank is not None:
            where.append("bank = ?")
            params.append(bank)
        sql = (
            "SELECT learner, bank, question, answer, correct, points, max_points, bank_hash, session, at,"
            f" {self._graded} FROM attempts" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY at, id"
        )
        rows = self._run(lambda conn: conn.execute(sql, params).fetchall())
        return [
            Attempt(
                r[0], r[1], r[2], json.loads(r[3]), bool(r[4]), r[5], r[6], r[7], r[8], parse_time(r[9]), bool(r[10])
            )
            for r in rows
        ]

    def count(self, learner: str | None = None) -> int:
        """Return how many attempts are stored (for one learner, or all)."""
        if learner is None:
            return self._run(lambda conn: conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0])
        return self._run(
            lambda conn: conn.execute("SELECT COUNT(*) FROM attempts WHERE learner = ?", (learner,)).fetchone()[0]
        )

    def learners(self) -> list[str]:
        """Return every learner with an attempt or a finished sitting, sorted."""
        rows = self._run(
            lambda conn: conn.execute(
                "SELECT DISTINCT learner FROM attempts UNION SELECT DISTINCT learner FROM sessions ORDER BY 1"
            ).fetchall()
        )
        return [r[0] for r in rows]

    def latest_results(self, learner: str) -> list[LatestResult]:
        """Return the most recent graded attempt per (bank, question) for a learner, computed in SQL (answers
        recorded but not graded are left out)."""
        sql = _LATEST_SQL.format(graded="b.graded" if self._graded == "graded" else "1")
        rows = self._run(lambda conn: conn.execute(sql, (learner,)).fetchall())
        return [LatestResult(bank, question, bool(correct), parse_time(at)) for bank, question, correct, at in rows]

    # -- quiz sittings --------------------------------------------------------------------------------
    def finish_session(
        self, learner: str, bank: str, session: str, score: float, max_score: float, passed: bool
    ) -> None:
        """Record a finished quiz sitting; finishing the same sitting twice counts once."""
        row = (learner, bank, session, float(score), float(max_score), int(bool(passed)), format_time(utc_now()))
        self._run(
            lambda conn: conn.execute(
                "INSERT OR IGNORE INTO sessions (learner, bank, session, score, max_score, passed,"
                " finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            ),
            write=True,
        )

    def finished_sessions(self, learner: str, bank: str) -> int:
        """Return how many sittings of a bank the learner has finished."""
        return self._run(
            lambda conn: conn.execute(
                "SELECT COUNT(*) FROM sessions WHERE learner = ? AND bank = ?", (learner, bank)
            ).fetchone()[0]
        )

    def sessions(self, learner: str) -> list[FinishedSession]:
        """Return every finished sitting of a learner, oldest first."""
        rows = self._run(
            lambda conn: conn.execute(
                "SELECT learner, bank, session, score, max_score, passed, finished_at FROM sessions"
                " WHERE learner = ? ORDER BY finished_at, rowid",
                (learner,),
            ).fetchall()
        )
        return [FinishedSession(r[0], r[1], r[2], r[3], r[4], bool(r[5]), parse_time(r[6])) for r in rows]

    # -- settings -------------------------------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        """Return a stored setting, or None."""
        row = self._run(lambda conn: conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone())
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (committed before this returns)."""
        self._run(
            lambda conn: conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            ),
            write=True,
        )

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a new or older store to `STORE_VERSION` in one transaction (the caller holds the exclusive lock).

    A new file gets every table; a version 1 file gets `attempts.graded` (its rows read as graded). Every step
    and the new version number commit together, so a process killed, a full disk or a lock held elsewhere
    leaves the file as it was, every row kept, and the next open migrates it again.
    """
    with _transaction(conn):
        had_attempts = "attempts" in {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if had_attempts and "graded" not in _columns(conn, "attempts"):
            conn.execute(_ADD_GRADED)
        for statement in _statements(_SCHEMA):
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {STORE_VERSION}")


def _retry_busy(step: Callable[[], Any], attempts: int = 50) -> Any:
    """Run a step SQLite's busy timeout does not cover (`PRAGMA journal_mode`), retrying while locked."""
    for _ in range(attempts - 1):
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            time.sleep(0.1)
    return step()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


_shared: tuple[Path, int, ProgressStore] | None = None
_shared_lock = threading.Lock()
_failed: tuple[Path, int, float, str] | None = None
"""The last open that failed after waiting: (path, pid, when, message)."""


def open_store() -> ProgressStore:
    """Return this process's shared store for `default_path()`, reopened if that path changes."""
    global _shared, _failed
    path = default_path()
    with _shared_lock:
        if _shared is not None:
            old_path, pid, store = _shared
            if old_path == path and pid == os.getpid():
                return store
            if pid == os.getpid():
                store.close()
            _shared = None
        if _failed is not None and _failed[:2] == (path, os.getpid()) and time.monotonic() - _failed[2] < RETRY_AFTER_S:
            raise ProgressError(_failed[3])
        began = time.monotonic()
        try:
            store = ProgressStore(path)
        except ProgressError as exc:
            if time.monotonic() - began >= 1.0:  # it waited: do not make the next call wait again
                _failed = (path, os.getpid(), time.monotonic(), str(exc))
            raise
        _failed = None
        _shared = (path, os.getpid(), store)
        return store
