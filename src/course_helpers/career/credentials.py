"""The coding credentials (data/credentials.yaml) as a comparison table that can be sorted and filtered."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from course_helpers.data import StrictModel, Verified, load_yaml
from course_helpers.errors import CourseInputError

if TYPE_CHECKING:
    import pandas as pd

COLUMNS: dict[str, str] = {
    "abbr": "Credential",
    "name": "Full name",
    "awarded_by": "Awarded by",
    "level": "Level",
    "setting": "Main setting",
    "code_sets": "Code sets",
    "to_sit": "To sit for the exam",
    "exam": "Exam",
    "to_keep": "To keep it",
    "fact_check": "Fact check id",
}


class CredentialTableError(CourseInputError):
    """Raised for a sort column that the table does not have."""


class Credential(StrictModel):
    """One credential, as the fact-check corrected it."""

    abbr: str
    name: str
    awarded_by: str
    level: str
    inpatient_focus: bool
    setting: str
    code_sets: str
    to_sit: str
    exam: str
    to_keep: str
    fact_check: str
    source: str
    verified: Verified


@lru_cache(maxsize=1)
def load_credentials() -> tuple[Credential, ...]:
    """Load the credentials shipped with the package."""
    return tuple(Credential.model_validate(c) for c in load_yaml("credentials.yaml")["credentials"])


def credential_table(sort_by: str = "Credential", inpatient_only: bool = False) -> pd.DataFrame:
    """The credentials as a DataFrame sorted by a column title, optionally only the inpatient-focused."""

    if sort_by not in COLUMNS.values():
        raise CredentialTableError(f"Cannot sort by {sort_by!r}; choose one of: {', '.join(COLUMNS.values())}.")
    chosen = [c for c in load_credentials() if c.inpatient_focus or not inpatient_only]
    from course_helpers.display.course_frame import CourseFrame  # shown without 0-based row numbers

    table = CourseFrame([{title: getattr(c, key) for key, title in COLUMNS.items()} for c in chosen])
    if table.empty:
        return CourseFrame(columns=list(COLUMNS.values()))
    return table.sort_values(sort_by, kind="stable").reset_index(drop=True)
