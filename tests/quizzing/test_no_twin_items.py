"""No two questions share a near-identical stem and key (a practice "twin" would give away an exam item).

If two items (in the lessons or the exam's own pool) ask the same thing with the same answer, a learner who has
seen one already holds the key to the other. Stems are compared as word sets (Jaccard) and keys as normalized
text. The exam's own check against practice stems (word bigrams, any key) is `item_quality`'s `near-duplicate`.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import yaml

from tests.paths import REPO

STEM_SIMILARITY = 0.34
"""Word-set overlap above which two stems with the same key are the same question (growth twins: 0.348)."""
SAME_STEM = 0.75
"""Above this overlap two stems ask the same thing even when the keys are worded apart (observation twins: 0.78)."""
WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    "a an the of to in on for and or is are was be by with as at it its his her their this that what which how".split()
)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(text.casefold()) if w not in STOP)


def _key(question: dict[str, Any]) -> str:
    answer = question["answer"]
    if isinstance(answer, list):
        answer = " | ".join(sorted(map(str, answer)))
    return " ".join(WORD.findall(str(answer).casefold()))


def stem_similarity(a: str, b: str) -> float:
    """Jaccard overlap of the content words of two prompts."""
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def _same_key(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ka, kb = _key(a), _key(b)
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short.split()) >= 2 and f" {short} " in f" {long_} "  # "october 1" within "april 1 | october 1"


def twins(questions: list[dict[str, Any]]) -> list[tuple[str, str, float]]:
    """Pairs that ask the same thing: near-identical stems, or alike stems with the same key.

    Questions tagged `course-mechanics` (about the course software) are left out.
    """
    pool = [q for q in questions if "course-mechanics" not in (q.get("tags") or [])]
    found = []
    for a, b in itertools.combinations(pool, 2):
        score = stem_similarity(a["prompt"], b["prompt"])
        if score >= SAME_STEM or (score >= STEM_SIMILARITY and _same_key(a, b)):
            found.append((a["id"], b["id"], round(score, 2)))
    return found


def _bank_questions() -> list[dict[str, Any]]:
    found = []
    for path in sorted((REPO / "quizzes").glob("*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")).get("questions") or [])
    return found


def test_the_checker_finds_a_reworded_twin():
    a = {
        "id": "a",
        "prompt": "Under Medicare's rule, admission is appropriate when care spans how many midnights?",
        "answer": 2,
    }
    b = {
        "id": "b",
        "prompt": "For Medicare, an admission is appropriate when care spans at least how many midnights?",
        "answer": 2,
    }
    c = {"id": "c", "prompt": "Which code set reports procedures on a hospital inpatient claim?", "answer": 2}
    d = {
        "id": "d",
        "prompt": "For Medicare, an admission is appropriate when care spans at least how many midnights?",
        "answer": "two",
    }
    assert twins([a, b]) and twins([b, d]) and not twins([a, c])


def test_no_two_bank_items_share_stem_and_key():
    assert twins(_bank_questions()) == []
