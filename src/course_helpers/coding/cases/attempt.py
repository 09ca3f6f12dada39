"""One attempt at a case: check the learner's codes, regroup them, grade, and record the attempt.

This is the glue between the pure grader (``grade``), the grouper and the progress store; the case player
and practice mode call it, and so can a notebook cell. Codes are normalised and validated once, in
``check_answer``; the groupings after it skip the code-set look-ups.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache

from course_helpers.coding.cases.answer import CaseAnswer, KeyAnswer, key_answers
from course_helpers.coding.cases.grade import grade_case
from course_helpers.coding.cases.model import BANK_ID, CASES_DIR, POA_LABELS, Case, get_case
from course_helpers.coding.cases.scoring import CaseGrade, DrgOutcome
from course_helpers.coding.codes.cm_status import require_billable_cm
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.normalize import check_pcs_format, format_cm
from course_helpers.coding.codes.poa_exempt import is_poa_exempt
from course_helpers.coding.drg.grouper import DEFAULT_BASE_RATE, GroupingResult, group_case
from course_helpers.errors import CaseInputError, CodeFormatError, UnknownCodeError
from course_helpers.records.learner import current_learner
from course_helpers.records.store import Attempt, open_store


def check_answer(
    principal: str,
    secondary: Sequence[tuple[str, str]] = (),
    procedures: Sequence[str] = (),
    query_choice: int | None = None,
) -> CaseAnswer:
    """Validate the learner's codes once; a CodingInputError says in one line what to fix."""
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
        if flag not in POA_LABELS and not (flag == "" and is_poa_exempt(norm)):  # an exempt code may go blank
            raise CaseInputError(f"choose a POA indicator for {format_cm(norm)}: Y, N, U, W or 1 (exempt)")
        pairs.append((norm, flag))
    procs: list[str] = []
    for code in procedures:
        norm = check_pcs_format(code)
        if norm in procs:
            raise CaseInputError(f"{norm} is entered twice: list each procedure once")
        if not is_valid_pcs(norm):
            raise UnknownCodeError(f"{norm} is not a valid ICD-10-PCS code in {FISCAL_YEAR.label}: check each axis")
        procs.append(norm)
    return CaseAnswer.of_checked(pdx, tuple(pairs), tuple(procs), query_choice)


def outcome(result: GroupingResult) -> DrgOutcome:
    """Reduce a grouping to what the grader needs (CC/MCC level and HAC status of each secondary code)."""
    return DrgOutcome(
        drg=result.drg,
        title=result.drg_title,
        weight=result.weight if result.groupable else None,
        payment=result.payment if result.groupable else None,
        levels={d.code: d.counts_as for d in result.secondary},
        hacs={d.code: d.hac_met for d in result.secondary if d.hac_met},
    )


def regroup(case: Case, entry: CaseAnswer, base_rate: float = DEFAULT_BASE_RATE) -> GroupingResult:
    """Group a checked answer's codes with the case's patient (age, sex, discharge status)."""
    return group_case(
        entry.principal,
        list(entry.secondary),  # POA "1" (exempt) and blank are sent blank by the grouper, as on a real claim
        list(entry.procedures),
        age=case.patient.age,
        sex=case.patient.sex,
        discharge_status=case.patient.discharge_status,
        base_rate=base_rate,
        checked=True,
    )


def _as_answer(answer: KeyAnswer, query_choice: int | None = None) -> CaseAnswer:
    return CaseAnswer(
        principal=answer.principal.code,
        secondary=tuple((d.code, d.poa) for d in answer.secondary),
        procedures=answer.procedures,
        query_choice=query_choice,
    )


def _compliant_query(case: Case) -> int | None:
    return None if case.query is None else next(i for i, o in enumerate(case.query.options) if o.compliant)


def key_as_answer(case: Case, query_choice: int | None = None) -> CaseAnswer:
    """The answer key written as a coding (what a perfect learner enters, with a compliant query)."""
    return _as_answer(key_answers(case)[0], _compliant_query(case) if query_choice is None else query_choice)


def alternative_as_answer(case: Case, index: int) -> CaseAnswer:
    """The key's alternative complete answer number ``index`` written as a coding (with a compliant query)."""
    return _as_answer(key_answers(case)[index + 1], _compliant_query(case))


def key_grouping(case: Case, base_rate: float = DEFAULT_BASE_RATE) -> GroupingResult:
    """Group the answer key's codes."""
    return regroup(case, key_as_answer(case), base_rate)


@lru_cache(maxsize=256)
def _answer_groupings(case_id: str, index: int | None, base_rate: float) -> tuple[DrgOutcome, Mapping[str, int]]:
    """One key answer's grouping, and its DRG with each of its codes left out (the key minus each code)."""
    case = get_case(case_id)
    answer = key_answers(case)[0 if index is None else index + 1]
    full = _as_answer(answer)
    without: dict[str, int] = {}
    for code, _ in full.secondary:
        fewer = CaseAnswer(full.principal, tuple(p for p in full.secondary if p[0] != code), full.procedures)
        without[code] = regroup(case, fewer, base_rate).drg
    for code in full.procedures:
        fewer = CaseAnswer(full.principal, full.secondary, tuple(p for p in full.procedures if p != code))
        without[code] = regroup(case, fewer, base_rate).drg
    return outcome(regroup(case, full, base_rate)), without


def grade_answer(case: Case | str, entry: CaseAnswer, base_rate: float = DEFAULT_BASE_RATE) -> CaseGrade:
    """Regroup the learner's codes, the key's and any alternative the learner may have followed, then grade."""
    case = get_case(case) if isinstance(case, str) else case
    key_drg, key_without = _answer_groupings(case.id, None, float(base_rate))
    alternatives: dict[int, DrgOutcome] = {}
    without: dict[int | None, Mapping[str, int]] = {None: key_without}
    for answer in key_answers(case)[1:]:
        if answer.principal_code == entry.principal and answer.index is not None:
            alternatives[answer.index], without[answer.index] = _answer_groupings(
                case.id, answer.index, float(base_rate)
            )
    return grade_case(case, entry, outcome(regroup(case, entry, base_rate)), key_drg, alternatives, without)


def case_hash(case_id: str) -> str:
    """A short hash of the case file, so an attempt says which version of the case it answered."""
    return hashlib.sha256((CASES_DIR / f"{case_id}.yaml").read_bytes()).hexdigest()[:12]


def record_grade(grade: CaseGrade, entry: CaseAnswer, learner: str | None = None) -> None:
    """Store the attempt in the progress store under bank 12_coding_lab, question = case id."""

    store = open_store()
    store.record(
        Attempt(
            learner=learner or current_learner(store),
            bank=BANK_ID,
            question=grade.case_id,
            answer=entry.as_answer(),
            correct=grade.fully_correct,
            points=grade.points,
            max_points=grade.max_points,
            bank_hash=case_hash(grade.case_id),
        )
    )
