"""Regrade submissions from the raw answers with the instructor's key, into a new gradebook.

Every score a file reports is ignored: each attempt's `answer` goes through `quizzing.grading.grade` with
the key's question. A problem with one file never stops the others; each is reported once, with its reason:

- `not JSON`         truncated or not JSON at all (not graded)
- `not a submission` wrong `format`, unknown `schema_version`, or a field of the wrong kind (not graded)
- `other course`     no attempt names a question the key knows (not graded)
- `unknown question` answers to questions the key does not have (those answers are skipped)
- `unknown version`  a `bank_hash` the key does not know: graded against the current key, and flagged
- `earlier version`  answers to a version an earlier release of the key had (a bank fixed and re-released):
                     regraded with the current key; one line per bank, not one per learner
- `invalid answer`   an answer of the wrong kind for its question (scored 0)
- `score differs`    the file's own score differs from the regrade (the regrade counts)
- `same learner`     one learner in two files: the newest export is kept, both are listed
- `same answers`     two learners' files hold the same answers at the same times (a copy; both graded)
- `name differs`     the learner id does not match the name the LMS gave the file
- refused zip members: `unsafe path`, `too large`, `zip bomb`, `unreadable`
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timezone
from pathlib import Path
from typing import Any

from pydantic_core import TzInfo

from course_helpers.instructor import gradebook
from course_helpers.instructor.collect import (
    CollectError,
    LmsName,
    Received,
    Refused,
    count_files,
    gather,
    lms_name,
    names_agree,
)
from course_helpers.instructor.release import Key, load_key
from course_helpers.output_files import OutputError, check_output, replacing
from course_helpers.quizzing.grading import AnswerError, AnyQuestion, coerce, grade
from course_helpers.records.submission import SubmissionError, SubmissionV1, parse_submission

_GENERIC_STEMS = {"results", "result", "submission", "export", "answers"}


GradeError = OutputError
"""The grading run cannot start: the gradebook path exists without --force, is not a regular file, or is locked."""


@dataclass(frozen=True)
class Problem:
    """One line of the problems report."""

    source: str
    learner: str | None
    kind: str
    message: str

    def __str__(self) -> str:
        who = f" [{self.learner}]" if self.learner else ""
        return f"{self.source}{who}: {self.kind}: {self.message}"


@dataclass
class Report:
    """What a grading run did."""

    gradebook: Path
    files: int = 0
    graded: int = 0
    responses: int = 0
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _utc_text(at: datetime) -> str:
    """ISO 8601 in UTC with microseconds and a Z, so text order is time order."""
    if at.utcoffset():
        at = at.astimezone(UTC)
    return at.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


_FIXED_ZONES = (TzInfo, timezone)  # time zones whose offset does not depend on the date
_WHOLE_SECONDS = [f"{second:02d}.000000Z" for second in range(61)]  # 60: a leap second, should one come


def _answer_key(value: Any) -> Any:
    if isinstance(value, list):
        return (list, tuple(_answer_key(v) for v in value))
    if isinstance(value, dict):
        return (dict, json.dumps(value, sort_keys=True))
    return (type(value), value)


class Regrader:
    """The key turned into item numbers, and a memo of grades: most answers repeat across a class."""

    def __init__(self, key: Key) -> None:
        self.key = key
        self.items: dict[tuple[str, str], int] = {}
        self.questions: list[AnyQuestion] = []
        self.item_rows: list[tuple[int, int, str, str, float, int]] = []
        self.bank_ids: dict[str, int] = {}
        for b_pos, bank in enumerate(key.banks.values(), start=1):
            self.bank_ids[bank.id] = b_pos
            for q_pos, question in enumerate(bank.questions):
                item_id = len(self.questions) + 1
                self.items[(bank.id, question.id)] = item_id
                self.questions.append(question)
                self.item_rows.append((item_id, b_pos, question.id, question.type, question.points, q_pos))
        self.hashes: dict[str, set[str]] = {b.id: set(b.hashes) for b in key.banks.values()}
        self.earlier: dict[str, set[str]] = {b.id: set(b.earlier) for b in key.banks.values() if b.earlier}
        self.scored_live = {b.id for b in key.banks.values() if not b.graded}
        self.exam_banks = {b.id for b in key.banks.values() if b.mode == "exam"}
        # a graded bank answered under its authoring copy was sat with the answers at hand (an unreleased course)
        self.unreleased: dict[str, str] = {
            b.id: b.authoring_hash for b in key.banks.values()
            if b.graded and b.authoring_hash and set(b.hashes) - {b.authoring_hash}
        }
        # a released exam's learners see only its papers: an answer to another pool question was never on screen
        self.on_papers: dict[str, set[str]] = {
            b.id: {q for paper in b.papers for q in paper} for b in key.banks.values() if b.papers
        }
        self._memo: dict[tuple[int, Any], tuple[str | None, float, int, str | None, str]] = {}

    def locate(self, bank: str, question: str) -> int | None:
        """The item an attempt belongs to, or None for a question the key does not have."""
        return self.items.get((bank, question))

    def grade(self, item_id: int, answer: Any) -> tuple[str | None, float, int, str | None, str]:
        """(choice, score, correct, error, answer as JSON) for one answer; memoised per item and answer."""
        memo_key = (item_id, _answer_key(answer))
        hit = self._memo.get(memo_key)
        if hit is not None:
            return hit
        question = self.questions[item_id - 1]
        if answer is None or (isinstance(answer, str | list | dict) and not (answer.strip() if isinstance(answer, str)
                                                                             else answer)):
            out = (None, 0.0, 0, None, json.dumps(answer, ensure_ascii=False))  # left blank: not answered, no problem
            self._memo[memo_key] = out
            return out
        try:
            result = grade(question, answer)
        except AnswerError as exc:
            out: tuple[str | None, float, int, str | None, str] = (None, 0.0, 0, str(exc), "")
        else:
            choice = None
            if question.type == "single_choice":
                choice = coerce(question, answer)
            elif question.type == "multiple_select":
                choice = json.dumps(coerce(question, answer), ensure_ascii=False)
            out = (choice, result.points, int(result.correct), None, "")
        out = (*out[:4], json.dumps(answer, ensure_ascii=False))
        self._memo[memo_key] = out
        return out


@dataclass
class _Graded:
    learner: str
    lms_id: str | None
    source: str
    sha256: str
    exported_at: str
    received_at: str
    package_version: str
    responses: list[tuple[Any, ...]]
    sittings: list[tuple[int, str, str]]
    identity: tuple[str, str] = ("file", "")
    """Who sent it, as the channel knows it: (canvas|moodle, LMS id), (hub, user) or (file, claimed learner)."""
    order: int = 0
    """Canvas's attachment id: among one learner's files in one download, the larger is the later upload."""
    earlier: frozenset[str] = frozenset()
    """Banks answered in a version an earlier release had (the bank was fixed and re-released since)."""

    @property
    def fingerprint(self) -> int:
        """Equal for two files holding the same answers given at the same microseconds: a copy."""
        return hash(tuple((row[0], row[1], row[7]) for row in self.responses))


def read(received: Received) -> SubmissionV1 | Problem:
    """Parse and check one file at the edge (`records.submission.parse_submission`); a Problem says why it
    cannot be graded."""
    try:
        return parse_submission(received.data)
    except SubmissionError as exc:
        learner = _claimed_learner(received.data) if exc.kind == "not a submission" else None
        message = f"{exc}; not graded"
        return Problem(received.source, learner, exc.kind, message)


def _claimed_learner(data: bytes) -> str | None:
    """The learner id a refused file names, when it can be read safely (for the problem line only)."""
    try:
        parsed = json.loads(data)
        learner = parsed.get("learner") if isinstance(parsed, dict) else None
        return learner if isinstance(learner, str) and learner.encode("utf-8") else None
    except (ValueError, RecursionError, UnicodeError):
        return None


def regrade_one(regrader: Regrader, received: Received, sub: SubmissionV1) -> tuple[_Graded | None, list[Problem]]:
    """Regrade every attempt of one submission; return the rows to store and the problems found."""
    src, who = received.source, received.learner or sub.learner
    problems: list[Problem] = []
    rows: list[tuple[Any, ...]] = []
    unknown: list[str] = []
    bad_versions: dict[str, set[str]] = {}
    invalid: list[str] = []
    differs: list[str] = []
    exam_sessions = {s.session for s in sub.sessions if s.bank in regrader.exam_banks}
    graded_banks, unreleased = regrader.unreleased, regrader.unreleased.get
    sat_unreleased: set[str] = set()
    tampered: list[str] = []
    # the hot loop (two million turns for a large class): names bound locally, the memo read inline
    items_get, locate, hashes_get = regrader.items.get, regrader.locate, regrader.hashes.get
    earlier_get = regrader.earlier.get
    earlier_banks: set[str] = set()
    memo_get, grade_slow, live = regrader._memo.get, regrader.grade, regrader.scored_live
    append = rows.append
    scalar = (str, bool, int, float)
    last_minute: tuple[int, ...] = ()
    prefix = ""
    # what stays the same from one attempt to the next (pydantic-core hands back the same objects for
    # repeated strings and time zones, so an identity check usually skips the lookups)
    last_bank: object = None
    last_hash: object = None
    last_session: object = ()
    last_tz: object = ()
    known = check = tz_fixed = tz_utc = watched = False
    in_exam = known_int = 0
    for attempt in sub.attempts:
        bank, question, answer = attempt.bank, attempt.question, attempt.answer
        item_id = items_get((bank, question))
        if item_id is None:
            item_id = locate(bank, question)
            if item_id is None:
                unknown.append(f"{bank}/{question}")
                continue
        bank_hash = attempt.bank_hash
        if bank is not last_bank or bank_hash is not last_hash:
            last_bank, last_hash = bank, bank_hash
            known = bank_hash in hashes_get(bank, ())
            old = known and bank_hash in earlier_get(bank, ())
            if not known:
                bad_versions.setdefault(bank, set()).add(bank_hash)
            elif old:  # scored by the old key when answered: its score is expected to differ, said once per bank
                earlier_banks.add(bank)
            check, known_int = known and not old and bank in live, int(known)
            watched = bank in graded_banks
            if watched and bank_hash == unreleased(bank):
                sat_unreleased.add(bank)
        if watched and bank_hash != unreleased(bank):
            # a released graded bank's kernel records answers with 0 points and only inside a finished sitting
            if (attempt.points or (bank in regrader.exam_banks and attempt.session not in exam_sessions)
                    or question not in regrader.on_papers.get(bank, (question,))):
                tampered.append(question)
        kind = type(answer)
        if kind in scalar:  # the memo's key for a scalar, as `_answer_key` makes it
            hit = memo_get((item_id, (kind, answer)))
        elif kind is list:  # ... and for a flat list; a nested one misses here and takes the slow path
            try:
                hit = memo_get((item_id, (list, tuple([(type(v), v) for v in answer]))))
            except TypeError:
                hit = None
        else:
            hit = None
        choice, score, correct, error, answer_json = hit if hit is not None else grade_slow(item_id, answer)
        if error is not None:
            invalid.append(f"{question} ({error})")
        elif check and abs(attempt.points - score) > 1e-6:
            differs.append(f"{question} says {attempt.points:g}, regraded {score:g}")
        moment = attempt.at
        tz = moment.tzinfo
        if tz is not last_tz or not tz_fixed:  # a fixed offset is asked once; any other zone every time
            last_tz, tz_fixed, tz_utc = tz, type(tz) in _FIXED_ZONES, not moment.utcoffset()
        if not tz_utc:  # not UTC: converted
            at = _utc_text(moment)
        else:  # the same text as `_utc_text`, built from a per-minute prefix (isoformat costs 3x more)
            minute = (moment.year, moment.month, moment.day, moment.hour, moment.minute)
            if minute != last_minute:
                year, month, day, hour, mins = minute
                last_minute, prefix = minute, f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{mins:02d}:"
            micro = moment.microsecond
            at = prefix + (_WHOLE_SECONDS[moment.second] if not micro else f"{moment.second:02d}.{micro:06d}Z")
        session = attempt.session
        if session is not last_session:
            last_session, in_exam = session, int(session in exam_sessions)
        append((item_id, answer_json, choice, score, correct, session, in_exam, at, known_int))
    if sub.attempts and not rows:
        return None, [
            Problem(
                src,
                who,
                "other course",
                f"none of its {len(sub.attempts)} answers is to a question in the key (first: {unknown[0]}); "
                "a file from another course? not graded",
            )
        ]
    if unknown:
        problems.append(
            Problem(src, who, "unknown question", f"{len(unknown)} answer(s) to questions the key does not have "
                    f"(first: {unknown[0]}); skipped")
        )
    for bank, found in sorted(bad_versions.items()):
        problems.append(
            Problem(src, who, "unknown version", f"bank {bank} version(s) {', '.join(sorted(found))} are not in the "
                    "key; graded against the current key")
        )
    for bank in sorted(sat_unreleased):
        problems.append(Problem(src, who, "unreleased exam", f"{bank} was answered in the unreleased course (its "
                                "authoring copy, with answers and verdicts at hand), not the released one; check "
                                "before counting it"))
    if tampered:
        problems.append(Problem(src, who, "tampered exam", f"{len(tampered)} graded answer(s) carry points, a "
                                "sitting or a question the learner's copy never writes (first: "
                                f"{tampered[0]}); the file was edited: regraded from the key, check before counting "
                                "it"))
    if invalid:
        problems.append(Problem(src, who, "invalid answer", f"{len(invalid)} answer(s) scored 0: {invalid[0]}"))
    if differs:
        problems.append(
            Problem(src, who, "score differs", f"{len(differs)} score(s) in the file differ from the regrade "
                    f"(first: {differs[0]}); the file's scores are ignored")
        )
    lms = lms_name(received.name)
    generic = lms.lms_id is None and lms.name.casefold() in _GENERIC_STEMS
    identity = ("file", who)
    if received.learner is not None:  # the channel vouched for the learner: the file's claim is only a claim
        lms = LmsName(received.learner, None)
        identity = ("hub", who)
        if sub.learner != received.learner:
            problems.append(Problem(src, who, "name differs", f"the file says learner {sub.learner!r}; graded as "
                                    f"the hub user {who!r}"))
    elif lms.lms_id is not None:  # the LMS's id in the file name is who sent it; the file's learner is a claim
        identity = (lms.platform or "lms", lms.lms_id)
        if not names_agree(sub.learner, lms.name):
            who = lms.name
            problems.append(Problem(src, who, "name differs", f"the file says learner {sub.learner!r}, but the "
                                    f"{(lms.platform or 'LMS').title()} download names {lms.name!r} (id {lms.lms_id}); "
                                    f"graded as {lms.name!r}, never as {sub.learner!r}"))
    elif not generic and not names_agree(who, lms.name):
        problems.append(Problem(src, who, "name differs", f"learner id {who!r} does not match the file name "
                                f"{lms.name!r}; graded as {who!r}"))
    sittings = [
        (regrader.bank_ids[s.bank], s.session, _utc_text(s.finished_at))
        for s in sub.sessions
        if s.bank in regrader.bank_ids
    ]
    graded = _Graded(
        learner=who,
        lms_id=lms.lms_id,
        identity=identity,
        order=lms.order,
        source=src,
        sha256=hashlib.sha256(received.data).hexdigest(),
        exported_at=_utc_text(sub.exported_at),
        received_at=_utc_text(received.received_at),
        package_version=sub.package_version,
        responses=rows,
        sittings=sittings,
        earlier=frozenset(earlier_banks),
    )
    return graded, problems


class _Writer:
    """Streams graded submissions into the gradebook; a later file from the same learner replaces an older one."""

    def __init__(self, book: gradebook.GradebookWriter, regrader: Regrader) -> None:
        self.book = book
        self.learners: dict[str, int] = {}
        # who sent it -> (submission id, (received at, attachment order), source, learner name)
        self.kept: dict[tuple[str, str], tuple[int, tuple[str, int], str, str]] = {}
        self.names: dict[str, tuple[str, str]] = {}  # learner name -> the identity holding it
        self.prints: dict[int, tuple[str, str]] = {}  # fingerprint -> (learner, source) of the first file
        self.next_submission = 1
        key = regrader.key
        book.insert(
            "banks",
            ["id", "bank", "title", "mode", "graded", "pass_mark", "attempts_allowed", "max_score", "position"],
            [
                (regrader.bank_ids[b.id], b.id, b.title, b.mode, int(b.graded), b.pass_mark, b.attempts_allowed,
                 key.max_score(b.id), regrader.bank_ids[b.id])
                for b in key.banks.values()
            ],
        )
        book.insert("items", ["id", "bank_id", "question", "type", "max_points", "position"], regrader.item_rows)
        book.insert(
            "paper",
            ["bank_id", "item_id"],
            sorted({  # a drawn exam's released papers (every attempt's), as items of the exam
                (regrader.bank_ids[b.id], regrader.items[(b.id, q)])
                for b in key.banks.values()
                for paper in b.papers
                for q in paper
                if (b.id, q) in regrader.items
            }),
        )

    def copied(self, graded: _Graded) -> Problem | None:
        """A file whose answers and their times equal another learner's (both stay graded)."""
        if not graded.responses:
            return None
        first = self.prints.setdefault(graded.fingerprint, (graded.learner, graded.source))
        if first[0] == graded.learner:
            return None
        return Problem(
            f"{first[1]} and {graded.source}",
            graded.learner,
            "same answers",
            f"learners {first[0]!r} and {graded.learner!r} handed in the same {len(graded.responses)} answers "
            "with the same times: a copied file? both are graded",
        )

    def _name_for(self, graded: _Graded) -> tuple[str, Problem | None]:
        """A learner name no other learner holds: two learners never merge because they typed the same name."""
        name = graded.learner
        holder = self.names.get(name)
        if holder is None or holder == graded.identity:
            self.names[name] = graded.identity
            return name, None
        kind, ident = graded.identity
        base = f"{name} ({kind} {ident})" if kind in ("canvas", "moodle") else f"{name} ({graded.source})"
        unique, n = base, 2
        while unique in self.names:
            unique, n = f"{base} #{n}", n + 1
        self.names[unique] = graded.identity
        first_source = self.kept[holder][2] if holder in self.kept else "an earlier file"
        return unique, Problem(
            f"{first_source} and {graded.source}",
            unique,
            "same name",
            f"two different learners use the name {name!r} ({' '.join(holder)} and {kind} {ident}); both are "
            f"graded, the second as {unique!r}",
        )

    def add(self, graded: _Graded) -> list[Problem]:
        """Store one graded file; a learner's newer file (by the platform's time) replaces an older one."""
        problems: list[Problem] = []
        previous = self.kept.get(graded.identity)
        if previous is not None:
            old_id, old_when, old_source, old_name = previous
            new_when = (graded.received_at, graded.order)
            newer = new_when > old_when
            kept_source = graded.source if newer else old_source
            problems.append(Problem(
                f"{old_source} and {graded.source}",
                old_name,
                "same learner",
                f"learner {old_name!r} is in both files; kept {kept_source} (the newest by the time the platform "
                "received it, never a date the learner's file states); if these are two people, give each "
                "file its own learner id and grade again",
            ))
            if not newer:
                return problems
            self.book.drop_submission(old_id)
            graded.learner = old_name
        else:
            graded.learner, clash = self._name_for(graded)
            if clash is not None:
                problems.append(clash)
        learner_id = self.learners.get(graded.learner)
        if learner_id is None:
            learner_id = len(self.learners) + 1
            self.learners[graded.learner] = learner_id
            self.book.add_learner(learner_id, graded.learner, graded.lms_id)
        elif graded.lms_id:
            self.book.set_lms_id(learner_id, graded.lms_id)
        sub_id = self.next_submission
        self.next_submission += 1
        self.book.add_submission(sub_id, learner_id, graded.source, graded.sha256, graded.exported_at,
                                 graded.received_at, graded.package_version)
        self.book.add_responses(sub_id, learner_id, graded.responses)
        self.book.add_sittings(sub_id, graded.sittings)
        self.kept[graded.identity] = (sub_id, (graded.received_at, graded.order), graded.source, graded.learner)
        return problems


def _progress(total: int | None, show: bool | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="grading", disable=None if show is None else not show, file=sys.stderr)


_WORKER: Regrader | None = None


def _init_worker(key_path: str) -> None:
    global _WORKER
    _WORKER = Regrader(load_key(key_path))


def _work_with(regrader: Regrader, received: Received) -> tuple[list[Problem], _Graded | None, float, float]:
    """Parse and regrade one file: (problems, graded or None, parse seconds, regrade seconds)."""
    import time

    t0 = time.perf_counter()
    sub = read(received)
    t1 = time.perf_counter()
    if isinstance(sub, Problem):
        return [sub], None, t1 - t0, 0.0
    try:
        graded, problems = regrade_one(regrader, received, sub)
    except (ValueError, ArithmeticError, RecursionError, UnicodeError) as exc:  # one file never stops the class
        problem = Problem(received.source, None, "not graded", f"could not be regraded ({type(exc).__name__}: {exc})")
        return [problem], None, t1 - t0, time.perf_counter() - t1
    return problems, graded, t1 - t0, time.perf_counter() - t1


def _work(received: Received) -> tuple[list[Problem], _Graded | None, float, float]:
    assert _WORKER is not None
    return _work_with(_WORKER, received)


def auto_workers(files: int) -> int:
    """Processes to use: one for fewer than 1,000 files, else one per core (at most four).

    Workers pay to start (about a second) and to send every row back to the one writer (about 40% more CPU
    in all), so they only pay off on a large class. On this project's shared two-core machine, two workers
    beat one process in one run of benchmarks/bench_gradebook.py (25 s against 30 s) and lost in another
    (45 s against 41 s) when other jobs held the cores.
    """
    cores = os.cpu_count() or 1
    return 1 if files < 1000 else max(1, min(4, cores))


def grade_submissions(
    sources: Iterable[Path] | Path | str,
    key_path: Path | str,
    out: Path | str,
    *,
    force: bool = False,
    progress: bool | None = None,
    workers: int | None = 1,
    received: Iterable[Received] | None = None,
) -> Report:
    """Collect, regrade and write a new gradebook at `out` (replaced only with `force`). See the module doc.

    `sources` is one file, folder or zip, or a list of them; `received` adds submissions already in memory
    (what a hand-in service stored, see `instructor.hand_ins`).

    `progress=None` shows a tqdm bar only on a terminal. `workers` processes parse and regrade (None: see
    `auto_workers`); one process writes, in the order the files were found.
    """
    import time

    tick = time.perf_counter
    paths = [Path(sources)] if isinstance(sources, str | Path) else [Path(p) for p in sources]
    for path in paths:
        if not path.exists():
            raise CollectError(f"{path}: no such file or folder")
    try:
        Path(out).parent.mkdir(parents=True, exist_ok=True)  # as before: `-o new-folder/gradebook.sqlite3` works
    except OSError as exc:
        raise GradeError(f"cannot create the folder of {out}: {exc.strerror or exc}") from None
    target = check_output(out, force=force)  # a regular file or nothing; said before any work
    t0 = tick()
    key = load_key(key_path)
    regrader = Regrader(key)
    extra = list(received or ())
    total = count_files(paths) + len(extra)
    n_workers = auto_workers(total) if workers is None else max(1, workers)
    report = Report(gradebook=target)
    report.timings["key"] = tick() - t0
    with replacing(target, force=force) as tmp:  # locked; a unique private .partial, renamed when whole
        _grade_into(tmp, key_path, regrader, paths, extra, total, n_workers, report, progress)
    return report


def _grade_into(
    tmp: Path, key_path: Path | str, regrader: Regrader, paths: list[Path], extra: list[Received],
    total: int, n_workers: int, report: Report, progress: bool | None,
) -> None:
    """Regrade every file into a new gradebook at `tmp` (see `grade_submissions`)."""
    import time

    key = regrader.key

    tick = time.perf_counter
    book = gradebook.Gradebook.create(tmp, {"key_sha256": key.sha256, "key_released_at": key.released_at,
                                            "graded_at": _utc_text(datetime.now(UTC))})
    writer = _Writer(book, regrader)
    timing = {"read": 0.0, "parse": 0.0, "regrade": 0.0, "write": 0.0}
    bar = _progress(total, progress)

    def receivable() -> Iterator[Received]:
        items = itertools.chain(gather(paths), extra)
        while True:
            t = tick()
            got = next(items, None)
            timing["read"] += tick() - t
            if got is None:
                return
            report.files += 1
            bar.update(1)
            if isinstance(got, Refused):
                report.problems.append(Problem(got.source, None, got.kind, got.message))
                continue
            yield got

    pool = None
    earlier_learners: dict[str, set[str]] = {}
    try:
        loop_start = tick()
        if n_workers > 1:
            import multiprocessing

            pool = multiprocessing.get_context("spawn").Pool(n_workers, _init_worker, (str(key_path),))
            results: Iterator[Any] = pool.imap(_work, receivable(), chunksize=16)
        else:
            results = (_work_with(regrader, got) for got in receivable())
        for problems, graded, parse_s, regrade_s in results:
            timing["parse"] += parse_s
            timing["regrade"] += regrade_s
            report.problems.extend(problems)
            if graded is None:
                continue
            t = tick()
            copy = writer.copied(graded)
            if copy is not None:
                report.problems.append(copy)
            report.problems.extend(writer.add(graded))
            for bank in graded.earlier:
                earlier_learners.setdefault(bank, set()).add(graded.learner)
            timing["write"] += tick() - t
        for bank, who in sorted(earlier_learners.items()):
            report.problems.append(Problem(
                "key", None, "earlier version",
                f"{len(who)} learner(s) answered {bank} in a version released before it was fixed; every answer "
                "was regraded with the current key (one line for the bank, not one per learner)",
            ))
        if pool is not None:
            # in parallel, parse and regrade ran in the workers (their CPU seconds are summed above);
            # the wall time the writer waited for them is the loop's time not spent writing
            timing["wait for workers"] = tick() - loop_start - timing["write"]
        t = tick()
        book.insert(
            "problems",
            ["source", "learner", "kind", "message"],
            [(p.source, p.learner, p.kind, p.message) for p in report.problems],
        )
        book.finish()
        timing["index"] = tick() - t
        report.graded = len(writer.kept)
        report.responses = book.count_responses()
    finally:
        book.close()
        if pool is not None:
            pool.terminate()
            pool.join()
        bar.close()
    report.timings.update(timing)
    report.timings["workers"] = n_workers
