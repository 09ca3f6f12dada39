"""Focus after every action that replaces content, driven by keyboard in a real JupyterLab.

"Retry what I missed" hides itself and clears the missed questions: focus must land on the first cleared
question's answer control (in view), never on the page body. "Finish exam and show results" disables
itself and grows every card: focus must land on the result, which is a polite live region, in view.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run, write_notebook

pytestmark = pytest.mark.browser

QUIZ_CELL = r"""
from course_helpers.quizzing.model import TrueFalse
from course_helpers.quizzing.session import QuizItem, QuizSession
from course_helpers.quizzing.quiz_view import QuizWidget
common = dict(explanation="Because.", guide_section="Key Responsibilities of Inpatient Coders")
questions = [TrueFalse(id=f"tf-{n}", type="true_false", prompt=f"Statement {n} is true.", answer=True, **common)
             for n in range(1, {count} + 1)]
items = [QuizItem("90_demo", "Demo", "h", q, ()) for q in questions]
QuizWidget(QuizSession(quiz_id="90_demo", title="Focus demo", items=items, mode="{mode}"), "demo").root
"""

ACTIVE = "() => { const a = document.activeElement; return a ? (a.outerHTML || '').slice(0, 160) : null; }"
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }"""


def _answer_by_keyboard(page: Any, card: Any, choice: str) -> None:
    card.get_by_role("radio", name=choice).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(card.locator(".course-feedback")).not_to_be_empty(timeout=30_000)


def test_retry_what_i_missed_moves_focus_to_the_first_cleared_question(lab_server: LabServer, page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    name = write_notebook(lab_server, "retry.ipynb", QUIZ_CELL.replace("{count}", "3").replace("{mode}", "practice"))
    open_and_run(page, lab_server, name)
    cards = page.locator(".course-question")
    expect(cards).to_have_count(3, timeout=60_000)
    _answer_by_keyboard(page, cards.nth(0), "True")
    _answer_by_keyboard(page, cards.nth(1), "False")  # missed
    _answer_by_keyboard(page, cards.nth(2), "True")
    retry = page.get_by_role("button", name="Retry what I missed")
    expect(retry).to_be_visible(timeout=30_000)
    retry.focus()
    page.keyboard.press("Enter")
    expect(cards.nth(1).locator(".course-feedback")).to_be_empty(timeout=30_000)
    # focus goes to the cleared question's answer control, never the page body; it is in view
    page.wait_for_function(
        "(card) => card.contains(document.activeElement) && document.activeElement.matches('input')",
        arg=cards.nth(1).element_handle(),
        timeout=10_000,
    )
    assert cards.nth(1).evaluate(IN_VIEW), "the cleared question is scrolled into view"
    # what was cleared is said in a live region
    announce = page.locator(".course-quiz [aria-live=polite]", has_text="cleared")
    expect(announce.first).to_contain_text("1 question", timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "focus_after_retry.png"))
    # the next Tab stays in the quiz (the cleared question's Submit button), not in JupyterLab's side bar
    page.keyboard.press("Tab")
    assert cards.nth(1).evaluate("c => c.contains(document.activeElement)"), page.evaluate(ACTIVE)


def test_finish_exam_moves_focus_to_the_announced_result(lab_server: LabServer, page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    name = write_notebook(lab_server, "finish.ipynb", QUIZ_CELL.replace("{count}", "8").replace("{mode}", "exam"))
    open_and_run(page, lab_server, name)
    cards = page.locator(".course-question")
    expect(cards).to_have_count(8, timeout=60_000)
    for i in range(8):
        _answer_by_keyboard(page, cards.nth(i), "True" if i % 2 else "False")
    finish = page.get_by_role("button", name="Finish exam and show results")
    finish.focus()
    page.keyboard.press("Enter")
    result = page.locator(".course-quiz .widget-html", has_text="4/8 points").last
    expect(result).to_contain_text("4/8", timeout=30_000)
    page.wait_for_function("(el) => el.contains(document.activeElement)", arg=result.element_handle(), timeout=10_000)
    assert result.evaluate(IN_VIEW), "the result is scrolled into view"
    live = result.locator("[aria-live=polite]")
    expect(live.first).to_contain_text("4/8")
    page.screenshot(path=str(ARTIFACTS / "focus_after_finish.png"))


CODE_CELL = r"""
from course_helpers.quizzing.model import CodeEntry
from course_helpers.quizzing.session import QuizItem, QuizSession
from course_helpers.quizzing.quiz_view import QuizWidget
common = dict(explanation="Because.", guide_section="Key Responsibilities of Inpatient Coders", system="icd10pcs")
questions = [CodeEntry(id=f"code-{n}", type="code", prompt="Laparoscopic appendectomy.", answer="0DTJ4ZZ", **common)
             for n in (1, 2)]
items = [QuizItem("90_demo", "Demo", "h", q, ()) for q in questions]
QuizWidget(QuizSession(quiz_id="90_demo", title="Fast input", items=items), "demo").root
"""


def test_the_last_typed_value_is_graded_after_very_fast_input(lab_server: LabServer, page: Any) -> None:
    name = write_notebook(lab_server, "fast.ipynb", CODE_CELL)
    open_and_run(page, lab_server, name)
    cards = page.locator(".course-question")
    expect(cards).to_have_count(2, timeout=60_000)
    # as autofill, dictation or a text expander does: seven characters at once, then Enter straight away
    box = cards.nth(0).locator("input[type=text]")
    box.focus()
    box.press_sequentially("0DTJ4ZZ", delay=0)
    page.keyboard.press("Enter")
    expect(cards.nth(0).locator(".course-feedback")).to_contain_text("✓ Correct", timeout=30_000)
    # and with the mouse: Submit clicked the moment the text is in
    box = cards.nth(1).locator("input[type=text]")
    box.focus()
    box.press_sequentially("0DTJ4ZZ", delay=0)
    cards.nth(1).get_by_role("button", name="Submit answer").click()
    expect(cards.nth(1).locator(".course-feedback")).to_contain_text("✓ Correct", timeout=30_000)
