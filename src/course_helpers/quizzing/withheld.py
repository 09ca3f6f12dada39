"""A learner's copy of a graded bank: the same questions with answers, explanations and feedback removed.

`course-helpers release` writes such copies (`answers_withheld: true`); the authoring schema in
`model.py` is unchanged and still requires every answer. A quiz on a withheld bank checks that an answer
is well-formed, records it and says it was saved, with no verdict: the instructor's key regrades it.
Ordering questions list their items in alphabetical order under `items` (the right order is the answer).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from course_helpers.quizzing.model import (
    Bank,
    CodeEntry,
    MultipleSelect,
    NonEmptyText,
    Numeric,
    Ordering,
    QuestionId,
    ShortText,
    SingleChoice,
    TrueFalse,
    _check_choices,
)


class _Withheld:
    """Marks a question whose answer is kept back."""

    answer: None
    explanation: None


class WithheldSingleChoice(_Withheld, SingleChoice):
    answer: None = None
    explanation: None = None
    feedback: dict[str, NonEmptyText] = Field(default_factory=dict, max_length=0)

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> WithheldSingleChoice:
        return self


class WithheldMultipleSelect(_Withheld, MultipleSelect):
    answer: None = None
    explanation: None = None
    feedback: dict[str, NonEmptyText] = Field(default_factory=dict, max_length=0)

    @model_validator(mode="after")
    def _answers_are_choices(self) -> WithheldMultipleSelect:
        return self


class WithheldTrueFalse(_Withheld, TrueFalse):
    answer: None = None
    explanation: None = None
    feedback: dict[Literal["true", "false"], NonEmptyText] = Field(default_factory=dict, max_length=0)


class WithheldNumeric(_Withheld, Numeric):
    answer: None = None
    explanation: None = None
    tolerance: float = Field(default=0.0, le=0)


class WithheldShortText(_Withheld, ShortText):
    answer: None = None
    explanation: None = None
    accept: list[NonEmptyText] = Field(default_factory=list, max_length=0)


class WithheldCodeEntry(_Withheld, CodeEntry):
    answer: None = None
    explanation: None = None
    accept: list[NonEmptyText] = Field(default_factory=list, max_length=0)


class WithheldOrdering(_Withheld, Ordering):
    answer: None = None
    explanation: None = None
    items: list[NonEmptyText] = Field(min_length=2, description="The items, in alphabetical order.")

    @field_validator("items")
    @classmethod
    def _items_distinct(cls, value: list[str]) -> list[str]:
        return _check_choices(value)


WithheldQuestion = Annotated[
    WithheldSingleChoice
    | WithheldMultipleSelect
    | WithheldTrueFalse
    | WithheldNumeric
    | WithheldShortText
    | WithheldCodeEntry
    | WithheldOrdering,
    Field(discriminator="type"),
]


class WithheldBank(Bank):
    """A released copy of a graded bank: no answers, no explanations, no per-choice feedback."""

    answers_withheld: Literal[True] = Field(description="Set by `course-helpers release`; answers are kept back.")
    graded: Literal[True] = True
    draw: None = None
    questions: list[WithheldQuestion] = Field(min_length=1)  # type: ignore[assignment]
    papers: list[list[QuestionId]] = Field(
        default_factory=list,
        description="A drawn exam's papers, one per allowed attempt (question ids in the order shown); attempt N "
        "sits paper N (the last one again after that). Empty: every question, in the listed order.",
    )

    @model_validator(mode="after")
    def _papers_name_questions(self) -> WithheldBank:
        ids = {q.id for q in self.questions}
        for number, paper in enumerate(self.papers, start=1):
            unknown = [qid for qid in paper if qid not in ids]
            if unknown:
                raise ValueError(f"paper {number} names question {unknown[0]!r}, which is not in this bank")
            if not paper or len(set(paper)) != len(paper):
                raise ValueError(f"paper {number} is empty or names a question twice")
        return self

    def paper(self, attempt: int) -> list[str]:
        """The question ids of attempt N's paper (1-based; the last paper after the last one)."""
        if not self.papers:
            return [q.id for q in self.questions]
        return list(self.papers[min(max(attempt, 1), len(self.papers)) - 1])


def is_withheld(question: object) -> bool:
    """True for a question from a released graded bank (its answer is kept back)."""
    return isinstance(question, _Withheld)


def order_items(question: object) -> list[str]:
    """The items of an ordering question, whether its answer is present or kept back."""
    items = getattr(question, "items", None)
    return list(items) if items is not None else list(getattr(question, "answer"))  # noqa: B009
