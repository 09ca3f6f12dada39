"""The final exam's own knowledge items (issue 19): recall and application items written for the exam.

Generic over every non-coding exam item (an `exam-` id that is not `exam-code-` and has no `coding-work` tag),
so items for any lesson domain are held to the same rules:

- one `domain:NN_bank` tag naming a lesson bank, one `fact:` tag, at least one `source:` tag of a known kind
  that resolves (a guideline section in the citation table, a `verified: primary` credential record, a fact
  check whose sources include the owner's own page, a regulation or statute written `cfr:42-412.3` /
  `usc:31-3729`, an O*NET occupation `onet:29-2072.00`);
- a kind of `application` or none (recall), never `course-mechanics`;
- feedback on every wrong answer;
- per domain, 2 application and 2 recall items, testing four different facts;
- a stem that is not a near copy of any practice item's.

Then the claims the items for domains 00-06 make about the grouper, the weights and the code set are re-checked
with the course's own tools (FY2026).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from course_helpers.coding.codes.icd10pcs import explain_pcs, is_valid_pcs, pcs_titles
from course_helpers.coding.drg.grouper import group_case
from course_helpers.coding.drg.table5 import table5_row
from course_helpers.data import load_yaml
from course_helpers.errors import CodingInputError
from tests.paths import REPO

QUIZZES = REPO / "quizzes"
EXAM = QUIZZES / "13_final_exam.yaml"
LESSON_BANKS = {p.stem for p in QUIZZES.glob("[01][0-9]_*.yaml")} - {"13_final_exam"}

KIND_TAGS = {"application", "coding-work"}
FACT = re.compile(r"^fact:[a-z0-9]+(?:-[a-z0-9]+)+$")
LAW = re.compile(r"^\d+-\d+(?:\.\d+)?[a-z]?$")
"""A regulation or statute: `cfr:42-412.3` (42 CFR 412.3), `usc:31-3729` (31 U.S.C. 3729)."""
SOC_DETAIL = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
"""An O*NET-SOC occupation: `onet:29-2072.00`."""
PRIMARY_HOSTS = ("ahima.org", "aapc.com", "cms.gov", "ecfr.gov", "medicare.gov", "hhs.gov", "bls.gov",
                 "law.cornell.edu", "ama-assn.org", "cahiim.org", "onetonline.org")
"""Owners' own sites (and the CFR's official and Cornell copies): a fact check citing one of them rests on a
primary source."""
NEAR_COPY = 0.5
"""Share of distinct words (Jaccard) above which an exam stem is a near copy of a practice stem."""
STOP = {"the", "a", "an", "of", "to", "in", "and", "is", "for", "which", "what", "on", "by", "it", "its", "this",
        "with", "at", "or", "be", "as", "that", "does", "do"}


def _questions(path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("questions") or []


def knowledge_items() -> list[dict[str, Any]]:
    """The exam's own non-coding items."""
    return [q for q in _questions(EXAM)
            if q["id"].startswith("exam-") and not q["id"].startswith("exam-code-")
            and "coding-work" not in (q.get("tags") or [])]


ITEMS = knowledge_items()
ITEM_IDS = [q["id"] for q in ITEMS]


def _tags(question: dict[str, Any], prefix: str) -> list[str]:
    return [t[len(prefix):] for t in question.get("tags") or [] if t.startswith(prefix)]


def domain_of(question: dict[str, Any]) -> str:
    return _tags(question, "domain:")[0]


def is_application(question: dict[str, Any]) -> bool:
    return "application" in (question.get("tags") or [])


# --- what a source tag may name -------------------------------------------------------------------------------

def _guideline_ids() -> set[str]:
    table = load_yaml("coding/guideline_sections.yaml")
    return set(table["cm"]["sections"]) | set(table["pcs"]["sections"])


def _primary_credentials() -> set[str]:
    """Handbook names with a `verified: primary` record, written `<awarding body>-<credential>`: `ahima-ccs`."""
    return {f"{r['awarded_by']}-{r['abbr']}".lower()
            for r in load_yaml("credentials.yaml")["credentials"] if r.get("verified") == "primary"}


def _primary_fact_checks() -> set[str]:
    found = set()
    for record in load_yaml("fact_checks.yaml")["fact_checks"]:
        hosts = [urlparse(s["url"]).hostname or "" for s in record.get("sources") or []]
        if any(h == p or h.endswith("." + p) for h in hosts for p in PRIMARY_HOSTS):
            found.add(record["id"])
    return found


def _has_primary_record(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("verified") == "primary" or any(_has_primary_record(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_primary_record(v) for v in node)
    return False


def source_problem(tag: str, guidelines: set[str], credentials: set[str], fact_checks: set[str]) -> str | None:
    """Why a `source:` tag (without its prefix) does not resolve to a primary source, or None when it does."""
    kind, _, rest = tag.partition(":")
    if kind == "given":
        return None if not rest else "source:given takes no argument"
    if kind == "guideline":
        return None if rest in guidelines else f"guideline section {rest!r} is not in guideline_sections.yaml"
    if kind == "codeset":
        return None if rest in {"icd10cm", "icd10pcs"} else f"unknown code set {rest!r}"
    if kind == "grouper":
        return None if rest == "ms-drg-v43" else f"unknown grouper {rest!r} (the course ships MS-DRG v43)"
    if kind == "handbook":
        return None if rest in credentials else f"no `verified: primary` credential record for {rest!r}"
    if kind == "fact-check":
        return None if rest in fact_checks else f"fact check {rest!r} is missing or cites no owner's page"
    if kind in {"cfr", "usc"}:
        return None if LAW.match(rest) else f"{kind} citation {rest!r} is not written as <title>-<section>"
    if kind == "onet":
        return None if SOC_DETAIL.match(rest) else f"O*NET occupation {rest!r} is not written as 29-2072.00"
    if kind == "data":
        try:
            data = load_yaml(rest)
        except (FileNotFoundError, OSError):
            return f"data file {rest!r} does not exist"
        return None if _has_primary_record(data) else f"data file {rest!r} has no `verified: primary` record"
    return f"unknown source kind {kind!r}"


def item_problems(question: dict[str, Any], guidelines: set[str], credentials: set[str],
                  fact_checks: set[str]) -> list[str]:
    """Everything wrong with one non-coding exam item's tags and feedback."""
    problems: list[str] = []
    tags = question.get("tags") or []
    domains = _tags(question, "domain:")
    if len(domains) != 1 or domains[0] not in LESSON_BANKS:
        problems.append(f"needs exactly one domain tag naming a lesson bank, has {domains}")
    facts = [t for t in tags if t.startswith("fact:")]
    if len(facts) != 1 or not FACT.match(facts[0]):
        problems.append(f"needs exactly one kebab-case fact tag, has {facts}")
    sources = _tags(question, "source:")
    if not sources:
        problems.append("names no source")
    problems += [p for s in sources if (p := source_problem(s, guidelines, credentials, fact_checks))]
    if "course-mechanics" in tags:
        problems.append("course-mechanics items are never drawn")
    if set(tags) & KIND_TAGS - {"application"}:
        problems.append("a knowledge item's kind is application or none")
    feedback = question.get("feedback") or {}
    if question["type"] in {"single_choice", "multiple_select"}:
        keyed = question["answer"] if isinstance(question["answer"], list) else [question["answer"]]
        problems += [f"no feedback for wrong choice {c!r}" for c in question["choices"] if c not in keyed
                     and c not in feedback]
    elif question["type"] == "true_false":
        wrong = "false" if question["answer"] else "true"
        if wrong not in feedback:
            problems.append(f"no feedback for the wrong value {wrong!r}")
    if domains and domains[0] in LESSON_BANKS:
        sections = _guide_sections(domains[0])
        if question.get("guide_section") not in sections:
            problems.append(f"guide_section {question.get('guide_section')!r} is not one its domain bank uses")
    return problems


def _guide_sections(bank: str) -> set[str]:
    data = yaml.safe_load((QUIZZES / f"{bank}.yaml").read_text(encoding="utf-8"))
    return {data["guide_section"]} | {q["guide_section"] for q in data.get("questions") or []}


# --- the tests -------------------------------------------------------------------------------------------------

def test_the_exam_has_its_own_knowledge_items_for_lessons_00_to_06():
    domains = {domain_of(q) for q in ITEMS if _tags(q, "domain:")}
    assert {b for b in LESSON_BANKS if b[:2] <= "06"} <= domains


def test_exam_ids_are_unique_across_every_bank():
    ids = Counter(q["id"] for path in QUIZZES.glob("*.yaml") for q in _questions(path))
    assert not [i for i in ITEM_IDS if ids[i] > 1]


@pytest.mark.parametrize("question", ITEMS, ids=ITEM_IDS)
def test_each_knowledge_item_is_tagged_sourced_and_gives_feedback(question):
    problems = item_problems(question, _guideline_ids(), _primary_credentials(), _primary_fact_checks())
    assert not problems, f"{question['id']}: " + "; ".join(problems)


def test_each_domain_has_two_application_and_two_recall_items_on_four_facts():
    by_domain: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in ITEMS:
        if _tags(q, "domain:"):
            by_domain[domain_of(q)].append(q)
    wrong = {}
    for domain, items in sorted(by_domain.items()):
        kinds = Counter("application" if is_application(q) else "recall" for q in items)
        facts = {t for q in items for t in q.get("tags") or [] if t.startswith("fact:")}
        if kinds != Counter(application=2, recall=2) or len(facts) != len(items):
            wrong[domain] = (dict(kinds), len(facts))
    assert not wrong, f"domains without 2 application + 2 recall items on distinct facts: {wrong}"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9$%.,-]+", text.lower())) - STOP


def _practice_stems() -> list[tuple[str, set[str]]]:
    return [(q["id"], _words(q["prompt"])) for b in sorted(LESSON_BANKS) for q in _questions(QUIZZES / f"{b}.yaml")]


@pytest.mark.parametrize("question", ITEMS, ids=ITEM_IDS)
def test_no_knowledge_stem_is_a_near_copy_of_a_practice_stem(question):
    mine = _words(question["prompt"])
    close = [(pid, round(len(mine & w) / len(mine | w), 2)) for pid, w in _practice_stems()
             if len(mine & w) / len(mine | w) > NEAR_COPY]
    assert not close, f"{question['id']} shares most of its words with {close}"


# --- claims the items for domains 00-06 make, re-checked with the course's tools ----------------------------------

def _item(item_id: str) -> dict[str, Any]:
    return next(q for q in _questions(EXAM) if q["id"] == item_id)


def test_pneumonia_weights_and_shortfall_match_table5():
    q = _item("exam-role-pneumonia-missed-mcc")
    w193, w194, w195 = (table5_row(d).weight for d in (193, 194, 195))
    assert (w193, w194, w195) == (1.3144, 0.8059, 0.6285)
    assert f"{w193}" in q["prompt"] and f"{w194}" in q["prompt"]
    rate = load_yaml("drg_payment.yaml")["illustrative_base_rate"]
    assert f"${rate:,}" in q["prompt"]
    assert q["answer"] == f"About ${round((w193 - w194) * rate):,}"
    assert f"About ${round((w193 - w195) * rate):,}" in q["choices"]  # the distractors its feedback explains
    assert f"About ${round(w193 * rate):,}" in q["choices"] and f"About ${round(w194 * rate):,}" in q["choices"]


def test_uti_family_splits_only_on_an_mcc():
    assert group_case("N39.0").drg == 690
    assert group_case("N39.0", ["N17.9"]).drg == 690  # a CC does not move it
    assert group_case("N39.0", ["J96.01"]).drg == 689  # an MCC does
    assert "690" in _item("exam-sets-uti-two-tiers")["answer"]


def test_a_hospital_acquired_condition_with_poa_n_is_not_counted():
    assert group_case("J18.9", [("S06.5X0A", "Y")]).drg == 193
    assert group_case("J18.9", [("S06.5X0A", "N")]).drg == 195
    explanation = _item("exam-skills-hac-poa-n")["explanation"]
    assert "193" in explanation and "195" in explanation


def test_the_spleen_and_approach_items_match_the_pcs_code_set():
    assert is_valid_pcs("07TP4ZZ")
    assert pcs_titles()["07TP4ZZ"] == "Resection of Spleen, Percutaneous Endoscopic Approach"
    axes = explain_pcs("07TP4ZZ")
    assert axes[1].meaning == _item("exam-skills-spleen-body-system")["answer"]
    assert axes[4].axis.lower() == _item("exam-sets-pcs-fifth-character")["answer"].removeprefix("The ").lower()


def test_the_format_item_keys_the_one_entry_that_is_not_an_icd10cm_code():
    from course_helpers.coding.codes.cm_status import CmStatus, cm_status

    q = _item("exam-sets-cm-format-scrubber")
    assert is_valid_pcs(q["answer"])
    with pytest.raises(CodingInputError, match="ICD-10-PCS"):  # the course's own CM check refuses it
        cm_status(q["answer"])
    assert pcs_titles()[q["answer"]] in q["explanation"]
    for choice in q["choices"]:
        if choice != q["answer"]:
            assert cm_status(choice.replace(".", "")) is CmStatus.BILLABLE, choice
