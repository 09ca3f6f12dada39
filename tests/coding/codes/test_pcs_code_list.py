"""Issue 24: the PCS look-up's list is the pinned year's, and look-up, table builder and code editor agree."""

from __future__ import annotations

from course_helpers.coding.codes import pcs_tables
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.icd10pcs import pcs_titles, tuva_pcs_titles
from course_helpers.coding.codes.lookup import lookup_code, search_codes


def test_every_code_in_the_lookup_list_is_accepted_by_the_code_editor() -> None:
    rejected = [code for code in pcs_titles() if not is_valid_pcs(code)]
    assert rejected == []


def test_every_code_the_builder_offers_is_in_the_lookup_list_with_a_title() -> None:
    titles = pcs_titles()
    codes = pcs_tables.builder_codes()
    assert len(codes) > 60_000
    assert sorted(codes - set(titles)) == []
    assert all(titles[c] for c in codes)


def test_codes_the_code_editor_rejects_are_left_out_and_called_invalid() -> None:
    dropped = [code for code in tuva_pcs_titles() if code not in pcs_titles()]
    assert "0SG604Z" in dropped and all(not is_valid_pcs(c) for c in dropped)
    details = lookup_code("0SG604Z", system="pcs")
    assert not details.valid and "not a valid ICD-10-PCS code" in details.message


def test_a_valid_code_missing_from_the_tuva_list_is_found_by_code_and_by_search() -> None:
    assert "00503Z4" not in tuva_pcs_titles() and is_valid_pcs("00503Z4")
    details = lookup_code("00503Z4", system="pcs")
    assert details.valid and details.title
    assert "00503Z4" in [hit.code for hit in search_codes("00503Z4", system="pcs")]
    built = pcs_tables.build("00503Z4")
    assert built.valid and built.title == details.title
