"""ICD-10-CM codes exempt from POA reporting that the course uses (``data/coding/poa_exempt.yaml``, from CMS's list)."""

from __future__ import annotations

from functools import cache

from pydantic import Field

from course_helpers.coding.codes.normalize import normalize_code
from course_helpers.data import StrictModel, Verified, load_yaml


class ExemptCode(StrictModel):
    """One exempt code with CMS's title."""

    code: str = Field(min_length=3)
    title: str = Field(min_length=1)


class PoaExemptList(StrictModel):
    """The course's subset of CMS's POA exempt list, with its sources."""

    schema_version: int
    sources: list[dict[str, str]] = Field(min_length=1)
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""
    codes: list[ExemptCode] = Field(min_length=1)


@cache
def load_poa_exempt() -> PoaExemptList:
    """The exempt codes the course knows, validated."""
    return PoaExemptList.model_validate(load_yaml("coding/poa_exempt.yaml"))


@cache
def _exempt() -> frozenset[str]:
    return frozenset(normalize_code(c.code) for c in load_poa_exempt().codes)


def is_poa_exempt(code: str) -> bool:
    """True when the code is on the course's list of CMS POA-exempt codes (its POA is "1" or blank)."""
    return normalize_code(code) in _exempt()
