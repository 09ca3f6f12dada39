"""Issue 24: a case is graded by what the error costs.

Every wrong coding in ``data/graded_codings.yaml`` fails with the kind of decisive error it was written to
show (each kind on three different cases or more; the four examples of the issue's table among them), and
every defensible coding a credentialed coder could hand in passes. The codings are explicit, so a change
to a key cannot silently change what is tested.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from course_helpers.coding.cases.answer import CaseAnswer
from course_helpers.coding.cases.attempt import grade_answer
from course_helpers.coding.cases.feedback import MISS
from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.cases.scoring import FAIL_CAP_PERCENT, PASS_PERCENT

DATA = yaml.safe_load((Path(__file__).parent / "data" / "graded_codings.yaml").read_text(encoding="utf-8"))
CASES = {case_id[:3]: case for case_id, case in load_cases().items()}
# the kinds of decisive error each kind of wrong coding may show (a missed MCC also changes the DRG, etc.)
KINDS = {
    "drg": {"drg", "drg_code_missed"},
    "hac": {"hac_poa", "hac_hidden"},
    "ruled_out": {"ruled_out"},
    "poa_override": {"poa_override"},
    "query": {"query"},
    "principal": {"principal"},
}


def _entry(item: dict) -> CaseAnswer:
    return CaseAnswer(
        item["principal"],
        tuple((code, poa) for code, poa in item["secondary"]),
        tuple(item["procedures"]),
        item.get("query"),
    )


def _label(item: dict) -> str:
    return f"{item['case']}-{item['kind']}-{item['why'][:40]}"


@pytest.mark.parametrize("item", DATA["wrong"], ids=_label)
def test_every_wrong_coding_fails_and_says_which_error_decided_it(item: dict) -> None:
    grade = grade_answer(CASES[item["case"]], _entry(item))
    assert not grade.passed and grade.percent <= FAIL_CAP_PERCENT < PASS_PERCENT
    kinds = {d.kind for d in grade.decisive}
    assert kinds & KINDS[item["kind"]], f"{item['why']}: decisive {kinds}"
    assert grade.feedback[0].startswith("Score: ") and "Not passed" in grade.feedback[0]
    assert grade.feedback[1].startswith(f"{MISS} Decisive: ")


@pytest.mark.parametrize("item", DATA["defensible"], ids=_label)
def test_every_defensible_coding_passes(item: dict) -> None:
    grade = grade_answer(CASES[item["case"]], _entry(item))
    assert grade.passed and not grade.decisive, grade.feedback


def test_each_kind_of_error_fails_on_three_different_cases_at_least() -> None:
    cases: dict[str, set[str]] = defaultdict(set)
    for item in DATA["wrong"]:
        cases[item["kind"]].add(item["case"])
    assert set(cases) == set(KINDS)
    assert all(len(ids) >= 3 for ids in cases.values()), dict(cases)


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("c37", "POA for L89.153 is Y: present on admission; the key says N: not present on admission"),
        ("c56", "I50.21 is missing; it is an MCC here: without it the key would group to MS-DRG 282 instead of 280"),
        ("c43", "0B113F4 is missing"),
        ("c57", "the query wording you chose is not compliant"),
    ],
)
def test_the_four_examples_of_the_issue_fail_and_name_their_cost(case: str, fragment: str) -> None:
    item = next(i for i in DATA["wrong"] if i["case"] == case and "issue table" in i["why"])
    grade = grade_answer(CASES[case], _entry(item))
    assert not grade.passed
    text = "\n".join(grade.feedback)
    assert fragment in text, text
    if case != "c57":  # the query example has perfect codes: nothing changes the DRG
        assert "payment" in text


def test_an_extra_code_is_not_called_unsupported() -> None:
    item = next(i for i in DATA["defensible"] if i["kind"] == "extra")
    grade = grade_answer(CASES[item["case"]], _entry(item))
    assert any(
        "R50.9 is not in the key; if the record supports it, read the rationale" in line for line in grade.feedback
    )
    assert not any("not supported by the record" in line for line in grade.feedback)


@pytest.mark.parametrize("case_id", list(load_cases()))
def test_every_key_and_every_alternative_passes_with_no_decisive_error(case_id: str) -> None:
    from course_helpers.coding.cases.attempt import alternative_as_answer, key_as_answer

    case = load_cases()[case_id]
    grade = grade_answer(case, key_as_answer(case))
    assert grade.fully_correct and not grade.decisive, grade.feedback
    for index in range(len(case.key.alternatives)):
        alt = grade_answer(case, alternative_as_answer(case, index))
        assert alt.fully_correct and not alt.decisive and alt.alternative is not None, alt.feedback
