"""Every wrong answer a learner can pick gets feedback saying why it is wrong, not only what is right.

Choice questions: each option that is not a key has a `feedback` entry. True/false: the wrong value has one.
Feedback must not merely repeat the key ("The answer is X"): it has to give a reason.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.paths import REPO

BANKS = sorted((REPO / "quizzes").glob("*.yaml"))


def _questions() -> list[dict[str, Any]]:
    found = []
    for path in BANKS:
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")).get("questions") or [])
    return found


def wrong_options(question: dict[str, Any]) -> list[str]:
    """The answers a learner can give that are wrong, as feedback keys."""
    if question["type"] == "single_choice":
        return [c for c in question["choices"] if c != question["answer"]]
    if question["type"] == "multiple_select":
        return [c for c in question["choices"] if c not in question["answer"]]
    if question["type"] == "true_false":
        return [str(not question["answer"]).lower()]
    return []


CHOICE_QUESTIONS = [q for q in _questions() if wrong_options(q)]


def test_the_banks_have_choice_questions():
    assert len(CHOICE_QUESTIONS) > 100


@pytest.mark.parametrize("question", CHOICE_QUESTIONS, ids=lambda q: q["id"])
def test_every_wrong_option_has_feedback(question):
    feedback = question.get("feedback") or {}
    missing = [option for option in wrong_options(question) if option not in feedback]
    assert not missing, f"{question['id']}: no feedback for wrong answer(s) {missing}"
    for option in wrong_options(question):
        text = feedback[option].strip()
        assert len(text.split()) >= 6, f"{question['id']}: feedback for {option!r} is too short to say why: {text!r}"
