"""Fixtures: a small folder of banks (a practice lesson, a second lesson and an exam with its own pool)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quizzing.bank_samples import GOOD

SECOND = """\
schema_version: 1
id: 91_second
title: Second lesson
guide_section: Salary Expectations for Inpatient Coders
shuffle: true
questions:
  - id: t-median
    type: numeric
    prompt: "May 2023 median pay for medical records specialists, in dollars?"
    answer: 48780
    tolerance: 50
    unit: dollars
    explanation: Third-party reproductions of BLS data give $48,780.
    guide_section: Salary Expectations for Inpatient Coders
  - id: t-order
    type: ordering
    prompt: Put the steps in order.
    answer: [Read the record, Assign codes, Query if unclear, Final review]
    explanation: Read first, code, query gaps, then review.
    guide_section: Salary Expectations for Inpatient Coders
  - id: t-multi
    type: multiple_select
    prompt: Which are AHIMA credentials?
    choices: [CCS, CIC, RHIT, CPC]
    answer: [CCS, RHIT]
    scoring: partial
    points: 2
    explanation: CIC and CPC are AAPC's.
    guide_section: Salary Expectations for Inpatient Coders
"""

EXAM = """\
schema_version: 1
id: 99_exam
title: Final exam
guide_section: Frequently Asked Questions About Inpatient Coding
mode: exam
attempts_allowed: 2
pass_mark: 60
draw: {count: 4, seed: 7, per_domain_min: 1}
questions:
""" + "".join(
    f"""\
  - id: x-{domain[:2]}-{n}
    type: {kind}
    prompt: "Exam item {n} on lesson {domain}: {'enter the code' if kind == 'code' else 'is this so?'}"
    {'system: icd10cm' if kind == 'code' else 'feedback: {"true": It is not., "false": It is.}'}
    answer: {'I10' if kind == 'code' else 'false'}
    explanation: Item {n} is keyed from its stem.
    guide_section: Frequently Asked Questions About Inpatient Coding
    tags: [{'coding-work, ' if kind == 'code' else ''}"domain:{domain}", "fact:{domain}-{n}", "source:given"]
"""
    for domain in ("90_sample", "91_second")
    for n, kind in enumerate(("code", "code", "true_false", "true_false"))
)


@pytest.fixture
def banks_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A quizzes folder with three banks, used as the course's quizzes."""
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "90_sample.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "91_second.yaml").write_text(SECOND, encoding="utf-8")
    (folder / "99_exam.yaml").write_text(EXAM, encoding="utf-8")
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(folder))
    return folder
