"""Grading as pure functions: a question and a learner's answer in, a `Grade` out. No widgets, no I/O."""

from __future__ import annotations

import itertools
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from course_helpers.coding.codes.normalize import normalize_code as normalize_cm_or_pcs
from course_helpers.errors import CodeFormatError, CourseInputError
from course_helpers.quizzing.model import (
    AnyQuestion,
    CodeEntry,
    MultipleSelect,
    Numeric,
    Ordering,
    ShortText,
    SingleChoice,
    TrueFalse,
)

Verdict = Literal["correct", "partly correct", "incorrect", "saved"]
"""`saved`: a graded bank's answer was recorded with no verdict (the instructor regrades it)."""


class AnswerError(CourseInputError):
    """An answer of the wrong kind for its question; the message says what to give instead."""


@dataclass(frozen=True, repr=False)
class Grade:
    """The result of grading one answer."""

    question_id: str
    verdict: Verdict
    points: float
    max_points: float
    expected: str
    explanation: str
    feedback: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        """True only for full marks."""
        return self.verdict == "correct"

    @property
    def symbol(self) -> str:
        """A symbol that says the verdict without colour."""
        return {"correct": "✓", "partly correct": "◐", "incorrect": "✗", "saved": "✎"}[self.verdict]

    def headline(self) -> str:
        """One line: symbol, verdict in words, points."""
        if self.verdict == "saved":
            return f"{self.symbol} Saved: your answer is recorded; your instructor releases the results"
        scored = f"{points_text(self.points)}/{points_text(self.max_points)} points"
        return f"{self.symbol} {self.verdict.capitalize()} ({scored})"

    def __str__(self) -> str:
        return self.headline()

    def __repr__(self) -> str:
        right = f" Right answer: {self.expected}." if not self.correct and self.expected else ""
        return f"{self.headline()}.{right} {self.explanation}"


def points_text(value: float) -> str:
    """Points as people read them: at most two decimals, no trailing zeros (2/3 of a point is "0.67")."""
    return f"{round(value, 2):g}"


# --------------------------------------------------------------------------- normalisation


def normalize_text(text: str) -> str:
    """Case-fold and collapse spacing, so 'Present  on Admission' equals 'present on admission'."""
    return " ".join(text.split()).casefold()


def normalize_code(code: str) -> str:
    """Upper-case and drop the dot and spaces, so 'i50.21' equals 'I5021' (the coding lab's normaliser)."""
    try:
        return normalize_cm_or_pcs(code)
    except CodeFormatError as exc:
        raise AnswerError(str(exc)) from None


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\$?\d{1,3}(,\d{3})+(\.\d*)?\s*%?$")
MAX_ECHO = 60
"""Echoes of a learner's input in messages are cut to this many characters."""
MAX_TEXT = 1_000
"""The longest text answer accepted (a stored answer has a size limit)."""
MAX_ITEMS = 200
"""The most items a list answer may have."""


def echo(value: Any) -> str:
    """A learner's input as shown in a message: repr, cut to a readable length."""
    text = repr(value) if not isinstance(value, str) or len(value) <= MAX_ECHO else repr(value[:MAX_ECHO])
    return text if len(text) <= MAX_ECHO + 5 else text[:MAX_ECHO] + "...'"


def parse_number(value: Any) -> float:
    """Read a number from a number or from text such as '$48,780' or '9 %'."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise AnswerError("give a number, not true/false")
    if isinstance(value, numbers.Real | Decimal):  # int, float, Fraction, Decimal, numpy and pandas numbers
        try:
            number = float(value)
        except OverflowError:
            raise AnswerError("that number is too large; give a number such as 48780 or 9.5") from None
    elif isinstance(value, str):
        if len(value) > 100:
            raise AnswerError(f"{echo(value)} is too long for a number; type digits such as 48780 or 9.5")
        if "," in value and not _THOUSANDS.match(value.strip()):
            raise AnswerError(
                f"{echo(value)}: a comma may only separate thousands (48,780); write decimals with a dot (4306.8)"
            )
        cleaned = re.sub(r"[\s,$%]", "", value)
        if not _NUMBER.match(cleaned):
            raise AnswerError(f"{echo(value)} is not a number; type digits such as 48780 or 9.5")
        number = float(cleaned)
    else:
        raise AnswerError(f"give a number (got {type(value).__name__})")
    if not math.isfinite(number):
        raise AnswerError("give a finite number")
    return number


def _as_text(value: Any, what: str = "text") -> str:
    if not isinstance(value, str):
        raise AnswerError(f"give {what} (got {type(value).__name__})")
    if not value.strip():
        raise AnswerError(f"the answer is empty; type {what}")
    if len(value) > MAX_TEXT:
        raise AnswerError(f"the answer is {len(value):,} characters long; use at most {MAX_TEXT:,}")
    return value


def _match_choice(value: Any, choices: list[str]) -> str:
    text = _as_text(value, "one of the choices as text")
    wanted = normalize_text(text)
    for choice in choices:
        if normalize_text(choice) == wanted:
            return choice
    raise AnswerError(f"{echo(text)} is not one of the choices: {'; '.join(choices)}")


def _as_list(value: Any, what: str) -> list[Any]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise AnswerError(f"give a list of {what}")
    items = list(itertools.islice(value, MAX_ITEMS + 1))
    if len(items) > MAX_ITEMS:
        raise AnswerError(f"give at most {MAX_ITEMS} {what}")
    return items


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = normalize_text(value)
        if word in {"true", "t", "yes", "y"}:
            return True
        if word in {"false", "f", "no", "n"}:
            return False
    raise AnswerError(f"give True or False (got {echo(value)})")


# --------------------------------------------------------------------------- coercion and grading


def coerce(question: AnyQuestion, value: Any) -> Any:
    """Check an answer is the right kind for the question and put it in canonical form."""
    if value is None:
        raise AnswerError("no answer given")
    match question:
        case SingleChoice():
            return _match_choice(value, question.choices)
        case MultipleSelect():
            picked = [_match_choice(item, question.choices) for item in _as_list(value, "choices")]
            if not picked:
                raise AnswerError("select at least one choice")
            return sorted(set(picked), key=question.choices.index)
        case TrueFalse():
            return _as_bool(value)
        case Numeric():
            return parse_number(value)
        case ShortText():
            return _as_text(value)
        case CodeEntry():
            code = normalize_code(_as_text(value, "a code such as I50.21"))
            if not code.isalnum():
                raise AnswerError(f"{echo(value)} is not a code: use letters and digits, e.g. I50.21 or 02703DZ")
            return code
        case Ordering():
            pool = getattr(question, "items", None) or question.answer  # a withheld copy lists `items`
            items = [_match_choice(item, pool) for item in _as_list(value, "items in order")]
            if sorted(items) != sorted(pool):
                raise AnswerError(f"put every item in order exactly once ({len(pool)} items)")
            return items
    raise AnswerError(f"unsupported question type {type(question).__name__}")


def expected_answer(question: AnyQuestion) -> str:
    """The right answer, written for a learner."""
    match question:
        case MultipleSelect() | Ordering():
            joiner = " → " if isinstance(question, Ordering) else "; "
            return joiner.join(question.answer)
        case TrueFalse():
            return "True" if question.answer else "False"
        case Numeric():
            unit = f" {question.unit}" if question.unit else ""
            margin = f" (± {question.tolerance:g})" if question.tolerance else ""
            return f"{question.answer:g}{unit}{margin}"
        case _:
            return str(question.answer)


def _fraction(question: AnyQuestion, response: Any) -> tuple[float, list[str]]:
    """Share of the points earned (0..1) and any per-choice feedback lines."""
    feedback: list[str] = []
    match question:
        case SingleChoice():
            if response in question.feedback:
                feedback.append(question.feedback[response])
            return (1.0 if response == question.answer else 0.0), feedback
        case MultipleSelect():
            feedback.extend(question.feedback[c] for c in response if c in question.feedback)
            right = set(question.answer)
            chosen = set(response)
            if chosen == right:
                return 1.0, feedback
            if question.scoring == "partial":
                # right picks share +1, wrong picks share -1 (floored at 0): ticking every box scores 0
                wrong_options = len(question.choices) - len(right)
                hits = len(chosen & right) / len(right)
                misses = len(chosen - right) / wrong_options if wrong_options else 0.0
                return max(0.0, hits - misses), feedback
            return 0.0, feedback
        case TrueFalse():
            key = "true" if response else "false"
            if key in question.feedback:
                feedback.append(question.feedback[key])
            return (1.0 if response == question.answer else 0.0), feedback
        case Numeric():
            return (1.0 if abs(response - question.answer) <= question.tolerance + 1e-9 else 0.0), feedback
        case ShortText():
            accepted = {normalize_text(t) for t in [question.answer, *question.accept]}
            return (1.0 if normalize_text(response) in accepted else 0.0), feedback
        case CodeEntry():
            accepted = {normalize_code(c) for c in [question.answer, *question.accept]}
            return (1.0 if response in accepted else 0.0), feedback
        case Ordering():
            if response == list(question.answer):
                return 1.0, feedback
            if question.scoring == "partial":
                placed = sum(a == b for a, b in zip(response, question.answer, strict=True))
                return placed / len(question.answer), feedback
            return 0.0, feedback
    raise AnswerError(f"unsupported question type {type(question).__name__}")


def grade(question: AnyQuestion, value: Any) -> Grade:
    """Grade one answer; raises AnswerError (one-line message) if it is the wrong kind."""
    response = coerce(question, value)
    fraction, feedback = _fraction(question, response)
    verdict: Verdict = "correct" if fraction >= 1.0 else "partly correct" if fraction > 0 else "incorrect"
    return Grade(
        question_id=question.id,
        verdict=verdict,
        points=round(question.points * fraction, 6),
        max_points=question.points,
        expected=expected_answer(question),
        explanation=question.explanation,
        feedback=tuple(feedback),
    )


def saved(question: AnyQuestion, value: Any) -> tuple[Any, Grade]:
    """A graded bank's answer: checked for form and recorded, with no verdict (raises AnswerError)."""
    response = coerce(question, value)
    return response, Grade(question.id, "saved", 0.0, question.points, "", "", ())


def correct_response(question: AnyQuestion) -> Any:
    """An answer that earns full points (used by tests and by instructors' answer keys)."""
    if isinstance(question, MultipleSelect | Ordering):
        return list(question.answer)
    return question.answer
