"""The gradebook: one SQLite file per class, written by `course-helpers grade`, read by everything else.

Why plain `sqlite3` and not SQLAlchemy: the standard library is enough for six fixed tables and a
handful of queries, `executemany` inside one transaction writes two million responses in seconds, and
pandas reads a `sqlite3` connection directly. No extra dependency ships to the instructor's machine.

Tables (totals are never stored: they are computed from responses under a scoring policy, as nbgrader's
gradebook computes them):

- `meta`         key/value: format, schema_version, the key file's hash, when it was written
- `learners`     learner id (as in the submission file) and an optional LMS id (the file name the LMS gave)
- `banks`        every bank of the key: title, mode, graded, pass mark, points available
- `items`        every question of every bank with its points; `paper` lists a drawn exam's questions
- `submissions`  the kept submission per learner: source file, SHA-256, exported_at, received_at
                 (the collector's clock, not the learner's)
- `sittings`     finished quiz sittings (how exam attempts are counted)
- `responses`    one row per regraded answer: the raw answer, the canonical choice, the regraded score
- `problems`     one row per problem found while collecting, with its reason

Scoring policy (`policy=` in `learner_totals` and `responses_frame`):

- `"latest"` (default): a question counts with the learner's most recent answer to it;
  `"best"`: with their best-scoring answer (ties: the most recent).
- A practice bank's score is the sum over its questions of the counted answer (unanswered = 0), out of
  the bank's points. Answers given inside an exam sitting do not count toward the lesson banks.
- An exam (a bank with `mode: exam`, or one that draws its questions) counts by its *finished* sittings
  only: a sitting's score is the sum of the answers recorded in it. `"latest"` takes the last finished
  sitting, `"best"` the best one; only the first `attempts_allowed` sittings count.
- `passed` is `percent >= pass_mark` of the bank (the bank's own `pass_mark`, 70 by default).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from course_helpers.errors import CourseInputError

FORMAT = "inpatient-coder-course/gradebook"
SCHEMA_VERSION = 1
POLICIES = ("latest", "best")
Policy = Literal["latest", "best"]

RESPONSE_COLUMNS = [
    "learner",
    "lms_id",
    "bank",
    "question",
    "answer",
    "choice",
    "score",
    "max_points",
    "correct",
    "submitted_at",
]
TOTAL_COLUMNS = ["learner", "bank", "score", "max_score", "percent", "passed"]

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE learners (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL UNIQUE,
    lms_id TEXT
);
CREATE TABLE banks (
    id INTEGER PRIMARY KEY,
    bank TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    mode TEXT NOT NULL,
    graded INTEGER NOT NULL,
    pass_mark REAL NOT NULL,
    attempts_allowed INTEGER,
    max_score REAL NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    bank_id INTEGER NOT NULL REFERENCES banks(id),
    question TEXT NOT NULL,
    type TEXT NOT NULL,
    max_points REAL NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (bank_id, question)
);
CREATE TABLE paper (
    bank_id INTEGER NOT NULL REFERENCES banks(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY (bank_id, item_id)
);
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    learner_id INTEGER NOT NULL UNIQUE REFERENCES learners(id),
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    package_version TEXT NOT NULL
);
CREATE TABLE sittings (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    bank_id INTEGER NOT NULL REFERENCES banks(id),
    session TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    UNIQUE (submission_id, session)
);
CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    learner_id INTEGER NOT NULL REFERENCES learners(id),
    item_id INTEGER NOT NULL REFERENCES items(id),
    answer TEXT NOT NULL,
    choice TEXT,
    score REAL NOT NULL,
    correct INTEGER NOT NULL,
    session TEXT,
    submitted_at TEXT NOT NULL,
    known_version INTEGER NOT NULL
);
CREATE TABLE problems (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    learner TEXT,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
);
"""

INDEXES = """
CREATE INDEX responses_by_item ON responses (learner_id, item_id);
CREATE INDEX responses_by_session ON responses (session);
"""


class GradebookError(CourseInputError):
    """A gradebook file that cannot be used; the message says which and why."""


def connect(path: Path | str) -> sqlite3.Connection:
    """Open an existing gradebook for reading; refuses a file that is not one."""
    source = Path(path)
    if not source.is_file():
        raise GradebookError(f"{source}: no gradebook here (write one with `course-helpers grade ... -o {source}`)")
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise GradebookError(f"{source}: is not a course gradebook ({exc})") from exc
    if row is None or row[0] != FORMAT:
        conn.close()
        raise GradebookError(f"{source}: is not a course gradebook (no format {FORMAT!r})")
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if version is None or int(version[0]) != SCHEMA_VERSION:
        conn.close()
        raise GradebookError(f"{source}: gradebook schema_version {version and version[0]!r} is not {SCHEMA_VERSION}")
    return conn


def create(path: Path | str, meta: dict[str, str]) -> sqlite3.Connection:
    """Create a new, empty gradebook at `path` (the caller has already checked it may be written)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = OFF")  # written once, start to finish, into a fresh file
    conn.execute("PRAGMA synchronous = OFF")
    conn.executescript(SCHEMA)
    rows = {"format": FORMAT, "schema_version": str(SCHEMA_VERSION), **meta}
    conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(rows.items()))
    return conn


def finish(conn: sqlite3.Connection) -> None:
    """Build the indexes and commit (indexes are built after the bulk insert: faster)."""
    conn.executescript(INDEXES)
    conn.commit()


# --------------------------------------------------------------------------- reading


def _check_policy(policy: str) -> None:
    if policy not in POLICIES:
        raise GradebookError(f"policy {policy!r} is not one of: {', '.join(POLICIES)}")


def _counted_sql(policy: str, where: str = "") -> str:
    """Responses ranked per learner and question; rank 1 is the one the policy counts."""
    order = "r.submitted_at DESC, r.id DESC" if policy == "latest" else "r.score DESC, r.submitted_at DESC, r.id DESC"
    return f"""
        SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.learner_id, r.item_id ORDER BY {order}) AS rank_
        FROM responses r {where}
    """


_NOT_IN_EXAM = """
    WHERE r.session IS NULL OR r.session NOT IN (
        SELECT s.session FROM sittings s JOIN banks b ON b.id = s.bank_id
        WHERE b.mode = 'exam' AND s.submission_id = r.submission_id)
"""


def responses_frame(path: Path | str, policy: str = "all") -> pd.DataFrame:
    """Regraded responses as a DataFrame with the columns in `RESPONSE_COLUMNS`.

    `policy="all"` (default) gives every regraded answer, oldest first per learner; `"latest"` or `"best"`
    gives one row per learner and question: the answer that policy counts (exam sittings included).
    `choice` is the chosen option's text for single choice, a JSON list for multiple select, else None.
    `submitted_at` is when the learner answered (UTC, ISO 8601 text).
    """
    if policy != "all":
        _check_policy(policy)
        source = f"(SELECT * FROM ({_counted_sql(policy)}) WHERE rank_ = 1) r"
    else:
        source = "responses r"
    sql = f"""
        SELECT l.learner, l.lms_id, b.bank, i.question, r.answer, r.choice, r.score, i.max_points,
               r.correct, r.submitted_at
        FROM {source}
        JOIN learners l ON l.id = r.learner_id
        JOIN items i ON i.id = r.item_id
        JOIN banks b ON b.id = i.bank_id
        ORDER BY l.learner, r.submitted_at, r.id
    """
    with closing(connect(path)) as conn:
        frame = pd.read_sql_query(sql, conn)
    frame["correct"] = frame["correct"].astype(bool)
    frame["score"] = frame["score"].astype(float)
    frame["max_points"] = frame["max_points"].astype(float)
    return frame[RESPONSE_COLUMNS]


def _practice_totals(conn: sqlite3.Connection, policy: str) -> pd.DataFrame:
    sql = f"""
        SELECT l.learner, b.bank, COALESCE(SUM(c.score), 0) AS score
        FROM learners l
        JOIN banks b ON b.mode != 'exam'
        LEFT JOIN (
            SELECT r.learner_id, i.bank_id, r.score
            FROM ({_counted_sql(policy, _NOT_IN_EXAM)}) r JOIN items i ON i.id = r.item_id
            WHERE r.rank_ = 1
        ) c ON c.learner_id = l.id AND c.bank_id = b.id
        GROUP BY l.id, b.id
    """
    return pd.read_sql_query(sql, conn)


def _exam_totals(conn: sqlite3.Connection, policy: str) -> pd.DataFrame:
    order = "s.finished_at DESC, s.id DESC" if policy == "latest" else "score DESC, s.finished_at DESC, s.id DESC"
    sql = f"""
        WITH numbered AS (
            SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.submission_id, s.bank_id
                                           ORDER BY s.finished_at, s.id) AS n
            FROM sittings s
        ), scored AS (
            SELECT s.id, s.submission_id, s.bank_id, s.finished_at,
                   (SELECT COALESCE(SUM(r.score), 0) FROM responses r
                    WHERE r.submission_id = s.submission_id AND r.session = s.session) AS score
            FROM numbered s JOIN banks b ON b.id = s.bank_id
            WHERE b.mode = 'exam' AND (b.attempts_allowed IS NULL OR s.n <= b.attempts_allowed)
        ), ranked AS (
            SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.submission_id, s.bank_id ORDER BY {order}) AS rank_
            FROM scored s
        )
        SELECT l.learner, b.bank, COALESCE(k.score, 0) AS score
        FROM learners l
        JOIN banks b ON b.mode = 'exam'
        LEFT JOIN submissions sub ON sub.learner_id = l.id
        LEFT JOIN ranked k ON k.submission_id = sub.id AND k.bank_id = b.id AND k.rank_ = 1
    """
    return pd.read_sql_query(sql, conn)


def learner_totals(path: Path | str, policy: str = "latest") -> pd.DataFrame:
    """Each learner's score in each bank under the scoring policy (see the module docstring).

    Columns: learner, bank, score, max_score, percent (0-100), passed. One row per learner and bank,
    including banks a learner never opened (score 0).
    """
    _check_policy(policy)
    with closing(connect(path)) as conn:
        banks = pd.read_sql_query("SELECT bank, max_score, pass_mark, position FROM banks", conn)
        frame = pd.concat([_practice_totals(conn, policy), _exam_totals(conn, policy)], ignore_index=True)
    frame = frame.merge(banks, on="bank", how="left")
    frame["score"] = frame["score"].astype(float).round(6)
    frame["max_score"] = frame["max_score"].astype(float)
    frame["percent"] = (100 * frame["score"] / frame["max_score"].where(frame["max_score"] > 0)).fillna(0.0).round(4)
    frame["passed"] = frame["percent"] >= frame["pass_mark"]
    frame = frame.sort_values(["learner", "position"], kind="stable").reset_index(drop=True)
    return frame[TOTAL_COLUMNS]


def problems_frame(path: Path | str) -> pd.DataFrame:
    """Every problem found while collecting: source, learner, kind, message."""
    with closing(connect(path)) as conn:
        return pd.read_sql_query("SELECT source, learner, kind, message FROM problems ORDER BY id", conn)


def items_frame(path: Path | str) -> pd.DataFrame:
    """Every question in the key: bank, question, type, max_points (in bank order)."""
    with closing(connect(path)) as conn:
        return pd.read_sql_query(
            """SELECT b.bank, i.question, i.type, i.max_points FROM items i JOIN banks b ON b.id = i.bank_id
               ORDER BY b.position, i.position""",
            conn,
        )


def banks_frame(path: Path | str) -> pd.DataFrame:
    """Every bank in the key: bank, title, mode, graded, pass_mark, attempts_allowed, max_score."""
    with closing(connect(path)) as conn:
        frame = pd.read_sql_query(
            "SELECT bank, title, mode, graded, pass_mark, attempts_allowed, max_score FROM banks ORDER BY position",
            conn,
        )
    frame["graded"] = frame["graded"].astype(bool)
    return frame


def meta(path: Path | str) -> dict[str, str]:
    """The gradebook's meta table as a dict."""
    with closing(connect(path)) as conn:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def insert_many(conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Bulk insert (the writer's one entry point, so column lists are spelled once)."""
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
