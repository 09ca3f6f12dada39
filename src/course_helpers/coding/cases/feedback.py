"""The words of a case grade: turn a ``CaseScore`` and its decisive errors into feedback lines. Pure: no
grouper, no widgets, no I/O.

Every line says its verdict in words and starts with a symbol, so the feedback never relies on colour.
The scoring itself is in ``scoring`` and ``consequences``; nothing here changes a point.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_helpers.coding.cases.model import POA_LABELS, Case
from course_helpers.coding.cases.scoring import FAIL_CAP_PERCENT, CaseScore, Decisive, DrgOutcome
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


def _extra_line(case: Case, code: str) -> str:
    """An extra secondary code; a second code from a group of optional codes that exclude each other says so."""
    for group in case.key.optional_one_of:
        if code in group:
            others = ", ".join(format_cm(c) for c in group if c != code)
            return (
                f"{EXTRA} {format_cm(code)} and {others} exclude each other (an Excludes1 note): report one, "
                "not both; read the rationale."
            )
    return f"{EXTRA} {format_cm(code)} is not in the key; if the record supports it, read the rationale."


def _optional_lines(codes: tuple[str, ...], what: str, show: bool) -> list[str]:
    return [
        f"{OK} Also codable: {format_cm(c) if show else c} is an optional {what}: "
        "the record supports it, the key does not require it, and it costs nothing."
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


def _payment_change(learner_drg: DrgOutcome, key_drg: DrgOutcome) -> str:
    if learner_drg.payment is None or key_drg.payment is None:
        return "the payment cannot be compared (one grouping is ungroupable or known by number only)"
    diff = learner_drg.payment - key_drg.payment
    return f"payment {_money(diff)} against the key ({'under-paid' if diff < 0 else 'over-paid'})"


def _poa_words(flag: str) -> str:
    return POA_LABELS.get(flag, "blank") if flag else "blank"


def decisive_line(case: Case, score: CaseScore, error: Decisive, learner_drg: DrgOutcome, key_drg: DrgOutcome) -> str:
    """One decisive error in words: what was wrong and what it changes (DRG, payment, quality reporting)."""
    entered = dict(score.entry.secondary)
    shown = format_cm(error.code) if error.code and not error.code[0].isdigit() else error.code
    if error.kind == "drg":
        return (
            f"{MISS} Decisive: your codes group to {learner_drg.describe()} instead of the key's "
            f"{key_drg.describe()}; {_payment_change(learner_drg, key_drg)}. A coding that changes the MS-DRG "
            "fails the case."
        )
    if error.kind == "drg_code_missed":
        level = key_drg.levels.get(error.code)
        what = f"an {level}" if level == "MCC" else "a CC" if level == "CC" else "a code the DRG depends on"
        return (
            f"{MISS} Decisive: {shown} is missing; it is {what} here: without it the key would group to "
            f"MS-DRG {error.drg_without} instead of {score.answer.drg}, changing the DRG and the payment."
        )
    if error.kind == "principal":
        return (
            f"{MISS} Decisive: the principal diagnosis is {format_cm(score.answer.principal.code)}, not "
            f"{shown}: the principal decides the MDC and DRG family and is what the stay is reported for in "
            "payment and quality data."
        )
    if error.kind == "hac_poa":
        return (
            f"{MISS} Decisive: POA for {shown} is {_poa_words(entered.get(error.code, ''))}; the key says "
            f"{_poa_words(score.answer.diagnosis(error.code).poa)}. {shown} is on CMS's hospital-acquired "
            f"condition list ({error.detail}): its POA decides whether it may raise the DRG and whether the stay "
            "is reported as a hospital-acquired condition (HAC-POA payment rule, quality reporting)."
        )
    if error.kind == "hac_hidden":
        return (
            f"{MISS} Decisive: {shown} is left out. It is a hospital-acquired condition ({error.detail}) not "
            "present on admission: leaving it out hides it from CMS's HAC quality reporting."
        )
    if error.kind == "ruled_out":
        return (
            f"{MISS} Decisive: {shown} codes a condition the provider ruled out ({error.detail}): it reports a "
            "diagnosis the patient did not have, a compliance error whatever it does to the DRG."
        )
    if error.kind == "poa_override":
        return (
            f"{MISS} Decisive: POA for {shown} is {_poa_words(entered.get(error.code, ''))}, but the provider "
            f"answered {_poa_words(error.detail)}. A coder reports the provider's POA answer and never "
            "overrides it (ICD-10-CM Appendix I)."
        )
    if score.query_choice is None:
        return f"{MISS} Decisive: no query wording was chosen; this record needs a compliant physician query first."
    why = case.query.options[score.query_choice].why if case.query is not None else ""
    return f"{MISS} Decisive: the query wording you chose is not compliant: {why}"


def _query_lines(case: Case, score: CaseScore) -> list[str]:
    if case.query is None:
        return []
    if score.query_choice is None:
        return []  # said as a decisive error
    if not score.query_correct:
        return []  # said as a decisive error
    return [f"{OK} Query: the wording you chose is compliant: {case.query.options[score.query_choice].why}"]


def feedback_lines(
    case: Case,
    score: CaseScore,
    learner_drg: DrgOutcome,
    key_drg: DrgOutcome,
    decisive: tuple[Decisive, ...] = (),
    points: float | None = None,
) -> tuple[str, ...]:
    """The feedback: score line, the decisive errors, then principal, secondaries, POA, procedures, DRG, query."""
    answer = score.answer
    secondary, procedures = score.secondary, score.procedures
    lines = [decisive_line(case, score, error, learner_drg, key_drg) for error in decisive]
    lines += _principal_lines(score) + _alternative_lines(score)
    for code in secondary.missed:
        lines.append(f"{MISS} Missed secondary diagnosis {format_cm(code)}{_level_note(code, key_drg.levels)}.")
    for code in secondary.extra:
        lines.append(_extra_line(case, code))
    lines += _optional_lines(score.optional_diagnoses, "diagnosis code", show=True)
    if answer.secondary or score.entry.secondary:
        lines.append(
            f"Secondary diagnoses: {len(secondary.matched)} of {len(answer.secondary)} found; "
            f"precision {secondary.precision:.0%}, recall {secondary.recall:.0%}."
        )
    for code, expected, entered in score.poa_wrong:
        lines.append(f"{MISS} POA for {format_cm(code)} should be {expected}, not {entered or 'blank'}.")
    for code in procedures.missed:
        lines.append(f"{MISS} Missed procedure {code}.")
    for code in procedures.extra:
        lines.append(f"{EXTRA} Procedure {code} is not in the key; if the record supports it, read the rationale.")
    lines += _optional_lines(score.optional_procedures, "procedure code", show=False)
    if answer.procedures or score.entry.procedures:
        lines.append(
            f"Procedures: {len(procedures.matched)} of {len(answer.procedures)} found; "
            f"precision {procedures.precision:.0%}, recall {procedures.recall:.0%}."
        )
    lines += _drg_lines(score, learner_drg, key_drg)
    lines += _query_lines(case, score)
    shown = score.points if points is None else points
    head = f"Score: {shown:g} of {score.max_points:g} points ({100 * shown / score.max_points:.0f}%)."
    if decisive:
        head += f" Not passed: a decisive error caps the score at {FAIL_CAP_PERCENT:g}%, whatever else is right."
    return (head, *lines)
