"""Which errors in a coding fail the case whatever else is right: the ones a hospital or an audit pays for.

Pure: the groupings come in as ``DrgOutcome`` values and ``drg_without`` (the key's DRG with one of its
codes left out, from ``attempt``). An error is decisive when it

- changes the MS-DRG: the coding groups elsewhere than the key, or leaves out a code without which the key
  itself would group elsewhere (a principal, an MCC/CC, a DRG-driving procedure);
- puts the wrong condition first (the principal diagnosis decides the MDC and is what the stay is reported for);
- misreports the POA of a hospital-acquired condition (CMS HAC list, from the grouper's own HAC logic) or
  leaves out one that was not present on admission;
- codes a condition the provider ruled out (``key.ruled_out``);
- overrides a POA answer the provider gave (``poa_stated`` in the key);
- sends a non-compliant query, or none, where the record needs one.
"""

from __future__ import annotations

from collections.abc import Mapping

from course_helpers.coding.cases.answer import KeyAnswer
from course_helpers.coding.cases.model import Case
from course_helpers.coding.cases.scoring import CaseScore, Decisive, DrgOutcome

__all__ = ["decisive_errors"]


def _ruled_out(case: Case, codes: tuple[str, ...]) -> list[Decisive]:
    found = []
    for code in codes:
        for rule in case.key.ruled_out:
            if any(code.startswith(prefix) for prefix in rule.codes):
                found.append(Decisive("ruled_out", code, detail=rule.why))
                break
    return found


def _hac(answer: KeyAnswer, score: CaseScore, learner_drg: DrgOutcome, key_drg: DrgOutcome) -> list[Decisive]:
    entered = dict(score.entry.secondary)
    found = []
    for code in answer.secondary_codes:
        hac = key_drg.hacs.get(code) or learner_drg.hacs.get(code)
        if hac is None:
            continue  # not a hospital-acquired condition in either grouping
        if code not in entered and code != score.entry.principal:
            if code in key_drg.hacs:
                found.append(Decisive("hac_hidden", code, detail=hac))
        elif code in entered and (code in key_drg.hacs) != (code in learner_drg.hacs):
            found.append(Decisive("hac_poa", code, detail=hac))
    return found


def _poa_overrides(answer: KeyAnswer, score: CaseScore, already: set[str]) -> list[Decisive]:
    entered = dict(score.entry.secondary)
    return [
        Decisive("poa_override", code, detail=d.poa)
        for d, code in zip(answer.secondary, answer.secondary_codes, strict=True)
        if d.poa_stated and code in entered and entered[code] not in d.accepted_poa and code not in already
    ]


def decisive_errors(
    case: Case,
    answer: KeyAnswer,
    score: CaseScore,
    learner_drg: DrgOutcome,
    key_drg: DrgOutcome,
    drg_without: Mapping[str, int] | None = None,
) -> tuple[Decisive, ...]:
    """The errors that fail this coding, most costly first (empty when none does)."""
    found: list[Decisive] = []
    if learner_drg.drg != answer.drg:
        found.append(Decisive("drg"))
    for code in (*score.secondary.missed, *score.procedures.missed):
        without = (drg_without or {}).get(code)
        if without is not None and without != answer.drg:
            found.append(Decisive("drg_code_missed", code, drg_without=without))
    if not score.principal_correct:
        found.append(Decisive("principal", score.entered_principal))
    hac = _hac(answer, score, learner_drg, key_drg)
    found += hac
    found += _poa_overrides(answer, score, {d.code for d in hac})
    found += _ruled_out(case, (score.entry.principal, *score.entry.secondary_codes))
    if case.query is not None and not score.query_correct:
        found.append(Decisive("query"))
    return tuple(found)
