"""The notebook face of quizzes: `quiz("01_the_role")` and `review()`.

Both return objects that display as the quiz widget and can be driven from code
(`q.answer("question-id", value)`), so nbval and instructors need no browser. Bad input gets a one-line
message, never a traceback.
"""

from __future__ import annotations

from typing import Any

from course_helpers.display.html import no_math
from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.bank import BankError
from course_helpers.quizzing.grading import AnswerError, Grade
from course_helpers.quizzing.render import escape
from course_helpers.quizzing.review import build_review
from course_helpers.quizzing.session import QuizError, QuizSession, Summary
from course_helpers.records.learner import current_learner, validate_name


class Notice:
    """A one-line message that displays as text in a notebook (used instead of raising)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return no_math(f'<p role="status">{escape(self.text)}</p>')

    def answer(self, question_id: str, value: Any) -> None:
        """Nothing to answer: repeat the message."""
        print(self.text)


class Quiz:
    """A quiz sitting that shows as a widget and can be answered from code."""

    def __init__(self, session: QuizSession, learner: str) -> None:
        self.session = session
        self.learner = learner
        self._widget: Any = None

    @property
    def question_ids(self) -> list[str]:
        """The questions of this sitting, in the order shown."""
        return [item.id for item in self.session.items]

    def answer(self, question_id: str, value: Any) -> Grade | None:
        """Grade an answer (an exam keeps the result until `finish()`); bad input prints one line."""
        try:
            if self._widget is not None:  # an open widget shows the answer as if it had been clicked
                result = self._widget.answer(question_id, value)
            else:
                result = self.session.answer(question_id, value)
        except (QuizError, AnswerError) as exc:
            print(f"⚠ {exc}")
            return None
        if self.session.save_problem:  # the widget shows it too; from code, one line says so
            print(f"⚠ {self.session.save_problem}")
        if not self.session.feedback_visible:
            print(f"Answer to '{question_id}' saved; results when you finish the exam.")
            return None
        return result

    def finish(self) -> Summary | None:
        """Finish the sitting and return the summary (None, with a message, if it cannot finish)."""
        if self._widget is not None:
            return self._widget.finish()
        try:
            return self.session.finish()
        except QuizError as exc:
            print(f"⚠ {exc}")
            return None

    def summary(self) -> Summary:
        """The score so far."""
        return self.session.summary()

    def widget(self) -> Any:
        """The ipywidgets view (built once)."""
        if self._widget is None:
            from course_helpers.quizzing.quiz_view import QuizWidget

            self._widget = QuizWidget(self.session, self.learner)
        return self._widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget().root)

    def __repr__(self) -> str:
        s = self.session
        if s.locked and not s.finished:  # said when the exam opens, not at its first answer
            return (f"{s.title}: ✗ No attempts left: this exam allows {s.attempts_allowed} and you have used them "
                    "all; ask your instructor")
        return f"{s.title}: {len(s.items)} questions ({s.mode}). {self.summary().headline()}"


def _learner(learner: str | None) -> str:
    if learner is not None:
        return validate_name(learner)  # a bad name is a one-line notice, never stored
    return current_learner()


def quiz(
    bank_id: str, *, questions: list[str] | None = None, seed: int | None = None, learner: str | None = None
) -> Quiz | Notice:
    """Open a lesson's quiz (or just the listed questions of it); `seed` fixes the shuffle (exams)."""

    try:
        who = _learner(learner)
        session = build_quiz(bank_id, questions=questions, seed=seed, learner=who)
    except BankError as exc:
        only = exc.problems[0] if len(exc.problems) == 1 and exc.problems[0].line == 0 else None
        return Notice(f"⚠ Quiz '{bank_id}' cannot open: {only.message if only else exc}")
    except (QuizError, ValueError) as exc:
        return Notice(f"⚠ Quiz '{bank_id}' cannot open: {exc}")
    return Quiz(session, who)


def review(*, learner: str | None = None, limit: int = 20) -> Quiz | Notice:
    """A practice quiz of the questions you are due to see again, across every lesson (spaced review)."""

    try:
        who = _learner(learner)
        session, message = build_review(learner=who, limit=limit)
    except (BankError, ValueError) as exc:
        return Notice(f"⚠ Review cannot open: {exc}")
    if session is None:
        return Notice(message)
    return Quiz(session, who)
