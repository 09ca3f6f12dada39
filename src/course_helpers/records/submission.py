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
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, ConfigDict, Field, JsonValue, ValidationError

from course_helpers import __version__
from course_helpers.data import StrictModel
from course_helpers.errors import CourseInputError
from course_helpers.records.mastery import BankQuestions, summarize
from course_helpers.records.store import ProgressStore, utc_now

FORMAT = "inpatient-coder-course/submission"
SCHEMA_VERSION = 1
SUPPORTED_VERSIONS = (1,)

Text = Annotated[str, Field(min_length=1)]


class SubmissionError(CourseInputError):
    """A submission file cannot be read; the message says which file and why."""


class SubmittedAttempt(StrictModel):
    """One answer, as recorded when it was given."""

    bank: Text = Field(description="Bank (lesson quiz) id, e.g. '02_responsibilities'.")
    question: Text = Field(description="Question id (or case id in the coding lab).")
    answer: JsonValue = Field(description="The answer as given: text, number, boolean or list.")
    correct: bool
    points: float = Field(description="Points earned for this answer.")
    max_points: float = Field(description="Points available for this question.")
    bank_hash: Text = Field(description="Short hash of the bank's text when the answer was given.")
    session: str | None = Field(default=None, description="The quiz sitting the answer belongs to, if any.")
    at: AwareDatetime = Field(description="When the answer was given (UTC).")


class SubmittedSession(StrictModel):
    """One finished quiz sitting (exam attempts are counted from these)."""

    bank: Text
    session: Text
    score: float
    max_score: float
    passed: bool
    finished_at: AwareDatetime


class LessonSummary(StrictModel):
    """Mastery in one lesson when the file was exported."""

    bank: Text
    title: str
    answered: int = Field(ge=0, description="Questions of the bank answered at least once.")
    in_bank: int = Field(ge=0, description="Questions in the bank.")
    mastered: int = Field(ge=0, description="Questions whose most recent answer was correct.")
    mastery_percent: float = Field(ge=0, le=100, description="mastered / in_bank x 100.")
    last_activity: AwareDatetime | None = None


class SubmissionV1(StrictModel):
    """A learner's submission file, schema version 1."""

    model_config = ConfigDict(title="Inpatient coder course submission (version 1)")

    format: Literal["inpatient-coder-course/submission"] = Field(description="Always this text.")
    schema_version: Literal[1] = Field(description="The layout version of this file.")
    learner: Text = Field(description="The learner id the attempts were recorded under.")
    exported_at: AwareDatetime
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


def read_submission(path: Path | str) -> SubmissionV1:
    """Read a submission file; its `schema_version` says which version it is. Unknown versions are refused."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
        data: Any = json.loads(text)
    except OSError as exc:
        raise SubmissionError(f"{source}: cannot be read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SubmissionError(f"{source}: is not a JSON submission file ({exc})") from exc
    except RecursionError:
        raise SubmissionError(f"{source}: is nested too deeply to be a submission file") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        got = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise SubmissionError(f"{source}: is not a course submission (format is {got!r}, expected {FORMAT!r})")
    version = data.get("schema_version")
    if type(version) is not int or version not in SUPPORTED_VERSIONS:  # `true == 1` in Python: not a version
        known = ", ".join(map(str, SUPPORTED_VERSIONS))
        raise SubmissionError(
            f"{source}: submission schema_version {version!r} is not supported; this "
            f"course-helpers {__version__} reads version {known} (upgrade course-helpers)"
        )
    try:
        # strict: a string where a number belongs ("1.0") is refused, not converted
        submission = SubmissionV1.model_validate_json(text, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise SubmissionError(
            f"{source}: version {version} file is invalid at {where}: {first['msg']} ({exc.error_count()} problem(s))"
        ) from exc
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
