"""The lessons' coding-work items: every code key is a valid, billable FY2026 code, every CC/MCC or MS-DRG
claim a question makes is what the course's own grouper says, and each coding lesson has enough of them.

CM codes are checked against the installed ICD-10-CM files (billable = a leaf that is a category or
subcategory, through `cm_status`); PCS codes against the FY2026 code editor (`is_valid_pcs`).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from course_helpers.coding.codes.cm_status import CmStatus, cm_status
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.normalize import normalize_code
from course_helpers.coding.drg.grouper import group_case
from tests.paths import REPO

CODING_LESSONS = {"03_code_sets": 10, "06_skills": 10, "11_faq": 10, "12_coding_lab": 10}
"""Coding-work items (tag `coding-work`) each lesson must hold at least."""


def _bank(bank_id: str) -> list[dict[str, Any]]:
    return yaml.safe_load((REPO / "quizzes" / f"{bank_id}.yaml").read_text(encoding="utf-8"))["questions"]


def _all_questions() -> list[dict[str, Any]]:
    found = []
    for path in sorted((REPO / "quizzes").glob("*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")).get("questions") or [])
    return found


CODE_ITEMS = [q for q in _all_questions() if q["type"] == "code"]


@pytest.mark.parametrize("question", CODE_ITEMS, ids=lambda q: q["id"])
def test_every_code_key_is_valid_in_fy2026(question):
    for code in [question["answer"], *question.get("accept", [])]:
        norm = normalize_code(code)
        if question["system"] == "icd10cm":
            assert cm_status(norm) is CmStatus.BILLABLE, (
                f"{question['id']}: {code} is not a billable FY2026 ICD-10-CM code"
            )
        else:
            assert is_valid_pcs(norm), f"{question['id']}: {code} is not a valid FY2026 ICD-10-PCS code"


@pytest.mark.parametrize(("bank_id", "minimum"), CODING_LESSONS.items())
def test_each_coding_lesson_has_coding_work(bank_id, minimum):
    items = [q for q in _bank(bank_id) if "coding-work" in (q.get("tags") or [])]
    assert len(items) >= minimum, f"{bank_id}: {len(items)} coding-work items, expected at least {minimum}"


def test_coding_work_items_are_scenarios_with_a_cited_rule():
    for q in (q for q in _all_questions() if "coding-work" in (q.get("tags") or [])):
        assert "application" in q["tags"], q["id"]
        text = q["explanation"]
        assert any(m in text for m in ("Section", "Guideline", "Appendix", "Table", "Index", "grouper")), (
            f"{q['id']}: the explanation must cite the rule (guideline section, table or grouper result)"
        )


# (question id, principal, secondary [(code, POA)], procedures, the MS-DRG the question states (None: it states
# none), {code: the severity the question states, or EXCLUDED / HAC})
GROUPER_CLAIMS = [
    ("codes-do-missed-cc-aki", "J18.9", ["I10", "E11.9", "N17.9"], [], 194, {"N17.9": "CC"}),
    ("codes-do-missed-cc-aki", "J18.9", ["I10", "E11.9"], [], 195, {}),
    ("codes-do-missed-cc-aki", "J18.9", ["E87.6"], [], 195, {"E87.6": "NONE"}),
    ("codes-do-htn-hf-type", "I11.0", ["I50.33"], [], 291, {"I50.33": "MCC"}),
    ("codes-do-hf-specificity", "I11.0", ["I50.9"], [], 293, {"I50.9": "NONE"}),
    ("codes-do-aki-code", "J18.9", ["N17.9"], [], None, {"N17.9": "CC"}),
    ("codes-do-hyponatremia", "J18.9", ["E87.1"], [], None, {"E87.1": "CC"}),
    ("skills-do-bmi", "J18.9", ["E66.01", "Z68.41"], [], None, {"Z68.41": "CC"}),
    ("skills-do-missed-abla", "J18.9", ["D62"], [], None, {"D62": "CC"}),
    ("skills-do-missed-abla", "J18.9", ["D64.9"], [], None, {"D64.9": "NONE"}),
    ("faq-do-sepsis-local", "A41.51", ["N39.0"], [], 872, {"N39.0": "CC"}),
    ("faq-do-septic-shock", "A41.9", ["R65.21", "J18.9"], [], None, {"R65.21": "MCC"}),
    ("faq-do-covid-manifestation", "U07.1", ["J12.82"], [], 177, {"J12.82": "MCC"}),
    ("faq-do-resp-failure-principal", "J96.01", ["J44.1"], [], 189, {"J44.1": "CC"}),
    ("faq-do-hac-pressure-ulcer", "S72.001A", [("L89.153", "N")], ["0QS604Z"], 482, {"L89.153": "HAC"}),
    ("faq-do-hac-pressure-ulcer", "S72.001A", [("L89.153", "Y")], ["0QS604Z"], 480, {"L89.153": "MCC"}),
    ("faq-do-alcohol-withdrawal", "K85.90", ["F10.239"], [], 439, {"F10.239": "CC"}),
    ("lab-do-pcs-tpa", "I63.9", [], ["3E03317"], 63, {}),
    ("lab-do-group-nstemi", "I21.4", ["I50.23"], [], 280, {"I50.23": "MCC"}),
    ("lab-do-group-pneumonia", "J18.9", ["E87.6", "I10"], [], 195, {"E87.6": "NONE", "I10": "NONE"}),
    ("lab-do-missed-mcc-malnutrition", "J18.9", ["E43"], [], 193, {"E43": "MCC"}),
    ("lab-do-cc-exclusion", "J44.1", ["J44.0"], [], 192, {"J44.0": "EXCLUDED"}),
    ("adv-audit-ruled-out", "J18.9", ["N17.9"], [], 194, {"N17.9": "CC"}),
    ("adv-audit-ruled-out", "J18.9", [], [], 195, {}),
]


@pytest.mark.parametrize(
    ("qid", "pdx", "sdx", "procs", "drg", "severities"), GROUPER_CLAIMS, ids=[c[0] for c in GROUPER_CLAIMS]
)
def test_cc_mcc_and_drg_claims_match_the_grouper(qid, pdx, sdx, procs, drg, severities):
    question = next(q for q in _all_questions() if q["id"] == qid)
    result = group_case(pdx, sdx, procs, age=70)
    text = " ".join(str(question.get(k, "")) for k in ("prompt", "answer", "explanation"))
    if drg is not None:
        assert result.drg == drg, f"{qid}: the grouper gives MS-DRG {result.drg}, the question teaches {drg}"
        assert f"{drg:03d}" in text or str(drg) in text, f"{qid}: MS-DRG {drg} is not stated in the question"
    for code, expected in severities.items():
        if expected in ("CC", "MCC"):
            assert f"{code} is {'an' if expected == 'MCC' else 'a'} {expected}" in text or expected in text, (
                f"{qid}: the question does not state that {code} is {expected}"
            )
    by_code = {d.code: d for d in result.secondary}
    for code, expected in severities.items():
        got = by_code[normalize_code(code)]
        if expected == "EXCLUDED":
            assert got.excluded, f"{qid}: {code} is not excluded by the grouper"
        elif expected == "HAC":
            assert got.hac and not got.drove_drg, f"{qid}: {code} is not treated as a hospital-acquired condition"
        else:
            assert got.severity == expected and not got.excluded, f"{qid}: {code} is {got.severity}, not {expected}"
