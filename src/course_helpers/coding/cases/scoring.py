"""Score a coding of a case against its answer key: points, and the errors that fail it. Pure: no grouper,
no widgets, no I/O.

The DRGs are passed in (``DrgOutcome``) so the scoring can be tested on its own; ``attempt`` regroups the
codes and calls ``grade.grade_case``. The words the learner reads are written by ``feedback``.

Points (100 with a query step, 90 without): principal diagnosis 30 (right or wrong) · secondary diagnoses
25 x F1 of precision and recall · POA indicators 5 x share right among matched secondaries · procedures
15 x F1 · DRG match 15 · query wording 10 (only for cases whose right first step is a query).

Consequence first (``consequences``): an error that changes the MS-DRG, misreports or hides a
hospital-acquired condition, codes what the provider ruled out, overrides the provider's POA answer, or
picks a non-compliant query (or none) caps the score at ``FAIL_CAP_PERCENT``, below the pass mark, whatever
else is right. Optional ("also codable") codes cost nothing; equivalent codes (``key.equivalents``) count as
the key's; an exempt code's POA may be "1" or blank; alternative keys are complete answers, the better
score kept (the main key on a tie).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from course_helpers.coding.cases.answer import CaseAnswer, KeyAnswer, in_key_terms
from course_helpers.coding.cases.model import AlternativeKey, Case
from course_helpers.coding.codes.normalize import normalize_code as normalize
from course_helpers.data import PASS_MARK

POINTS_PRINCIPAL = 30.0
POINTS_SECONDARY = 25.0
POINTS_POA = 5.0
POINTS_PROCEDURES = 15.0
POINTS_DRG = 15.0
POINTS_QUERY = 10.0
PASS_PERCENT = PASS_MARK
FAIL_CAP_PERCENT = min(60.0, PASS_PERCENT - 10)  # a coding with a decisive error scores at most this

__all__ = [
    "CaseGrade",
    "CaseScore",
    "DrgOutcome",
    "SetScore",
    "score_case",
    "score_set",
]


@dataclass(frozen=True)
class DrgOutcome:
    """A grouping reduced to what grading needs.

    ``levels`` maps each secondary code (dotless) to 'MCC', 'CC' or 'none'; ``hacs`` maps each code that
    meets a CMS hospital-acquired condition's criteria in this grouping (POA N or U) to the HAC's name.
    """

    drg: int
    title: str
    weight: float | None
    payment: float | None
    levels: Mapping[str, str] = field(default_factory=dict)
    hacs: Mapping[str, str] = field(default_factory=dict)

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
class Decisive:
    """One error that fails the case, with what it changes; ``feedback`` words it.

    kind: 'principal', 'drg', 'drg_code_missed', 'hac_poa', 'hac_hidden', 'ruled_out', 'poa_override' or
    'query'. ``code`` is the dotless code it is about (or '' for the DRG and the query); ``drg_without`` is
    the key's DRG without that code (for 'drg_code_missed'); ``detail`` is a short fact such as the HAC name.
    """

    kind: str
    code: str = ""
    drg_without: int | None = None
    detail: str = ""


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
    decisive: tuple[Decisive, ...] = ()  # the errors that failed the case, most costly first
    points_before_cap: float | None = None  # the points the parts earned before a decisive error capped them

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
        """True at or above the pass mark (PASS_PERCENT, the course policy) and with no decisive error."""
        return self.percent >= PASS_PERCENT and not self.decisive

    @property
    def payment_difference(self) -> float | None:
        """Learner's payment minus the key's (negative = under-coded), or None if either is ungroupable."""
        if self.learner_drg.payment is None or self.key_drg.payment is None:
            return None
        return round(self.learner_drg.payment - self.key_drg.payment, 2)


def score_set(entered: Iterable[str], key: Iterable[str], optional: Iterable[str] = ()) -> SetScore:
    """Compare dotless codes; optional codes are neither required nor penalised."""
    key_list = list(dict.fromkeys(key))
    free = set(optional)
    entered_list = [c for c in dict.fromkeys(entered) if c not in free or c in key_list]
    wanted = set(key_list)
    return SetScore(
        matched=tuple(c for c in entered_list if c in wanted),
        missed=tuple(c for c in key_list if c not in set(entered_list)),
        extra=tuple(c for c in entered_list if c not in wanted),
    )


@dataclass(frozen=True)
class CaseScore:
    """Every number the grade rests on, against one answer; no words (``feedback`` writes those)."""

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
    entry: CaseAnswer  # the coding as scored: equivalent codes written as the key's


def _optional_diagnoses(case: Case, entered: Iterable[str] = ()) -> list[str]:
    """The optional codes free for this entry: of codes that exclude each other, only the first entered."""
    order = list(dict.fromkeys(entered))
    not_free: set[str] = set()
    for group in case.key.optional_one_of:
        not_free.update([code for code in order if code in group][1:])
    return [code for code in (normalize(c) for c in case.key.optional_diagnoses) if code not in not_free]


def _optional_procedures(case: Case) -> list[str]:
    return list(case.key.optional_procedures)  # PCS codes are stored normalised by the model


def _accepted_optional(entered: Iterable[str], required: Iterable[str], optional: Iterable[str]) -> tuple[str, ...]:
    free = set(optional) - set(required)
    return tuple(c for c in dict.fromkeys(entered) if c in free)


def score_case(case: Case, entry: CaseAnswer, learner_drg: DrgOutcome, answer: KeyAnswer) -> CaseScore:
    """Score a coding against one complete answer (the main key or an alternative); points before any cap."""
    entry = in_key_terms(case, answer, entry)
    as_principal = entry.principal
    key_principal = answer.principal_code
    principal_ok = as_principal == key_principal
    key_secondary = answer.secondary_codes
    entered_secondary = list(entry.secondary_codes)
    moved = not principal_ok and as_principal in key_secondary  # a key secondary sequenced first
    optional_dx = _optional_diagnoses(case, [as_principal, *entered_secondary])

    # the key's principal entered as a secondary is a sequencing slip, already counted against the principal;
    # a key secondary entered as principal was found, just sequenced wrongly
    secondary = score_set(
        [c for c in entered_secondary if c != key_principal] + ([as_principal] if moved else []),
        key_secondary,
        optional_dx,
    )
    key_dx = answer.by_code
    entered_poa = dict(entry.secondary)
    poa_right = poa_total = 0
    poa_wrong: list[tuple[str, str, str]] = []
    for code in secondary.matched:
        if code not in entered_poa:
            continue  # entered as the principal: no POA was asked for
        poa_total += 1
        if entered_poa[code] in key_dx[code].accepted_poa:
            poa_right += 1
        else:
            poa_wrong.append((code, key_dx[code].poa, entered_poa[code]))

    procedures = score_set(entry.procedures, answer.procedures, _optional_procedures(case))
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
        choice = entry.query_choice
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
            [key_principal, *key_secondary],
            optional_dx,
        ),
        optional_procedures=_accepted_optional(entry.procedures, answer.procedures, _optional_procedures(case)),
        entry=entry,
        drg_match=drg_match,
        query_correct=query_ok,
        query_choice=choice,
        points=round(points, 4),
        max_points=max_points,
    )
