"""The quiz widget, driven headlessly: set values, click buttons, read the rendered HTML."""

from __future__ import annotations

from pathlib import Path

from course_helpers.quizzing.api import Quiz, quiz
from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.quiz_view import QuizWidget
from course_helpers.quizzing.render import markdown_html


def widget_for(bank: str, learner: str = "ana") -> QuizWidget:
    return QuizWidget(build_quiz(bank, learner=learner), learner)


def test_click_gives_feedback_in_words_and_symbol(banks_dir: Path) -> None:
    view = widget_for("90_sample")
    card = view.cards["s-one"]
    card.inputs[0].value = "CPT"
    card.submit.click()
    html = card.feedback.value
    assert "✗ Incorrect (0/1 points)" in html
    assert "Right answer: <b>ICD-10-PCS</b>" in html
    assert "CPT is for physician and outpatient services." in html  # per-choice feedback
    assert 'role="status"' in html
    assert card.submit.disabled
    assert "Score so far: 0 of 2 points · 1 of 2 answered" in view.score.value


def test_every_control_is_labelled(banks_dir: Path) -> None:
    view = widget_for("91_second")
    for card in view.cards.values():
        for control in card.inputs:
            label = getattr(control, "description", "")
            assert label, f"{card.item.id}: unlabelled {type(control).__name__}"
        assert card.submit.description


def test_empty_submit_asks_for_an_answer(banks_dir: Path) -> None:
    view = widget_for("91_second")
    card = view.cards["t-order"]
    card.submit.click()
    assert "Choose or type an answer first" in card.feedback.value
    assert view.session.grades == {}


def test_bad_number_shows_one_line(banks_dir: Path) -> None:
    view = widget_for("91_second")
    card = view.cards["t-median"]
    card.inputs[0].value = "about fifty thousand"
    card.submit.click()
    assert "is not a number" in card.feedback.value
    card.inputs[0].value = "$48,780"
    card.submit.click()
    assert "✓ Correct" in card.feedback.value


def test_practice_summary_and_retry(banks_dir: Path) -> None:
    view = widget_for("90_sample")
    view.cards["s-one"].set_value("CPT")
    view.cards["s-one"].submit.click()
    view.cards["s-two"].set_value(False)
    view.cards["s-two"].submit.click()
    assert "✗ Not passed yet: 1/2 points" in view.summary.value
    assert view.retry_button.layout.display is None
    view.retry_button.click()
    assert view.cards["s-one"].feedback.value == "" and not view.cards["s-one"].submit.disabled
    view.cards["s-one"].set_value("ICD-10-PCS")
    view.cards["s-one"].submit.click()
    assert "✓ Passed: 2/2 points" in view.summary.value


def test_exam_widget_reveals_at_finish_with_breakdown(banks_dir: Path) -> None:
    view = widget_for("99_exam")
    first_id, card = next(iter(view.cards.items()))
    assert card.submit.description == "Save answer"
    from course_helpers.quizzing.grading import correct_response

    card.set_value(correct_response(card.item.question))
    card.submit.click()
    assert "Answer saved" in card.feedback.value and "Correct" not in card.feedback.value
    view.finish_button.click()
    assert "✓ Correct" in card.feedback.value
    assert "Score by lesson" in view.summary.value and "Second lesson" in view.summary.value
    unanswered = [c for qid, c in view.cards.items() if qid != first_id][0]
    assert "Not answered: 0 points." in unanswered.feedback.value
    assert view.finish_button.disabled


def test_locked_exam_shows_message(banks_dir: Path) -> None:
    for _ in range(2):
        build_quiz("99_exam", learner="zed").finish()
    view = widget_for("99_exam", learner="zed")
    assert "No attempts left" in view.root.children[1].value


def test_script_in_prompt_is_text(banks_dir: Path) -> None:
    html = markdown_html("Is <script>alert(1)</script> **bold**? [x](javascript:alert(1))")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html
    assert 'href="javascript' not in html


def test_code_answers_update_an_open_widget(banks_dir: Path) -> None:
    q = quiz("90_sample", learner="ana")
    assert isinstance(q, Quiz)
    view = q.widget()
    q.answer("s-one", "icd-10-pcs")
    assert view.cards["s-one"].inputs[0].value == "ICD-10-PCS"
    assert "✓ Correct" in view.cards["s-one"].feedback.value
