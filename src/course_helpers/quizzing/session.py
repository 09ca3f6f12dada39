"""One sitting of a quiz: answers, grades, score and the practice/exam rules. Pure state; no widgets.

Every graded answer is sent to the progress store as it is made (practice) or when the exam is finished
(exam). A store that cannot be written never stops the quiz: the problem is kept in `save_problem`.
"""

from __future__ import annotations

import difflib
import itertools
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from course_helpers.data import PASS_MARK
from course_helpers.errors import CourseInputError
from course_helpers.quizzing import answer_hooks
from course_helpers.quizzing.grading import (
    MAX_ITEMS,
    AnswerError,
    AnyQuestion,
    Grade,
    coerce,
    grade,
    points_text,
    saved,
)
from course_helpers.quizzing.withheld import is_withheld

Mode = Literal["practice", "exam"]


class QuizError(CourseInputError):
    """Something the learner or instructor asked of a quiz that it cannot do; one line says why."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message
        """The message without the question id, for a view that already shows the question."""


@dataclass(frozen=True)
class QuizItem:
    """A question as placed in this sitting, with the bank it belongs to and its display order."""

    bank_id: str
    bank_title: str
    bank_hash: str
    question: AnyQuestion
    display_order: tuple[str, ...] = ()
    lesson: tuple[str, str] | None = None
    """An exam item's lesson (bank id, title) from its `domain:` tag: the exam's per-lesson breakdown."""

    @property
    def id(self) -> str:
        """The question id."""
        return self.question.id


@dataclass(frozen=True)
class BankScore:
    """Score for the questions of one bank within a sitting (the final exam's per-lesson breakdown)."""

    bank_id: str
    bank_title: str
    points: float
    max_points: float
    answered: int
    questions: int

    @property
    def percent(self) -> float:
        """Points as a percentage of the maximum."""
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True, repr=False)
class Summary:
    """Where a sitting stands: score, pass or fail, what was missed, and the per-bank breakdown."""

    points: float
    max_points: float
    pass_mark: float
    answered: int
    questions: int
    missed: tuple[str, ...]
    per_bank: tuple[BankScore, ...]
    finished: bool
    withheld: bool = False

    @property
    def percent(self) -> float:
        """Points as a percentage of the maximum."""
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    @property
    def passed(self) -> bool:
        """True when the percentage reaches the pass mark."""
        return self.percent + 1e-9 >= self.pass_mark

    def headline(self) -> str:
        """One line, with the result in words and a symbol."""
        if self.withheld:
            return (
                f"✎ Saved: {self.answered} of {self.questions} answered; "
                "your instructor grades this quiz and releases the results"
            )
        result = "✓ Passed" if self.passed else "✗ Not passed yet"
        return (
            f"{result}: {points_text(self.points)}/{points_text(self.max_points)} points "
            f"({self.percent:.0f}%; pass mark {self.pass_mark:g}%), "
            f"{self.answered} of {self.questions} answered"
        )

    def __str__(self) -> str:
        lines = [self.headline()]
        if len(self.per_bank) > 1 and not self.withheld:
            lines += [
                f"  {b.bank_id}: {points_text(b.points)}/{points_text(b.max_points)} ({b.percent:.0f}%)"
                for b in self.per_bank
            ]
        return "\n".join(lines)

    __repr__ = __str__


Recorder = Callable[[QuizItem, Any, Grade, str], None]
SessionCloser = Callable[[str, "Summary"], None]
DraftSaver = Callable[["QuizSession"], None]


@dataclass
class QuizSession:
    """The state of one sitting."""

    quiz_id: str
    title: str
    items: list[QuizItem]
    mode: Mode = "practice"
    pass_mark: float = PASS_MARK
    attempts_allowed: int | None = None
    attempts_used: int = 0
    record: Recorder | None = None
    close: SessionCloser | None = None
    save_draft: DraftSaver | None = None
    restored: int = 0
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    responses: dict[str, Any] = field(default_factory=dict)
    grades: dict[str, Grade] = field(default_factory=dict)
    finished: bool = False
    save_problem: str | None = None

    def __post_init__(self) -> None:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise QuizError("a question appears twice in this quiz")
        if not self.items:
            raise QuizError("this quiz has no questions")

    # ------------------------------------------------------------------ rules

    @property
    def locked(self) -> bool:
        """True when an exam has no attempts left for this learner."""
        return self.mode == "exam" and self.attempts_allowed is not None and self.attempts_used >= self.attempts_allowed

    @property
    def feedback_visible(self) -> bool:
        """Practice shows feedback at once; an exam only when finished."""
        return self.mode == "practice" or self.finished

    def attempt_line(self) -> str:
        """Which attempt this is, in words."""
        if self.attempts_allowed is None:
            return "unlimited attempts"
        current = min(self.attempts_used + (0 if self.finished else 1), self.attempts_allowed)
        return f"attempt {current} of {self.attempts_allowed}"

    def item(self, question_id: str) -> QuizItem:
        """The item with this question id; an unknown id raises QuizError naming close ids."""
        for item in self.items:
            if item.id == question_id:
                return item
        ids = [item.id for item in self.items]
        close = difflib.get_close_matches(str(question_id), ids, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'? " if close else ""
        shown = ", ".join(ids[:8]) + (" ..." if len(ids) > 8 else "")
        raise QuizError(f"no question '{question_id}' in this quiz; {hint}questions: {shown}")

    # ------------------------------------------------------------------ answering

    def answer(self, question_id: str, value: Any) -> Grade:
        """Grade an answer. In an exam the grade is kept hidden until `finish()`."""
        if self.locked and not self.finished:
            raise QuizError(f"no attempts left: this exam allows {self.attempts_allowed}; ask your instructor")
        if self.finished and self.mode == "exam":
            raise QuizError("this exam sitting is finished; its answers can no longer change")
        item = self.item(question_id)
        if isinstance(value, Iterator):  # a generator is read once, then graded and saved from the same list
            value = list(itertools.islice(value, MAX_ITEMS + 1))
        try:
            if is_withheld(item.question):  # a released graded bank: record, no verdict
                response, result = saved(item.question, value)
            else:
                result = grade(item.question, value)
                response = coerce(item.question, value)
        except AnswerError as exc:
            raise QuizError(f"question '{question_id}': {exc}", reason=str(exc)) from None
        self.responses[item.id] = response
        self.grades[item.id] = result
        if self.mode == "practice":
            self._save(item, response, result)
        elif self.save_draft is not None:
            try:
                self.save_draft(self)
            except Exception as exc:  # a broken store must never stop the course
                self.save_problem = f"your exam answers are not being saved: {exc}"
        return result

    def finish(self) -> Summary:
        """End the sitting: an exam is graded and recorded now; finishing twice changes nothing."""
        if self.finished:
            return self.summary()
        if self.locked:
            raise QuizError(f"no attempts left: this exam allows {self.attempts_allowed}; ask your instructor")
        if self.mode == "exam":
            for item in self.items:
                result = self.grades.get(item.id) or Grade(
                    item.id, "incorrect", 0.0, item.question.points, "", item.question.explanation, ()
                )
                self._save(item, self.responses.get(item.id), result)
        self.finished = True
        self.attempts_used += 1
        summary = self.summary()
        if self.close is not None:
            try:
                self.close(self.session_id, summary)
            except Exception as exc:  # a broken store must never stop the course
                self.save_problem = f"answers are not being saved: {exc}"
        return summary

    def missed(self) -> list[str]:
        """Questions answered without full marks (and, once finished, those left unanswered)."""
        out = [qid for qid, result in self.grades.items() if not result.correct]
        if self.finished:
            out += [item.id for item in self.items if item.id not in self.grades]
        return out

    def retry_missed(self) -> list[str]:
        """Practice only: clear the missed questions so they can be answered again."""
        if self.mode != "practice":
            raise QuizError("retrying is for practice quizzes; an exam is retaken as a new attempt")
        again = self.missed()
        for qid in again:
            self.grades.pop(qid, None)
            self.responses.pop(qid, None)
        self.finished = False
        return again

    # ------------------------------------------------------------------ scoring

    def summary(self) -> Summary:
        """Score so far (an unfinished exam reports answered counts but no points)."""
        withheld = any(is_withheld(item.question) for item in self.items)
        show = self.feedback_visible and not withheld
        per_bank: dict[str, list[QuizItem]] = {}
        for item in self.items:
            per_bank.setdefault(item.lesson[0] if item.lesson else item.bank_id, []).append(item)
        banks = tuple(
            BankScore(
                bank_id=bank_id,
                bank_title=items[0].lesson[1] if items[0].lesson else items[0].bank_title,
                points=sum(self.grades[i.id].points for i in items if i.id in self.grades) if show else 0.0,
                max_points=sum(i.question.points for i in items),
                answered=sum(i.id in self.grades for i in items),
                questions=len(items),
            )
            for bank_id, items in per_bank.items()
        )
        return Summary(
            points=round(sum(b.points for b in banks), 6),
            max_points=sum(b.max_points for b in banks),
            pass_mark=self.pass_mark,
            answered=len(self.grades),
            questions=len(self.items),
            missed=tuple(self.missed()) if show else (),
            per_bank=banks,
            finished=self.finished,
            withheld=withheld,
        )

    # ------------------------------------------------------------------ recording

    def _save(self, item: QuizItem, response: Any, result: Grade) -> None:
        if self.record is not None:
            try:
                self.record(item, response, result, self.session_id)
            except Exception as exc:  # a broken store must never stop the course
                self.save_problem = f"answers are not being saved: {exc}"
        if response is not None:  # a live session's client listens (quizzing/answer_hooks.py)
            answer_hooks.announce(item.bank_id, item.id, response)


def display_order(question: AnyQuestion, shuffle: Callable[[list[str]], None] | None) -> tuple[str, ...]:
    """The order choices (or ordering items) are shown in; ordering items are always shuffled."""
    options: Sequence[str] = getattr(question, "choices", None) or (
        (getattr(question, "items", None) or question.answer) if question.type == "ordering" else ()
    )
    order = list(options)
    if shuffle is not None and order and (question.type == "ordering" or hasattr(question, "choices")):
        shuffle(order)
        if question.type == "ordering" and order == list(options) and len(order) > 1:
            order = order[1:] + order[:1]  # never show the answer as the starting order
    return tuple(order)
