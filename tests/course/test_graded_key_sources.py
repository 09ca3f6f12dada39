"""Every question names the primary source of its key with `source:` tags (quizzing/source_tags.py).

Fails when a question has no source tag, a tag of an unknown kind, a `source:guideline:` id that is not in
data/coding/guideline_sections.yaml, a `source:data:` that is not a primary record, a `source:handbook:` whose
credential record is not primary, a `source:course:` path that does not exist, a code item without its code set,
a DRG or CC/MCC claim without the grouper, or a `source:given` key that needs a figure its prompt does not give.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from course_helpers.coding.codes.cm_status import billable_cm_codes
from course_helpers.coding.codes.normalize import normalize_code
from course_helpers.course.provenance import data_source_problem, figures_in, file_status, find_record
from course_helpers.quizzing.source_tags import CODESETS, GROUPERS, LAW, ONET, SOURCE_KINDS, source_tags
from tests.course.test_graded_keys_verified import questions  # every bank's questions, one loader
from tests.paths import REPO

TABLE = yaml.safe_load((REPO / "src/course_helpers/data/coding/guideline_sections.yaml").read_text(encoding="utf-8"))
SECTIONS = set(TABLE["cm"]["sections"]) | set(TABLE["pcs"]["sections"])
EXAM_POOL = "13_final_exam.yaml"
"""The exam pool follows /work/exam-items-brief's rules (its writers own it): a `source:data:<file>` there needs
a primary record in the file, and a `source:fact-check:<id>` a record in data/fact_checks.yaml. The lesson banks
are held to the stricter rules: the named record itself is primary."""
DRG_CLAIM = re.compile(
    r"\b(?:MS-)?DRGs? \d{3}\b|\bis (?:an? |not an? )?M?CC\b|\bM?CCs? (?:here|in the FY2026)|\b\d{3}\s*\("
)
"""A key that states an MS-DRG number or a CC/MCC status ("291, heart failure...", "E43; it is an MCC")."""


def _key_text(question: dict[str, Any]) -> str:
    answer = question["answer"]
    return " | ".join(map(str, answer)) if isinstance(answer, list) else str(answer)


def problems(question: dict[str, Any], strict: bool = True) -> list[str]:
    """Why a question's `source:` tags do not name a primary source for its key (empty when they do); `strict`
    (the lesson banks) wants each named data or fact-check record to be primary."""
    tags = source_tags(question.get("tags"))
    if not tags:
        return ["no `source:` tag"]
    found = []
    for kind, value in tags:
        if kind not in SOURCE_KINDS:
            found.append(f"unknown source kind {kind!r} (one of {', '.join(SOURCE_KINDS)})")
        elif kind == "guideline" and value not in SECTIONS:
            found.append(f"guideline {value!r} is not in data/coding/guideline_sections.yaml")
        elif kind == "codeset" and value not in CODESETS:
            found.append(f"code set {value!r} is not one of {', '.join(CODESETS)}")
        elif kind == "grouper" and value not in GROUPERS:
            found.append(f"grouper {value!r} is not one of {', '.join(GROUPERS)}")
        elif kind == "data" and (why := data_source_problem(value)):
            lax = not strict and "#" not in value and "primary" in file_status(value)
            if not lax:
                found.append(why)
        elif kind == "fact-check":
            record = find_record("fact_checks.yaml", value)
            if record is None:
                found.append(f"fact check {value!r} is not in data/fact_checks.yaml")
            elif strict and record.status != "primary":
                found.append(f"fact check {value!r} is `verified: {record.status}`")
        elif kind in ("cfr", "usc") and not LAW.match(value):
            found.append(f"{kind} citation {value!r} is not written <title>-<section> (42-412.3)")
        elif kind == "onet" and not ONET.match(value):
            found.append(f"O*NET occupation {value!r} is not written 29-2072.00")
        elif kind == "practice-brief" and not value:
            found.append("source:practice-brief needs the brief's name")
        elif kind == "handbook":
            named = [find_record("credentials.yaml", token) for token in value.upper().replace("_", "-").split("-")]
            record = next((r for r in named if r is not None), None)
            if record is None or record.status != "primary":
                found.append(f"handbook {value!r}: its data/credentials.yaml record is not `verified: primary`")
        elif kind == "course":
            path, _, anchor = value.partition("#")
            target = REPO / path
            if not path or not target.exists():
                found.append(f"course source {path!r} does not exist in the repository")
            elif anchor and anchor not in target.read_text(encoding="utf-8"):
                found.append(f"course source {path} has no {anchor!r}")
    kinds = {k for k, _ in tags}
    if question["type"] == "code":
        codes = [question["answer"], *(question.get("accept") or [])]
        cm = billable_cm_codes()
        want = {"icd10cm" if normalize_code(str(c)) in cm else "icd10pcs" for c in codes}
        have = {v for k, v in tags if k == "codeset"}
        if not want <= have:
            found.append(f"a code key needs source:codeset:{' and '.join(sorted(want - have))}")
    if DRG_CLAIM.search(_key_text(question)) and "grouper" not in kinds:
        found.append("the key states an MS-DRG or CC/MCC claim: tag source:grouper:ms-drg-v43")
    if ("given", "") in tags:
        missing = figures_in(_key_text(question)) - figures_in(question["prompt"])
        worked = figures_in(" ".join(re.findall(r"=\s*(\$?[\d,.]+%?)", str(question.get("explanation") or ""))))
        if question["type"] != "numeric" and missing - worked:
            found.append(f"source:given, but the key states {sorted(missing - worked)} that the prompt does not give")
        if question["type"] == "numeric" and not re.search(r"\d", question["prompt"]):
            found.append("source:given on a numeric key whose prompt gives no figure to work from")
    return found


@pytest.mark.parametrize(("bank", "question"), questions(), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_every_key_names_its_primary_source(bank, question):
    found = problems(question, strict=bank != EXAM_POOL)
    assert not found, f"{bank}:{question['id']}: " + "; ".join(found)


def test_the_check_rejects_what_it_should():
    base = {"id": "x", "type": "single_choice", "prompt": "Pick one.", "answer": "A", "explanation": "."}
    assert problems(base) == ["no `source:` tag"]
    assert problems({**base, "tags": ["source:guideline:I.Z.99"]})
    assert problems({**base, "tags": ["source:data:salary.yaml"]})  # every record secondary
    assert problems({**base, "tags": ["source:data:fact_checks.yaml"]})  # mixed: name the record
    assert not problems({**base, "tags": ["source:data:fact_checks.yaml#ccs-awarding-body"]})
    assert problems({**base, "tags": ["source:data:fact_checks.yaml#bls-median-pay"]})
    assert problems({**base, "tags": ["source:handbook:ahima-cca"]})  # secondary record
    assert not problems({**base, "tags": ["source:handbook:ahima-ccs"]})
    assert not problems({**base, "tags": ["source:handbook:aapc-cic-handbook"]})
    assert problems({**base, "tags": ["source:handbook:ahima"]})  # names no credential
    assert problems({**base, "answer": "MS-DRG 291", "tags": ["source:given"]})
    assert problems({**base, "answer": "$48,780", "tags": ["source:given"]})
    assert not problems({**base, "prompt": "The median is $48,780.", "answer": "$48,780", "tags": ["source:given"]})
    assert problems({**base, "type": "code", "answer": "0DTJ4ZZ", "tags": ["source:codeset:icd10cm"]})
    assert problems({**base, "tags": ["source:course:docs/nowhere.md"]})
    assert problems({**base, "tags": ["source:fact-check:code-update-calendar"]})  # secondary record
    assert not problems({**base, "tags": ["source:fact-check:code-update-calendar"]}, strict=False)
    assert problems({**base, "tags": ["source:data:credentials.yaml"]})
    assert not problems({**base, "tags": ["source:data:credentials.yaml"]}, strict=False)
    assert problems({**base, "tags": ["source:data:salary.yaml"]}, strict=False)  # no primary record at all
    assert not problems({**base, "tags": ["source:cfr:42-412.3", "source:onet:29-2072.00"]})
    assert problems({**base, "tags": ["source:cfr:CFR 42"]})
    assert not problems({**base, "type": "code", "answer": "S82.851A", "tags": ["source:codeset:icd10cm"]})
