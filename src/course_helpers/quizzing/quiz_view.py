"""The quiz view: ipywidgets wired to a `QuizSession`. All grading and rules live in the session.

Feedback is written into HTML widgets (never printed inside an Output widget), so nbval does not count
it as a cell's output. Right or wrong is always said in words and a symbol, not by colour alone.
"""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle, TextStyle

from course_helpers.display.a11y import keyboard_support, live_region, sync_before_submit
from course_helpers.errors import CourseInputError
from course_helpers.quizzing import answer_hooks
from course_helpers.quizzing.grading import Grade, points_text
from course_helpers.quizzing.render import escape, inline_html, markdown_html
from course_helpers.quizzing.session import QuizItem, QuizSession, Summary

_NO_ANSWER = "Choose or type an answer first, then press Submit."
_PLACEHOLDERS = {"icd10cm": "an ICD-10-CM code, e.g. I50.21", "icd10pcs": "an ICD-10-PCS code, e.g. 0SR9019"}
# ipywidgets gives each radio/checkbox label a fixed one-line height, so a long choice that wraps overlaps
# the next one. Scoped to the quiz so other widgets keep their look.
_QUIZ_CSS = """<style>
.course-quiz .widget-radio-box label, .course-quiz .widget-checkbox label {
  height: auto; line-height: 1.35; white-space: normal; padding: 3px 0; overflow: visible;
}
.course-quiz .widget-radio-box label { display: flex; flex-wrap: nowrap; align-items: flex-start; gap: 0.4em; }
.course-quiz .widget-radio-box label input { order: -1; flex-shrink: 0; margin-top: 0.2em; }
.course-quiz .widget-checkbox { height: auto; }
.course-quiz .widget-radio-box, .course-quiz .widget-checkbox, .course-quiz .widget-dropdown { max-width: 100%; }
</style>"""
_RETRY_TARGET = "course-retry-target"
_CARD = {"border": "1px solid #767676", "padding": "8px 12px", "margin": "8px 0", "width": "auto"}
_TONE = {"correct": "#006d4f", "partly correct": "#8a5a00", "incorrect": "#a4271b", "info": "#1f4e79"}


def _box(text: str, tone: str) -> str:
    colour = _TONE.get(tone, "#333")
    return (
        f'<div role="status" aria-live="polite" style="border-left:4px solid {colour};padding:4px 10px;'
        f'margin:4px 0">{text}</div>'
    )


class _Shared:
    """Layouts and styles shared by every control of one quiz.

    ipywidgets builds a Layout and a Style widget for each control unless given one; sharing them
    cuts the widgets per quiz by about two thirds (see benchmarks/bench_quiz.py).
    """

    def __init__(self) -> None:
        self.card = w.Layout(**_CARD)
        self.auto = w.Layout(width="auto")
        self.plain = w.Layout()
        self.text_box = w.Layout(width="28em", max_width="100%")  # shrinks at 200% zoom instead of clipping
        self.wrap = w.Layout(flex_flow="row wrap", align_items="center", max_width="100%")
        self.button_box = w.Layout(width="auto", align_self="flex-start")
        self.html = HTMLStyle()
        self.label = LabelStyle()
        self.button = w.ButtonStyle()
        self.choice = DescriptionStyle(description_width="initial")
        self.text = TextStyle(description_width="initial")
        self.checkbox = CheckboxStyle()

    def html_widget(self, value: str = "") -> w.HTML:
        """An HTML widget using the shared layout and style."""
        return w.HTML(value, layout=self.plain, style=self.html)

    def label_widget(self, value: str) -> w.Label:
        """A Label using the shared layout and style."""
        return w.Label(value, layout=self.plain, style=self.label)


class QuestionCard:
    """One question: prompt, an input control with a label, a Submit button and a feedback area."""

    def __init__(self, item: QuizItem, number: int, total: int, exam: bool, shared: _Shared | None = None) -> None:
        self.item = item
        self.shared = shared = shared or _Shared()
        question = item.question
        points = f"{points_text(question.points)} point{'s' if question.points != 1 else ''}"
        self.prompt = shared.html_widget(
            f"<div><b>Question {number} of {total}</b> <small>({points})</small>{markdown_html(question.prompt)}</div>"
        )
        self.inputs: list[w.Widget] = []
        self.control = self._make_control()
        self.submit = w.Button(
            description="Save answer" if exam else "Submit answer",
            tooltip=f"Grade question {number}" if not exam else f"Save your answer to question {number}",
            icon="check",
            layout=shared.button_box,
            style=shared.button,
        )
        self.feedback = shared.html_widget()
        self.box = w.VBox([self.prompt, self.control, self.submit, self.feedback], layout=shared.card)
        # hooks for the keyboard script (display/a11y.py): radio group name, Enter submits, focus after submit
        self.box.add_class("course-question")
        self.prompt.add_class("course-prompt")
        self.submit.add_class("course-submit")
        self.feedback.add_class("course-feedback")

    # ------------------------------------------------------------------ input controls

    def _make_control(self) -> w.Widget:
        question = self.item.question
        kind = question.type
        shared = self.shared
        if kind in ("single_choice", "true_false"):
            options = list(self.item.display_order) if kind == "single_choice" else ["True", "False"]
            radio = w.RadioButtons(
                options=options, value=None, description="Your answer:", style=shared.choice, layout=shared.auto
            )
            self.inputs = [radio]
            return radio
        if kind == "multiple_select":
            boxes = [
                w.Checkbox(value=False, description=c, indent=False, layout=shared.auto, style=shared.checkbox)
                for c in self.item.display_order
            ]
            self.inputs = boxes
            return w.VBox([shared.label_widget("Select every answer that applies:"), *boxes], layout=shared.plain)
        if kind == "ordering":
            count = len(self.item.display_order)
            drops = [
                w.Dropdown(
                    options=list(self.item.display_order),
                    value=None,
                    description=f"Position {i} of {count}:",
                    style=shared.choice,
                    layout=shared.auto,
                )
                for i in range(1, count + 1)
            ]
            self.inputs = drops
            return w.VBox(
                [shared.label_widget("Choose which item goes in each position:"), *drops], layout=shared.plain
            )
        placeholder = {
            "numeric": "type a number",
            "short_text": "type your answer",
            "code": _PLACEHOLDERS.get(getattr(question, "system", ""), "a code"),
        }[kind]
        text = w.Text(
            value="", placeholder=placeholder, description="Your answer:", style=shared.text, layout=shared.text_box
        )
        sync_before_submit(text)  # Enter right after very fast input grades what the box shows
        self.inputs = [text]
        unit = getattr(question, "unit", None)
        return w.HBox([text, shared.label_widget(unit)], layout=shared.wrap) if unit else text

    def value(self) -> Any:
        """The learner's answer as the control holds it (None when nothing is chosen)."""
        kind = self.item.question.type
        if kind == "multiple_select":
            picked = [box.description for box in self.inputs if box.value]
            return picked or None
        if kind == "ordering":
            order = [drop.value for drop in self.inputs]
            return None if any(v is None for v in order) else order
        raw = self.inputs[0].value
        if kind == "true_false":
            return None if raw is None else raw == "True"
        if isinstance(raw, str) and not raw.strip():
            return None
        return raw

    def set_value(self, value: Any) -> None:
        """Fill the control (used by tests and by instructors demonstrating a question)."""
        kind = self.item.question.type
        if kind == "multiple_select":
            for box in self.inputs:
                box.value = box.description in value
        elif kind == "ordering":
            for drop, item in zip(self.inputs, value, strict=True):
                drop.value = item
        elif kind == "true_false":
            self.inputs[0].value = "True" if value else "False"
        elif kind == "numeric":
            self.inputs[0].value = str(value)
        else:
            self.inputs[0].value = value

    def clear(self) -> None:
        """Empty the control and the feedback, and allow answering again."""
        for control in self.inputs:
            if isinstance(control, w.Checkbox):
                control.value = False
            elif isinstance(control, w.Text):
                control.value = ""
            else:
                control.value = None
        self.feedback.value = ""
        self.enable(True)

    def enable(self, on: bool) -> None:
        """Allow or stop answering."""
        for control in [*self.inputs, self.submit]:
            control.disabled = not on

    # ------------------------------------------------------------------ feedback

    def show_grade(self, result: Grade) -> None:
        """Say right or wrong in words and a symbol, then the answer and the explanation."""
        parts = [f"<b>{escape(result.headline())}</b>"]
        if not result.correct and result.expected:
            parts.append(f"<div>Right answer: <b>{inline_html(result.expected)}</b></div>")
        parts += [f"<div>{inline_html(line)}</div>" for line in result.feedback]
        if result.explanation:  # a graded bank's saved answer has none
            parts.append(f"<div><i>Why:</i> {markdown_html(result.explanation)}</div>")
        self.feedback.value = _box("".join(parts), result.verdict)

    def show_message(self, text: str, tone: str = "info") -> None:
        """A one-line message (a saved answer, or what to fix)."""
        symbol = "⚠" if tone == "warning" else "ℹ"
        self.feedback.value = _box(f"{symbol} {escape(text)}", tone)


class QuizWidget:
    """The whole quiz: header, one card per question, running score, summary and the finish/retry buttons."""

    def __init__(self, session: QuizSession, learner: str) -> None:
        self.session = session
        self.learner = learner
        exam = session.mode == "exam"
        self.header = w.HTML(self._header_html())
        shared = _Shared()
        self.cards = {
            item.id: QuestionCard(item, n, len(session.items), exam, shared)
            for n, item in enumerate(session.items, start=1)
        }
        for card in self.cards.values():
            card.submit.on_click(lambda _button, card=card: self.submit(card.item.id))
        # live regions that stay in the page, so each new score, message and summary is read out
        self.score = live_region(w.HTML(""))
        self.status = live_region(w.HTML(""))
        self.summary = live_region(w.HTML(""))
        self.summary.add_class("course-summary")  # focus moves here after Finish (display/a11y.py)
        self.finish_button = w.Button(
            description="Finish exam and show results" if exam else "Show my summary",
            tooltip="Grade everything and show the summary",
            icon="flag-checkered",
            layout=w.Layout(width="auto"),
        )
        self.finish_button.add_class("course-finish")
        self.finish_button.on_click(lambda _button: self.finish())
        self.retry_button = w.Button(
            description="Retry what I missed",
            icon="redo",
            tooltip="Clear the questions you missed so you can answer them again",
            layout=w.Layout(display="none", width="auto"),
        )
        self.retry_button.add_class("course-retry")
        self.retry_button.on_click(lambda _button: self.retry())
        if session.locked:
            self.root = w.VBox(
                [
                    self.header,
                    w.HTML(
                        _box(
                            f"✗ No attempts left: this exam allows {session.attempts_allowed} "
                            "and you have used them all. "
                            "Your instructor can allow more (attempts_allowed in the exam bank) "
                            "and collect your results.",
                            "incorrect",
                        )
                    ),
                ]
            )
        else:
            self.root = w.VBox(
                [
                    self.header,
                    *[card.box for card in self.cards.values()],
                    self.score,
                    self.status,
                    w.HBox([self.finish_button, self.retry_button]),
                    self.summary,
                    keyboard_support(),
                ]
            )
        self.root.add_class("course-quiz")
        if session.mode == "exam" and not session.finished:
            for question_id, response in session.responses.items():
                card = self.cards[question_id]
                card.set_value(response)
                card.show_message("Answer restored from your last session; you can still change it.")
        self._refresh_score()

    def _header_html(self) -> str:
        s = self.session
        mode = (
            "Exam: answers are saved, feedback comes when you finish"
            if s.mode == "exam"
            else "Practice: instant feedback, retry what you miss"
        )
        return _QUIZ_CSS + (
            f"<h3>{escape(s.title)}</h3><p>{len(s.items)} questions · {escape(mode)} · pass mark {s.pass_mark:g}% · "
            f"{escape(s.attempt_line())} · learner <b>{escape(self.learner)}</b></p>"
            + (f"<p>ℹ {s.restored} saved answer(s) restored from your last session.</p>" if s.restored else "")
            + "".join(  # a live session's marker: this quiz's answers are also going to the instructor
                f'<p role="status" class="course-live-marker"><b>● Live session:</b> {escape(text)}</p>'
                for bank in dict.fromkeys(item.bank_id for item in s.items)
                for text in answer_hooks.notices(bank)
            )
        )

    # ------------------------------------------------------------------ actions

    def submit(self, question_id: str) -> None:
        """Grade (or, in an exam, save) the answer held in a card's control: the Submit button."""
        card = self.cards[question_id]
        value = card.value()
        if value is None:
            card.show_message(_NO_ANSWER, "warning")
            return
        try:
            result = self._record(question_id, value)
        except CourseInputError:
            return
        self._show_result(question_id, result)

    def answer(self, question_id: str, value: object) -> Grade:
        """Answer from code: grade the value, put it in the question's control, and show it as Submit would.

        The one public path for answers that do not come from a click (`Quiz.answer` uses it); bad input is
        shown in the card and raised as QuizError or AnswerError for the caller to report.
        """
        result = self._record(question_id, value)
        self.cards[question_id].set_value(self.session.responses[question_id])
        self._show_result(question_id, result)
        return result

    def _record(self, question_id: str, value: object) -> Grade:
        try:
            return self.session.answer(question_id, value)
        except CourseInputError as exc:
            card = self.cards.get(question_id)
            if card is not None:
                card.show_message(getattr(exc, "reason", str(exc)), "warning")
            raise

    def _show_result(self, question_id: str, result: Grade) -> None:
        card = self.cards[question_id]
        if self.session.feedback_visible:
            card.show_grade(result)
            card.enable(False)
        else:
            card.show_message("Answer saved. You can change it until you finish; feedback comes at the end.")
        self.status.value = ""  # a "cleared" note from Retry is done with
        self._refresh_score()
        if self.session.mode == "practice" and len(self.session.grades) == len(self.session.items):
            self._show_summary(self.session.summary())

    def finish(self) -> Summary | None:
        """Finish the sitting and show the summary (an exam is graded now)."""
        try:
            summary = self.session.finish()
        except CourseInputError as exc:
            self.status.value = _box(f"⚠ {escape(str(exc))}", "warning")
            return None
        if self.session.mode == "exam":
            for item_id, card in self.cards.items():
                result = self.session.grades.get(item_id)
                if result is None:
                    card.show_message("Not answered: 0 points.", "incorrect")
                else:
                    card.show_grade(result)
                card.enable(False)
            self.finish_button.disabled = True
            self.header.value = self._header_html()
        self._show_summary(summary)
        self._refresh_score()
        return summary

    def retry(self) -> list[str]:
        """Practice: clear what was missed so it can be answered again."""
        again = self.session.retry_missed()
        for qid in again:
            self.cards[qid].clear()
        # the keyboard script moves focus to the first cleared question (the Retry button disappears)
        first = next((qid for qid in self.cards if qid in again), None)
        for qid, card in self.cards.items():
            if qid == first:
                card.box.add_class(_RETRY_TARGET)
            elif _RETRY_TARGET in card.box._dom_classes:
                card.box.remove_class(_RETRY_TARGET)
        self.summary.value = ""
        self.retry_button.layout.display = "none"
        self._refresh_score()
        count = f"{len(again)} question{'s' if len(again) != 1 else ''}"
        if again:
            self.status.value = _box(f"ℹ {count} cleared: answer {'it' if len(again) == 1 else 'them'} again.", "info")
        return again

    # ------------------------------------------------------------------ display

    def _refresh_score(self) -> None:
        s = self.session.summary()
        if self.session.feedback_visible:
            scored = f"{points_text(s.points)} of {points_text(s.max_points)} points"
            text = f"Score so far: {scored} · {s.answered} of {s.questions} answered"
        else:
            text = f"{s.answered} of {s.questions} answered · results when you finish"
        self.score.value = f"<p>{escape(text)}</p>"
        if self.session.save_problem:
            self.status.value = _box(f"⚠ {escape(self.session.save_problem)}", "warning")

    def _missed_item(self, question_id: str) -> str:
        """A missed question as the learner saw it: its number and the start of its prompt (not its id)."""
        numbers = {qid: n for n, qid in enumerate(self.cards, start=1)}
        card = self.cards.get(question_id)
        if card is None:
            return f"<li>{escape(question_id)}</li>"
        text = " ".join(re.sub(r"[`*_]", "", card.item.question.prompt).split())
        short = text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "…"
        return f"<li>Question {numbers[question_id]}: {escape(short)}</li>"

    def _show_summary(self, summary: Summary) -> None:
        rows = ""
        if len(summary.per_bank) > 1:
            rows = "".join(
                f"<tr><td>{escape(b.bank_title)}</td><td>{points_text(b.points)} / {points_text(b.max_points)}</td>"
                f"<td>{b.percent:.0f}%</td></tr>"
                for b in summary.per_bank
            )
            rows = (
                "<table><caption>Score by lesson</caption><thead><tr><th>Lesson</th><th>Points</th><th>%</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>"
            )
        missed = ""
        if summary.missed:
            missed = "<p>To review:</p><ul>" + "".join(self._missed_item(qid) for qid in summary.missed) + "</ul>"
        tone = "correct" if summary.passed else "incorrect"
        self.summary.value = _box(f"<b>{escape(summary.headline())}</b>{rows}{missed}", tone)
        can_retry = self.session.mode == "practice" and bool(summary.missed)
        self.retry_button.layout.display = None if can_retry else "none"
