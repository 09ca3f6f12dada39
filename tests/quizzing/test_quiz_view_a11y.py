"""The quiz view's accessibility hooks: what the keyboard script relies on, and a summary in learners' words."""

from __future__ import annotations

from pathlib import Path

from course_helpers.display.a11y import KeyboardSupport
from tests.quizzing.test_quiz_view import widget_for


def test_summary_names_missed_questions_not_their_ids(banks_dir: Path) -> None:
    view = widget_for("90_sample")
    view.cards["s-one"].set_value("CPT")
    view.cards["s-one"].submit.click()
    view.cards["s-two"].set_value(False)
    view.cards["s-two"].submit.click()
    assert "To review:" in view.summary.value
    assert "s-one" not in view.summary.value
    assert "<li>Question 1: " in view.summary.value


def test_cards_carry_the_hooks_the_keyboard_script_uses(banks_dir: Path) -> None:
    view = widget_for("90_sample")
    card = view.cards["s-one"]
    assert "course-question" in card.box._dom_classes
    assert "course-prompt" in card.prompt._dom_classes
    assert "course-submit" in card.submit._dom_classes
    assert "course-feedback" in card.feedback._dom_classes
    assert any(isinstance(child, KeyboardSupport) for child in view.root.children)
