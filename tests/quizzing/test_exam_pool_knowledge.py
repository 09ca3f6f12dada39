"""The final exam's own knowledge items (issue 19): recall and application items written for the exam.

One test for every non-coding exam item (an `exam-` id that is not `exam-code-` and has no `coding-work` tag), so
items for every lesson domain (00-12) are held to the same rules:

- one `domain:NN_bank` tag naming a lesson bank and a `guide_section` that bank uses; one kebab-case `fact:` tag;
  a kind of `application` or none (recall), never `course-mechanics`; feedback on every wrong answer;
- at least one `source:` tag, each of a kind `course_helpers.quizzing.source_tags` knows (all but `course`: an
  exam key never rests on the course alone) that resolves to a primary source the explanation cites
  (`source_problem`); docs/authoring.md's table "Where a key comes from" lists exactly those kinds, and every exam
  item (coding work too) uses only them;
- per domain, 2 application and 2 recall items, testing four different facts;
- a stem that is not a near copy of any practice item's, and a single-choice key that does not stand out by length;
- every MS-DRG weight and payment figure an item states is FY2026 Table 5's, and every grouper, code-set and
  weight claim the items make is re-checked with the course's own tools;
- the review's cross-item findings stay fixed: items on one fact share its fact id, no stem pairs "AHIMA" with the
  "CCS" (that is what `exam-start-ccs-apply-aapc` asks), and AHIMA's coding self-review, discontinued on
  January 1, 2021, is nowhere taught as a current requirement.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from course_helpers.coding.codes.icd10pcs import explain_pcs, is_valid_pcs, pcs_titles
from course_helpers.coding.codes.normalize import normalize_code
from course_helpers.coding.drg.grouper import group_case
from course_helpers.coding.drg.table5 import table5_row
from course_helpers.data import load_yaml
from course_helpers.errors import CodingInputError
from course_helpers.quizzing.source_tags import SOURCE_KINDS
from tests.paths import REPO
from tests.quizzing.test_exam_pool_coding import choice_shape_clues

QUIZZES = REPO / "quizzes"
EXAM = QUIZZES / "13_final_exam.yaml"
AUTHORING = REPO / "docs" / "authoring.md"
LESSON_BANKS = {p.stem for p in QUIZZES.glob("[01][0-9]_*.yaml")} - {"13_final_exam"}

KIND_TAGS = {"application", "coding-work"}
FACT = re.compile(r"^fact:[a-z0-9]+(?:-[a-z0-9.]+)+$")
CFR = re.compile(r"^(\d+)-(\d+\.\d+)$")
"""A regulation: `cfr:42-412.3` is 42 CFR 412.3 (the explanation cites the paragraph: 42 CFR 412.3(b))."""
USC = re.compile(r"^(\d+)-(\d+[a-z0-9-]*)$")
"""A statute: `usc:31-3729` is 31 U.S.C. 3729."""
SOC_DETAIL = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
"""An O*NET-SOC occupation: `onet:29-2072.00`."""
PRIMARY_HOSTS = ("ahima.org", "aapc.com", "cms.gov", "ecfr.gov", "medicare.gov", "hhs.gov", "bls.gov",
                 "law.cornell.edu", "ama-assn.org", "cahiim.org", "onetonline.org")
"""Owners' own sites (and the CFR's official and Cornell copies): a fact check citing one of them rests on a
primary source."""
PRACTICE_BRIEFS = {
    "ahima-acdis-compliant-query-2022":
        "AHIMA/ACDIS, Guidelines for Achieving a Compliant Query Practice (2022 Update)",
}
"""Professional practice briefs an exam key may rest on (the query items), by the id a tag names."""
EXAM_SOURCE_KINDS = set(SOURCE_KINDS) - {"course"}
"""The kinds an exam key may rest on: every kind but the course itself."""
NEAR_COPY = 0.5
"""Share of distinct words (Jaccard) above which an exam stem is a near copy of a practice stem."""
STOP = {"the", "a", "an", "of", "to", "in", "and", "is", "for", "which", "what", "on", "by", "it", "its", "this",
        "with", "at", "or", "be", "as", "that", "does", "do"}


def _bank(path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _questions(path) -> list[dict[str, Any]]:
    return _bank(path).get("questions") or []


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


def fact_of(question: dict[str, Any]) -> str:
    return _tags(question, "fact:")[0]


def is_application(question: dict[str, Any]) -> bool:
    return "application" in (question.get("tags") or [])


def _item(item_id: str) -> dict[str, Any]:
    return next(q for q in _questions(EXAM) if q["id"] == item_id)


# --- what a source tag may name ---------------------------------------------------------------------------------

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


def _cites(text: str, citation: str) -> bool:
    """The text cites `citation` as a whole token (`42 CFR 412.3` in "42 CFR 412.3(b)", not in "42 CFR 412.30")."""
    return re.search(rf"(?<![\w.]){re.escape(citation)}(?![\d.]\d|\w)", text) is not None


def source_problem(tag: str, explanation: str, guidelines: set[str], credentials: set[str],
                   fact_checks: set[str]) -> str | None:
    """Why a `source:` tag (without its prefix) does not resolve to a primary source the explanation cites."""
    kind, _, rest = tag.partition(":")
    if kind == "given":
        return None if not rest else "source:given takes no argument"
    if kind == "guideline":
        if rest not in guidelines:
            return f"guideline section {rest!r} is not in guideline_sections.yaml"
        return None if _cites(explanation, rest) else f"the explanation does not cite guideline section {rest}"
    if kind == "codeset":
        return None if rest in {"icd10cm", "icd10pcs"} else f"unknown code set {rest!r}"
    if kind == "grouper":
        return None if rest == "ms-drg-v43" else f"unknown grouper {rest!r} (the course ships MS-DRG v43)"
    if kind == "handbook":
        return None if rest in credentials else f"no `verified: primary` credential record for {rest!r}"
    if kind == "fact-check":
        return None if rest in fact_checks else f"fact check {rest!r} is missing or cites no owner's page"
    if kind == "practice-brief":
        return None if rest in PRACTICE_BRIEFS else f"unknown practice brief {rest!r}"
    if kind == "cfr":
        match = CFR.match(rest)
        if match is None:
            return f"cfr citation {rest!r} is not written <title>-<part.section>"
        cited = f"{match.group(1)} CFR {match.group(2)}"
        return None if _cites(explanation, cited) else f"the explanation does not cite {cited}"
    if kind == "usc":
        match = USC.match(rest)
        if match is None:
            return f"usc citation {rest!r} is not written <title>-<section>"
        cited = f"{match.group(1)} U.S.C. {match.group(2)}"
        return None if _cites(" ".join(explanation.split()), cited) else f"the explanation does not cite {cited}"
    if kind == "onet":
        if not SOC_DETAIL.match(rest):
            return f"O*NET occupation {rest!r} is not written as 29-2072.00"
        return None if rest in explanation else f"the explanation does not cite O*NET {rest}"
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
    explanation = question.get("explanation") or ""
    problems += [p for s in sources if (p := source_problem(s, explanation, guidelines, credentials, fact_checks))]
    if "course-mechanics" in tags:
        problems.append("course-mechanics items are never drawn")
    if set(tags) & KIND_TAGS - {"application"}:
        problems.append("a knowledge item's kind is application or none")
    feedback = question.get("feedback") or {}
    if question["type"] in {"single_choice", "multiple_select"}:
        keyed = question["answer"] if isinstance(question["answer"], list) else [question["answer"]]
        problems += [f"no feedback for wrong choice {c!r}" for c in question["choices"] if c not in keyed
                     and not str(feedback.get(c, "")).strip()]
    elif question["type"] == "true_false":
        wrong = "false" if question["answer"] else "true"
        if not str(feedback.get(wrong, "")).strip():
            problems.append(f"no feedback for the wrong value {wrong!r}")
    if domains and domains[0] in LESSON_BANKS:
        sections = _guide_sections(domains[0])
        if question.get("guide_section") not in sections:
            problems.append(f"guide_section {question.get('guide_section')!r} is not one its domain bank uses")
    return problems


def _guide_sections(bank: str) -> set[str]:
    data = _bank(QUIZZES / f"{bank}.yaml")
    return {data["guide_section"]} | {q["guide_section"] for q in data.get("questions") or []}


def documented_source_kinds() -> set[str]:
    """The source-tag kinds docs/authoring.md's table "Where a key comes from" lists (its first column)."""
    text = AUTHORING.read_text(encoding="utf-8")
    section = text.split("## Where a key comes from", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `source:")]
    return {kind for cell in first_cells for kind in re.findall(r"`source:([a-z-]+)", cell)}


# --- the tests -------------------------------------------------------------------------------------------------

def test_the_exam_has_its_own_knowledge_items_for_every_lesson_domain():
    assert {domain_of(q) for q in ITEMS if _tags(q, "domain:")} == LESSON_BANKS


def test_exam_ids_are_unique_across_every_bank():
    ids = Counter(q["id"] for path in QUIZZES.glob("*.yaml") for q in _questions(path))
    assert not [i for i in ITEM_IDS if ids[i] > 1]


@pytest.mark.parametrize("question", ITEMS, ids=ITEM_IDS)
def test_each_knowledge_item_is_tagged_sourced_and_gives_feedback(question):
    problems = item_problems(question, _guideline_ids(), _primary_credentials(), _primary_fact_checks())
    assert not problems, f"{question['id']}: " + "; ".join(problems)


def test_the_source_kinds_are_the_ones_docs_authoring_lists():
    assert documented_source_kinds() == set(SOURCE_KINDS)


def test_every_exam_item_uses_only_the_exam_source_kinds():
    kinds = {(q["id"], s.partition(":")[0]) for q in _questions(EXAM) for s in _tags(q, "source:")}
    assert not sorted(k for k in kinds if k[1] not in EXAM_SOURCE_KINDS)


def test_a_source_tag_that_the_explanation_does_not_cite_is_refused():
    args = (_guideline_ids(), _primary_credentials(), _primary_fact_checks())
    assert source_problem("cfr:42-412.3", "see 42 CFR 412.3(b)", *args) is None
    assert source_problem("cfr:42-412.3", "see 42 CFR 412.30", *args)
    assert source_problem("usc:31-3729", "31 U.S.C. 3729(b)(1)", *args) is None
    assert source_problem("guideline:III.B", "Section III.C says", *args)
    assert source_problem("handbook:aapc-ccs", "", *args)  # the CCS is not AAPC's
    assert source_problem("fact-check:salary-bands-unverified", "", *args)  # cites no owner's page
    assert source_problem("onet:29-2072", "29-2072", *args)


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


@pytest.mark.parametrize("question", [q for q in ITEMS if q["type"] == "single_choice"],
                         ids=lambda q: q["id"])
def test_single_choice_keys_do_not_stand_out_by_length(question):
    clues = choice_shape_clues([str(c) for c in question["choices"]], str(question["answer"]))
    assert not clues, f"{question['id']}: {'; '.join(clues)}"


# --- the review's cross-item findings (review-exam/knowledge.md) --------------------------------------------------

SAME_FACT = [
    ("exam-resp-audit-three-rates", "exam-env-accuracy-per-code"),  # accuracy depends on the unit counted
    ("exam-resp-policy-vs-guidelines", "exam-skills-guidelines-hipaa"),  # guidelines binding under HIPAA
    ("exam-role-outpatient-surgery-night", "exam-faq-observation-two-nights"),  # status begins with the order
    ("exam-role-pneumonia-missed-mcc", "exam-lab-missed-cc-payment"),  # weight difference x base rate
]
"""Pairs the review found testing one fact: the draw keeps them apart only if they share the fact id."""


@pytest.mark.parametrize(("a", "b"), SAME_FACT, ids=[f"{a}+{b}" for a, b in SAME_FACT])
def test_items_on_one_fact_share_its_fact_id(a, b):
    assert fact_of(_item(a)) == fact_of(_item(b)), (a, b)


def test_no_other_exam_stem_tells_whose_credential_the_ccs_is():
    """`exam-start-ccs-apply-aapc` asks whether the CCS is AAPC's; a stem or choice pairing AHIMA with the CCS
    answers it."""
    giving = [q["id"] for q in _questions(EXAM) if q["id"] != "exam-start-ccs-apply-aapc"
              and "AHIMA" in (text := q["prompt"] + " ".join(map(str, q.get("choices") or [])))
              and re.search(r"\bCCS\b", text)]
    assert not giving


def test_no_stem_states_the_rule_another_item_asks_for():
    assert "Official Guidelines say" not in _item("exam-resp-policy-vs-guidelines")["prompt"]  # III.B, the sodium item
    recruiter = " ".join(map(str, _item("exam-start-recruiter-range")["choices"])).lower()
    assert "average is usually higher" not in recruiter  # the mean-above-median item's key
    assert "timing" not in _item("exam-role-outpatient-surgery-night")["explanation"]
    assert "412.3(b)" not in _item("exam-role-outpatient-surgery-night")["explanation"]  # the order-timing item


SELF_REVIEW = re.compile(r"self[- ]review|self[- ]assessment", re.I)
RENEWAL_TEXTS = [*QUIZZES.glob("*.yaml"), REPO / "src/course_helpers/data/credentials.yaml",
                 REPO / "src/course_helpers/data/fact_checks.yaml", *(REPO / "notebooks").glob("*.ipynb"),
                 *(REPO / "src/course_helpers/data/facilitator_notes").glob("*"), *(REPO / "docs").glob("*.md")]


def stale_self_review_mentions(text: str) -> list[str]:
    """Mentions of AHIMA's coding self-review that do not say it ended (January 1, 2021)."""
    return [text[max(0, m.start() - 120):m.end() + 120].replace("\n", " ") for m in SELF_REVIEW.finditer(text)
            if not re.search(r"2021|ended|discontinued|until 2020|before 2021",
                             text[max(0, m.start() - 250):m.end() + 250])]


def test_the_stale_self_review_check_catches_the_old_rule():
    assert stale_self_review_mentions("to_keep: 20 CEUs every 2 years, incl. two annual coding self-reviews")
    assert not stale_self_review_mentions("20 CEUs every 2 years (the annual coding self-review ended January 1, 2021)")


@pytest.mark.parametrize("path", RENEWAL_TEXTS, ids=lambda p: p.name)
def test_ahimas_discontinued_self_review_is_taught_as_ended(path):
    assert not stale_self_review_mentions(path.read_text(encoding="utf-8")), path


# --- claims the items make, re-checked with the course's tools (FY2026) -------------------------------------------

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


def _drg_weights(text: str) -> list[tuple[int | None, float]]:
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


@pytest.mark.parametrize("question", ITEMS, ids=ITEM_IDS)
def test_every_drg_weight_and_payment_is_the_shipped_table5s(question):
    problems = weight_problems(question) + payment_problems(question)
    assert not problems, f"{question['id']}: {problems}"


GROUPER_CLAIMS = [
    # (question id, principal, secondary, MS-DRG, {code: severity})
    ("exam-adv-audit-dietitian-diagnosis", "J18.9", ["E43"], 193, {"E43": "MCC"}),
    ("exam-adv-audit-dietitian-diagnosis", "J18.9", [], 195, {}),
]


@pytest.mark.parametrize(("qid", "pdx", "sdx", "drg", "severities"), GROUPER_CLAIMS, ids=[c[0] for c in GROUPER_CLAIMS])
def test_cc_mcc_and_drg_claims_match_the_grouper(qid, pdx, sdx, drg, severities):
    question = _item(qid)
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
