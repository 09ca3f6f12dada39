"""A small course with an exam that has its own pool, written into a folder (shared by the exam-pool tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.quizzing.bank_samples import GOOD

SECTION = "What Is an Inpatient Coder?"
LESSON_2 = """\
schema_version: 1
id: 91_second
title: Second lesson
guide_section: What Is an Inpatient Coder?
questions:
  - id: t-dx
    type: code
    system: icd10cm
    prompt: A patient has essential hypertension and nothing else. Enter the ICD-10-CM code.
    answer: I10
    explanation: I10 is essential (primary) hypertension.
    guide_section: What Is an Inpatient Coder?
  - id: t-poa
    type: true_false
    prompt: A condition that develops during the stay is reported as present on admission.
    answer: false
    explanation: It developed after the admission order, so POA is N.
    guide_section: What Is an Inpatient Coder?
"""

CODES = ["I10", "E119", "J189", "N179", "I4891", "E871", "D62", "J9601", "K5900", "R0902", "N390", "E6601"]


def exam_item(n: int, domain: str, kind: str, fact: str | None = None, points: float = 1.0) -> dict[str, Any]:
    """One exam item of a kind (coding-work: a code to enter; application: a choice; recall: true/false)."""
    tags = {"coding-work": ["coding-work", "application"], "application": ["application"], "recall": []}[kind]
    tags = [*tags, f"domain:{domain}", f"fact:{fact or f'fact-{n}'}", "source:given"]
    base = {"id": f"exam-{n}", "explanation": f"Item {n} is keyed from its stem.", "guide_section": SECTION,
            "tags": tags, "points": points}
    if kind == "coding-work":
        return base | {"type": "code", "system": "icd10cm", "answer": CODES[n % len(CODES)],
                       "prompt": f"Scenario {n}: enter the one diagnosis code documentation {n * 7} supports."}
    if kind == "application":
        return base | {"type": "single_choice", "choices": [f"Option {n}a", f"Option {n}b", f"Option {n}c"],
                       "answer": f"Option {n}b",
                       "feedback": {f"Option {n}a": "Not this one.", f"Option {n}c": "Nor this."},
                       "prompt": f"Case {n}: which step does rule {n * 3} call for next?"}
    return base | {"type": "true_false", "answer": n % 2 == 0, "feedback": {"true": "See it.", "false": "See it."},
                   "prompt": f"Statement {n}: recall item number {n} about fact {n * 11} holds."}


def exam_bank(items: list[dict[str, Any]], *, count: int, seed: int = 7, per_domain_min: int = 1,
              attempts: int | None = 2, graded: bool = True) -> str:
    """The exam bank's YAML text."""
    data: dict[str, Any] = {"schema_version": 1, "id": "99_exam", "title": "Final exam", "guide_section": SECTION,
                            "mode": "exam", "pass_mark": 60, "graded": graded, "shuffle": True,
                            "draw": {"count": count, "seed": seed, "per_domain_min": per_domain_min},
                            "questions": items}
    if attempts is not None:
        data["attempts_allowed"] = attempts
    return yaml.safe_dump(data, sort_keys=False)


def standard_pool() -> list[dict[str, Any]]:
    """24 items over two domains and three kinds; items 0/1, 8/9 and 16/17 share a fact (parallel forms)."""
    items = []
    for n in range(24):
        domain = "90_sample" if n % 2 == 0 else "91_second"
        kind = ("coding-work", "application", "recall")[n // 8]
        fact = f"shared-{n // 2}" if n % 8 in (0, 1) else None
        items.append(exam_item(n, domain, kind, fact))
    return items


def write_course(folder: Path, items: list[dict[str, Any]] | None = None, **exam: Any) -> Path:
    """A quizzes folder: two practice lessons and an exam with its own pool."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "90_sample.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "91_second.yaml").write_text(LESSON_2, encoding="utf-8")
    exam.setdefault("count", 12)
    (folder / "99_exam.yaml").write_text(exam_bank(standard_pool() if items is None else items, **exam),
                                         encoding="utf-8")
    return folder
