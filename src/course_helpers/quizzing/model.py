"""The question-bank schema: pydantic models for a bank and each question type.

A bank is data only (`quizzes/*.yaml`). Answers are stored by choice text, never by position,
so shuffling choices or questions can never change a score.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from course_helpers.data import PASS_MARK, StrictModel

SCHEMA_VERSION = 1
"""The bank format version this package reads and writes."""

QuestionId = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
NonEmptyText = Annotated[str, Field(min_length=1)]


def _check_choices(choices: list[str]) -> list[str]:
    """Reject empty or duplicate choices (duplicates compared ignoring case and spacing)."""
    seen: set[str] = set()
    for choice in choices:
        if not choice.strip():
            raise ValueError("a choice is empty")
        key = " ".join(choice.split()).casefold()
        if key in seen:
            raise ValueError(f"choice {choice!r} appears twice")
        seen.add(key)
    return choices


class _QuestionBase(StrictModel):
    id: QuestionId = Field(description="Unique across every bank; used to record attempts.")
    prompt: NonEmptyText = Field(description="The question, in Markdown (raw HTML is shown as text).")
    explanation: NonEmptyText = Field(description="Why the answer is right; shown after answering.")
    guide_section: NonEmptyText = Field(description="The career-guide section this question teaches.")
    points: float = Field(default=1.0, gt=0, description="Points for a fully correct answer.")
    tags: list[NonEmptyText] = Field(
        default_factory=list,
        description="Free labels. Use 'application' for a scenario question and 'fact-check' for a correction.",
    )


class _ChoiceQuestion(_QuestionBase):
    choices: list[NonEmptyText] = Field(min_length=2, description="The options, shown in this order unless shuffled.")
    feedback: dict[str, NonEmptyText] = Field(
        default_factory=dict,
        description="Optional feedback shown when a given choice is picked; keys are choice texts.",
    )

    @field_validator("choices")
    @classmethod
    def _choices_distinct(cls, value: list[str]) -> list[str]:
        return _check_choices(value)

    @model_validator(mode="after")
    def _feedback_keys_are_choices(self) -> _ChoiceQuestion:
        for key in self.feedback:
            if key not in self.choices:
                raise ValueError(f"feedback is given for {key!r}, which is not one of the choices")
        return self


class SingleChoice(_ChoiceQuestion):
    """Pick exactly one choice."""

    type: Literal["single_choice"]
    answer: NonEmptyText = Field(description="The text of the correct choice.")

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> SingleChoice:
        if self.answer not in self.choices:
            raise ValueError(f"answer {self.answer!r} is not one of the choices")
        return self


class MultipleSelect(_ChoiceQuestion):
    """Pick every correct choice; scored all-or-nothing or with partial credit."""

    type: Literal["multiple_select"]
    answer: list[NonEmptyText] = Field(min_length=1, description="The texts of every correct choice.")
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"

    @model_validator(mode="after")
    def _answers_are_choices(self) -> MultipleSelect:
        for item in self.answer:
            if item not in self.choices:
                raise ValueError(f"answer {item!r} is not one of the choices")
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer lists a choice twice")
        return self


class TrueFalse(_QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool
    feedback: dict[Literal["true", "false"], NonEmptyText] = Field(default_factory=dict)


class Numeric(_QuestionBase):
    """A number, accepted within an absolute tolerance."""

    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0.0, ge=0, description="Accepted distance from the answer (absolute).")
    unit: str | None = Field(default=None, description="Shown beside the input, e.g. '%' or 'charts/day'.")


class ShortText(_QuestionBase):
    """A word or phrase; case and spacing are ignored, and listed variants are accepted."""

    type: Literal["short_text"]
    answer: NonEmptyText
    accept: list[NonEmptyText] = Field(default_factory=list, description="Other spellings that are also right.")


class CodeEntry(_QuestionBase):
    """An ICD-10-CM or ICD-10-PCS code; case, dots and spaces are ignored."""

    type: Literal["code"]
    system: Literal["icd10cm", "icd10pcs"]
    answer: NonEmptyText
    accept: list[NonEmptyText] = Field(default_factory=list, description="Other codes that are also right.")


class Ordering(_QuestionBase):
    """Put the items in order; `answer` lists them in the right order (they are shown shuffled)."""

    type: Literal["ordering"]
    answer: list[NonEmptyText] = Field(min_length=2)
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"

    @field_validator("answer")
    @classmethod
    def _items_distinct(cls, value: list[str]) -> list[str]:
        return _check_choices(value)


# The one list of question types: every other place (the bank validator, the grader, the schema) derives from it.
AnyQuestion = SingleChoice | MultipleSelect | TrueFalse | Numeric | ShortText | CodeEntry | Ordering
Question = Annotated[AnyQuestion, Field(discriminator="type")]
QUESTION_CLASSES: dict[str, type[_QuestionBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls for cls in AnyQuestion.__args__
}
"""Each question model by its `type` value, in the order the docs list them."""
QUESTION_TYPES: tuple[str, ...] = tuple(QUESTION_CLASSES)


class Draw(StrictModel):
    """How an exam draws each paper from its own `questions` (the pool) by a blueprint (`quizzing.exam_pool`)."""

    count: int = Field(ge=1, description="How many questions a paper holds.")
    seed: int = Field(default=0, description="Seed for the papers and their order; an instructor may change it. "
                      "Attempt N sits its own paper, drawn with this seed and N.")
    per_domain_min: int = Field(
        default=1, ge=0, description="At least this many questions on a paper from each domain (`domain:` tag)."
    )


class Bank(StrictModel):
    """One question bank: a lesson's quiz or the final exam."""

    schema_version: Literal[1] = Field(description="The bank format version; this package reads version 1.")
    id: Annotated[str, Field(pattern=r"^[0-9]{2}_[a-z0-9_]+$")] = Field(
        description="Matches the file name and the lesson, e.g. '01_the_role'."
    )
    title: NonEmptyText
    guide_section: NonEmptyText = Field(description="The main career-guide section the bank teaches.")
    pass_mark: float = Field(default=PASS_MARK, ge=0, le=100, description="Percent of points needed to pass.")
    mode: Literal["practice", "exam"] = "practice"
    graded: bool = Field(
        default=False,
        description="Graded by the instructor: `course-helpers release` keeps its answers back from learners.",
    )
    attempts_allowed: int | None = Field(
        default=None, ge=1, description="How many times the quiz may be finished (exam mode); empty means no limit."
    )
    shuffle: bool = Field(default=False, description="Shuffle question and choice order.")
    draw: Draw | None = Field(
        default=None, description="Draw each paper from `questions` (the exam's own pool) by a blueprint."
    )
    questions: list[Question] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_questions(self) -> Bank:
        if not self.questions:
            raise ValueError("a bank needs questions (an exam that draws lists its pool under `questions`)")
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id!r} is used twice in this bank")
            seen.add(question.id)
        return self

    def question(
        self, question_id: str
    ) -> AnyQuestion:
        """Return the question with this id (KeyError if there is none)."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def total_points(self) -> float:
        """The points available in the bank."""
        return sum(q.points for q in self.questions)
