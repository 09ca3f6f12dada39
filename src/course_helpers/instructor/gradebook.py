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
- `responses`    one row per regraded answer: the raw answer, the canonical choice, the regraded score,
                 and `exam` = 1 when it was given in a finished exam sitting
- `problems`     one row per problem found while collecting, with its reason

Scoring policy (`policy=` in `learner_totals` and `responses_frame`):

- `"latest"` (default): a question counts with the learner's most recent answer to it;
  `"best"`: with their best-scoring answer (ties: the most recent); `"first"`: with their first answer
  (what a practice bank measured before any retry).
- A practice bank's score is the sum over its questions of the counted answer (unanswered = 0), out of
  the bank's points. Answers given inside an exam sitting do not count toward the lesson banks.
- An exam (a bank with `mode: exam`, or one that draws its questions) counts by its *finished* sittings
  only: a sitting's score is the sum of the answers recorded in it. `"latest"` takes the last finished
  sitting, `"best"` the best one, `"first"` the first; only the first `attempts_allowed` sittings count.
  An answer to one of an exam's own questions given outside a finished sitting of an exam (an answer sent
  outside any sitting, a sitting whose finish was never recorded) counts nowhere: never
  toward the exam, never as practice (`_counts`). A learner with no finished sitting has no exam score
  (`attempted` False: blank in every export), never 0 and never a partial score.
- `passed` is `percent >= pass_mark` of the bank (the bank's own `pass_mark`, 70 by default).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from course_helpers.errors import CourseInputError

FORMAT = "inpatient-coder-course/gradebook"
SCHEMA_VERSION = 1
POLICIES = ("latest", "best", "first")
"""The scoring policies, defined once for every command and view: which answer to a question counts."""
Policy = Literal["latest", "best", "first"]
DEFAULT_POLICY: Policy = "latest"
"""Which answer counts toward a grade unless asked otherwise."""
ITEM_POLICY: Policy = "first"
"""Which answer the item analysis reads unless asked otherwise: the first, before any retry of a practice
question (the latest would measure how often learners retried as much as the question)."""


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
TOTAL_COLUMNS = ["learner", "bank", "score", "max_score", "percent", "passed", "pass_mark", "attempted"]

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
    exam INTEGER NOT NULL DEFAULT 0,
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
"""

_EXAM_ITEMS = "SELECT i.id FROM items i JOIN banks b ON b.id = i.bank_id WHERE b.mode = 'exam'"


def _counts(alias: str = "") -> str:
    """The one rule for which responses count at all: an answer to an exam's own question counts only when it
    was given in a finished exam sitting (`exam` = 1). SQL over `responses` (as `alias`, if given)."""
    col = f"{alias}." if alias else ""
    return f"({col}exam = 1 OR {col}item_id NOT IN ({_EXAM_ITEMS}))"


PACK_LEARNER_BITS = 40  # `packed_responses`: learner ids below 2**40, item ids below 2**16
PACK_ITEM_BITS = 16
PACK_SCALE = 1_000_000_000  # scores travel as integers in billionths of a point
_PACK = """
    SELECT group_concat(((learner_id << 20) | (item_id << 2) | (exam << 1) | correct) || ','
                        || CAST(round(score * 1000000000) AS INTEGER))
    FROM responses WHERE id BETWEEN ? AND ? AND {counts}
"""


class GradebookError(CourseInputError):
    """A gradebook file that cannot be used; the message says which and why."""


def connect(path: Path | str) -> sqlite3.Connection:
    """Open an existing gradebook for reading; refuses a file that is not one."""
    source = Path(path)
    if not source.is_file():
        raise GradebookError(f"{source}: no gradebook here (write one with `course-helpers grade ... -o {source}`)")
    conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)  # as_uri escapes '?' and '#'
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
    """One row per learner and question: the response the policy counts (its id and score).

    SQLite returns the other columns of a `MAX()` aggregate from the row holding the maximum, which makes
    this a single grouped pass over the (learner_id, item_id) index. Ties on time are broken by the later
    row (`id`), and `best` ties on score by the later answer.
    """
    if policy == "latest":
        pick = "MAX(submitted_at || printf('%012d', id))"
    elif policy == "first":
        pick = "MIN(submitted_at || printf('%012d', id))"
    else:
        pick = "MAX(printf('%020.6f', score) || submitted_at || printf('%012d', id))"
    counted = f"{where} AND {_counts()}" if where else f"WHERE {_counts()}"
    return f"""
        SELECT id, learner_id, item_id, score, {pick} AS pick_
        FROM responses {counted} GROUP BY learner_id, item_id
    """


def responses_frame(path: Path | str, policy: str = "all") -> pd.DataFrame:
    """Regraded responses as a DataFrame with the columns in `RESPONSE_COLUMNS`.

    `policy="all"` (default) gives every regraded answer that counts (`_counts`: an answer to an exam's own
    question outside a finished sitting is left out), oldest first per learner; `"latest"` or `"best"`
    gives one row per learner and question: the answer that policy counts (exam sittings included).
    `answer` is the raw answer as the learner gave it, as JSON text (`json.loads` it); `choice` is the chosen
    option's text for single choice (canonical spelling), a JSON list for multiple select, else None;
    `lms_id` is None unless the file came with an LMS name.
    `submitted_at` is when the learner answered (UTC, ISO 8601 text).
    """
    if policy != "all":
        _check_policy(policy)
        source = f"({_counted_sql(policy)}) c JOIN responses r ON r.id = c.id"
    else:
        source = f"responses r WHERE {_counts('r')}"
    # names come from the small tables by position (numpy take), not by a join per row: about 25% faster
    sql = f"""
        SELECT r.learner_id, r.item_id, r.answer, r.choice, r.score, r.correct, r.submitted_at
        FROM {source} ORDER BY r.learner_id, r.submitted_at, r.id
    """
    with closing(connect(path)) as conn:
        rows = pd.read_sql_query(sql, conn)
        learners = pd.read_sql_query("SELECT id, learner, lms_id FROM learners", conn).set_index("id")
        items = pd.read_sql_query(
            "SELECT i.id, b.bank, i.question, i.max_points FROM items i JOIN banks b ON b.id = i.bank_id", conn
        ).set_index("id")
    who = learners.reindex(rows["learner_id"].to_numpy())
    what = items.reindex(rows["item_id"].to_numpy())
    frame = pd.DataFrame(
        {
            "learner": who["learner"].to_numpy(),
            "lms_id": who["lms_id"].to_numpy(),
            "bank": what["bank"].to_numpy(),
            "question": what["question"].to_numpy(),
            "answer": rows["answer"].to_numpy(),
            "choice": rows["choice"].to_numpy(),
            "score": rows["score"].to_numpy(dtype=float),
            "max_points": what["max_points"].to_numpy(dtype=float),
            "correct": rows["correct"].to_numpy(dtype=bool),
            "submitted_at": rows["submitted_at"].to_numpy(),
        }
    )
    return frame[RESPONSE_COLUMNS]


def _practice_totals(conn: sqlite3.Connection, policy: str) -> pd.DataFrame:
    """learner_id, bank_id, score for practice banks (answers given in exam sittings left out, and no exam's
    own questions: an exam is scored only by its finished sittings, `_exam_totals`)."""
    sql = f"""
        SELECT c.learner_id, i.bank_id, SUM(c.score) AS score
        FROM ({_counted_sql(policy, "WHERE exam = 0")}) c JOIN items i ON i.id = c.item_id
        JOIN banks b ON b.id = i.bank_id AND b.mode != 'exam'
        GROUP BY c.learner_id, i.bank_id
    """
    return pd.read_sql_query(sql, conn)


def _exam_totals(conn: sqlite3.Connection, policy: str) -> pd.DataFrame:
    """learner_id, bank_id, score for exams: the counted finished sitting of each learner."""
    sql = """
        WITH sums AS (
            SELECT submission_id, session, SUM(score) AS score FROM responses WHERE exam = 1
            GROUP BY submission_id, session
        )
        SELECT sub.learner_id, s.bank_id, s.id, s.finished_at, b.attempts_allowed, COALESCE(sums.score, 0) AS score
        FROM sittings s
        JOIN banks b ON b.id = s.bank_id AND b.mode = 'exam'
        JOIN submissions sub ON sub.id = s.submission_id
        LEFT JOIN sums ON sums.submission_id = s.submission_id AND sums.session = s.session
    """
    sittings = pd.read_sql_query(sql, conn)
    if sittings.empty:
        return sittings[["learner_id", "bank_id", "score"]]
    sittings = sittings.sort_values(["learner_id", "bank_id", "finished_at", "id"], kind="stable")
    sittings["n"] = sittings.groupby(["learner_id", "bank_id"]).cumcount() + 1
    allowed = sittings["attempts_allowed"].isna() | (sittings["n"] <= sittings["attempts_allowed"])
    sittings = sittings[allowed]
    if policy == "best":
        sittings = sittings.sort_values(["score", "finished_at", "id"], kind="stable")
    grouped = sittings.groupby(["learner_id", "bank_id"], as_index=False)
    counted = grouped.first() if policy == "first" else grouped.last()
    return counted[["learner_id", "bank_id", "score"]]


def learner_totals(path: Path | str, policy: str = "latest") -> pd.DataFrame:
    """Each learner's score in each bank under the scoring policy (see the module docstring).

    Columns: learner, bank, score, max_score, percent (0-100), passed, pass_mark (the bank's, in percent),
    attempted (False when the learner never answered the bank, or never finished a sitting of the exam).
    One row per learner and bank, including banks a learner never opened (score 0, attempted False: an LMS
    export leaves those cells blank, never 0).
    """
    _check_policy(policy)
    with closing(connect(path)) as conn:
        banks = pd.read_sql_query("SELECT id AS bank_id, bank, max_score, pass_mark, position FROM banks", conn)
        learners = pd.read_sql_query("SELECT id AS learner_id, learner FROM learners", conn)
        scores = pd.concat([_practice_totals(conn, policy), _exam_totals(conn, policy)], ignore_index=True)
    grid = learners.merge(banks, how="cross")
    frame = grid.merge(scores, on=["learner_id", "bank_id"], how="left")
    frame["attempted"] = frame["score"].notna()
    frame["score"] = frame["score"].fillna(0.0).astype(float).round(6)
    frame["max_score"] = frame["max_score"].astype(float)
    frame["percent"] = (100 * frame["score"] / frame["max_score"].where(frame["max_score"] > 0)).fillna(0.0).round(4)
    frame["pass_mark"] = frame["pass_mark"].astype(float)
    frame["passed"] = frame["percent"] >= frame["pass_mark"]
    frame = frame.sort_values(["learner", "position"], kind="stable").reset_index(drop=True)
    return frame[TOTAL_COLUMNS]


def sittings_frame(path: Path | str) -> pd.DataFrame:
    """Finished exam sittings per learner and exam bank: learner, bank, sittings (distinct sessions handed in)."""
    with closing(connect(path)) as conn:
        return pd.read_sql_query(
            """SELECT l.learner, b.bank, COUNT(DISTINCT s.session) AS sittings
               FROM sittings s JOIN submissions sub ON sub.id = s.submission_id
               JOIN learners l ON l.id = sub.learner_id JOIN banks b ON b.id = s.bank_id AND b.mode = 'exam'
               GROUP BY l.learner, b.bank""",
            conn,
        )


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


# --------------------------------------------------------------------------- the one owner


def exam_responses(path: Path | str) -> pd.DataFrame:
    """Answers given inside finished exam sittings, with `bank` set to the exam (not the question's lesson).

    `responses_frame` files every answer under the bank its question comes from; analysing the exam as one
    test needs only the answers given inside its finished sittings.
    """
    sql = """
        SELECT l.learner, l.lms_id, b.bank, i.question, r.answer, r.choice, r.score, i.max_points,
               r.correct, r.submitted_at
        FROM responses r
        JOIN sittings s ON s.submission_id = r.submission_id AND s.session = r.session
        JOIN banks b ON b.id = s.bank_id AND b.mode = 'exam'
        JOIN learners l ON l.id = r.learner_id
        JOIN items i ON i.id = r.item_id
        ORDER BY l.learner, r.submitted_at, r.id
    """
    with closing(connect(path)) as conn:
        frame = pd.read_sql_query(sql, conn)
    frame["correct"] = frame["correct"].astype(bool)
    return frame


def learners_frame(path: Path | str) -> pd.DataFrame:
    """Every learner: learner (the gradebook's name) and lms_id (the LMS's id for them, or None)."""
    with closing(connect(path)) as conn:
        return pd.read_sql_query("SELECT learner, lms_id FROM learners ORDER BY learner", conn)


class Gradebook:
    """A class's gradebook file: its schema, its writes and its queries in one place (as nbgrader's
    `api.Gradebook`). Every other module reads and writes the gradebook through this class (or the
    module functions it wraps); none holds SQL of its own against these tables.

    `Gradebook(path)` reads an existing file; `Gradebook.create(path, meta)` starts a new one and returns
    a `GradebookWriter`.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        connect(self.path).close()  # a one-line GradebookError now, not at the first query

    @staticmethod
    def create(path: Path | str, meta: dict[str, str]) -> GradebookWriter:
        """A new, empty gradebook at `path` (the caller has checked it may be written), open for writing."""
        return GradebookWriter(create(path, meta))

    def learner_totals(self, policy: str = DEFAULT_POLICY) -> pd.DataFrame:
        """Each learner's score in each bank under the scoring policy (`learner_totals`)."""
        return learner_totals(self.path, policy)

    def responses(self, policy: str = "all") -> pd.DataFrame:
        """Regraded responses: every one, or the one the policy counts per learner and question."""
        return responses_frame(self.path, policy)

    def exam_responses(self) -> pd.DataFrame:
        """Answers given in finished exam sittings, filed under the exam."""
        return exam_responses(self.path)

    def learners(self) -> pd.DataFrame:
        """learner, lms_id."""
        return learners_frame(self.path)

    def banks(self) -> pd.DataFrame:
        """Every bank of the key."""
        return banks_frame(self.path)

    def items(self) -> pd.DataFrame:
        """Every question of the key."""
        return items_frame(self.path)

    def problems(self) -> pd.DataFrame:
        """Every problem found while collecting."""
        return problems_frame(self.path)

    def meta(self) -> dict[str, str]:
        """The meta table."""
        return meta(self.path)


    # -- reads by row id, for the matrix path (`gradebook_arrays` turns these rows into numpy arrays) --------

    def bank_rows(self) -> pd.DataFrame:
        """Every bank by its row id: bank, mode (indexed by id)."""
        with closing(connect(self.path)) as conn:
            return pd.read_sql_query("SELECT id, bank, mode FROM banks", conn).set_index("id")

    def item_rows(self) -> pd.DataFrame:
        """Every question by its row id: bank_id, question, max_points (indexed by id)."""
        with closing(connect(self.path)) as conn:
            return pd.read_sql_query("SELECT id, bank_id, question, max_points FROM items", conn).set_index("id")

    def learner_names(self) -> pd.Series:
        """Every learner's name by row id."""
        with closing(connect(self.path)) as conn:
            return pd.read_sql_query("SELECT id, learner FROM learners", conn).set_index("id")["learner"]

    def ids_fit_packing(self) -> bool:
        """Whether every learner id fits in PACK_LEARNER_BITS and every item id in PACK_ITEM_BITS."""
        with closing(connect(self.path)) as conn:
            too_many = conn.execute(
                "SELECT (SELECT MAX(id) FROM learners) >= (1 << ?) OR (SELECT MAX(id) FROM items) >= (1 << ?)",
                (PACK_LEARNER_BITS, PACK_ITEM_BITS),
            ).fetchone()[0]
        return not too_many

    def packed_responses(self, chunk: int = 1_000_000) -> Iterator[str]:
        """Every response packed by SQLite as text, `chunk` rows (by row id) per string, in row order.

        Each response is two comma-separated integers: `learner_id << 20 | item_id << 2 | exam << 1 | correct`
        and its score in billionths of a point (`PACK_SCALE`); strings join with commas. Call
        `ids_fit_packing` first. Parsing text at C speed (numpy) is what makes a million rows cheap.
        """
        with closing(connect(self.path)) as conn:
            first, last = conn.execute("SELECT MIN(id), MAX(id) FROM responses").fetchone()
            if first is None:
                return
            for low in range(first, last + 1, chunk):
                text = conn.execute(_PACK.format(counts=_counts()), (low, low + chunk - 1)).fetchone()[0]
                if text:
                    yield text

    def choice_counts(self) -> pd.DataFrame:
        """Responses with a choice, counted by SQLite: item_id, exam, choice, n, correct (any graded correct)."""
        with closing(connect(self.path)) as conn:
            return pd.read_sql_query(
                "SELECT item_id, exam, choice, COUNT(*) AS n, MAX(correct) AS correct FROM responses "
                f"WHERE choice IS NOT NULL AND {_counts()} GROUP BY item_id, exam, choice",
                conn,
            )

    def responses_of(self, pairs: Iterable[tuple[int, int]]) -> pd.DataFrame:
        """Every response of these (learner_id, item_id) pairs: id, learner_id, item_id, exam, score,
        submitted_at, choice (in no set order)."""
        with closing(connect(self.path)) as conn:
            conn.execute("CREATE TEMP TABLE wanted_pairs (learner_id INTEGER, item_id INTEGER)")
            conn.executemany("INSERT INTO wanted_pairs VALUES (?, ?)", pairs)
            return pd.read_sql_query(
                "SELECT r.id, r.learner_id, r.item_id, r.exam, r.score, r.submitted_at, r.choice FROM wanted_pairs p "
                f"JOIN responses r ON r.learner_id = p.learner_id AND r.item_id = p.item_id WHERE {_counts('r')}",
                conn,
            )


class GradebookWriter:
    """Writes one new gradebook, start to finish (the grader's only way to write one)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Bulk insert into one table (the key's banks, items and paper; the problems)."""
        insert_many(self.conn, table, columns, rows)

    def add_learner(self, learner_id: int, learner: str, lms_id: str | None) -> None:
        """A learner, with the LMS's id for them when the file came from an LMS download."""
        self.conn.execute("INSERT INTO learners VALUES (?, ?, ?)", (learner_id, learner, lms_id))

    def set_lms_id(self, learner_id: int, lms_id: str) -> None:
        """Record the LMS's id of a learner already written."""
        self.conn.execute("UPDATE learners SET lms_id = ? WHERE id = ?", (lms_id, learner_id))

    def add_submission(self, submission_id: int, learner_id: int, source: str, sha256: str, exported_at: str,
                       received_at: str, package_version: str) -> None:
        """The submission kept for a learner (source file, its hash, the platform's receive time)."""
        self.conn.execute(
            "INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?)",
            (submission_id, learner_id, source, sha256, exported_at, received_at, package_version),
        )

    def add_responses(self, submission_id: int, learner_id: int, rows: Iterable[Sequence[Any]]) -> None:
        """Regraded answers: (item_id, answer, choice, score, correct, session, exam, submitted_at, known_version).

        The two ids are the writer's own integers, written into the statement: binding them on every row and
        rebuilding two million tuples cost more (about 15% of the write).
        """
        self.conn.executemany(
            "INSERT INTO responses (submission_id, learner_id, item_id, answer, choice, score, correct, session, "
            f"exam, submitted_at, known_version) VALUES ({int(submission_id)}, {int(learner_id)}, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def add_sittings(self, submission_id: int, rows: Iterable[Sequence[Any]]) -> None:
        """Finished sittings: (bank_id, session, finished_at)."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO sittings (submission_id, bank_id, session, finished_at) VALUES (?, ?, ?, ?)",
            [(submission_id, *row) for row in rows],
        )

    def drop_submission(self, submission_id: int) -> None:
        """Remove a submission and everything graded from it (a newer file of the same learner replaces it)."""
        for table in ("responses", "sittings"):
            self.conn.execute(f"DELETE FROM {table} WHERE submission_id = ?", (submission_id,))
        self.conn.execute("DELETE FROM submissions WHERE id = ?", (submission_id,))

    def count_responses(self) -> int:
        """How many responses are written so far."""
        return int(self.conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def finish(self) -> None:
        """Build the indexes and commit."""
        finish(self.conn)

    def close(self) -> None:
        """Close the file (after `finish`, or to abandon it)."""
        self.conn.close()
