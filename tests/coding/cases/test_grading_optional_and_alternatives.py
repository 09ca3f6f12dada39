"""Optional codes (accepted, never required, never penalised) and alternative keys (accepted complete answers)."""

from __future__ import annotations

import pytest

from course_helpers.coding.cases.answer import CaseAnswer, key_answers
from course_helpers.coding.cases.attempt import alternative_as_answer, grade_answer, key_as_answer
from course_helpers.coding.cases.feedback import OK
from course_helpers.coding.cases.grade import grade_case
from course_helpers.coding.cases.model import get_case, load_cases
from course_helpers.coding.cases.scoring import DrgOutcome, score_case

CASES = load_cases()


def _with(sub: CaseAnswer, diagnoses: tuple[str, ...] = (), procedures: tuple[str, ...] = ()) -> CaseAnswer:
    return CaseAnswer(
        sub.principal,
        sub.secondary + tuple((c, "Y") for c in diagnoses),
        sub.procedures + procedures,
        sub.query_choice,
    )


@pytest.mark.parametrize(
    ("case_id", "codes"),
    [
        ("c07_bleeding_gastric_ulcer", ("Z79.1",)),
        ("c22_malnutrition_query", ("Z60.2", "Z63.4")),
        ("c12_hip_fracture_hemiarthroplasty", ("W01.0XXA", "Y92.009")),  # W18.09XA: one of, see below
        ("c09_stroke_thrombolysis", ("Z79.01",)),
        ("c14_laparoscopic_cholecystectomy", ("Z71.3",)),
        ("c16_cellulitis_leg", ("Y93.H2",)),
        ("c19_alcoholic_pancreatitis", ("Z71.41",)),
        ("c20_probable_diverticulitis", ("Z91.041",)),
    ],
)
def test_optional_diagnoses_from_issue_14_cost_nothing_and_are_called_also_acceptable(case_id, codes) -> None:
    case = CASES[case_id]
    assert set(codes) <= set(case.key.optional_diagnoses), f"{case_id} should list {codes} as optional"
    plain = grade_answer(case, key_as_answer(case))
    extra = grade_answer(case, _with(key_as_answer(case), codes))
    assert plain.fully_correct and extra.fully_correct
    assert extra.points == plain.points
    assert extra.accepted_optional == tuple(c.replace(".", "") for c in codes)
    for code in codes:
        assert any(line.startswith(f"{OK} Also codable: {code} ") for line in extra.feedback), extra.feedback
    assert not any("Also codable" in line for line in plain.feedback)


def test_an_optional_procedure_is_named_and_free() -> None:
    case = CASES["c07_bleeding_gastric_ulcer"]
    grade = grade_answer(case, _with(key_as_answer(case), procedures=("30233N1",)))
    assert grade.fully_correct and grade.accepted_optional == ("30233N1",)
    expected = f"{OK} Also codable: 30233N1 is an optional procedure code"
    assert any(line.startswith(expected) for line in grade.feedback)


def test_an_optional_code_does_not_rescue_a_missing_required_one() -> None:
    """Optional codes are never required and never substitute for a required code."""
    case = CASES["c07_bleeding_gastric_ulcer"]
    key = key_as_answer(case)
    dropped = CaseAnswer(key.principal, key.secondary[1:], key.procedures)
    with_optional = _with(dropped, ("Z79.1",))
    a, b = grade_answer(case, dropped), grade_answer(case, with_optional)
    assert not a.fully_correct and a.points == b.points
    assert b.secondary.missed == a.secondary.missed


def test_a_code_that_is_neither_required_nor_optional_is_still_an_extra() -> None:
    case = CASES["c07_bleeding_gastric_ulcer"]
    grade = grade_answer(case, _with(key_as_answer(case), ("Z60.2",)))
    assert not grade.fully_correct and grade.secondary.extra == ("Z602",)
    assert not any("Also codable" in line for line in grade.feedback)


ALT_CASES = [cid for cid, case in CASES.items() if case.key.alternatives]


def test_the_cases_issue_14_names_carry_alternatives() -> None:
    assert "c06_copd_respiratory_failure" in ALT_CASES and len(ALT_CASES) >= 5


@pytest.mark.parametrize("case_id", ALT_CASES)
def test_a_complete_alternative_answer_scores_full_marks_and_says_why(case_id: str) -> None:
    case = CASES[case_id]
    for index, alt in enumerate(case.key.alternatives):
        sub = alternative_as_answer(case, index)
        if case.query is not None:
            sub = CaseAnswer(
                sub.principal,
                sub.secondary,
                sub.procedures,
                next(i for i, o in enumerate(case.query.options) if o.compliant),
            )
        grade = grade_answer(case, sub)
        assert grade.fully_correct, grade.feedback
        assert grade.alternative == alt
        assert grade.key_drg.drg == alt.drg and grade.learner_drg.drg == alt.drg
        accepted = [line for line in grade.feedback if "accepted: " in line]
        assert accepted == [
            f"{OK} Graded against an alternative answer the key also accepts (principal {alt.principal.code}, "
            f"MS-DRG {alt.drg}): accepted: {alt.why} ({alt.cite})"
        ]


def test_c06_copd_first_is_accepted_and_groups_to_drg_190() -> None:
    """I.C.10.b.3 and II.C: J44.1 first is accepted; the attempt is compared with the alternative's DRG 190."""
    case = get_case("c06_copd_respiratory_failure")
    sub = CaseAnswer("J44.1", (("J96.01", "Y"), ("F17.210", "Y")))
    grade = grade_answer(case, sub)
    assert grade.fully_correct and grade.principal_correct and grade.key_drg.drg == 190
    assert any("Section II.C" in line and "accepted: " in line for line in grade.feedback)
    assert not any("Sequencing" in line for line in grade.feedback)


def test_a_partial_alternative_keeps_the_principal_credit_instead_of_a_sequencing_penalty() -> None:
    case = get_case("c06_copd_respiratory_failure")
    sub = CaseAnswer("J44.1", (("J96.01", "Y"),))  # tobacco dependence missed
    grade = grade_answer(case, sub)
    main = score_case(case, sub, grade.learner_drg, key_answers(case)[0])
    assert grade.principal_correct and grade.alternative is not None
    assert not main.principal_correct and main.moved  # against the main key it is a sequencing slip
    assert grade.points > main.points
    assert any(line.startswith(f"{OK} Principal diagnosis J44.1 is right.") for line in grade.feedback)
    assert grade.secondary.missed == ("F17210",)


def test_the_main_key_wins_a_tie_and_an_unrelated_principal_never_selects_an_alternative() -> None:
    case = get_case("c06_copd_respiratory_failure")
    drg = DrgOutcome(189, "X", 1.0, 100.0)
    main = grade_case(case, key_as_answer(case), drg, drg)
    assert main.alternative is None and main.fully_correct
    wrong = grade_case(case, CaseAnswer("J18.9", (("J96.01", "Y"), ("F17.210", "Y"))), drg, drg)
    assert wrong.alternative is None and not wrong.principal_correct


def test_without_the_alternatives_grouping_the_drg_is_compared_by_number() -> None:
    case = get_case("c06_copd_respiratory_failure")
    sub = CaseAnswer("J44.1", (("J96.01", "Y"), ("F17.210", "Y")))
    grade = grade_case(case, sub, DrgOutcome(190, "COPD", 1.0, 100.0), DrgOutcome(189, "RESP", 1.0, 100.0))
    assert grade.fully_correct and grade.key_drg.drg == 190
    assert grade.payment_difference is None
    assert any(line == f"{OK} Your codes group to the key's DRG: MS-DRG 190." for line in grade.feedback)


@pytest.mark.parametrize(
    ("case_id", "code"),
    [("c01_hypertensive_heart_failure", "T50.1X5A"), ("c36_covid_pneumonia_embolism", "T38.0X5A")],
)
def test_an_adverse_effect_the_provider_documented_is_required(case_id: str, code: str) -> None:
    """CCS review finding 3: I.C.19.e.5.a asks for the T code when the provider links the effect to a drug
    correctly given; leaving it out is a missed code, not an accepted omission, whatever the DRG."""
    from course_helpers.coding.codes.normalize import normalize_code

    case = CASES[case_id]
    assert code not in case.key.optional_diagnoses
    full = key_as_answer(case)
    without = CaseAnswer(
        full.principal,
        tuple((c, poa) for c, poa in full.secondary if normalize_code(c) != normalize_code(code)),
        full.procedures,
        full.query_choice,
    )
    assert len(without.secondary) == len(full.secondary) - 1
    grade = grade_answer(case, without)
    assert normalize_code(code) in grade.secondary.missed and not grade.fully_correct
    assert grade_answer(case, full).fully_correct


def test_optional_codes_that_exclude_each_other_are_accepted_one_at_a_time() -> None:
    """CCS review finding 22: W01 has an Excludes1 note for W18.0-; either is accepted in c12, both is an error."""
    case = CASES["c12_hip_fracture_hemiarthroplasty"]
    key = key_as_answer(case)
    for one in ("W01.0XXA", "W18.09XA"):
        assert grade_answer(case, _with(key, (one,))).fully_correct
    both = grade_answer(case, _with(key, ("W01.0XXA", "W18.09XA")))
    assert both.secondary.extra == ("W1809XA",) and not both.fully_correct and both.passed
    assert any("W18.09XA and W01.0XXA exclude each other" in line for line in both.feedback)
