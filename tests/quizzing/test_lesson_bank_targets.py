"""Lessons 07-11 banks: the brief's size and mix targets, and no correct answer that repeats a guide error."""

from __future__ import annotations

import re

import pytest

from course_helpers.quizzing.bank import load_bank

BANKS = ["07_work_environment", "08_career_advancement", "09_job_market", "10_your_path", "11_faq"]

# Claims fact-check.md marks wrong; a correct answer (or a true statement) must never contain one.
GUIDE_ERRORS = {
    "CCS from AAPC": re.compile(
        r"CCS[^.;]{0,40}\b(by|through|from|via) AAPC|CCS\W{0,5}AAPC credential|AAPC(?:'s)? (CCS|Certified Coding Spec)",
        re.I,
    ),
    "CAAHEP accredits coding programs": re.compile(r"CAAHEP", re.I),
    "inpatient means overnight": re.compile(r"overnight or longer|crosses midnight is inpatient", re.I),
    "old BLS median": re.compile(r"42,630"),
    "CPT changes on October 1": re.compile(r"CPT[^.;]*October 1", re.I),
    "bachelor's shortens the CCS path": re.compile(r"bachelor[^.;]*(one|1) year", re.I),
}


def _correct_texts(question) -> list[str]:
    kind = question.type
    if kind == "single_choice":
        return [question.answer]
    if kind in ("multiple_select", "ordering"):
        return list(question.answer)
    if kind in ("short_text", "code"):
        return [question.answer, *question.accept]
    if kind == "true_false":
        return [question.prompt] if question.answer else []
    return []


@pytest.mark.parametrize("bank_id", BANKS)
def test_bank_meets_the_lesson_targets(bank_id: str) -> None:
    questions = load_bank(bank_id).bank.questions
    assert len(questions) >= 14
    assert len({q.type for q in questions}) >= 4
    assert 3 * sum("application" in q.tags for q in questions) >= len(questions)
    assert all(len(q.explanation.split()) >= 15 for q in questions), "explanations should teach, not just confirm"


@pytest.mark.parametrize("bank_id", BANKS)
def test_no_correct_answer_repeats_a_guide_error(bank_id: str) -> None:
    for question in load_bank(bank_id).bank.questions:
        for text in _correct_texts(question):
            for error, pattern in GUIDE_ERRORS.items():
                assert not pattern.search(text), f"{question.id}: correct answer repeats '{error}': {text!r}"


def test_the_guard_catches_a_guide_error() -> None:
    wrong = "Sit for the CCS exam through AAPC"
    assert GUIDE_ERRORS["CCS from AAPC"].search(wrong)
    assert GUIDE_ERRORS["CCS from AAPC"].search("Certified Coding Specialist (CCS) – AAPC Credential")
    assert not GUIDE_ERRORS["CCS from AAPC"].search("The CCS is AHIMA's; AAPC's CIC is the inpatient credential")
