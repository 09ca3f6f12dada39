"""The final exam's own knowledge items for lesson domains 07-12 (issue 19): each is tagged, sourced and
blueprinted as docs and the exam-items brief require, and every DRG figure it states is the shipped data's.

Scope: items of `quizzes/13_final_exam.yaml` whose `domain:` tag is one of 07-12 and that are not coding work
(no `coding-work` tag). Coding-work items are checked by their own test.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

import pytest
import yaml

from course_helpers.coding.codes.normalize import normalize_code
from course_helpers.coding.drg.grouper import group_case
from course_helpers.coding.drg.table5 import table5_row
from course_helpers.data import load_yaml
from tests.paths import REPO

DOMAINS = ("07_work_environment", "08_career_advancement", "09_job_market", "10_your_path", "11_faq", "12_coding_lab")
"""The lesson domains these items cover (domains 00-06 have their own test)."""
PER_KIND = 2
"""Blueprint: at least this many application items and this many recall items per domain."""
EXAM = REPO / "quizzes" / "13_final_exam.yaml"
KIND_TAGS = {"application", "coding-work"}
FACT = re.compile(r"^fact:[a-z0-9]+(?:-[a-z0-9.]+)*$")
GUIDELINES = load_yaml("coding/guideline_sections.yaml")
GUIDELINE_IDS = set(GUIDELINES["cm"]["sections"]) | set(GUIDELINES["pcs"]["sections"])
CREDENTIALS = {c["abbr"]: c for c in load_yaml("credentials.yaml")["credentials"]}


def _bank(path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _tag(question: dict[str, Any], prefix: str) -> list[str]:
    return [t[len(prefix) :] for t in question.get("tags") or [] if t.startswith(prefix)]


def _records(node: Any) -> list[dict[str, Any]]:
    """Every mapping in a data file that carries a `verified` status."""
    if isinstance(node, dict):
        found = [node] if "verified" in node else []
        return found + [r for v in node.values() for r in _records(v)]
    if isinstance(node, list):
        return [r for v in node for r in _records(v)]
    return []


def items(bank: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """This test's exam items: non-coding items of domains 07-12."""
    bank = bank if bank is not None else _bank(EXAM)
    return [
        q
        for q in bank.get("questions") or []
        if "coding-work" not in (q.get("tags") or []) and set(_tag(q, "domain:")) & set(DOMAINS)
    ]


def source_problems(question: dict[str, Any]) -> list[str]:
    """Why a question's `source:` tags do not name a primary source the key can rest on (empty when they do)."""
    sources = _tag(question, "source:")
    if not sources:
        return ["no source: tag"]
    problems = []
    explanation = question["explanation"]
    for source in sources:
        kind, _, rest = source.partition(":")
        if kind == "given":
            continue
        if kind == "guideline":
            if rest not in GUIDELINE_IDS:
                problems.append(f"guideline section {rest!r} is not in guideline_sections.yaml")
            elif not re.search(rf"(?<![\w.]){re.escape(rest)}(?![\w.])", explanation):
                problems.append(f"the explanation does not cite guideline section {rest}")
        elif kind == "codeset":
            if rest not in {"icd10cm", "icd10pcs"}:
                problems.append(f"unknown code set {rest!r}")
        elif kind == "grouper":
            if rest != "ms-drg-v43":
                problems.append(f"unknown grouper {rest!r} (the course ships MS-DRG v43)")
        elif kind == "data":
            records = _records(load_yaml(rest))
            if records and not any(r.get("verified") == "primary" for r in records):
                problems.append(f"{rest} has no primary record to rest on")
        elif kind == "handbook":
            body, _, abbr = rest.partition("-")
            record = CREDENTIALS.get(abbr.upper())
            if record is None or record["awarded_by"].casefold() != body.casefold():
                problems.append(f"handbook {rest!r} names no credential record of that body")
            elif record["verified"] != "primary":
                problems.append(f"the {abbr.upper()} record is not verified: primary")
        elif kind == "cfr":
            match = re.fullmatch(r"(\d+)-(\d+\.\d+)", rest)
            if match is None:
                problems.append(f"cfr source {rest!r} is not written <title>-<part.section>")
            elif f"{match.group(1)} CFR {match.group(2)}" not in explanation:
                problems.append(f"the explanation does not cite {match.group(1)} CFR {match.group(2)}")
        elif kind == "onet":
            if not re.fullmatch(r"\d\d-\d{4}\.\d\d", rest) or rest not in explanation:
                problems.append(f"O*NET source {rest!r} is malformed or not cited in the explanation")
        else:
            problems.append(f"unknown source kind {kind!r}")
    return problems


def feedback_problems(question: dict[str, Any]) -> list[str]:
    """Wrong answers that get no feedback."""
    feedback = question.get("feedback") or {}
    if question["type"] == "true_false":
        wrong = "false" if question["answer"] else "true"
        return [] if feedback.get(wrong, "").strip() else [f"no feedback for {wrong!r}"]
    if question["type"] in {"single_choice", "multiple_select"}:
        keyed = question["answer"] if isinstance(question["answer"], list) else [question["answer"]]
        return [f"no feedback for {c!r}" for c in question["choices"] if c not in keyed and not feedback.get(c)]
    return []


def _drg_weights(text: str) -> list[tuple[int, float]]:
    """Each relative weight a text states (0.0000 form), with the MS-DRG named last before it."""
    found, last = [], None
    for match in re.finditer(r"(?<![\d.$,])(\d{3})(?!\d|[.,]\d)|(?<![\d.])(\d\.\d{4})(?!\d)", text):
        if match.group(1):
            last = int(match.group(1))
        else:
            found.append((last, float(match.group(2))))
    return found


def weight_problems(question: dict[str, Any]) -> list[str]:
    """Stated DRG weights that differ from FY2026 Table 5."""
    problems: list[str] = []
    if "DRG" not in question["prompt"] + question["explanation"]:
        return problems  # no MS-DRG in the item: its decimals are not weights
    for field in ("prompt", "explanation"):
        for drg, weight in _drg_weights(question[field]):
            if drg is None:
                problems.append(f"{field}: weight {weight} names no MS-DRG before it")
            elif abs(table5_row(drg).weight - weight) > 5e-5:
                problems.append(f"{field}: MS-DRG {drg} weighs {table5_row(drg).weight}, not {weight}")
    return problems


def payment_problems(question: dict[str, Any]) -> list[str]:
    """Dollar figures (with cents) in an explanation that are not weight x the prompt's base rate, or a
    difference of two; and a numeric key that is not the recomputed payment change."""
    base = re.search(r"base rate of \$([\d,]+)", question["prompt"])
    if base is None:
        return []
    rate = float(base.group(1).replace(",", ""))
    drgs = [d for d, _ in _drg_weights(question["prompt"])]
    weights = [table5_row(d).weight for d in drgs if d is not None]
    allowed = {round(w * rate, 2) for w in weights}
    allowed |= {round(abs(a - b) * rate, 2) for a in weights for b in weights}
    problems = [
        f"${amount} is not a weight x ${rate:,.0f} from Table 5"
        for amount in (float(m.replace(",", "")) for m in re.findall(r"\$([\d,]+\.\d\d)\b", question["explanation"]))
        if amount not in allowed
    ]
    if question["type"] == "numeric" and len(weights) == 2:
        expected = round((weights[1] - weights[0]) * rate, 2)
        if abs(float(question["answer"]) - expected) > 0.005:
            problems.append(f"the key {question['answer']} is not (w{drgs[1]} - w{drgs[0]}) x {rate:g} = {expected}")
    return problems


ITEMS = items()


def test_every_domain_of_07_to_12_has_its_items():
    assert {d for q in ITEMS for d in _tag(q, "domain:")} == set(DOMAINS)


@pytest.mark.parametrize("question", ITEMS, ids=lambda q: q["id"])
def test_item_is_tagged_sourced_and_gives_feedback(question):
    qid = question["id"]
    assert qid.startswith("exam-") and not qid.startswith("exam-code-"), f"{qid}: not an exam knowledge id"
    domains = _tag(question, "domain:")
    assert len(domains) == 1, f"{qid}: needs exactly one domain: tag, has {domains}"
    lesson = REPO / "quizzes" / f"{domains[0]}.yaml"
    assert lesson.is_file(), f"{qid}: domain {domains[0]} names no lesson bank"
    sections = {_bank(lesson)["guide_section"]} | {q["guide_section"] for q in _bank(lesson)["questions"]}
    assert question["guide_section"] in sections, f"{qid}: guide_section is not one lesson {domains[0]} uses"
    facts = [t for t in question.get("tags") or [] if t.startswith("fact:")]
    assert len(facts) == 1 and FACT.match(facts[0]), f"{qid}: needs exactly one kebab-case fact: tag, has {facts}"
    assert not source_problems(question), f"{qid}: {source_problems(question)}"
    assert not feedback_problems(question), f"{qid}: {feedback_problems(question)}"


@pytest.mark.parametrize("question", ITEMS, ids=lambda q: q["id"])
def test_every_drg_weight_and_payment_is_the_shipped_table5s(question):
    problems = weight_problems(question) + payment_problems(question)
    assert not problems, f"{question['id']}: {problems}"


def test_ids_are_unique_across_every_bank():
    ids = Counter(
        q["id"] for path in sorted((REPO / "quizzes").glob("*.yaml")) for q in _bank(path).get("questions") or []
    )
    repeated = sorted(q["id"] for q in ITEMS if ids[q["id"]] > 1)
    assert not repeated, f"ids used twice: {repeated}"


def test_each_domain_has_two_application_and_two_recall_items_on_distinct_facts():
    kinds: dict[str, Counter] = defaultdict(Counter)
    facts: dict[str, list[str]] = defaultdict(list)
    for q in ITEMS:
        domain = _tag(q, "domain:")[0]
        tags = set(q.get("tags") or [])
        kinds[domain]["application" if "application" in tags else "recall"] += 1
        facts[domain] += _tag(q, "fact:")
    for domain in DOMAINS:
        assert kinds[domain]["application"] >= PER_KIND, f"{domain}: {kinds[domain]['application']} application items"
        assert kinds[domain]["recall"] >= PER_KIND, f"{domain}: {kinds[domain]['recall']} recall items"
        repeated = [f for f, n in Counter(facts[domain]).items() if n > 1]
        assert not repeated, f"{domain}: two items test the same fact {repeated}"


GROUPER_CLAIMS = [
    # (question id, principal, secondary, MS-DRG, {code: severity})
    ("exam-adv-audit-dietitian-diagnosis", "J18.9", ["E43"], 193, {"E43": "MCC"}),
    ("exam-adv-audit-dietitian-diagnosis", "J18.9", [], 195, {}),
]


@pytest.mark.parametrize(("qid", "pdx", "sdx", "drg", "severities"), GROUPER_CLAIMS, ids=[c[0] for c in GROUPER_CLAIMS])
def test_cc_mcc_and_drg_claims_match_the_grouper(qid, pdx, sdx, drg, severities):
    question = next(q for q in ITEMS if q["id"] == qid)
    text = " ".join(str(question.get(k, "")) for k in ("prompt", "answer", "explanation"))
    result = group_case(pdx, sdx, [], age=70)
    assert result.drg == drg and str(drg) in text, f"{qid}: the grouper gives {result.drg}; the item teaches {drg}"
    by_code = {d.code: d for d in result.secondary}
    for code, severity in severities.items():
        got = by_code[normalize_code(code)]
        assert got.severity == severity and not got.excluded, f"{qid}: {code} is {got.severity}, not {severity}"
        assert f"{code} is an {severity}" in text or f"{code} is a {severity}" in text, (
            f"{qid}: {code}'s level unstated"
        )
