"""Grades out of the gradebook and into an LMS: Canvas and Moodle import files, and plain CSV.

A model (no widgets): functions take the gradebook's frames (`learner_totals`, `responses_frame`) and
return tables; `export_gradebook` is the thin path-taking wrapper the command calls. Files are written
with Python's `csv` module, so a name holding a comma, a quote or a line break survives the round trip.

Canvas (gradebook import): `Student,ID,SIS User ID,SIS Login ID,Section,<Title> (<assignment id>)...`,
optionally a second row starting `Points Possible`. Learners are matched to the roster (the CSV the
instructor exports from Canvas's gradebook) by SIS Login ID, exactly; a learner not in the roster is
listed and left out, never guessed. A column whose title has no `(id)` makes Canvas create a new
assignment, so the export warns about each one.

Moodle (grade import): one identifier column (email address, username or ID number, chosen by the
instructor) and one `<Title> (Real)` column per bank.

Plain CSV: one row per learner (score, maximum, percent and pass/fail per bank, then totals) and a long
file with one row per counted answer.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from course_helpers.errors import CourseInputError

Target = Literal["canvas", "moodle", "csv"]
TARGETS: tuple[str, ...] = ("canvas", "moodle", "csv")
CANVAS_FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDENTIFIERS: dict[str, str] = {"email": "Email address", "username": "Username", "idnumber": "ID number"}
_CANVAS_COLUMN = re.compile(r"^(?P<title>.*\S)\s*\((?P<id>\d+)\)$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(CourseInputError):
    """An export that cannot be written as asked (bad roster, file exists, unknown option)."""


@dataclass(frozen=True)
class RosterEntry:
    """One student row of a Canvas gradebook export."""

    student: str
    canvas_id: str
    sis_user_id: str
    sis_login_id: str
    section: str


@dataclass(frozen=True)
class CanvasRoster:
    """The students of a Canvas course and the assignment columns (title -> Canvas id) of its export."""

    entries: tuple[RosterEntry, ...]
    assignments: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """A header, rows, and what the instructor must know before importing them."""

    header: list[str]
    rows: list[list[Any]]
    unknown: list[str] = field(default_factory=list)
    """Gradebook learners left out because the LMS roster does not know them (with the reason)."""
    warnings: list[str] = field(default_factory=list)


@dataclass
class ExportResult:
    """What `export_gradebook` wrote."""

    files: list[Path]
    learners: int
    unknown: list[str]
    warnings: list[str]


# --------------------------------------------------------------------------- rosters


def read_canvas_roster(path: Path | str) -> CanvasRoster:
    """Read the CSV Canvas gives from Gradebook > Export: students, and assignment ids from the header."""
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except OSError as exc:
        raise ExportError(f"cannot read the Canvas roster {source}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ExportError(f"{source}: is not UTF-8 text; export the gradebook from Canvas again as CSV") from exc
    if not rows:
        raise ExportError(
            f"{source}: is empty; export the gradebook from Canvas (Grades > Export > Export Entire Gradebook)"
        )
    header = [cell.strip() for cell in rows[0]]
    missing = [name for name in ("Student", "ID", "SIS Login ID") if name not in header]
    if missing:
        raise ExportError(
            f"{source}: is not a Canvas gradebook export (no {', '.join(missing)} column); "
            "export it from Canvas with Grades > Export > Export Entire Gradebook"
        )
    col = {name: header.index(name) for name in CANVAS_FIXED if name in header}
    assignments: dict[str, str] = {}
    for cell in header:
        match = _CANVAS_COLUMN.match(cell)
        if match:
            assignments[match["title"]] = match["id"]

    def get(row: list[str], name: str) -> str:
        index = col.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    entries = []
    for row in rows[1:]:
        student = get(row, "Student")
        if not any(cell.strip() for cell in row) or student in ("Points Possible", "Student, Test"):
            continue
        if not get(row, "ID"):  # Canvas's "Points Possible" and muted/"read only" rows have no user id
            continue
        entries.append(
            RosterEntry(student, get(row, "ID"), get(row, "SIS User ID"), get(row, "SIS Login ID"), get(row, "Section"))
        )
    return CanvasRoster(tuple(entries), assignments)


def read_moodle_roster(path: Path | str, identifier: str) -> set[str]:
    """The identifiers (the chosen column) of a Moodle grade export or user list CSV."""
    column = _moodle_column(identifier)
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = [f.strip() for f in reader.fieldnames or []]
            if column not in fields:
                raise ExportError(f"{source}: has no {column!r} column (columns: {', '.join(fields) or 'none'})")
            return {(row.get(column) or "").strip() for row in reader} - {""}
    except OSError as exc:
        raise ExportError(f"cannot read the Moodle roster {source}: {exc.strerror or exc}") from exc


def _moodle_column(identifier: str) -> str:
    try:
        return MOODLE_IDENTIFIERS[identifier]
    except KeyError:
        raise ExportError(
            f"unknown Moodle identifier {identifier!r}; use one of: {', '.join(MOODLE_IDENTIFIERS)}"
        ) from None


# --------------------------------------------------------------------------- tables


def lms_ids(responses: pd.DataFrame) -> dict[str, str]:
    """learner -> the id the LMS knows them by (the gradebook's lms_id, else the learner id)."""
    ids: dict[str, str] = {}
    if responses.empty:
        return ids
    for learner, lms_id in responses[["learner", "lms_id"]].drop_duplicates("learner").itertuples(index=False):
        ids[str(learner)] = str(lms_id).strip() if isinstance(lms_id, str) and lms_id.strip() else str(learner)
    return ids


def _bank_order(totals: pd.DataFrame, banks: Sequence[str] | None) -> list[str]:
    present = list(dict.fromkeys(totals["bank"]))
    if banks is None:
        return present
    unknown = [b for b in banks if b not in present]
    if unknown:
        raise ExportError(f"no bank {', '.join(map(repr, unknown))} in the gradebook; banks: {', '.join(present)}")
    return list(banks)


def _wide(totals: pd.DataFrame, value: str) -> pd.DataFrame:
    return totals.pivot_table(index="learner", columns="bank", values=value, aggfunc="last")


def _number(value: Any) -> Any:
    """A score as written: '' for missing, an int when whole, else rounded to 4 places."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    number = round(float(value), 4)
    return int(number) if number.is_integer() else number


def canvas_table(
    totals: pd.DataFrame,
    ids: Mapping[str, str],
    roster: CanvasRoster,
    titles: Mapping[str, str],
    *,
    assignment_ids: Mapping[str, str] | None = None,
    banks: Sequence[str] | None = None,
    points_possible: bool = True,
) -> Table:
    """The Canvas gradebook import table: roster columns, then `<Title> (<id>)` per bank with points."""
    order = _bank_order(totals, banks)
    assignment_ids = dict(assignment_ids or {})
    warnings: list[str] = []
    columns = []
    for bank in order:
        title = titles.get(bank, bank)
        canvas_id = assignment_ids.get(bank) or roster.assignments.get(title)
        if canvas_id:
            columns.append(f"{title} ({canvas_id})")
        else:
            columns.append(title)
            warnings.append(
                f"{bank}: no Canvas assignment id (none given and no {title!r} column in the roster), "
                f"so importing creates a NEW assignment {title!r}; pass --assignment {bank}=ID to grade an existing one"
            )
    scores = _wide(totals, "score")
    maxima = totals.groupby("bank")["max_score"].max()
    by_login = {entry.sis_login_id: entry for entry in roster.entries if entry.sis_login_id}
    folded: dict[str, list[str]] = {}
    for login in by_login:
        folded.setdefault(login.casefold(), []).append(login)
    rows: list[list[Any]] = []
    unknown: list[str] = []
    if points_possible:
        rows.append(["Points Possible", "", "", "", "", *(_number(maxima.get(b)) for b in order)])
    for learner in scores.index:
        login = ids.get(learner, learner)
        entry = by_login.get(login)
        if entry is None:
            near = folded.get(login.casefold(), [])
            hint = f" (the roster has {near[0]!r}: fix the LMS id if it is the same person)" if near else ""
            unknown.append(f"{learner}: SIS Login ID {login!r} is not in the Canvas roster{hint}")
            continue
        cells = [_number(scores.at[learner, b]) if b in scores.columns else "" for b in order]
        rows.append([entry.student, entry.canvas_id, entry.sis_user_id, entry.sis_login_id, entry.section, *cells])
    return Table([*CANVAS_FIXED, *columns], rows, unknown, warnings)


def moodle_table(
    totals: pd.DataFrame,
    ids: Mapping[str, str],
    titles: Mapping[str, str],
    *,
    identifier: str = "username",
    roster_ids: Iterable[str] | None = None,
    banks: Sequence[str] | None = None,
) -> Table:
    """The Moodle grade import table: one identifier column and a `<Title> (Real)` column per bank."""
    column = _moodle_column(identifier)
    order = _bank_order(totals, banks)
    known = set(roster_ids) if roster_ids is not None else None
    scores = _wide(totals, "score")
    rows: list[list[Any]] = []
    unknown: list[str] = []
    for learner in scores.index:
        value = ids.get(learner, learner)
        if identifier == "email" and "@" not in value:
            unknown.append(f"{learner}: {value!r} is not an email address; record learners' emails as their LMS ids")
            continue
        if known is not None and value not in known:
            unknown.append(f"{learner}: {column} {value!r} is not in the Moodle roster")
            continue
        rows.append([value, *(_number(scores.at[learner, b]) if b in scores.columns else "" for b in order)])
    header = [column, *(f"{titles.get(b, b)} (Real)" for b in order)]
    return Table(header, rows, unknown, [])


def _safe_text(value: Any) -> Any:
    """Stop a spreadsheet from running a cell as a formula (OWASP CSV injection): prefix a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def plain_tables(
    totals: pd.DataFrame, responses: pd.DataFrame, ids: Mapping[str, str], *, banks: Sequence[str] | None = None
) -> tuple[Table, Table]:
    """One row per learner (per bank score, max, percent, passed; then totals) and one row per counted answer.

    `passed` overall means passed every exported bank. Text cells that start like a spreadsheet formula
    get a leading `'` so opening the file in a spreadsheet never runs them.
    """
    order = _bank_order(totals, banks)
    header = ["learner", "lms_id"]
    for bank in order:
        header += [f"{bank} score", f"{bank} max", f"{bank} percent", f"{bank} passed"]
    header += ["total score", "total max", "total percent", "passed"]
    indexed = totals.set_index(["learner", "bank"])
    rows: list[list[Any]] = []
    for learner in dict.fromkeys(totals["learner"]):
        row: list[Any] = [_safe_text(learner), _safe_text(ids.get(learner, learner))]
        score_sum = max_sum = 0.0
        all_passed = True
        for bank in order:
            if (learner, bank) in indexed.index:
                record = indexed.loc[(learner, bank)]
                score_sum += float(record["score"])
                max_sum += float(record["max_score"])
                all_passed = all_passed and bool(record["passed"])
                row += [
                    _number(record["score"]),
                    _number(record["max_score"]),
                    _number(record["percent"]),
                    "pass" if record["passed"] else "fail",
                ]
            else:
                all_passed = False
                row += ["", "", "", "fail"]
        percent = 100 * score_sum / max_sum if max_sum else 0.0
        row += [_number(score_sum), _number(max_sum), _number(percent), "pass" if all_passed else "fail"]
        rows.append(row)
    long_header = ["learner", "lms_id", "bank", "question", "answer", "choice", "score", "max_points", "correct"]
    long_header.append("submitted_at")
    selected = responses[responses["bank"].isin(order)] if banks is not None else responses
    long_rows = [
        [
            _safe_text(r.learner),
            _safe_text(ids.get(r.learner, r.learner)),
            r.bank,
            r.question,
            _safe_text(_text(r.answer)),
            _safe_text(_text(r.choice)),
            _number(r.score),
            _number(r.max_points),
            bool(r.correct),
            _text(r.submitted_at),
        ]
        for r in selected.itertuples(index=False)
    ]
    return Table(header, rows), Table(long_header, long_rows)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --------------------------------------------------------------------------- files


def write_table(table: Table, path: Path | str, *, force: bool = False) -> Path:
    """Write a table as CSV (UTF-8, quoted where needed); refuse to overwrite without `force`."""
    target = Path(path)
    if target.exists() and not force:
        raise ExportError(f"{target} exists; pass --force to replace it")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.header)
            writer.writerows(table.rows)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def questions_path(path: Path | str) -> Path:
    """Where the plain export's long per-question file goes: beside FILE as FILE-stem.questions.csv."""
    target = Path(path)
    return target.with_name(f"{target.stem}.questions.csv")


def export_frames(
    totals: pd.DataFrame,
    responses: pd.DataFrame,
    to: str,
    output: Path | str,
    *,
    titles: Mapping[str, str] | None = None,
    roster: Path | str | None = None,
    identifier: str = "username",
    assignment_ids: Mapping[str, str] | None = None,
    banks: Sequence[str] | None = None,
    points_possible: bool = True,
    force: bool = False,
    learners: pd.DataFrame | None = None,
) -> ExportResult:
    """Build and write the export for `to` (canvas, moodle or csv) from the gradebook's frames.

    `learners` (learner, lms_id) gives each learner's LMS id; without it the ids come from `responses`.
    """
    titles = dict(titles or {})
    ids = lms_ids(learners if learners is not None else responses)
    for learner in totals["learner"].unique():
        ids.setdefault(str(learner), str(learner))
    if to == "canvas":
        if roster is None:
            raise ExportError(
                "a Canvas export needs --roster FILE: the CSV from Canvas's Grades > Export, to match learners"
            )
        table = canvas_table(
            totals,
            ids,
            read_canvas_roster(roster),
            titles,
            assignment_ids=assignment_ids,
            banks=banks,
            points_possible=points_possible,
        )
        files = [write_table(table, output, force=force)]
        written = len(table.rows) - (1 if points_possible else 0)
        return ExportResult(files, written, table.unknown, table.warnings)
    if to == "moodle":
        known = read_moodle_roster(roster, identifier) if roster is not None else None
        table = moodle_table(totals, ids, titles, identifier=identifier, roster_ids=known, banks=banks)
        files = [write_table(table, output, force=force)]
        return ExportResult(files, len(table.rows), table.unknown, table.warnings)
    if to == "csv":
        wide, long = plain_tables(totals, responses, ids, banks=banks)
        second = questions_path(output)
        if second.exists() and not force:
            raise ExportError(f"{second} exists; pass --force to replace it")
        files = [write_table(wide, output, force=force), write_table(long, second, force=force)]
        return ExportResult(files, len(wide.rows), [], [])
    raise ExportError(f"unknown export target {to!r}; use one of: {', '.join(TARGETS)}")


def export_gradebook(
    gradebook: Path | str, to: str, output: Path | str, *, policy: str = "latest", **options: Any
) -> ExportResult:
    """Export a gradebook file (written by `course-helpers grade`) under a scoring policy."""
    from course_helpers.instructor import gradebook as book

    totals = book.learner_totals(gradebook, policy)
    responses = book.responses_frame(gradebook, policy)
    titles = dict(book.banks_frame(gradebook)[["bank", "title"]].itertuples(index=False))
    with closing(book.connect(gradebook)) as conn:
        learners = pd.read_sql_query("SELECT learner, lms_id FROM learners ORDER BY learner", conn)
    return export_frames(totals, responses, to, output, titles=titles, learners=learners, **options)
