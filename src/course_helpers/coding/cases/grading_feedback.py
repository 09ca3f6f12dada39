"""The words of a case grade: turn a ``CaseScore`` into feedback lines. Pure: no grouper, no widgets, no I/O.

Every line says its verdict in words and starts with a symbol, so the feedback never relies on colour.
The scoring itself is in ``grading``; nothing here changes a point.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_helpers.coding.cases.grading import CaseScore, DrgOutcome, Submission
from course_helpers.coding.cases.model import Case
from course_helpers.coding.codes.normalize import format_cm
from course_helpers.display.money import money

OK, MISS, EXTRA = "✔", "✘", "＋"  # symbols so feedback never relies on colour


def _money(amount: float) -> str:
    """'-$4,665.70' or '+$120.00'."""
    return ("+" if amount >= 0 else "") + money(amount, cents=True)


def _level_note(code: str, levels: Mapping[str, str]) -> str:
    level = levels.get(code, "none")
    return f" (an {level} for this case)" if level == "MCC" else f" (a {level} for this case)" if level == "CC" else ""


def _principal_lines(score: CaseScore) -> list[str]:
    key_pdx = score.answer.principal.code
    entered = format_cm(score.entered_principal)
    if score.principal_correct:
        return [f"{OK} Principal diagnosis {key_pdx} is right."]
    if score.moved:
        return [
            f"{MISS} Sequencing: you put {entered} first, but the principal diagnosis is "
            f"{key_pdx}; {entered} belongs in the record as a secondary diagnosis."
        ]
    return [f"{MISS} Principal diagnosis: you entered {entered}; the key is {key_pdx}."]


def _alternative_lines(score: CaseScore) -> list[str]:
    alt = score.answer.alternative
    if alt is None:
        return []
    return [
        f"{OK} Graded against an alternative answer the key also accepts (principal {alt.principal.code}, "
        f"MS-DRG {alt.drg}): accepted: {alt.why} ({alt.cite})"
    ]


def _optional_lines(codes: tuple[str, ...], what: str, show: bool) -> list[str]:
    return [
        f"{OK} Also acceptable: {format_cm(c) if show else c} is an optional {what}: "
        "the guidelines allow it, the key does not require it, and it costs nothing."
        for c in codes
    ]


def _drg_lines(score: CaseScore, learner_drg: DrgOutcome, key_drg: DrgOutcome) -> list[str]:
    if score.drg_match:
        return [f"{OK} Your codes group to the key's DRG: {key_drg.describe()}."]
    lines = [f"{MISS} Your codes group to {learner_drg.describe()}; the key groups to {key_drg.describe()}."]
    if (
        learner_drg.weight is not None
        and key_drg.weight is not None
        and learner_drg.payment is not None
        and key_drg.payment is not None
    ):
        dw = learner_drg.weight - key_drg.weight
        dp = learner_drg.payment - key_drg.payment
        direction = "your codes are paid less than the key" if dp < 0 else "your codes are paid more than the key"
        lines.append(f"Difference: weight {dw:+.4f}, payment {_money(dp)} ({direction}).")
    return lines


def _query_lines(case: Case, score: CaseScore) -> list[str]:
    if case.query is None:
        return []
    if score.query_choice is None:
        return [f"{MISS} Query: no query wording was chosen; this record needs a physician query first."]
    option = case.query.options[score.query_choice]
    mark = OK if score.query_correct else MISS
    verdict = "compliant" if score.query_correct else "not compliant"
    return [f"{mark} Query: the wording you chose is {verdict}: {option.why}"]


def feedback_lines(
    case: Case, submission: Submission, score: CaseScore, learner_drg: DrgOutcome, key_drg: DrgOutcome
) -> tuple[str, ...]:
    """The feedback, score line first, then principal, secondaries, POA, procedures, DRG and query."""
    answer = score.answer
    secondary, procedures = score.secondary, score.procedures
    lines = _principal_lines(score) + _alternative_lines(score)
    for code in secondary.missed:
        lines.append(f"{MISS} Missed secondary diagnosis {format_cm(code)}{_level_note(code, key_drg.levels)}.")
    for code in secondary.extra:
        lines.append(f"{EXTRA} Extra code {format_cm(code)} is not supported by the record (not in the key).")
    lines += _optional_lines(score.optional_diagnoses, "diagnosis code", show=True)
    if answer.secondary or submission.secondary:
        lines.append(
            f"Secondary diagnoses: {len(secondary.matched)} of {len(answer.secondary)} found; "
            f"precision {secondary.precision:.0%}, recall {secondary.recall:.0%}."
        )
    for code, expected, entered in score.poa_wrong:
        lines.append(f"{MISS} POA for {format_cm(code)} should be {expected}, not {entered}.")
    for code in procedures.missed:
        lines.append(f"{MISS} Missed procedure {code}.")
    for code in procedures.extra:
        lines.append(f"{EXTRA} Extra procedure {code} (not in the key).")
    lines += _optional_lines(score.optional_procedures, "procedure code", show=False)
    if answer.procedures or submission.procedures:
        lines.append(
            f"Procedures: {len(procedures.matched)} of {len(answer.procedures)} found; "
            f"precision {procedures.precision:.0%}, recall {procedures.recall:.0%}."
        )
    lines += _drg_lines(score, learner_drg, key_drg)
    lines += _query_lines(case, score)
    head = f"Score: {score.points:g} of {score.max_points:g} points ({100 * score.points / score.max_points:.0f}%)."
    return (head, *lines)
