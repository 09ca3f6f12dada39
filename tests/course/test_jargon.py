"""Jargon in lessons 07-13 and in every coding case is spelled out where a learner first meets it (lessons 00-06:
see their own checks). Each term, at its first use in a lesson's text (markdown, then its bank's prompts, keys and
explanations), must have its definition close by."""

from __future__ import annotations

import json
import re

import pytest

from course_helpers.data import parse_yaml
from tests.paths import REPO

TERMS: dict[str, tuple[str, str]] = {
    # term: (pattern for a use, words that define it)
    "OEWS": (r"\bOEWS\b", "Occupational Employment and Wage Statistics"),
    "SOC": (r"\bSOC\b", "Standard Occupational Classification"),
    "UHDDS": (r"\bUHDDS\b", "Uniform Hospital Discharge Data Set"),
    "CIWA-Ar": (r"\bCIWA-Ar\b", "Clinical Institute Withdrawal Assessment"),
    "case mix index": (r"\bcase[- ]mix index\b|\bCMI\b", "average"),
    "ASPEN": (r"\bASPEN\b", "American Society for Parenteral and Enteral Nutrition"),
}
CASES = sorted((REPO / "src" / "course_helpers" / "data" / "cases").glob("c*.yaml"))
NEAR = 200
LESSONS = sorted(p for p in (REPO / "notebooks").glob("*.ipynb") if 7 <= int(p.name[:2]) <= 13)


def lesson_text(notebook) -> str:  # noqa: ANN001 - a pathlib.Path
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    parts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    bank = REPO / "quizzes" / f"{notebook.stem}.yaml"
    if bank.exists():
        for q in parse_yaml(bank.read_text(encoding="utf-8")).get("questions", []):
            parts += [str(q.get("prompt", "")), str(q.get("answer", "")), str(q.get("explanation", ""))]
    return "\n".join(parts)


def undefined_at_first_use(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text)  # a definition may wrap across lines
    missing = []
    for term, (pattern, definition) in TERMS.items():
        first = re.search(pattern, text, flags=re.IGNORECASE if term == "case mix index" else 0)
        if first and definition.lower() not in text[max(0, first.start() - NEAR) : first.end() + NEAR].lower():
            missing.append(term)
    return missing


@pytest.mark.parametrize("notebook", LESSONS, ids=[p.stem for p in LESSONS])
def test_jargon_is_defined_at_first_use(notebook) -> None:  # noqa: ANN001
    assert not undefined_at_first_use(lesson_text(notebook)), notebook.name


@pytest.mark.parametrize("case", CASES, ids=[p.stem[:3] for p in CASES])
def test_jargon_in_a_case_is_defined_at_first_use(case) -> None:  # noqa: ANN001
    assert not undefined_at_first_use(case.read_text(encoding="utf-8")), case.name


def test_the_check_catches_an_undefined_term() -> None:
    assert undefined_at_first_use("Look up SOC 29-2072. " + "x" * 300 + " Standard Occupational Classification.")
    assert not undefined_at_first_use("The Standard Occupational Classification (SOC) code 29-2072.")
    assert undefined_at_first_use("The case mix index rose.") == ["case mix index"]
