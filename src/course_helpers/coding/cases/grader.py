"""Grade a case: score the submission (``grading``) and word the result (``grading_feedback``).

The one place both halves meet, so the scoring never depends on its wording. Pure: no grouper, no widgets.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_helpers.coding.cases.grading import CaseGrade, DrgOutcome, Submission, key_answers, score_case
from course_helpers.coding.cases.grading_feedback import feedback_lines
from course_helpers.coding.cases.model import Case
from course_helpers.coding.codes.normalize import normalize_code


def grade_case(
    case: Case,
    submission: Submission,
    learner_drg: DrgOutcome,
    key_drg: DrgOutcome,
    alternative_drgs: Mapping[int, DrgOutcome] | None = None,
) -> CaseGrade:
    """Score a submission against the case's key (or an accepted alternative) and explain it in words.

    ``alternative_drgs`` maps an alternative's index in ``case.key.alternatives`` to its grouping; without
    it an alternative is compared by DRG number only (no title, weight or payment in the feedback).
    """
    answers = key_answers(case)
    best = score_case(case, submission, learner_drg, answers[0])
    best_drg = key_drg
    entered = normalize_code(submission.principal)
    for index, answer in enumerate(answers[1:]):
        if normalize_code(answer.principal.code) != entered:
            continue  # an alternative is considered only when its principal diagnosis was chosen
        score = score_case(case, submission, learner_drg, answer)
        if score.points > best.points:
            best = score
            given = (alternative_drgs or {}).get(index)
            best_drg = given if given is not None else DrgOutcome(answer.drg, "", None, None)
    lines = feedback_lines(case, submission, best, learner_drg, best_drg)
    return CaseGrade(
        case_id=case.id,
        principal_correct=best.principal_correct,
        secondary=best.secondary,
        poa_right=best.poa_right,
        poa_total=best.poa_total,
        procedures=best.procedures,
        drg_match=best.drg_match,
        query_correct=best.query_correct,
        learner_drg=learner_drg,
        key_drg=best_drg,
        points=best.points,
        max_points=best.max_points,
        feedback=lines,
        accepted_optional=best.optional_diagnoses + best.optional_procedures,
        alternative=best.answer.alternative,
    )
