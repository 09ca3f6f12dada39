"""Every fact a data file states says how it was checked: `verified: primary|secondary` on each record.

A record is a mapping that states something from a source (`source`, `sources`, `url`, `*_source`) or an item of
a list of facts; it carries its own status or takes its enclosing record's (course_helpers.course.provenance).
"""

from __future__ import annotations

import pytest

from course_helpers.course.provenance import NOT_FACT_FILES, STATUSES, fact_files, records, secondary_only_figures
from course_helpers.data import data_dir

FACT_FILES = fact_files()


def test_every_data_file_is_walked_or_named_as_holding_no_facts():
    on_disk = {p.relative_to(data_dir("")).as_posix() for p in data_dir("").rglob("*.yaml")}
    on_disk = {n for n in on_disk if not n.startswith(("cases/", "facilitator_notes/"))}
    assert on_disk == set(FACT_FILES) | set(NOT_FACT_FILES)
    for name in ("salary.yaml", "salary_careers.yaml", "fact_checks.yaml", "bls.yaml", "coding/poa_exempt.yaml"):
        assert name in FACT_FILES


@pytest.mark.parametrize("file", FACT_FILES)
def test_every_record_says_how_it_was_verified(file):
    found = records(file)
    assert found, f"{file}: no record found; name it in NOT_FACT_FILES if it states no fact"
    missing = [r.path for r in found if r.status is None]
    assert not missing, f"{file}: {len(missing)} record(s) without `verified: primary|secondary`: {missing[:8]}"
    wrong = {r.path: r.status for r in found if r.status not in STATUSES}
    assert not wrong, f"{file}: `verified` must be one of {STATUSES}: {wrong}"


def test_the_guides_unverified_figures_are_secondary_only():
    """The walk sees the figures the fact-check could not trace to a primary source."""
    figures = secondary_only_figures()
    for figure in [("amount", 42000.0), ("amount", 48780.0), ("percent", 15.0), ("amount", 95000.0)]:
        assert figure in figures, figure
