"""What a case is answered with: the learner's ``CaseAnswer`` and the key's complete answers (``KeyAnswer``).

Codes are normalised once, when a ``CaseAnswer`` is made (upper case, no dots, POA stripped); every later
step compares the stored forms. Pure: no grouper, no widgets, no I/O.

Not to be confused with ``records.submission.SubmissionV1``, the hand-in file a learner sends an instructor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from course_helpers.coding.cases.model import AlternativeKey, Case, Diagnosis
from course_helpers.coding.codes.normalize import format_cm, normalize_code

__all__ = ["CaseAnswer", "KeyAnswer", "key_answers"]


@dataclass(frozen=True)
class CaseAnswer:
    """One coding of a case: principal, (code, POA) secondaries, procedures and the chosen query wording.

    Codes may be given with dots or without and in any case; they are stored dotless and upper-case.
    A POA left blank is stored as "" (graded right only for a code exempt from POA reporting).
    """

    principal: str
    secondary: tuple[tuple[str, str], ...] = ()
    procedures: tuple[str, ...] = ()
    query_choice: int | None = None  # index into case.query.options

    def __post_init__(self) -> None:
        object.__setattr__(self, "principal", normalize_code(self.principal))
        pairs = tuple((normalize_code(c), (p or "").strip().upper()) for c, p in self.secondary)
        object.__setattr__(self, "secondary", pairs)
        object.__setattr__(self, "procedures", tuple(normalize_code(p) for p in self.procedures))

    @classmethod
    def of_checked(
        cls,
        principal: str,
        secondary: tuple[tuple[str, str], ...],
        procedures: tuple[str, ...],
        query_choice: int | None = None,
    ) -> CaseAnswer:
        """A coding whose codes a checker has already normalised (dotless, upper case): not normalised again."""
        entry = object.__new__(cls)
        for name, value in (("principal", principal), ("secondary", secondary), ("procedures", procedures)):
            object.__setattr__(entry, name, value)
        object.__setattr__(entry, "query_choice", query_choice)
        return entry

    @property
    def secondary_codes(self) -> tuple[str, ...]:
        """The secondary codes, dotless, in entry order."""
        return tuple(c for c, _ in self.secondary)

    def as_answer(self) -> dict[str, object]:
        """A JSON-serialisable form for the progress store (diagnoses written with their dot)."""
        return {
            "principal": format_cm(self.principal),
            "secondary": [[format_cm(c), p] for c, p in self.secondary],
            "procedures": list(self.procedures),
            "query_choice": self.query_choice,
        }


@dataclass(frozen=True)
class KeyAnswer:
    """One complete answer a coding is scored against: the main key, or one of its alternatives."""

    principal: Diagnosis
    secondary: tuple[Diagnosis, ...]
    procedures: tuple[str, ...]
    drg: int
    alternative: AlternativeKey | None = None  # None for the main key
    index: int | None = None  # the alternative's index in case.key.alternatives

    @cached_property
    def principal_code(self) -> str:
        """The principal diagnosis, dotless (worked out once per key answer)."""
        return normalize_code(self.principal.code)

    @cached_property
    def by_code(self) -> dict[str, Diagnosis]:
        """The secondary diagnoses keyed by their dotless code, in key order (worked out once)."""
        return {normalize_code(d.code): d for d in self.secondary}

    @property
    def secondary_codes(self) -> list[str]:
        """Secondary codes, dotless."""
        return list(self.by_code)

    def diagnosis(self, code: str) -> Diagnosis | None:
        """The key's secondary diagnosis for a dotless code, if it has one."""
        return self.by_code.get(code)


def key_answers(case: Case) -> list[KeyAnswer]:
    """The main key first, then each alternative complete answer the key accepts."""
    key = case.key
    answers = [KeyAnswer(key.principal, tuple(key.secondary), tuple(key.procedures), key.drg)]
    answers += [
        KeyAnswer(a.principal, tuple(a.secondary), tuple(a.procedures), a.drg, a, i)
        for i, a in enumerate(key.alternatives)
    ]
    return answers


def in_key_terms(case: Case, answer: KeyAnswer, entry: CaseAnswer) -> CaseAnswer:
    """The coding with each code the key lists as equivalent to one of this answer's codes replaced by it."""
    keyed = {answer.principal_code, *answer.secondary_codes, *answer.procedures}
    swap: dict[str, str] = {}
    for group in case.key.equivalents:
        target = next((c for c in group if c in keyed), None)
        if target is not None:
            swap.update({c: target for c in group if c != target})
    if not swap:
        return entry
    return CaseAnswer.of_checked(
        swap.get(entry.principal, entry.principal),
        tuple((swap.get(c, c), p) for c, p in entry.secondary),
        tuple(swap.get(c, c) for c in entry.procedures),
        entry.query_choice,
    )
