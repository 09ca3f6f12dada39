"""Grades out of the gradebook and into an LMS: Canvas and Moodle import files, and plain CSV.

A model (no widgets): functions take the gradebook's frames (`learner_totals`, `responses_frame`) and
return tables; `export_gradebook` is the thin path-taking wrapper the command calls. Files are written
with Python's `csv` module, so a name holding a comma, a quote or a line break survives the round trip.

Both LMS files are built against the roster the LMS itself gave, and refuse (ExportError, nothing written)
what the LMS would reject or misfile, unless `skip_unmatched` leaves those learners out:

Canvas (gradebook import; canvas-lms `app/models/gradebook_importer.rb`): `Student,ID,SIS User ID,SIS Login
ID,Section,<Title> (<assignment id>)...`, optionally a second row starting `Points Possible`. Canvas finds a
row's student by the `ID` column (the Canvas user id) first, then by SIS User ID, then SIS Login ID, then by
name, and turns any other row into a new student to resolve by hand; the export matches the same way (the
user id from the submissions download's file names first). A column whose title has no `(id)` makes Canvas
create a new assignment, so such a column is refused unless asked for. Canvas reads a blank cell as no score
(`no_score?`: blank or "-"; over no grade it changes nothing, over an existing grade it is a change the
import preview lists), so a learner who never sat a bank (for an exam: never finished a sitting) gets a
blank, never 0. Scores are rounded to two
places, the precision Canvas's own export and gradebook show.

Moodle (grade import, `grade/import/csv`): one identifier column mapped to email address, username or ID
number (one row Moodle cannot map aborts the whole import) and one `<Title> (Real)` column per bank; a blank
cell is "no grade". The roster is the assignment's grading worksheet (`Identifier` = `Participant N`, the
number in the assignment download's file names, with `Full name` and `Email address`) or a user list.

Plain CSV: one row per learner (score, maximum, percent and pass/fail per bank, then totals) and a long
file with one row per counted answer.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from course_helpers.display.safe_text import FORMULA_START as _FORMULA_START
from course_helpers.display.safe_text import csv_cell
from course_helpers.errors import CourseInputError
from course_helpers.output_files import write_text

Target = Literal["canvas", "moodle", "csv"]
TARGETS: tuple[str, ...] = ("canvas", "moodle", "csv")
CANVAS_FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDENTIFIERS: dict[str, str] = {"email": "Email address", "username": "Username", "idnumber": "ID number"}
_CANVAS_COLUMN = re.compile(r"^(?P<title>.*\S)\s*\((?P<id>\d+)\)$")
LMS_PLACES = 2
"""Scores go to an LMS rounded to 2 places: Canvas's gradebook shows and exports 2 (gradebook_importer.rb
compares at that precision), and 2 is a Moodle grade item's default number of decimals."""


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


@dataclass(frozen=True)
class MoodleEntry:
    """One learner of a Moodle roster: the assignment's participant number (worksheets only) and user fields."""

    participant: str
    full_name: str
    email: str
    username: str
    idnumber: str

    def field(self, identifier: str) -> str:
        """The value of `identifier` (email, username or idnumber) for this learner ('' when not in the roster)."""
        return {"email": self.email, "username": self.username, "idnumber": self.idnumber}[identifier]


@dataclass(frozen=True)
class MoodleRoster:
    """A Moodle roster: `worksheet` when it is an assignment's grading worksheet (participant numbers)."""

    entries: tuple[MoodleEntry, ...]
    worksheet: bool
    columns: tuple[str, ...]


@dataclass
class Table:
    """A header, rows, and what the instructor must know before importing them."""

    header: list[str]
    rows: list[list[Any]]
    unknown: list[str] = field(default_factory=list)
    """Gradebook learners the LMS roster does not know (with the reason): refused unless skipped."""
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Learners enrolled in the LMS with no grade in the gradebook."""
    matched: int = 0


@dataclass
class ExportResult:
    """What `export_gradebook` wrote."""

    files: list[Path]
    learners: int
    unknown: list[str]
    warnings: list[str]
    missing: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- rosters


def _read_rows(source: Path, what: str) -> list[list[str]]:
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            return list(csv.reader(handle))
    except OSError as exc:
        raise ExportError(f"cannot read the {what} {source}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ExportError(f"{source}: is not UTF-8 text; download the {what} from the LMS again as CSV") from exc


def read_canvas_roster(path: Path | str) -> CanvasRoster:
    """Read the CSV Canvas gives from Gradebook > Export: students, and assignment ids from the header."""
    source = Path(path)
    rows = _read_rows(source, "Canvas roster")
    if not rows:
        raise ExportError(
            f"{source}: is empty; export the gradebook from Canvas (Grades > Export > Export Entire Gradebook)"
        )
    header = [cell.strip() for cell in rows[0]]
    missing = [name for name in ("Student", "ID", "Section") if name not in header]
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


_PARTICIPANT = re.compile(r"^\s*Participant\s+(?P<id>\d+)\s*$")


def read_moodle_roster(path: Path | str) -> MoodleRoster:
    """Read a Moodle roster: an assignment's grading worksheet, or a user list / grade export CSV.

    The worksheet (Assignment > "Download grading worksheet", mod/assign `assign_grading_table`) has
    `Identifier` ("Participant 4400"), `Full name` and `Email address`; a user list has any of
    `Email address`, `Username`, `ID number`.
    """
    source = Path(path)
    rows = _read_rows(source, "Moodle roster")
    if not rows:
        raise ExportError(f"{source}: is empty; download the assignment's grading worksheet from Moodle")
    header = [cell.strip() for cell in rows[0]]
    worksheet = "Identifier" in header
    users = [c for c in MOODLE_IDENTIFIERS.values() if c in header]
    if not worksheet and not users:
        raise ExportError(
            f"{source}: is neither a Moodle grading worksheet (no 'Identifier' column) nor a user list (no "
            f"{', '.join(map(repr, MOODLE_IDENTIFIERS.values()))} column); download the assignment's grading "
            "worksheet (Assignment > View all submissions > Grading action > Download grading worksheet)"
        )
    index = {name: i for i, name in enumerate(header)}

    def get(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        participant = ""
        if worksheet:
            match = _PARTICIPANT.match(get(row, "Identifier"))
            if match is None:
                raise ExportError(
                    f"{source}: line {number}: Identifier {get(row, 'Identifier')!r} is not 'Participant N'; "
                    "is this the grading worksheet of the assignment (in English)?"
                )
            participant = match["id"]
        entries.append(
            MoodleEntry(participant, get(row, "Full name"), get(row, "Email address"), get(row, "Username"),
                        get(row, "ID number"))
        )
    return MoodleRoster(tuple(entries), worksheet, tuple(header))


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


def _number(value: Any, places: int = 4) -> Any:
    """A score as written: '' for missing, an int when whole, else rounded to `places` places."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    number = round(float(value), places)
    return int(number) if number.is_integer() else number


def _cells(totals: pd.DataFrame, order: Sequence[str]) -> dict[str, list[Any]]:
    """learner -> one LMS cell per bank: the score to LMS_PLACES, blank where the learner never sat the bank."""
    frame = totals.copy()
    if "attempted" not in frame.columns:
        frame["attempted"] = True
    frame["cell"] = pd.Series(
        [
            _number(score, LMS_PLACES) if attempted else ""
            for score, attempted in zip(frame["score"], frame["attempted"], strict=True)
        ],
        index=frame.index,
        dtype=object,
    )
    cells: dict[str, list[Any]] = {}
    indexed = frame.set_index(["learner", "bank"])["cell"]
    for learner in dict.fromkeys(frame["learner"]):
        cells[str(learner)] = [indexed.get((learner, bank), "") for bank in order]
    return cells


def _canvas_match(
    learner: str, lms_id: str, roster: CanvasRoster
) -> tuple[RosterEntry | None, str]:
    """The roster row Canvas would give this learner: by ID (Canvas user id), then SIS User ID, then SIS Login ID.

    A numeric LMS id from a download's file name is a Canvas user id: it matches the ID column only, never a
    SIS id that happens to hold the same digits.
    """
    if lms_id != learner and lms_id.isdigit():
        return next(((e, "ID") for e in roster.entries if e.canvas_id == lms_id), (None, ""))
    for label, attr in (("SIS User ID", "sis_user_id"), ("SIS Login ID", "sis_login_id")):
        for entry in roster.entries:
            value = getattr(entry, attr)
            if value and value in (lms_id, learner):
                return entry, label
    return None, ""


def canvas_table(
    totals: pd.DataFrame,
    ids: Mapping[str, str],
    roster: CanvasRoster,
    titles: Mapping[str, str],
    *,
    assignment_ids: Mapping[str, str] | None = None,
    banks: Sequence[str] | None = None,
    points_possible: bool = True,
    create_assignments: bool = False,
) -> Table:
    """The Canvas gradebook import table: roster columns, then `<Title> (<id>)` per bank with points.

    A learner is matched as Canvas's importer matches a row: the `ID` column (the Canvas user id from the
    submissions download) first, then SIS User ID, then SIS Login ID. A bank with no Canvas assignment id
    is refused (Canvas would create a new assignment) unless `create_assignments`.
    """
    order = _bank_order(totals, banks)
    assignment_ids = dict(assignment_ids or {})
    warnings: list[str] = []
    columns = []
    new = []
    for bank in order:
        title = titles.get(bank, bank)
        canvas_id = assignment_ids.get(bank) or roster.assignments.get(title)
        if canvas_id:
            columns.append(f"{title} ({canvas_id})")
        else:
            columns.append(title)
            new.append(f"{title!r} ({bank})")
    if new:
        message = (
            f"column(s) {', '.join(new)} have no Canvas assignment id (none given with --assignment BANK=ID and no "
            "such column in the roster), so importing creates a NEW assignment for each"
        )
        if not create_assignments:
            raise ExportError(f"{message}; pass --assignment BANK=ID, or --create-assignments if that is what you want")
        warnings.append(message)
    maxima = totals.groupby("bank")["max_score"].max()
    cells = _cells(totals, order)
    rows: list[list[Any]] = []
    unknown: list[str] = []
    if points_possible:
        rows.append(["Points Possible", "", "", "", "", *(_number(maxima.get(b), LMS_PLACES) for b in order)])
    taken: dict[str, str] = {}
    for learner, row_cells in cells.items():
        lms_id = ids.get(learner, learner)
        entry, how = _canvas_match(learner, lms_id, roster)
        if entry is None:
            near = [e.sis_login_id for e in roster.entries if e.sis_login_id.casefold() == lms_id.casefold()]
            hint = f" (the roster has {near[0]!r}: fix the LMS id if it is the same person)" if near else ""
            unknown.append(f"{learner}: id {lms_id!r} is not a Canvas ID, SIS User ID or SIS Login ID in the roster"
                           f"{hint}")
            continue
        if entry.canvas_id in taken:
            unknown.append(f"{learner}: matches the same Canvas student {entry.student!r} (ID {entry.canvas_id}) as "
                           f"{taken[entry.canvas_id]!r}; one of them has the wrong id")
            continue
        taken[entry.canvas_id] = learner
        rows.append([_safe_text(entry.student), entry.canvas_id, entry.sis_user_id, entry.sis_login_id,
                     _safe_text(entry.section), *row_cells])
    missing = [f"{e.student} (ID {e.canvas_id})" for e in roster.entries if e.canvas_id not in taken]
    return Table([*CANVAS_FIXED, *columns], rows, unknown, warnings, missing, len(taken))


def _moodle_match(learner: str, lms_id: str, roster: MoodleRoster) -> MoodleEntry | None:
    """A numeric LMS id from an assignment download is a participant number: only the worksheet maps it."""
    if lms_id != learner and lms_id.isdigit():
        return next((e for e in roster.entries if roster.worksheet and e.participant == lms_id), None)
    for entry in roster.entries:
        if lms_id in (entry.email, entry.username, entry.idnumber) or learner in (entry.email, entry.username):
            return entry
    return None


def moodle_table(
    totals: pd.DataFrame,
    ids: Mapping[str, str],
    titles: Mapping[str, str],
    roster: MoodleRoster,
    *,
    identifier: str = "email",
    banks: Sequence[str] | None = None,
) -> Table:
    """The Moodle grade import table: the identifier column Moodle maps users by, and `<Title> (Real)` per bank.

    A learner's LMS id from an assignment download is the participant number: the worksheet turns it into
    the learner's e-mail (or username / ID number, when the roster has that column). Never the number itself:
    mapped to Moodle's "id" it would put grades on other people.
    """
    column = _moodle_column(identifier)
    if column not in roster.columns:
        have = [key for key, name in MOODLE_IDENTIFIERS.items() if name in roster.columns]
        raise ExportError(
            f"the Moodle roster has no {column!r} column to write; use --identifier {' or '.join(have) or 'email'}"
        )
    order = _bank_order(totals, banks)
    cells = _cells(totals, order)
    rows: list[list[Any]] = []
    unknown: list[str] = []
    taken: dict[int, str] = {}
    for learner, row_cells in cells.items():
        lms_id = ids.get(learner, learner)
        entry = _moodle_match(learner, lms_id, roster)
        if entry is None:
            numbered = lms_id != learner and lms_id.isdigit()
            what = f"participant {lms_id}" if numbered else repr(lms_id)
            hint = "" if roster.worksheet or not numbered else " (a participant number needs the grading worksheet)"
            unknown.append(f"{learner}: {what} is not in the Moodle roster{hint}")
            continue
        value = entry.field(identifier)
        if value.startswith(_FORMULA_START):  # escaped it would not match in Moodle; raw it runs in a spreadsheet
            unknown.append(f"{learner}: {column} {value!r} starts like a spreadsheet formula; not exported")
            continue
        if not value:
            unknown.append(f"{learner}: the roster gives {entry.full_name or 'this learner'} no {column}")
            continue
        key = id(entry)
        if key in taken:
            unknown.append(f"{learner}: matches the same Moodle user {value!r} as {taken[key]!r}")
            continue
        taken[key] = learner
        rows.append([value, *row_cells])
    matched_ids = set(taken)
    missing = []
    for e in roster.entries:
        if id(e) not in matched_ids:
            where = f"Participant {e.participant}" if e.participant else e.field(identifier)
            missing.append(f"{e.full_name or e.field(identifier)} ({where})")
    header = [column, *(f"{titles.get(b, b)} (Real)" for b in order)]
    return Table(header, rows, unknown, [], missing, len(taken))


def _safe_text(value: Any) -> Any:
    """Stop a spreadsheet from running a cell as a formula (OWASP CSV injection): `display.safe_text.csv_cell`."""
    return csv_cell(value) if isinstance(value, str) else value


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
            taken = (learner, bank) in indexed.index and bool(indexed.loc[(learner, bank)].get("attempted", True))
            if taken:
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
            else:  # never sat it: blank, not a score of 0
                all_passed = False
                row += ["", "", "", "not taken"]
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
    """Write a table as CSV (UTF-8, quoted where needed) through `output_files` (atomic, never a device or
    link); refuse to overwrite without `force`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return write_text(path, out.getvalue(), force=force)


def questions_path(path: Path | str) -> Path:
    """Where the plain export's long per-question file goes: beside FILE as FILE-stem.questions.csv."""
    target = Path(path)
    return target.with_name(f"{target.stem}.questions.csv")


def _refuse_or_skip(table: Table, lms: str, skip_unmatched: bool) -> None:
    """Refuse a file the LMS would reject or misfile: unmatched learners (unless skipped), or no row at all."""
    if table.unknown and not skip_unmatched:
        more = len(table.unknown) - 5
        shown = "; ".join(table.unknown[:5]) + (f"; and {more} more" if more > 0 else "")
        raise ExportError(
            f"{len(table.unknown)} learner(s) in the gradebook are not in the {lms} roster, and {lms} would "
            f"{'abort the whole import' if lms == 'Moodle' else 'ask you to match each one by hand'}: {shown}. "
            "Nothing written; fix their ids, or pass --skip-unmatched to leave them out"
        )
    if table.matched == 0:
        raise ExportError(
            f"no learner in the gradebook matches the {lms} roster (0 rows); nothing written. Is it the roster of "
            "this course, and were the submissions downloaded from it?"
        )


def export_frames(
    totals: pd.DataFrame,
    responses: pd.DataFrame,
    to: str,
    output: Path | str,
    *,
    titles: Mapping[str, str] | None = None,
    roster: Path | str | None = None,
    identifier: str = "email",
    assignment_ids: Mapping[str, str] | None = None,
    banks: Sequence[str] | None = None,
    graded: Sequence[str] | None = None,
    points_possible: bool = True,
    force: bool = False,
    learners: pd.DataFrame | None = None,
    skip_unmatched: bool = False,
    create_assignments: bool = False,
) -> ExportResult:
    """Build and write the export for `to` (canvas, moodle or csv) from the gradebook's frames.

    `learners` (learner, lms_id) gives each learner's LMS id; without it the ids come from `responses`.
    An LMS export without `banks` takes the `graded` banks (the ones the key graded).
    """
    titles = dict(titles or {})
    ids = lms_ids(learners if learners is not None else responses)
    for learner in totals["learner"].unique():
        ids.setdefault(str(learner), str(learner))
    if to in ("canvas", "moodle") and banks is None:
        if graded is not None:
            if not graded:
                raise ExportError(
                    "no bank is graded in this gradebook's key; name the banks to send with --bank BANK"
                )
            banks = list(graded)
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
            create_assignments=create_assignments,
        )
        _refuse_or_skip(table, "Canvas", skip_unmatched)
        files = [write_table(table, output, force=force)]
        return ExportResult(files, table.matched, table.unknown, table.warnings, table.missing)
    if to == "moodle":
        if roster is None:
            raise ExportError(
                "a Moodle export needs --roster FILE: the assignment's grading worksheet (View all submissions > "
                "Download grading worksheet), which turns the participant numbers of the download into e-mails"
            )
        table = moodle_table(totals, ids, titles, read_moodle_roster(roster), identifier=identifier, banks=banks)
        _refuse_or_skip(table, "Moodle", skip_unmatched)
        files = [write_table(table, output, force=force)]
        return ExportResult(files, table.matched, table.unknown, table.warnings, table.missing)
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
    from course_helpers.instructor.gradebook import Gradebook

    book = Gradebook(gradebook)
    totals = book.learner_totals(policy)
    responses = book.responses(policy)
    banks = book.banks()
    titles = dict(banks[["bank", "title"]].itertuples(index=False))
    graded = [str(b) for b in banks.loc[banks["graded"], "bank"]]
    learners = book.learners()
    return export_frames(totals, responses, to, output, titles=titles, learners=learners, graded=graded, **options)
