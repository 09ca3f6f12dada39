"""Score a learner's coding of a case against its answer key. Pure: no grouper, no widgets, no I/O.

The DRGs are passed in (``DrgOutcome``) so the scoring can be tested on its own; ``attempt``
regroups the learner's codes and calls ``grader.grade_case``. This module computes the scores; the words
the learner reads are written by ``grading_feedback``.

Optional codes (``key.optional_diagnoses`` / ``key.optional_procedures``) are accepted, never required
and never penalised: they are left out of precision and recall and named "also acceptable".
Alternative keys (``key.alternatives``): when the learner's principal diagnosis is an alternative's
principal, the submission is scored against the main key and against that alternative and keeps the
better score (the main key on a tie); a complete alternative answer therefore scores full marks, and
the feedback says "accepted: <why> (<cite>)".

Points (100 with a query step, 90 without):
principal diagnosis 30 (right or wrong) · secondary diagnoses 25 x F1 of precision and recall ·
POA indicators 5 x share right among matched secondaries · procedures 15 x F1 · DRG match 15 ·
query wording 10 (only for cases whose right first step is a query).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from course_helpers.coding.cases.model import AlternativeKey, Case, Diagnosis
from course_helpers.coding.codes.normalize import normalize_code
from course_helpers.data import PASS_MARK

POINTS_PRINCIPAL = 30.0
POINTS_SECONDARY = 25.0
POINTS_POA = 5.0
POINTS_PROCEDURES = 15.0
POINTS_DRG = 15.0
POINTS_QUERY = 10.0
PASS_PERCENT = PASS_MARK

__all__ = [
    "CaseGrade",
    "CaseScore",
    "DrgOutcome",
    "KeyAnswer",
    "SetScore",
    "Submission",
    "key_answers",
    "score_case",
    "score_set",
]


@dataclass(frozen=True)
class Submission:
    """What the learner entered: codes with dots or without, POA per secondary diagnosis."""

    principal: str
    secondary: tuple[tuple[str, str], ...] = ()
    procedures: tuple[str, ...] = ()
    query_choice: int | None = None  # index into case.query.options

    def as_answer(self) -> dict[str, object]:
        """A JSON-serialisable form for the progress store."""
        return {
            "principal": self.principal,
            "secondary": [list(pair) for pair in self.secondary],
            "procedures": list(self.procedures),
            "query_choice": self.query_choice,
        }


@dataclass(frozen=True)
class DrgOutcome:
    """A grouping reduced to what grading needs; ``levels`` maps each secondary code to 'MCC', 'CC' or 'none'."""

    drg: int
    title: str
    weight: float | None
    payment: float | None
    levels: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """'MS-DRG 291 HEART FAILURE AND SHOCK WITH MCC (weight 1.2838, $8,344.70)'."""
        if not self.title:
            return f"MS-DRG {self.drg}"  # known by number only (an alternative key graded without its grouping)
        if self.weight is None or self.payment is None:
            return f"MS-DRG {self.drg} {self.title} (ungroupable: no weight, no payment)"
        return f"MS-DRG {self.drg} {self.title} (weight {self.weight:.4f}, ${self.payment:,.2f})"


@dataclass(frozen=True)
class SetScore:
    """Precision and recall of a set of codes against the key."""

    matched: tuple[str, ...]
    missed: tuple[str, ...]
    extra: tuple[str, ...]

    @property
    def precision(self) -> float:
        """Share of the learner's codes that are in the key (1.0 when the learner entered none)."""
        entered = len(self.matched) + len(self.extra)
        return len(self.matched) / entered if entered else 1.0

    @property
    def recall(self) -> float:
        """Share of the key's codes that the learner found (1.0 when the key has none)."""
        wanted = len(self.matched) + len(self.missed)
        return len(self.matched) / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class CaseGrade:
    """The result of one attempt: component scores, points, and feedback lines in words and symbols."""

    case_id: str
    principal_correct: bool
    secondary: SetScore
    poa_right: int
    poa_total: int
    procedures: SetScore
    drg_match: bool
    query_correct: bool | None
    learner_drg: DrgOutcome
    key_drg: DrgOutcome
    points: float
    max_points: float
    feedback: tuple[str, ...]
    accepted_optional: tuple[str, ...] = ()  # optional codes the learner entered (dotless): no cost, no credit
    alternative: AlternativeKey | None = None  # the alternative key the attempt was graded against, if any

    @property
    def percent(self) -> float:
        """Score as a percentage of the points available."""
        return 100.0 * self.points / self.max_points

    @property
    def fully_correct(self) -> bool:
        """True only when every part matches the key."""
        return abs(self.points - self.max_points) < 1e-9

    @property
    def passed(self) -> bool:
        """True at or above the pass mark (70%)."""
        return self.percent >= PASS_PERCENT

    @property
    def payment_difference(self) -> float | None:
        """Learner's payment minus the key's (negative = under-coded), or None if either is ungroupable."""
        if self.learner_drg.payment is None or self.key_drg.payment is None:
            return None
        return round(self.learner_drg.payment - self.key_drg.payment, 2)


def score_set(entered: Iterable[str], key: Iterable[str], optional: Iterable[str] = ()) -> SetScore:
    """Compare codes ignoring dots and case; optional codes are neither required nor penalised."""
    key_list = list(dict.fromkeys(normalize_code(c) for c in key))
    free = {normalize_code(c) for c in optional}
    entered_list = [c for c in dict.fromkeys(normalize_code(c) for c in entered) if c not in free or c in key_list]
    wanted = set(key_list)
    return SetScore(
        matched=tuple(c for c in entered_list if c in wanted),
        missed=tuple(c for c in key_list if c not in set(entered_list)),
        extra=tuple(c for c in entered_list if c not in wanted),
    )


@dataclass(frozen=True)
class KeyAnswer:
    """One complete answer a submission is scored against: the main key, or one of its alternatives."""

    principal: Diagnosis
    secondary: tuple[Diagnosis, ...]
    procedures: tuple[str, ...]
    drg: int
    alternative: AlternativeKey | None = None  # None for the main key

    @property
    def secondary_codes(self) -> list[str]:
        """Secondary codes, dotless."""
        return [normalize_code(d.code) for d in self.secondary]


def key_answers(case: Case) -> list[KeyAnswer]:
    """The main key first, then each alternative complete answer the key accepts."""
    key = case.key
    answers = [KeyAnswer(key.principal, tuple(key.secondary), tuple(key.procedures), key.drg)]
    answers += [KeyAnswer(a.principal, tuple(a.secondary), tuple(a.procedures), a.drg, a) for a in key.alternatives]
    return answers


@dataclass(frozen=True)
class CaseScore:
    """Every number the grade rests on, against one answer; no words (``grading_feedback`` writes those)."""

    answer: KeyAnswer
    principal_correct: bool
    entered_principal: str  # dotless
    moved: bool  # a required secondary entered as the principal (a sequencing slip)
    secondary: SetScore
    poa_right: int
    poa_total: int
    poa_wrong: tuple[tuple[str, str, str], ...]  # (code, key POA, entered POA)
    procedures: SetScore
    optional_diagnoses: tuple[str, ...]  # optional codes the learner entered, dotless, in entry order
    optional_procedures: tuple[str, ...]
    drg_match: bool
    query_correct: bool | None
    query_choice: int | None  # a valid index into case.query.options, or None
    points: float
    max_points: float


def _accepted_optional(entered: Iterable[str], required: Iterable[str], optional: Iterable[str]) -> tuple[str, ...]:
    free = {normalize_code(c) for c in optional} - {normalize_code(c) for c in required}
    return tuple(c for c in dict.fromkeys(normalize_code(c) for c in entered) if c in free)


def score_case(case: Case, submission: Submission, learner_drg: DrgOutcome, answer: KeyAnswer) -> CaseScore:
    """Score a submission against one complete answer (the main key or an alternative)."""
    key = case.key
    as_principal = normalize_code(submission.principal)
    principal_ok = as_principal == normalize_code(answer.principal.code)
    key_secondary = answer.secondary_codes
    entered_secondary = [normalize_code(c) for c, _ in submission.secondary]
    moved = not principal_ok and as_principal in key_secondary  # a key secondary sequenced first

    # the key's principal entered as a secondary is a sequencing slip, already counted against the principal;
    # a key secondary entered as principal was found, just sequenced wrongly
    secondary = score_set(
        [c for c in entered_secondary if c != normalize_code(answer.principal.code)]
        + ([as_principal] if moved else []),
        key_secondary,
        key.optional_diagnoses,
    )
    key_poa = {normalize_code(d.code): d.poa for d in answer.secondary}
    entered_poa = {normalize_code(c): p.strip().upper() for c, p in submission.secondary}
    poa_right = poa_total = 0
    poa_wrong: list[tuple[str, str, str]] = []
    for code in secondary.matched:
        if code not in entered_poa:
            continue  # entered as the principal: no POA was asked for
        poa_total += 1
        if entered_poa[code] == key_poa[code]:
            poa_right += 1
        else:
            poa_wrong.append((code, key_poa[code], entered_poa[code]))

    procedures = score_set(submission.procedures, answer.procedures, key.optional_procedures)
    drg_match = learner_drg.drg == answer.drg

    query_ok: bool | None = None
    choice: int | None = None
    max_points = POINTS_PRINCIPAL + POINTS_SECONDARY + POINTS_POA + POINTS_PROCEDURES + POINTS_DRG
    points = (
        (POINTS_PRINCIPAL if principal_ok else 0.0)
        + POINTS_SECONDARY * secondary.f1
        + (POINTS_POA * poa_right / poa_total if poa_total else POINTS_POA * secondary.recall)
        + POINTS_PROCEDURES * procedures.f1
        + (POINTS_DRG if drg_match else 0.0)
    )
    if case.query is not None:
        max_points += POINTS_QUERY
        choice = submission.query_choice
        if choice is None or not 0 <= choice < len(case.query.options):
            query_ok, choice = False, None
        else:
            query_ok = case.query.options[choice].compliant
            points += POINTS_QUERY if query_ok else 0.0
    return CaseScore(
        answer=answer,
        principal_correct=principal_ok,
        entered_principal=as_principal,
        moved=moved,
        secondary=secondary,
        poa_right=poa_right,
        poa_total=poa_total,
        poa_wrong=tuple(poa_wrong),
        procedures=procedures,
        optional_diagnoses=_accepted_optional(
            [as_principal, *entered_secondary] if moved else entered_secondary,
            [answer.principal.code, *key_secondary],
            key.optional_diagnoses,
        ),
        optional_procedures=_accepted_optional(submission.procedures, answer.procedures, key.optional_procedures),
        drg_match=drg_match,
        query_correct=query_ok,
        query_choice=choice,
        points=round(points, 4),
        max_points=max_points,
    )
