"""POA-exempt codes (CMS's list, the course's subset) and equivalent codes in the keys."""

from __future__ import annotations

import pytest

from course_helpers.coding.cases.answer import CaseAnswer
from course_helpers.coding.cases.attempt import check_answer, key_as_answer, regroup
from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.codes.cm_status import CmStatus, cm_status
from course_helpers.coding.codes.poa_exempt import is_poa_exempt, load_poa_exempt
from course_helpers.errors import CaseInputError

CASES = load_cases()


def _diagnoses(case):
    key = case.key
    yield key.principal
    yield from key.secondary
    for alt in key.alternatives:
        yield alt.principal
        yield from alt.secondary


def test_a_key_marks_poa_exempt_exactly_the_codes_on_the_exempt_list() -> None:
    wrong = [
        f"{cid}: {d.code} POA {d.poa}"
        for cid, case in CASES.items()
        for d in _diagnoses(case)
        if (d.poa == "1") != is_poa_exempt(d.code)
    ]
    assert not wrong, wrong


def test_every_listed_exempt_code_is_billable_in_the_pinned_year_and_sourced() -> None:
    data = load_poa_exempt()
    assert any("CMS" in s["title"] for s in data.sources)
    assert [c.code for c in data.codes if cm_status(c.code) is not CmStatus.BILLABLE] == []


def test_an_exempt_code_may_be_left_blank_but_no_other_code_may() -> None:
    entry = check_answer("J69.0", [("I69.391", ""), ("R13.12", "Y")])
    assert dict(entry.secondary)["I69391"] == ""
    with pytest.raises(CaseInputError, match="choose a POA indicator for R13.12"):
        check_answer("J69.0", [("I69.391", "1"), ("R13.12", "")])


EQUIVALENTS = [(cid, code) for cid, case in CASES.items() for group in case.key.equivalents for code in group]


@pytest.mark.parametrize(("case_id", "code"), EQUIVALENTS)
def test_an_equivalent_code_in_place_of_its_key_code_groups_to_the_same_drg(case_id: str, code: str) -> None:
    case = CASES[case_id]
    key = key_as_answer(case)
    group = next(g for g in case.key.equivalents if code in g)
    swap = {c: code for c in group}
    entry = CaseAnswer(
        swap.get(key.principal, key.principal),
        tuple((swap.get(c, c), p) for c, p in key.secondary),
        tuple(swap.get(c, c) for c in key.procedures),
    )
    assert cm_status(code) is CmStatus.BILLABLE
    assert regroup(case, entry).drg == case.key.drg


def test_a_procedure_code_is_validated_once_per_graded_answer(monkeypatch) -> None:
    """check_answer validates each PCS code with the code editor; regrouping does not validate it again."""
    from course_helpers.coding.cases import attempt
    from course_helpers.coding.drg import grouper

    calls: list[str] = []
    real = attempt.is_valid_pcs

    def counting(code: str) -> bool:
        calls.append(code)
        return real(code)

    monkeypatch.setattr(attempt, "is_valid_pcs", counting)
    monkeypatch.setattr(grouper, "is_valid_pcs", counting)
    case = CASES["c12_hip_fracture_hemiarthroplasty"]
    attempt.grade_answer(case, attempt.check_answer("S72.031A", [("I10", "Y")], ["0SRR0J9"]))
    assert calls == ["0SRR0J9"]
