"""The pure case grader: scores, partial credit and feedback, with hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_helpers.coding.cases.answer import CaseAnswer
from course_helpers.coding.cases.feedback import MISS, OK
from course_helpers.coding.cases.grade import grade_case
from course_helpers.coding.cases.model import get_case
from course_helpers.coding.cases.scoring import FAIL_CAP_PERCENT, POINTS_POA, POINTS_PRINCIPAL, DrgOutcome, score_set

HF = get_case("c01_hypertensive_heart_failure")
UROSEPSIS = get_case("c04_urosepsis_query")
KEY_291 = DrgOutcome(291, "HEART FAILURE AND SHOCK WITH MCC", 1.2838, 8344.70, {"I5023": "MCC", "N179": "CC"})
LOW_293 = DrgOutcome(293, "HEART FAILURE AND SHOCK WITHOUT CC/MCC", 0.5660, 3679.00)


def _key(case=HF, query: int | None = None) -> CaseAnswer:
    return CaseAnswer(
        principal=case.key.principal.code,
        secondary=tuple((d.code, d.poa) for d in case.key.secondary),
        procedures=tuple(case.key.procedures),
        query_choice=query,
    )


def test_the_key_scores_full_marks() -> None:
    grade = grade_case(HF, _key(), KEY_291, KEY_291)
    assert grade.fully_correct and grade.passed and grade.percent == 100
    assert grade.max_points == 90  # no query step in this case
    assert grade.feedback[1].startswith(OK)


def test_dots_and_case_are_ignored() -> None:
    sub = CaseAnswer(
        "i110", (("i5023", "Y"), ("N179", "N"), ("e78.5", "Y"), ("t501x6a", "Y"), ("Z91120", "1"), ("t50.1x5a", "N"))
    )
    assert grade_case(HF, sub, KEY_291, KEY_291).fully_correct


def test_missing_the_mcc_names_it_and_its_cost() -> None:
    sub = CaseAnswer("I11.0", (("N17.9", "N"), ("E78.5", "Y")))
    grade = grade_case(HF, sub, LOW_293, KEY_291)
    text = "\n".join(grade.feedback)
    assert "Missed secondary diagnosis I50.23 (an MCC for this case)" in text
    assert "MS-DRG 293" in text and "MS-DRG 291" in text
    assert "weight -0.7178" in text and "-$4,665.70" in text
    assert grade.payment_difference == -4665.70
    assert grade.principal_correct and not grade.drg_match
    assert 0 < grade.points < grade.max_points


def test_wrong_poa_costs_only_poa_points() -> None:
    sub = CaseAnswer(
        "I11.0",
        (("I50.23", "Y"), ("N17.9", "Y"), ("E78.5", "Y"), ("T50.1X6A", "Y"), ("Z91.120", "1"), ("T50.1X5A", "N")),
    )
    grade = grade_case(HF, sub, KEY_291, KEY_291)
    right, total = grade.poa_right, grade.poa_total
    assert total == len(HF.key.secondary) and right == total - 1
    assert any("POA for N17.9 should be N, not Y" in line for line in grade.feedback)
    assert grade.max_points - grade.points == pytest.approx(POINTS_POA / total, abs=1e-3)


def test_swapped_sequencing_is_named_as_sequencing() -> None:
    sub = CaseAnswer(
        "I50.23",
        (("I11.0", "Y"), ("N17.9", "N"), ("E78.5", "Y"), ("T50.1X6A", "Y"), ("Z91.120", "1"), ("T50.1X5A", "N")),
    )
    grade = grade_case(HF, sub, KEY_291, KEY_291)
    assert not grade.principal_correct and not grade.passed
    assert [d.kind for d in grade.decisive] == ["principal"]
    assert grade.feedback[1].startswith(f"{MISS} Decisive: the principal diagnosis is I11.0, not I50.23")
    assert grade.feedback[2].startswith(f"{MISS} Sequencing")
    assert grade.secondary.recall == 1.0 and grade.secondary.precision == 1.0
    assert grade.points_before_cap == grade.max_points - POINTS_PRINCIPAL
    assert grade.percent == FAIL_CAP_PERCENT


def test_query_choice_scores_and_explains() -> None:
    key = DrgOutcome(872, "SEPTICEMIA", 1.0233, 6651.45)
    compliant = next(i for i, o in enumerate(UROSEPSIS.query.options) if o.compliant)
    leading = next(i for i, o in enumerate(UROSEPSIS.query.options) if not o.compliant)
    good = grade_case(UROSEPSIS, _key(UROSEPSIS, compliant), key, key)
    bad = grade_case(UROSEPSIS, _key(UROSEPSIS, leading), key, key)
    none = grade_case(UROSEPSIS, _key(UROSEPSIS, None), key, key)
    assert good.max_points == 100 and good.fully_correct and good.query_correct
    assert bad.points_before_cap == 90 and bad.query_correct is False
    assert bad.points == 60 and not bad.passed  # a non-compliant query fails the case, codes perfect or not
    assert any(
        line.startswith(f"{MISS} Decisive: the query wording you chose is not compliant") for line in bad.feedback
    )
    assert none.points == 60 and any("needs a compliant physician query" in line for line in none.feedback)


def test_optional_codes_are_neither_required_nor_penalised() -> None:
    case = get_case("c12_hip_fracture_hemiarthroplasty")
    drg = DrgOutcome(522, "HIP", 2.1177, 13765.05)
    with_optional = CaseAnswer("S72.031A", (("I10", "Y"), ("W01.0XXA", "Y")), ("0SRR0J9",))
    assert grade_case(case, with_optional, drg, drg).fully_correct
    assert grade_case(case, _key(case), drg, drg).fully_correct


def test_ungroupable_learner_drg_is_said_in_words() -> None:
    sub = CaseAnswer("I11.0", ())
    grade = grade_case(HF, sub, DrgOutcome(999, "UNGROUPABLE", None, None), KEY_291)
    assert grade.payment_difference is None
    assert any("ungroupable" in line for line in grade.feedback)


CODES = st.sampled_from(["I110", "I5023", "N179", "E785", "J189", "A419", "N390", "E119", "I10"])


@settings(max_examples=200, deadline=None)
@given(entered=st.lists(CODES, max_size=6), key=st.lists(CODES, max_size=6))
def test_precision_and_recall_are_proportions_and_perfect_only_on_a_match(entered: list[str], key: list[str]) -> None:
    score = score_set(entered, key)
    assert 0.0 <= score.precision <= 1.0 and 0.0 <= score.recall <= 1.0 and 0.0 <= score.f1 <= 1.0
    assert (score.f1 == 1.0) == (set(entered) == set(key))
    assert len(score.matched) + len(score.missed) == len(set(key))


@settings(max_examples=100, deadline=None)
@given(
    principal=CODES,
    secondary=st.lists(
        st.tuples(CODES, st.sampled_from(["Y", "N", "U", "W", "1"])), max_size=5, unique_by=lambda t: t[0]
    ),
    drg=st.sampled_from([291, 292, 293]),
)
def test_points_stay_within_bounds_and_feedback_opens_with_the_score(principal, secondary, drg) -> None:
    grade = grade_case(HF, CaseAnswer(principal, tuple(secondary)), DrgOutcome(drg, "X", 1.0, 100.0), KEY_291)
    assert 0.0 <= grade.points <= grade.max_points
    assert grade.feedback[0].startswith("Score: ")
    assert grade.fully_correct == (
        principal == "I110"
        and {c for c, _ in secondary} == {"I5023", "N179", "E785"}
        and dict(secondary) == {"I5023": "Y", "N179": "N", "E785": "Y"}
        and drg == 291
    )
