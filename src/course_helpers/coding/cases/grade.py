"""Grade a coding of a case: score it (``scoring``), find the errors that fail it (``consequences``) and
word the result (``feedback``).

The one place the three meet, so the scoring never depends on its wording. Pure: no grouper, no widgets.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_helpers.coding.cases.answer import CaseAnswer, key_answers
from course_helpers.coding.cases.consequences import decisive_errors
from course_helpers.coding.cases.feedback import feedback_lines
from course_helpers.coding.cases.model import Case
from course_helpers.coding.cases.scoring import FAIL_CAP_PERCENT, CaseGrade, DrgOutcome, score_case


def grade_case(
    case: Case,
    entry: CaseAnswer,
    learner_drg: DrgOutcome,
    key_drg: DrgOutcome,
    alternative_drgs: Mapping[int, DrgOutcome] | None = None,
    drg_without: Mapping[int | None, Mapping[str, int]] | None = None,
) -> CaseGrade:
    """Score a coding against the case's key (or an accepted alternative), cap it on a decisive error, explain it.

    ``alternative_drgs`` maps an alternative's index in ``case.key.alternatives`` to its grouping; without
    it an alternative is compared by DRG number only. ``drg_without`` maps an answer's index (None for the
    main key) to the DRG that answer groups to with each of its codes left out (dotless code -> DRG).
    """
    best = None
    for answer in key_answers(case):
        if answer.index is not None and answer.principal_code != entry.principal:
            continue  # an alternative is considered only when its principal diagnosis was chosen
        if answer.index is None:
            answer_drg = key_drg
        else:
            given = (alternative_drgs or {}).get(answer.index)
            answer_drg = given if given is not None else DrgOutcome(answer.drg, "", None, None)
        score = score_case(case, entry, learner_drg, answer)
        decisive = decisive_errors(case, answer, score, learner_drg, answer_drg, (drg_without or {}).get(answer.index))
        rank = (not decisive, score.points)
        if best is None or rank > best[0]:
            best = (rank, score, decisive, answer_drg)
    assert best is not None  # the main key is always scored
    _, score, decisive, answer_drg = best
    cap = score.max_points * FAIL_CAP_PERCENT / 100
    points = min(score.points, cap) if decisive else score.points
    return CaseGrade(
        case_id=case.id,
        principal_correct=score.principal_correct,
        secondary=score.secondary,
        poa_right=score.poa_right,
        poa_total=score.poa_total,
        procedures=score.procedures,
        drg_match=score.drg_match,
        query_correct=score.query_correct,
        learner_drg=learner_drg,
        key_drg=answer_drg,
        points=round(points, 4),
        max_points=score.max_points,
        feedback=feedback_lines(case, score, learner_drg, answer_drg, decisive, round(points, 4)),
        accepted_optional=score.optional_diagnoses + score.optional_procedures,
        alternative=score.answer.alternative,
        decisive=decisive,
        points_before_cap=score.points,
    )
