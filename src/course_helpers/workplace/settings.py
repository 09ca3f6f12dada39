"""Where inpatient coders work: kinds of employer, and what to confirm before a remote job.

Data: data/work_environment.yaml.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field

from course_helpers.career.entry_path import (
    Checklist,
    ChecklistItem,
)
from course_helpers.data import StrictModel, Verified, load_yaml


class Setting(StrictModel):
    """A kind of employer from the guide's 'Where Inpatient Coders Work'."""

    name: str
    beds: str
    case_mix: str
    note: str
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


class WorkEnvironmentData(StrictModel):
    """The contents of data/work_environment.yaml."""

    schema_version: Literal[1]
    settings: list[Setting] = Field(min_length=1)
    settings_source: str
    settings_verdict: str
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""
    remote_readiness: list[ChecklistItem] = Field(min_length=1)


@cache
def load_work_environment() -> WorkEnvironmentData:
    """Return the work settings and the remote-readiness checklist."""
    return WorkEnvironmentData.model_validate(load_yaml("work_environment.yaml"))


def remote_readiness_model() -> Checklist:
    """A fresh checklist of what to confirm before taking a remote coding job."""
    return Checklist(tuple(load_work_environment().remote_readiness))


def settings_table():  # -> pandas.DataFrame
    """Kinds of employer for inpatient coders, with size and case mix."""
    import pandas as pd

    data = load_work_environment()
    rows = [{"Setting": s.name, "Beds": s.beds, "Case complexity": s.case_mix, "Note": s.note} for s in data.settings]
    return pd.DataFrame(rows)
