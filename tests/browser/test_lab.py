"""Lesson 00 in a real JupyterLab in headless Chromium: run it, answer by clicking and by keyboard, see feedback.

Widgets that render under nbval but not in JupyterLab are the commonest failure of Jupyter quiz tools;
this test is what proves ours render. Screenshots are saved under test-artifacts/browser/.
"""

from __future__ import annotations

from typing import Any

import pytest

from course_helpers.quizzing.bank import load_bank
from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run

# Lesson 00's quiz as the bank defines it today, so the test follows the bank, not a copy of it.
START = load_bank("00_start_here").bank
N = len(START.questions)
TOTAL = f"{sum(q.points for q in START.questions):g}"
EXAM_FEEDBACK = next(q for q in START.questions if q.id == "start-exam-feedback")

pytestmark = pytest.mark.browser


def test_start_here_quiz_renders_and_grades(lab_server: LabServer, page: Any) -> None:
    from playwright.sync_api import expect

    open_and_run(page, lab_server, "00_start_here.ipynb")
    quiz = page.locator(".widget-vbox", has_text="Start here: the course and the job at a glance").first
    expect(quiz).to_be_visible(timeout=90_000)
    card = page.locator(".widget-vbox", has_text=f"Question 1 of {N}").last
    card.scroll_into_view_if_needed()

    # Question 1 by mouse: choose True, submit, read the feedback.
    card.get_by_role("radio", name="True").check()
    card.get_by_role("button", name="Submit answer").click()
    feedback = card.locator(".widget-html", has_text="Correct")
    expect(feedback).to_contain_text("✓ Correct (1/1 points)", timeout=30_000)
    expect(feedback).to_contain_text("Retry what I missed")
    page.screenshot(path=str(ARTIFACTS / "00_start_here_q1_mouse.png"), full_page=False)

    # Question 2 by keyboard alone: focus the option, Space to choose, focus Submit, Enter to press.
    second = page.locator(".widget-vbox", has_text=f"Question 2 of {N}").last
    second.scroll_into_view_if_needed()
    second.get_by_role("radio", name="As soon as you save each answer").focus()
    page.keyboard.press("Space")
    second.get_by_role("button", name="Submit answer").focus()
    page.keyboard.press("Enter")
    expect(second.locator(".widget-html", has_text="Incorrect")).to_contain_text(
        "✗ Incorrect (0/1 points)", timeout=30_000
    )
    expect(second).to_contain_text(f"Right answer: {EXAM_FEEDBACK.answer}")
    expect(page.locator(".widget-html", has_text="Score so far").last).to_contain_text(
        f"Score so far: 1 of {TOTAL} points · 2 of {N} answered"
    )
    # The fact-check callouts and the course map rendered too.
    expect(page.locator(".jp-OutputArea-output", has_text="Fact check").first).to_be_visible()
    expect(page.locator("table", has_text="Course map").first).to_be_visible()
    # Dollar amounts stay text: MathJax must not typeset "$55,000-$72,000" as mathematics.
    expect(page.locator(".jp-OutputArea-output", has_text="$55,000").first).to_be_visible()
    assert page.locator(".jp-OutputArea-output mjx-container").count() == 0
    second.screenshot(path=str(ARTIFACTS / "00_start_here_q2_keyboard.png"))
    page.screenshot(path=str(ARTIFACTS / "00_start_here_full.png"), full_page=True)


LONG_CHOICES_NOTEBOOK = r"""
from course_helpers.quizzing.model import SingleChoice, MultipleSelect
from course_helpers.quizzing.session import QuizItem, QuizSession
from course_helpers.quizzing.quiz_view import QuizWidget
long = [f"Choice {n}: " + "a long query wording that a coder might be asked to choose between " * 3 for n in "ABC"]
common = dict(prompt="Which query is compliant?", explanation="Because.",
              guide_section="Key Responsibilities of Inpatient Coders")
one = SingleChoice(id="long-1", type="single_choice", choices=long, answer=long[0], **common)
many = MultipleSelect(id="long-2", type="multiple_select", choices=long, answer=long[:2], **common)
items = [QuizItem("90_demo", "Demo", "h", q, tuple(q.choices)) for q in (one, many)]
QuizWidget(QuizSession(quiz_id="90_demo", title="Long choices", items=items), "demo").root
"""


def _overlaps(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    return [(i, i + 1) for i in range(len(boxes) - 1) if boxes[i]["y"] + boxes[i]["height"] > boxes[i + 1]["y"] + 1]


def test_long_choices_wrap_without_overlapping(lab_server: LabServer, page: Any) -> None:
    import nbformat
    from playwright.sync_api import expect

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "inpatient-coder",
        "display_name": "Inpatient Coder Course (Python 3)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(LONG_CHOICES_NOTEBOOK)]
    nbformat.write(notebook, lab_server.root / "long_choices.ipynb")
    page.set_viewport_size({"width": 1000, "height": 1400})
    open_and_run(page, lab_server, "long_choices.ipynb")
    radios = page.locator(".course-quiz .widget-radio-box label")
    expect(radios.first).to_be_visible(timeout=60_000)
    radio_boxes = [radios.nth(i).bounding_box() for i in range(radios.count())]
    checks = page.locator(".course-quiz .widget-checkbox")
    check_boxes = [checks.nth(i).bounding_box() for i in range(checks.count())]
    page.screenshot(path=str(ARTIFACTS / "long_choices.png"), full_page=True)
    assert len(radio_boxes) == 3 and len(check_boxes) == 3
    inputs = page.locator(".course-quiz .widget-radio-box label input")
    assert all(inputs.nth(i).bounding_box()["x"] < radio_boxes[i]["x"] + 30 for i in range(3)), "radio first"
    assert all(box["height"] > 30 for box in radio_boxes), "long choices should wrap onto several lines"
    assert _overlaps(radio_boxes) == [] and _overlaps(check_boxes) == []
