"""Grade a learner's coding of a case against its answer key. Pure: no grouper, no widgets, no I/O.

The DRGs are passed in (``DrgOutcome``) so the scoring can be tested on its own; ``case_attempt``
regroups the learner's codes and calls ``grade_case``.

Points (100 with a query step, 90 without):
principal diagnosis 30 (right or wrong) · secondary diagnoses 25 x F1 of precision and recall ·
POA indicators 5 x share right among matched secondaries · procedures 15 x F1 · DRG match 15 ·
query wording 10 (only for cases whose right first step is a query).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from course_helpers.coding.cases.model import Case
from course_helpers.coding.codes.normalize import format_cm, normalize_code
from course_helpers.display.money import money

POINTS_PRINCIPAL = 30.0
POINTS_SECONDARY = 25.0
POINTS_POA = 5.0
POINTS_PROCEDURES = 15.0
POINTS_DRG = 15.0
POINTS_QUERY = 10.0
PASS_PERCENT = 70.0

OK, MISS, EXTRA = "✔", "✘", "＋"  # symbols so feedback never relies on colour


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


def _money(amount: float) -> str:
    """'-$4,665.70' or '+$120.00'."""
    return ("+" if amount >= 0 else "") + money(amount, cents=True)


def _level_note(code: str, levels: Mapping[str, str]) -> str:
    level = levels.get(code, "none")
    return f" (an {level} for this case)" if level == "MCC" else f" (a {level} for this case)" if level == "CC" else ""


def grade_case(case: Case, submission: Submission, learner_drg: DrgOutcome, key_drg: DrgOutcome) -> CaseGrade:
    """Score a submission against the case's key and explain what was missed and what it cost."""
    key = case.key
    lines: list[str] = []
    principal_ok = normalize_code(submission.principal) == normalize_code(key.principal.code)
    key_secondary = [normalize_code(d.code) for d in key.secondary]
    entered_secondary = [normalize_code(c) for c, _ in submission.secondary]
    as_principal = normalize_code(submission.principal)
    moved = not principal_ok and as_principal in key_secondary  # a key secondary sequenced first
    if principal_ok:
        lines.append(f"{OK} Principal diagnosis {key.principal.code} is right.")
    elif moved:
        lines.append(
            f"{MISS} Sequencing: you put {format_cm(as_principal)} first, but the principal diagnosis is "
            f"{key.principal.code}; {format_cm(as_principal)} belongs in the record as a secondary diagnosis."
        )
    else:
        lines.append(
            f"{MISS} Principal diagnosis: you entered {format_cm(as_principal)}; the key is {key.principal.code}."
        )

    # the key's principal entered as a secondary is a sequencing slip, already counted against the principal;
    # a key secondary entered as principal was found, just sequenced wrongly
    secondary = score_set(
        [c for c in entered_secondary if c != normalize_code(key.principal.code)] + ([as_principal] if moved else []),
        key_secondary,
        key.optional_diagnoses,
    )
    for code in secondary.missed:
        lines.append(f"{MISS} Missed secondary diagnosis {format_cm(code)}{_level_note(code, key_drg.levels)}.")
    for code in secondary.extra:
        lines.append(f"{EXTRA} Extra code {format_cm(code)} is not supported by the record (not in the key).")
    if key.secondary or submission.secondary:
        lines.append(
            f"Secondary diagnoses: {len(secondary.matched)} of {len(key_secondary)} found; "
            f"precision {secondary.precision:.0%}, recall {secondary.recall:.0%}."
        )

    key_poa = {normalize_code(d.code): d.poa for d in key.secondary}
    entered_poa = {normalize_code(c): p.strip().upper() for c, p in submission.secondary}
    poa_right = poa_total = 0
    for code in secondary.matched:
        if code not in entered_poa:
            continue  # entered as the principal: no POA was asked for
        poa_total += 1
        if entered_poa[code] == key_poa[code]:
            poa_right += 1
        else:
            lines.append(f"{MISS} POA for {format_cm(code)} should be {key_poa[code]}, not {entered_poa[code]}.")

    procedures = score_set(submission.procedures, key.procedures, key.optional_procedures)
    for code in procedures.missed:
        lines.append(f"{MISS} Missed procedure {code}.")
    for code in procedures.extra:
        lines.append(f"{EXTRA} Extra procedure {code} (not in the key).")
    if key.procedures or submission.procedures:
        lines.append(
            f"Procedures: {len(procedures.matched)} of {len(key.procedures)} found; "
            f"precision {procedures.precision:.0%}, recall {procedures.recall:.0%}."
        )

    drg_match = learner_drg.drg == key_drg.drg
    if drg_match:
        lines.append(f"{OK} Your codes group to the key's DRG: {key_drg.describe()}.")
    else:
        lines.append(f"{MISS} Your codes group to {learner_drg.describe()}; the key groups to {key_drg.describe()}.")
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

    query_ok: bool | None = None
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
            query_ok = False
            lines.append(f"{MISS} Query: no query wording was chosen; this record needs a physician query first.")
        else:
            option = case.query.options[choice]
            query_ok = option.compliant
            points += POINTS_QUERY if query_ok else 0.0
            mark = OK if query_ok else MISS
            verdict = "compliant" if query_ok else "not compliant"
            lines.append(f"{mark} Query: the wording you chose is {verdict}: {option.why}")
    points = round(points, 4)
    lines.insert(0, f"Score: {points:g} of {max_points:g} points ({100 * points / max_points:.0f}%).")
    return CaseGrade(
        case_id=case.id,
        principal_correct=principal_ok,
        secondary=secondary,
        poa_right=poa_right,
        poa_total=poa_total,
        procedures=procedures,
        drg_match=drg_match,
        query_correct=query_ok,
        learner_drg=learner_drg,
        key_drg=key_drg,
        points=points,
        max_points=max_points,
        feedback=tuple(lines),
    )
