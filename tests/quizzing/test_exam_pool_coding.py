"""The final exam's own coding-work items (issue 19), checked with the course's own code tools.

- every code-entry key and `accept` is a billable FY2026 ICD-10-CM code (`cm_status`) or a valid FY2026
  ICD-10-PCS code (Medicare Code Editor) that the course's PCS table builder offers;
- every ICD-10-CM / ICD-10-PCS code written anywhere in a coding-work item (choices, feedback, explanation)
  is a real FY2026 code, so a distractor never rests on a code that does not exist;
- every `source:guideline:<id>` tag names a section of the shipped guideline table;
- every CC/MCC and MS-DRG claim an exam grouping item makes is what the FY2026 (v43) grouper says.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from course_helpers.coding.codes.cm_status import CmStatus, cm_status
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.normalize import normalize_code
from course_helpers.coding.codes.pcs_tables import builder_codes
from course_helpers.coding.drg.grouper import group_case
from tests.paths import REPO

EXAM = REPO / "quizzes" / "13_final_exam.yaml"
GUIDELINES = REPO / "src" / "course_helpers" / "data" / "coding" / "guideline_sections.yaml"
SOURCE_GUIDELINE = "source:guideline:"

# A CM code with a decimal part (E11.51, S82.851A, F02.A0) or a PCS code (seven characters, digits among them).
# Three-character tokens are left out on purpose: the text cites category ranges (O10-O11, B95-B97).
CM_IN_TEXT = re.compile(r"(?<![\w.])([A-TV-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})(?![\w])")
PCS_IN_TEXT = re.compile(r"(?<![\w.])([0-9][0-9A-HJ-NP-Z]{6})(?![\w])")


def _exam_questions() -> list[dict[str, Any]]:
    return yaml.safe_load(EXAM.read_text(encoding="utf-8")).get("questions") or []


def _coding_work() -> list[dict[str, Any]]:
    return [q for q in _exam_questions() if "coding-work" in (q.get("tags") or [])]


CODE_ITEMS = [q for q in _coding_work() if q["type"] == "code"]


def _is_valid(code: str, system: str) -> bool:
    norm = normalize_code(code)
    if system == "icd10cm":
        return cm_status(norm) is CmStatus.BILLABLE
    return is_valid_pcs(norm) and norm in builder_codes()


def test_the_exam_pool_holds_coding_work_items() -> None:
    assert len(CODE_ITEMS) >= 13, f"expected the exam pool's 13+ code-entry items, found {len(CODE_ITEMS)}"
    assert {q["system"] for q in CODE_ITEMS} == {"icd10cm", "icd10pcs"}


@pytest.mark.parametrize("question", CODE_ITEMS, ids=lambda q: q["id"])
def test_every_exam_code_key_and_accept_is_a_valid_fy2026_code(question: dict[str, Any]) -> None:
    for code in [question["answer"], *question.get("accept", [])]:
        assert _is_valid(str(code), question["system"]), (
            f"{question['id']}: {code} is not a {'billable' if question['system'] == 'icd10cm' else 'valid'} "
            f"FY2026 {question['system']} code in the course's tables"
        )


def _text(question: dict[str, Any]) -> str:
    parts = [question.get("prompt", ""), str(question.get("answer", "")), question.get("explanation", "")]
    parts += [str(c) for c in question.get("choices") or []]
    parts += [f"{k} {v}" for k, v in (question.get("feedback") or {}).items()]
    return "\n".join(parts)


@pytest.mark.parametrize("question", _coding_work(), ids=lambda q: q["id"])
def test_every_code_an_exam_coding_item_writes_is_a_real_fy2026_code(question: dict[str, Any]) -> None:
    text = _text(question)
    bad = [c for c in CM_IN_TEXT.findall(text) if not _is_valid(c, "icd10cm")]
    bad += [c for c in PCS_IN_TEXT.findall(text) if not is_valid_pcs(c)]
    assert not bad, f"{question['id']}: not FY2026 codes (billable CM / valid PCS): {sorted(set(bad))}"


def _guideline_ids() -> set[str]:
    data = yaml.safe_load(GUIDELINES.read_text(encoding="utf-8"))
    return set(data["cm"]["sections"]) | set(data["pcs"]["sections"])


@pytest.mark.parametrize("question", _coding_work(), ids=lambda q: q["id"])
def test_every_exam_coding_item_cites_guideline_sections_the_table_lists(question: dict[str, Any]) -> None:
    tags = question.get("tags") or []
    assert "application" in tags, question["id"]
    for prefix in ("domain:", "fact:", "source:"):
        assert any(t.startswith(prefix) for t in tags), f"{question['id']}: no {prefix} tag"
    cited = [t[len(SOURCE_GUIDELINE) :] for t in tags if t.startswith(SOURCE_GUIDELINE)]
    unknown = sorted(set(cited) - _guideline_ids())
    assert not unknown, f"{question['id']}: guideline sections not in guideline_sections.yaml: {unknown}"
    for section in cited:
        assert section in question["explanation"], f"{question['id']}: the explanation does not cite {section}"


# Each grouping claim an exam item makes, as the item states it:
# question id -> [(principal, secondaries, procedures, the MS-DRG stated, {code: "CC" / "MCC" / "NONE"})].
# The first claim of each item is the record its key grades: its MS-DRG must be in the keyed answer itself.
GROUPER_CLAIMS: dict[str, list[tuple[str, list[str], list[str], int, dict[str, str]]]] = {
    "exam-code-group-diverticulitis-mcc": [
        ("K57.32", ["E87.1", "N17.9", "J96.01", "I48.0"], [], 391,
         {"J96.01": "MCC", "E87.1": "CC", "N17.9": "CC", "I48.0": "NONE"}),
        ("K57.32", ["E87.1", "N17.9", "I48.0"], [], 392, {"E87.1": "CC", "N17.9": "CC"}),
    ],
    "exam-code-group-cellulitis-missed-mcc": [
        ("L03.116", ["E11.9", "I10", "N17.9", "G93.41"], [], 602, {"G93.41": "MCC"}),
        ("L03.116", ["E11.9", "I10", "N17.9"], [], 603, {"N17.9": "CC", "E11.9": "NONE", "I10": "NONE"}),
        ("L03.116", ["E11.9", "I10", "N17.9", "E66.9"], [], 603, {"E66.9": "NONE"}),
    ],
}


def test_every_exam_grouping_item_has_its_claims_held_here() -> None:
    grouping = {q["id"] for q in _coding_work() if "source:grouper:ms-drg-v43" in q.get("tags", [])}
    assert grouping == set(GROUPER_CLAIMS), "each item tagged source:grouper:ms-drg-v43 needs its claims here"


CLAIMS = [(qid, n == 0, *claim) for qid, claims in GROUPER_CLAIMS.items() for n, claim in enumerate(claims)]


@pytest.mark.parametrize(
    ("qid", "keyed", "pdx", "sdx", "procs", "drg", "severities"), CLAIMS, ids=[c[0] for c in CLAIMS]
)
def test_exam_grouping_claims_match_the_fy2026_grouper(qid, keyed, pdx, sdx, procs, drg, severities) -> None:
    question = next(q for q in _exam_questions() if q["id"] == qid)
    text = _text(question)
    if keyed:
        assert re.search(rf"\b{drg}\b", str(question["answer"])), f"{qid}: the key does not give MS-DRG {drg}"
    result = group_case(pdx, sdx, procs, age=70)
    assert str(result.grouper_version).startswith("43"), result.grouper_version
    assert result.drg == drg, f"{qid}: the grouper gives MS-DRG {result.drg}, the question states {drg}"
    assert str(drg) in text, f"{qid}: MS-DRG {drg} is not stated in the question"
    by_code = {d.code: d for d in result.secondary}
    for code, expected in severities.items():
        got = by_code[normalize_code(code)]
        assert got.severity == expected and not got.excluded, f"{qid}: {code} is {got.severity}, not {expected}"
        if expected != "NONE":
            assert re.search(rf"{re.escape(code)}(?:(?!\.\s)[^;]){{0,80}}?\b{expected}s?\b", text), (
                f"{qid}: the question does not state that {code} is {'an' if expected == 'MCC' else 'a'} {expected}"
            )
