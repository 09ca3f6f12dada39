"""The fact-check records (data/fact_checks.yaml) as validated pydantic models: pure, no display."""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, HttpUrl

from course_helpers.data import StrictModel, Verified, data_file, parse_yaml
from course_helpers.errors import CourseInputError

Verdict = Literal["Correct", "Wrong", "Outdated", "Partly correct", "Unverified"]
VERDICTS: tuple[str, ...] = ("Correct", "Wrong", "Outdated", "Partly correct", "Unverified")
DATA_FILE = "fact_checks.yaml"


class UnknownFactCheckError(CourseInputError):
    """Raised when a fact-check id is not in the data file; the message names close ids."""


class Source(StrictModel):
    """A source backing a correction."""

    title: Annotated[str, Field(min_length=1)]
    url: HttpUrl


class FactCheck(StrictModel):
    """One claim from the career guide, its verdict and the corrected statement the course teaches."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    claim: Annotated[str, Field(min_length=1)]
    verdict: Verdict
    verdict_detail: str | None = None
    correction: Annotated[str, Field(min_length=1)]
    caveat: str | None = None
    sources: list[Source] = Field(default_factory=list)
    fact_check_ref: Annotated[str, Field(min_length=1)]
    summary_row: Annotated[int, Field(ge=1, le=10)] | None = None
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


class FactCheckFile(StrictModel):
    """The whole data file."""

    schema_version: Literal[1]
    fact_checks: list[FactCheck]


def parse_fact_checks(text: str) -> dict[str, FactCheck]:
    """Parse and validate fact-check YAML text; return the records by id (ValueError on a duplicate id)."""
    data = FactCheckFile.model_validate(parse_yaml(text))
    records: dict[str, FactCheck] = {}
    for record in data.fact_checks:
        if record.id in records:
            raise ValueError(f"fact-check id {record.id!r} appears twice")
        records[record.id] = record
    return records


@lru_cache(maxsize=1)
def load_fact_checks() -> dict[str, FactCheck]:
    """Load every fact-check record shipped with the package, by id."""
    text = data_file(DATA_FILE).read_text(encoding="utf-8")
    return parse_fact_checks(text)


def get_fact_check(fact_id: str, records: dict[str, FactCheck] | None = None) -> FactCheck:
    """Return the record with this id, or raise UnknownFactCheckError naming the closest ids."""
    records = load_fact_checks() if records is None else records
    key = str(fact_id).strip().lower()
    if key in records:
        return records[key]
    close = difflib.get_close_matches(key, list(records), n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    message = f"No fact check with id {fact_id!r}.{hint} fact_check_table() lists them all."
    raise UnknownFactCheckError(message)
