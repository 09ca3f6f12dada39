"""Phrases the titles miss reach their code through the Alphabetic Index path, in any spelling."""

from __future__ import annotations

import pytest

from course_helpers.coding.codes.cm_status import CmStatus, cm_status
from course_helpers.coding.codes.index_terms import index_matches, load_index_terms
from course_helpers.coding.codes.lookup import search_codes


@pytest.mark.parametrize("query", ["acute blood loss anemia", "acute blood loss anaemia", "Anaemia, acute blood loss"])
def test_acute_blood_loss_anemia_finds_d62_through_the_index(query: str) -> None:
    hits = search_codes(query)
    assert hits and hits[0].display == "D62"
    assert hits[0].matched_in == "Alphabetic Index: Anemia > blood loss > acute"
    assert hits[0].title == "Acute posthemorrhagic anemia"


def test_a_partial_phrase_does_not_claim_the_index_path() -> None:
    assert index_matches("blood loss anemia") == []  # chronic or NOS blood loss anemia is D50.0, not D62
    assert all(h.display != "D62" or "Index" not in h.matched_in for h in search_codes("blood loss anemia"))


def test_every_index_code_is_billable_in_the_pinned_year() -> None:
    assert [t.code for t in load_index_terms().terms if cm_status(t.code) is not CmStatus.BILLABLE] == []
