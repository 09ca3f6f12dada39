"""One attempt at a case: check the learner's codes, regroup them, grade, and record the attempt.

This is the glue between the pure grader (``case_grading``), the grouper and the progress store;
the case player and practice mode call it, and so can a notebook cell.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from course_helpers.coding.cases.grader import grade_case
from course_helpers.coding.cases.grading import CaseGrade, DrgOutcome, Submission
from course_helpers.coding.cases.model import BANK_ID, CASES_DIR, POA_LABELS, Case, get_case
from course_helpers.coding.codes.cm_status import require_billable_cm
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.normalize import check_pcs_format, format_cm, normalize_code
from course_helpers.coding.drg.grouper import DEFAULT_BASE_RATE, GroupingResult, group_case
from course_helpers.errors import CaseInputError, CodeFormatError, UnknownCodeError
from course_helpers.records.learner import current_learner
from course_helpers.records.store import Attempt, open_store


def check_submission(
    principal: str, secondary: Sequence[tuple[str, str]] = (), procedures: Sequence[str] = ()
) -> Submission:
    """Validate the learner's codes; a CodingInputError says in one line what to fix."""
    if not principal or not principal.strip():
        raise CodeFormatError("enter a principal diagnosis (an ICD-10-CM code such as I50.23)")
    pdx = require_billable_cm(principal)
    seen = {pdx}
    pairs: list[tuple[str, str]] = []
    for code, poa in secondary:
        norm = require_billable_cm(code)
        if norm in seen:
            raise CaseInputError(f"{format_cm(norm)} is entered twice: list each diagnosis once")
        seen.add(norm)
        flag = (poa or "").strip().upper()
        if flag not in POA_LABELS:
            raise CaseInputError(f"choose a POA indicator for {format_cm(norm)}: Y, N, U, W or 1 (exempt)")
        pairs.append((format_cm(norm), flag))
    procs: list[str] = []
    for code in procedures:
        norm = check_pcs_format(code)
        if norm in procs:
            raise CaseInputError(f"{norm} is entered twice: list each procedure once")
        if not is_valid_pcs(norm):
            raise UnknownCodeError(f"{norm} is not a valid ICD-10-PCS code in {FISCAL_YEAR.label}: check each axis")
        procs.append(norm)
    return Submission(principal=format_cm(pdx), secondary=tuple(pairs), procedures=tuple(procs))


def outcome(result: GroupingResult) -> DrgOutcome:
    """Reduce a grouping to what the grader needs (CC/MCC level of each secondary code)."""
    payment = result.payment if result.groupable else None
    return DrgOutcome(
        drg=result.drg,
        title=result.drg_title,
        weight=result.weight if result.groupable else None,
        payment=payment,
        levels={d.code: d.counts_as for d in result.secondary},
    )


def regroup(case: Case, submission: Submission, base_rate: float = DEFAULT_BASE_RATE) -> GroupingResult:
    """Group the submitted codes with the case's patient (age, sex, discharge status)."""
    return group_case(
        submission.principal,
        list(submission.secondary),  # POA "1" (exempt) is sent blank by the grouper, as on a real claim
        list(submission.procedures),
        age=case.patient.age,
        sex=case.patient.sex,
        discharge_status=case.patient.discharge_status,
        base_rate=base_rate,
    )


def key_submission(case: Case, query_choice: int | None = None) -> Submission:
    """The answer key written as a submission (what a perfect learner enters)."""
    if query_choice is None and case.query is not None:
        query_choice = next(i for i, o in enumerate(case.query.options) if o.compliant)
    return Submission(
        principal=case.key.principal.code,
        secondary=tuple((d.code, d.poa) for d in case.key.secondary),
        procedures=tuple(case.key.procedures),
        query_choice=query_choice,
    )


def key_grouping(case: Case, base_rate: float = DEFAULT_BASE_RATE) -> GroupingResult:
    """Group the answer key's codes."""
    return regroup(case, key_submission(case), base_rate)


def alternative_submission(case: Case, index: int) -> Submission:
    """The key's alternative complete answer number ``index`` written as a submission."""
    alt = case.key.alternatives[index]
    return Submission(
        principal=alt.principal.code,
        secondary=tuple((d.code, d.poa) for d in alt.secondary),
        procedures=tuple(alt.procedures),
    )


def grade_submission(case: Case | str, submission: Submission, base_rate: float = DEFAULT_BASE_RATE) -> CaseGrade:
    """Regroup the learner's codes, the key's and any alternative the learner may have followed, then grade."""
    case = get_case(case) if isinstance(case, str) else case
    alternatives = {
        i: outcome(regroup(case, alternative_submission(case, i), base_rate))
        for i, alt in enumerate(case.key.alternatives)
        if normalize_code(alt.principal.code) == normalize_code(submission.principal)
    }
    return grade_case(
        case,
        submission,
        outcome(regroup(case, submission, base_rate)),
        outcome(key_grouping(case, base_rate)),
        alternatives,
    )


def case_hash(case_id: str) -> str:
    """A short hash of the case file, so an attempt says which version of the case it answered."""
    return hashlib.sha256((CASES_DIR / f"{case_id}.yaml").read_bytes()).hexdigest()[:12]


def record_grade(grade: CaseGrade, submission: Submission, learner: str | None = None) -> None:
    """Store the attempt in the progress store under bank 12_coding_lab, question = case id."""

    store = open_store()
    store.record(
        Attempt(
            learner=learner or current_learner(store),
            bank=BANK_ID,
            question=grade.case_id,
            answer=submission.as_answer(),
            correct=grade.fully_correct,
            points=grade.points,
            max_points=grade.max_points,
            bank_hash=case_hash(grade.case_id),
        )
    )
