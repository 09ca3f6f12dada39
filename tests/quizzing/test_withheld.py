"""A withheld (released graded) bank: loads without answers, and refuses to carry one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from course_helpers.quizzing.grading import AnswerError, saved
from course_helpers.quizzing.withheld import WithheldBank, is_withheld

BASE = {
    "schema_version": 1,
    "id": "90_graded",
    "title": "Graded",
    "guide_section": "Salary Expectations for Inpatient Coders",
    "answers_withheld": True,
}
CHOICE = {"id": "g-1", "type": "single_choice", "prompt": "Pick", "choices": ["A", "B"],
          "guide_section": "Salary Expectations for Inpatient Coders"}
ORDER = {"id": "g-2", "type": "ordering", "prompt": "Order", "items": ["x", "y", "z"],
         "guide_section": "Salary Expectations for Inpatient Coders"}


def test_loads_without_answers_and_saves():
    bank = WithheldBank.model_validate({**BASE, "questions": [CHOICE, ORDER]})
    single, order = bank.questions
    assert is_withheld(single) and is_withheld(order)
    response, result = saved(single, "b")
    assert response == "B" and result.verdict == "saved" and result.points == 0
    assert saved(order, ["z", "x", "y"])[0] == ["z", "x", "y"]
    with pytest.raises(AnswerError):
        saved(order, ["x", "y"])


@pytest.mark.parametrize("secret", [{"answer": "A"}, {"explanation": "Because"}, {"feedback": {"A": "no"}}])
def test_refuses_a_secret(secret):
    with pytest.raises(ValidationError):
        WithheldBank.model_validate({**BASE, "questions": [{**CHOICE, **secret}]})
