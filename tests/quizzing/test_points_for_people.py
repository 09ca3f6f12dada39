"""Scores read for people: partial credit shows at most two decimals ("0.67/1 points", not "0.666667/1")."""

from __future__ import annotations

from course_helpers.quizzing.grading import grade
from course_helpers.quizzing.model import MultipleSelect
from course_helpers.quizzing.session import QuizItem, QuizSession

CHOICES = ["A", "B", "C", "D"]


def _question(n: int) -> MultipleSelect:
    return MultipleSelect(
        id=f"ms-{n}", type="multiple_select", prompt="Pick.", explanation="Because.", guide_section="FAQ",
        choices=CHOICES, answer=["A", "B", "C"], scoring="partial",
    )


def test_partial_credit_headline_is_rounded() -> None:
    result = grade(_question(1), ["A", "B"])
    assert "0.666" not in result.headline()
    assert "(0.67/1 points)" in result.headline()


def test_summary_headline_is_rounded() -> None:
    items = [QuizItem("90_demo", "Demo", "h", _question(n), tuple(CHOICES)) for n in range(1, 4)]
    session = QuizSession(quiz_id="90_demo", title="Demo", items=items)
    session.answer("ms-1", ["A", "B"])  # 2/3 of a point
    session.answer("ms-2", ["A", "B", "C"])
    session.answer("ms-3", ["A", "B", "C"])
    assert abs(session.summary().points - 8 / 3) < 1e-5  # 2.666667: what "2.67" stands for
    assert ": 2.67/3 points" in session.summary().headline()
