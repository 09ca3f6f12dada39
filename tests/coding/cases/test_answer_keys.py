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
    from course_helpers.coding.cases.answer import CaseAnswer
    from course_helpers.coding.cases.attempt import regroup

    case = CASES[case_id]
    key = case.key
    full = CaseAnswer(
        principal=key.principal.code,
        secondary=tuple((d.code, d.poa) for d in key.secondary) + tuple((c, "Y") for c in key.optional_diagnoses),
        procedures=tuple(key.procedures) + tuple(key.optional_procedures),
    )
    assert regroup(case, full).drg == key.drg


ALTERNATIVES = [(cid, i) for cid, case in CASES.items() for i in range(len(case.key.alternatives))]


@pytest.mark.parametrize(("case_id", "index"), ALTERNATIVES)
def test_every_alternative_regroups_to_its_stated_drg_with_no_edits(case_id: str, index: int) -> None:
    from course_helpers.coding.cases.attempt import alternative_as_answer, regroup

    case = CASES[case_id]
    alt = case.key.alternatives[index]
    codes = [alt.principal.code, *(d.code for d in alt.secondary)]
    not_billable = {c: cm_status(c).value for c in codes if cm_status(c) is not CmStatus.BILLABLE}
    assert not not_billable, f"{case_id} alternative {index}: not billable: {not_billable}"
    assert all(is_valid_pcs(c) for c in alt.procedures), alt.procedures
    result = regroup(case, alternative_as_answer(case, index))
    assert result.return_code == "OK", result.notes
    assert result.drg == alt.drg, f"{case_id} alternative {index}: states DRG {alt.drg}, grouper gives {result.drg}"
    assert not result.edits, [e.message for e in result.edits]
    assert alt.why.strip() and alt.cite.strip()


@pytest.mark.parametrize(("case_id", "index"), ALTERNATIVES)
def test_optional_codes_do_not_change_an_alternatives_drg(case_id: str, index: int) -> None:
    from course_helpers.coding.cases.answer import CaseAnswer
    from course_helpers.coding.cases.attempt import alternative_as_answer, regroup

    case = CASES[case_id]
    alt = alternative_as_answer(case, index)
    taken = {c for c, _ in alt.secondary} | {alt.principal}
    full = CaseAnswer(
        principal=alt.principal,
        secondary=alt.secondary + tuple((c, "Y") for c in case.key.optional_diagnoses if c not in taken),
        procedures=alt.procedures + tuple(case.key.optional_procedures),
    )
    assert regroup(case, full).drg == case.key.alternatives[index].drg


def test_alternatives_differ_from_the_main_key() -> None:
    """An alternative that repeats the main key teaches nothing: its principal or its codes must differ."""
    for case_id, index in ALTERNATIVES:
        key, alt = CASES[case_id].key, CASES[case_id].key.alternatives[index]
        same = alt.principal.code == key.principal.code and {d.code for d in alt.secondary} == set(key.secondary_codes)
        assert not same, f"{case_id} alternative {index} repeats the main key"
