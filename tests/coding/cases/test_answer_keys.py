"""Answer-key integrity: every code in every key is valid and billable in the pinned year, and every key
regroups to the DRG its case states."""

from __future__ import annotations

import pytest

from course_helpers.coding.cases.attempt import key_grouping
from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.codes.cm_status import CmStatus, cm_status
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.drg.table5 import load_table5

CASES = load_cases()


@pytest.mark.parametrize("case_id", list(CASES))
def test_every_diagnosis_code_is_billable_in_the_pinned_year(case_id: str) -> None:
    key = CASES[case_id].key
    codes = [key.principal.code, *key.secondary_codes, *key.optional_diagnoses]
    not_billable = {c: cm_status(c).value for c in codes if cm_status(c) is not CmStatus.BILLABLE}
    assert not not_billable, f"{case_id}: not billable in {FISCAL_YEAR.label}: {not_billable}"


@pytest.mark.parametrize("case_id", list(CASES))
def test_every_procedure_code_is_valid_in_the_pinned_year(case_id: str) -> None:
    key = CASES[case_id].key
    invalid = [c for c in [*key.procedures, *key.optional_procedures] if not is_valid_pcs(c)]
    assert not invalid, f"{case_id}: invalid ICD-10-PCS in {FISCAL_YEAR.label}: {invalid}"


@pytest.mark.parametrize("case_id", list(CASES))
def test_every_key_regroups_to_its_stated_drg(case_id: str) -> None:
    case = CASES[case_id]
    result = key_grouping(case)
    assert result.return_code == "OK", result.notes
    assert result.drg == case.key.drg, f"{case_id}: key states DRG {case.key.drg}, grouper gives {result.drg}"
    assert not result.edits, [e.message for e in result.edits]
    assert result.drg in load_table5() and result.weight is not None


@pytest.mark.parametrize("case_id", list(CASES))
def test_optional_codes_do_not_change_the_drg(case_id: str) -> None:
    """Optional codes are 'accepted, not required': adding them must leave the key's DRG unchanged."""
    from course_helpers.coding.cases.attempt import regroup
    from course_helpers.coding.cases.grading import Submission

    case = CASES[case_id]
    key = case.key
    full = Submission(
        principal=key.principal.code,
        secondary=tuple((d.code, d.poa) for d in key.secondary) + tuple((c, "Y") for c in key.optional_diagnoses),
        procedures=tuple(key.procedures) + tuple(key.optional_procedures),
    )
    assert regroup(case, full).drg == key.drg
