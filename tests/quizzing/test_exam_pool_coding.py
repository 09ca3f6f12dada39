"""The final exam's own coding-work items (issue 19), checked with the course's own code tools.

- every code-entry key and `accept` is a billable FY2026 ICD-10-CM code (`cm_status`) or a valid FY2026
  ICD-10-PCS code (Medicare Code Editor) that the course's PCS table builder offers;
- every ICD-10-CM / ICD-10-PCS code written anywhere in a coding-work item (choices, feedback, explanation)
  is a real FY2026 code, so a distractor never rests on a code that does not exist;
- every `source:guideline:<id>` tag names a section of the shipped guideline table;
- every CC/MCC, MS-DRG and hospital-acquired-condition claim an exam grouping item makes is what the FY2026 (v43)
  grouper says;
- a single-choice item's key cannot be found from the shape of its choices: it is not the only choice naming a code,
  nor the only one naming two or more, nor longer than every distractor by more than 15% (and 10 characters).
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
from tests.course.test_guideline_citations import citations
from tests.paths import REPO

EXAM = REPO / "quizzes" / "13_final_exam.yaml"
GUIDELINES = REPO / "src" / "course_helpers" / "data" / "coding" / "guideline_sections.yaml"
SOURCE_GUIDELINE = "source:guideline:"

# A CM code with a decimal part (E11.51, S82.851A, F02.A0) or a PCS code (seven characters, digits among them).
# Three-character tokens are left out on purpose: the text cites category ranges (O10-O11, B95-B97). A code written
# with a trailing dash (I25.1-, E16.A-) names the codes under it, as the Tabular writes it, and is not checked.
CM_IN_TEXT = re.compile(r"(?<![\w.])([A-TV-Z][0-9][0-9A-Z]\.[0-9A-Z]{0,4})(?![\w]|-(?![A-Z0-9]))")
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
    in_explanation = {section for section, _ in citations(question["explanation"])}
    for section in cited:
        assert section in in_explanation, f"{question['id']}: the explanation does not cite {section}"


# Each grouping claim an exam item makes, as the item states it:
# question id -> [(principal, secondaries, procedures, the MS-DRG stated, {code: "CC" / "MCC" / "NONE"})].
# The first claim of each item is the record its key grades: its MS-DRG must be in the keyed answer itself.
GROUPER_CLAIMS: dict[str, list[tuple[str, list[str], list[str], int, dict[str, str]]]] = {
    "exam-code-group-diverticulitis-mcc": [
        (
            "K57.32",
            ["E87.1", "N17.9", "J96.01", "I48.0"],
            [],
            391,
            {"J96.01": "MCC", "E87.1": "CC", "N17.9": "CC", "I48.0": "NONE"},
        ),
        ("K57.32", ["E87.1", "N17.9", "I48.0"], [], 392, {"E87.1": "CC", "N17.9": "CC"}),
    ],
    "exam-code-group-cellulitis-missed-mcc": [
        ("L03.116", ["E11.9", "I10", "N17.9", "G93.41"], [], 602, {"G93.41": "MCC"}),
        ("L03.116", ["E11.9", "I10", "N17.9"], [], 603, {"N17.9": "CC", "E11.9": "NONE", "I10": "NONE"}),
        ("L03.116", ["E11.9", "I10", "N17.9", "E66.9"], [], 603, {"E66.9": "NONE"}),
    ],
}


# Hospital-acquired-condition claims: question id -> (a stand-in principal, [(secondary, POA)], the code the item says
# is a HAC, the CMS HAC number the item states).
HAC_CLAIMS: dict[str, tuple[str, list[tuple[str, str]], str, str]] = {
    "exam-code-poa-ulcer-progression": (
        "S72.001A",
        [("L89.152", "Y"), ("L89.153", "N")],
        "L89.153",
        "HAC04",
    ),
}


def test_every_exam_grouping_item_has_its_claims_held_here() -> None:
    grouping = {q["id"] for q in _coding_work() if "source:grouper:ms-drg-v43" in q.get("tags", [])}
    assert grouping == set(GROUPER_CLAIMS) | set(HAC_CLAIMS), (
        "each item tagged source:grouper:ms-drg-v43 needs its claims here"
    )


@pytest.mark.parametrize("qid", sorted(HAC_CLAIMS))
def test_exam_hac_claims_match_the_fy2026_grouper(qid: str) -> None:
    pdx, sdx, code, hac = HAC_CLAIMS[qid]
    question = next(q for q in _exam_questions() if q["id"] == qid)
    result = group_case(pdx, sdx, [], age=80)
    got = {d.code: d for d in result.secondary}[normalize_code(code)]
    assert got.hac and got.hac.startswith(hac), f"{qid}: the grouper gives {got.hac!r} for {code}, not {hac}"
    assert hac in question["explanation"] and "hospital-acquired condition" in question["explanation"], qid


# The shape of the choices must not give the key away (review of the exam pool, items 14, 16, 21). Measured on the
# 11 single-choice items: key length / longest distractor was at most 1.18 before the review (item 21, 216 against
# 183 characters) and is at most 1.00 after it. A key 15% and 10 characters longer than every distractor is a clue
# (the 10-character floor keeps short choices such as "Y: ..." / "N: ..." from tripping it).
LONGEST_BY = 1.15
LONGER_BY_CHARS = 10
SINGLE_CHOICE = [q for q in _coding_work() if q["type"] == "single_choice"]


def _codes(choice: str) -> int:
    return len(CM_IN_TEXT.findall(choice)) + len(PCS_IN_TEXT.findall(choice))


def choice_shape_clues(choices: list[str], key: str) -> list[str]:
    """The ways a key stands out from its distractors by form alone (none is allowed)."""
    others = [c for c in choices if c != key]
    clues = []
    longest = max(len(c) for c in others)
    if len(key) > LONGEST_BY * longest and len(key) - longest >= LONGER_BY_CHARS:
        clues.append(f"the key is more than {LONGEST_BY - 1:.0%} longer than every other choice")
    if _codes(key) >= 1 and not any(_codes(c) >= 1 for c in others):
        clues.append("the key is the only choice naming a code")
    if _codes(key) >= 2 and not any(_codes(c) >= 2 for c in others):
        clues.append("the key is the only choice naming two or more codes")
    return clues


def test_choice_shape_clues_are_caught() -> None:
    two = "K80.10, Z53.09 added"
    assert choice_shape_clues(["E87.5 as the principal", two, "Z53.09 as the principal"], two) == [
        "the key is the only choice naming two or more codes"
    ]
    coded = "Diabetes with hyperosmolarity (E11.00)"
    assert choice_shape_clues(["The hernia", coded, "Aftercare"], coded) == [
        "the key is more than 15% longer than every other choice",
        "the key is the only choice naming a code",
    ]
    assert choice_shape_clues(["Y: present", "N: absent"], "Y: present") == []  # 1.11, but 1 character
    assert choice_shape_clues(["A complication of surgery", "Diabetes (E11.00)"], "Diabetes (E11.00)") == [
        "the key is the only choice naming a code"
    ]
    assert choice_shape_clues(["K80.10; E87.5", "E87.5; K80.10"], "K80.10; E87.5") == []


@pytest.mark.parametrize("question", SINGLE_CHOICE, ids=lambda q: q["id"])
def test_single_choice_keys_do_not_stand_out_by_form(question: dict[str, Any]) -> None:
    clues = choice_shape_clues([str(c) for c in question["choices"]], str(question["answer"]))
    assert not clues, f"{question['id']}: {'; '.join(clues)}"


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
