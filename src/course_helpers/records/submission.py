"""The submission file a learner hands to an instructor: every attempt, sittings and a summary, as JSON.

Versioned like nbgrader's format: `format` names the kind of file and `schema_version` its layout.
`read_submission` says which version it read and rejects versions it does not know. The published
JSON schema (`course_helpers/schemas/submission.v1.json`, shipped in the package) is generated from these
models: `python -m course_helpers.records.submission src/course_helpers/schemas/submission.v1.json`.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, ConfigDict, Field, JsonValue, ValidationError

from course_helpers import __version__
from course_helpers.data import StrictModel
from course_helpers.errors import CourseInputError
from course_helpers.records.mastery import BankQuestions, summarize
from course_helpers.records.store import ProgressStore, utc_now

FORMAT = "inpatient-coder-course/submission"
SCHEMA_VERSION = 1
SUPPORTED_VERSIONS = (1,)

# The edge: every submission (a file, a zip member, a hand-in to the service) passes these bounds once, in
# `parse_submission`, before anything else reads it. Past them a file is refused with one line.
MAX_SUBMISSION_BYTES = 5_000_000
"""Largest submission read (5 MB; the hand-in service's default limit too): a learner who answered every
question of every lesson many times writes well under 1 MB."""
MAX_ANSWER_DEPTH = 16
"""Deepest nesting of lists and objects inside one answer (the course's answers nest two levels)."""
MAX_ANSWER_INT = 10**15
"""Largest whole number in an answer, either sign (a 5,000-digit number is an attack, not an answer)."""
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


class SubmissionError(CourseInputError):
    """A submission file cannot be read; the message says which file and why; `kind` is its problem kind."""

    def __init__(self, message: str, kind: str = "not a submission") -> None:
        super().__init__(message)
        self.kind = kind


def _unicode(text: str) -> str:
    """Refuse text that is not valid Unicode (a lone surrogate such as '\\ud800' cannot be stored or printed)."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("text holds a lone surrogate (not valid Unicode)") from None
    return text


def _utc(at: datetime) -> datetime:
    """A time converted to UTC, between 1970 and 2200 (9999-12-31T23:59:59-23:59 is past what UTC can hold)."""
    try:
        utc = at.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(f"time {at.isoformat()} is out of range") from None
    if not EARLIEST <= utc < LATEST:
        raise ValueError(f"time {utc.isoformat()} is not between {EARLIEST.year} and {LATEST.year}")
    return utc


def _bounded(value: Any, depth: int = 0) -> Any:
    """An answer nested at most MAX_ANSWER_DEPTH deep, its numbers finite and bounded, its text valid Unicode."""
    kind = type(value)
    if kind is str:
        return _unicode(value)
    if kind is bool or value is None:
        return value
    if kind is int:
        if not -MAX_ANSWER_INT <= value <= MAX_ANSWER_INT:
            raise ValueError(f"a whole number in the answer is beyond {MAX_ANSWER_INT:.0e}")
        return value
    if kind is float:
        if not math.isfinite(value):
            raise ValueError("a number in the answer is not finite")
        return value
    if depth >= MAX_ANSWER_DEPTH:
        raise ValueError(f"the answer is nested more than {MAX_ANSWER_DEPTH} deep")
    if kind is list:
        for item in value:
            _bounded(item, depth + 1)
    elif kind is dict:
        for name, item in value.items():
            _unicode(name)
            _bounded(item, depth + 1)
    return value


def _not_bool(value: Any) -> Any:
    """`true` is not the version 1 (Python counts True == 1)."""
    if isinstance(value, bool):
        raise ValueError("schema_version must be a whole number, not true or false")
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_unicode)]
AnyText = Annotated[str, AfterValidator(_unicode)]
UtcTime = Annotated[AwareDatetime, AfterValidator(_utc)]
Answer = Annotated[JsonValue, AfterValidator(_bounded)]


class SubmittedAttempt(StrictModel):
    """One answer, as recorded when it was given."""

    bank: Text = Field(description="Bank (lesson quiz) id, e.g. '02_responsibilities'.")
    question: Text = Field(description="Question id (or case id in the coding lab).")
    answer: Answer = Field(description="The answer as given: text, number, boolean or list.")
    correct: bool
    points: float = Field(description="Points earned for this answer.")
    max_points: float = Field(description="Points available for this question.")
    bank_hash: Text = Field(description="Short hash of the bank's text when the answer was given.")
    session: AnyText | None = Field(default=None, description="The quiz sitting the answer belongs to, if any.")
    at: UtcTime = Field(description="When the answer was given (UTC).")


class SubmittedSession(StrictModel):
    """One finished quiz sitting (exam attempts are counted from these)."""

    bank: Text
    session: Text
    score: float
    max_score: float
    passed: bool
    finished_at: UtcTime


class LessonSummary(StrictModel):
    """Mastery in one lesson when the file was exported."""

    bank: Text
    title: AnyText
    answered: int = Field(ge=0, description="Questions of the bank answered at least once.")
    in_bank: int = Field(ge=0, description="Questions in the bank.")
    mastered: int = Field(ge=0, description="Questions whose most recent answer was correct.")
    mastery_percent: float = Field(ge=0, le=100, description="mastered / in_bank x 100.")
    last_activity: UtcTime | None = None


class SubmissionV1(StrictModel):
    """A learner's submission file, schema version 1."""

    model_config = ConfigDict(title="Inpatient coder course submission (version 1)")

    format: Literal["inpatient-coder-course/submission"] = Field(description="Always this text.")
    schema_version: Annotated[Literal[1], BeforeValidator(_not_bool)] = Field(
        description="The layout version of this file."
    )
    learner: Text = Field(description="The learner id the attempts were recorded under.")
    exported_at: UtcTime
    package_version: Text = Field(description="The course-helpers version that wrote the file.")
    attempts: list[SubmittedAttempt] = Field(description="Every attempt, oldest first.")
    sessions: list[SubmittedSession] = Field(description="Every finished quiz sitting, oldest first.")
    summary: list[LessonSummary] = Field(description="Per-lesson mastery at export time.")


Submission = SubmissionV1
"""The submission model this version of the package writes."""


def build_submission(
    store: ProgressStore, learner: str, banks: Mapping[str, BankQuestions], now: datetime | None = None
) -> SubmissionV1:
    """Collect a learner's attempts, sittings and mastery summary into a submission."""
    attempts = [
        SubmittedAttempt(
            bank=a.bank,
            question=a.question,
            answer=a.answer,
            correct=a.correct,
            points=a.points,
            max_points=a.max_points,
            bank_hash=a.bank_hash,
            session=a.session,
            at=a.at,
        )
        for a in store.attempts(learner=learner)
    ]
    sessions = [
        SubmittedSession(
            bank=s.bank,
            session=s.session,
            score=s.score,
            max_score=s.max_score,
            passed=s.passed,
            finished_at=s.finished_at,
        )
        for s in store.sessions(learner)
    ]
    summary = [
        LessonSummary(
            bank=r.bank,
            title=r.title,
            answered=r.answered,
            in_bank=r.in_bank,
            mastered=r.mastered,
            mastery_percent=round(r.mastery, 2),
            last_activity=r.last_activity,
        )
        for r in summarize(store.latest_results(learner), banks)
    ]
    return SubmissionV1(
        format=FORMAT,
        schema_version=SCHEMA_VERSION,
        learner=learner,
        exported_at=now or utc_now(),
        package_version=__version__,
        attempts=attempts,
        sessions=sessions,
        summary=summary,
    )


def write_submission(submission: SubmissionV1, path: Path | str, *, force: bool = False) -> Path:
    """Write the submission as JSON through a temporary file in the target folder, then rename it into place.

    A half-written file never replaces a good one, and only a regular file (or nothing) is replaced: a
    device, FIFO, folder or symlink at the path raises SubmissionError unless `force`, which then writes
    into it in place. A failed write (a full disk) raises OSError.
    """
    target = Path(path)
    text = submission.model_dump_json(indent=2) + "\n"
    if target.is_symlink() or (target.exists() and not target.is_file()):
        kind = "a symbolic link" if target.is_symlink() else "a folder" if target.is_dir() else "not a regular file"
        if not force or target.is_dir():
            raise SubmissionError(
                f"{target} is {kind}; choose a file name (or pass --force to write into it anyway)"
                if not target.is_dir()
                else f"{target} is a folder; give a file name such as {target / 'results.json'}"
            )
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def parse_submission(
    data: bytes | str, *, strict: bool = False, max_bytes: int = MAX_SUBMISSION_BYTES
) -> SubmissionV1:
    """The one edge every submission passes (a file, a zip member, a hand-in): size, JSON, format, version,
    then every field and its bounds (times in UTC 1970-2200, answers nested and sized within limits, valid
    Unicode). Raises SubmissionError (one line, with `kind`: "too large", "not JSON" or "not a submission").

    `strict` refuses a string where a number belongs ("1.0"), as the file reader does."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise SubmissionError(f"is {size:,} bytes; submissions over {max_bytes:,} bytes are refused", "too large")
    invalid: ValidationError | None = None
    try:  # the fast path: a good file is parsed and checked in one pass by pydantic-core
        return SubmissionV1.model_validate_json(data, strict=strict)
    except ValidationError as exc:
        invalid = exc
    except (ValueError, RecursionError):  # pydantic-core's own limits; say which below
        pass
    try:
        parsed: Any = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SubmissionError(f"is not a JSON submission file ({exc})", "not JSON") from None
    except (ValueError, RecursionError):  # a 5,000-digit number, an array nested 100,000 deep
        raise SubmissionError(
            "is not a JSON submission file (nested too deeply, or a number too long, to read)", "not JSON"
        ) from None
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT:
        got = parsed.get("format") if isinstance(parsed, dict) else type(parsed).__name__
        raise SubmissionError(f"is not a course submission (format is {got!r}, expected {FORMAT!r})")
    version = parsed.get("schema_version")
    if type(version) is not int or version not in SUPPORTED_VERSIONS:  # `true == 1` in Python: not a version
        known = ", ".join(map(str, SUPPORTED_VERSIONS))
        raise SubmissionError(
            f"submission schema_version {version!r} is not supported; this "
            f"course-helpers {__version__} reads version {known} (upgrade course-helpers)"
        )
    if invalid is None:
        raise SubmissionError(f"version {version} file is too deeply nested or holds a number too long to read")
    first = invalid.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "file"
    message = _unicode_safe(str(first["msg"]))
    raise SubmissionError(
        f"version {version} file is invalid at {where}: {message} ({invalid.error_count()} problem(s))"
    )


def _unicode_safe(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def read_submission(path: Path | str) -> SubmissionV1:
    """Read a submission file; its `schema_version` says which version it is. Unknown versions are refused."""
    source = Path(path)
    try:
        if source.exists() and not source.is_file():
            raise SubmissionError(f"{source}: is not a regular file (a folder, FIFO or device); not read")
        with source.open("rb") as handle:
            data = handle.read(MAX_SUBMISSION_BYTES + 1)
    except OSError as exc:
        raise SubmissionError(f"{source}: cannot be read ({exc.strerror or exc})") from exc
    try:
        submission = parse_submission(data, strict=True)
    except SubmissionError as exc:
        raise SubmissionError(f"{source}: {exc}", exc.kind) from None
    problem = impossible(submission)
    if problem:
        raise SubmissionError(f"{source}: {problem}")
    return submission


def impossible(submission: SubmissionV1) -> str | None:
    """The first thing in a well-formed submission that cannot be true (one line), or None."""
    for i, a in enumerate(submission.attempts, start=1):
        where = f"attempt {i} ({a.bank}/{a.question})"
        for name, value in (("points", a.points), ("max_points", a.max_points)):
            if not math.isfinite(value) or value < 0:
                return f"{where}: {name} {value} is not a finite number of at least 0"
        if a.points > a.max_points + 1e-9:
            return f"{where}: points {a.points:g} are more than the maximum {a.max_points:g}"
        if a.correct != (a.points >= a.max_points - 1e-9 and a.max_points > 0):
            return f"{where}: marked correct={a.correct} with {a.points:g} of {a.max_points:g} points"
        if a.at > submission.exported_at:
            return f"{where}: answered at {a.at.isoformat()}, after the file was exported"
    for i, s in enumerate(submission.sessions, start=1):
        if not (math.isfinite(s.score) and math.isfinite(s.max_score)) or not 0 <= s.score <= s.max_score:
            return f"sitting {i} ({s.bank}): score {s.score} of {s.max_score} is impossible"
        if s.finished_at > submission.exported_at:
            return f"sitting {i} ({s.bank}): finished after the file was exported"
    return None


def submission_json_schema() -> dict[str, Any]:
    """Return the published JSON schema of the current submission version."""
    schema = SubmissionV1.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://inpatient-coder-course.invalid/schemas/submission.v1.json",
        **schema,
    }


def schema_text() -> str:
    """Return the JSON schema exactly as it is committed in src/course_helpers/schemas/submission.v1.json."""
    return json.dumps(submission_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m course_helpers.records.submission src/course_helpers/schemas/submission.v1.json
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src/course_helpers/schemas/submission.v1.json")
    out.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {out}")
