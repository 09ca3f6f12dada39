"""The credential comparison table and its widget."""

from __future__ import annotations

import pytest

from course_helpers.career.credentials import CredentialTableError, credential_table, load_credentials
from course_helpers.career.credentials_view import credential_explorer
from course_helpers.course.fact_checks import load_fact_checks


def test_awarding_bodies_follow_the_fact_check() -> None:
    by_abbr = {c.abbr: c for c in load_credentials()}
    assert by_abbr["CCS"].awarded_by == "AHIMA"  # fact-check A1: not AAPC
    assert by_abbr["CIC"].awarded_by == "AAPC"
    assert by_abbr["CPC"].awarded_by == "AAPC"
    assert by_abbr["RHIT"].awarded_by == "AHIMA"
    assert "High school diploma" in by_abbr["CCS"].to_sit and "bachelor" not in by_abbr["CCS"].to_sit.lower()
    assert "ICD-10-PCS" in by_abbr["CCS"].code_sets


def test_every_credential_links_a_known_fact_check() -> None:
    known = set(load_fact_checks())
    assert all(c.fact_check in known for c in load_credentials())


def test_sorting_and_filtering() -> None:
    table = credential_table("Awarded by")
    assert list(table["Awarded by"]) == sorted(table["Awarded by"])
    inpatient = credential_table(inpatient_only=True)
    assert set(inpatient["Credential"]) == {"CCS", "CIC"}
    with pytest.raises(CredentialTableError, match="choose one of"):
        credential_table("Salary")


def test_explorer_widget_rerenders() -> None:
    box = credential_explorer()
    assert "<th>CPC</th>" in box.table.value
    box.inpatient.value = True
    assert "<th>CPC</th>" not in box.table.value and "<th>CIC</th>" in box.table.value
    box.inpatient.value = False
    box.sort_by.value = "Awarded by"  # AAPC credentials (CIC, CPC) come before AHIMA ones
    assert box.table.value.index("<th>CIC</th>") < box.table.value.index("<th>CCA</th>")
