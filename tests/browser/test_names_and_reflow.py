"""Names, states and reflow that a screen reader or a zoomed screen depends on, in a real JupyterLab.

* Every answer control of a quiz question carries its question: a text box or a list is named by the prompt
  and its own label (not "Your answer:" thirteen times), a checkbox is described by the prompt.
* A ToggleButtons set (the code look-up's Code set) says which option is chosen (aria-pressed) and marks it
  by more than shading.
* At 200% zoom (640 CSS px) no checklist or choice label is cut off with "…".
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run, write_notebook

pytestmark = pytest.mark.browser

QUESTIONS_CELL = r"""
from course_helpers.quizzing.model import MultipleSelect, Ordering, ShortText
from course_helpers.quizzing.session import QuizItem, QuizSession
from course_helpers.quizzing.quiz_view import QuizWidget
common = dict(explanation="Because.", guide_section="Key Responsibilities of Inpatient Coders")
text = ShortText(id="q-text", type="short_text", prompt="Name the code set for inpatient procedures.",
                 answer="ICD-10-PCS", **common)
many = MultipleSelect(id="q-many", type="multiple_select", prompt="Which are code sets?",
                      choices=["ICD-10-CM", "ICD-10-PCS", "MS-DRG"], answer=["ICD-10-CM", "ICD-10-PCS"], **common)
order = Ordering(id="q-order", type="ordering", prompt="Put the steps in order.",
                 answer=["Read the record", "Assign codes", "Group"], **common)
items = [QuizItem("90_demo", "Demo", "h", q, tuple(getattr(q, "choices", None) or q.answer))
         for q in (text, many, order)]
QuizWidget(QuizSession(quiz_id="90_demo", title="Names", items=items), "demo").root
"""


def test_quiz_controls_carry_their_question(lab_server: LabServer, page: Any) -> None:
    name = write_notebook(lab_server, "names.ipynb", QUESTIONS_CELL)
    open_and_run(page, lab_server, name)
    cards = page.locator(".course-question")
    expect(cards).to_have_count(3, timeout=60_000)
    page.wait_for_timeout(1000)
    expect(cards.nth(0).get_by_role("textbox")).to_have_accessible_name(
        re.compile(r"^Question 1 of 3.*Name the code set for inpatient procedures\..*Your answer:")
    )
    for box in cards.nth(1).get_by_role("checkbox").all():
        expect(box).to_have_accessible_description(re.compile(r"Question 2 of 3.*Which are code sets\?"))
    first = cards.nth(2).get_by_role("combobox").first
    expect(first).to_have_accessible_name(re.compile(r"^Question 3 of 3.*Put the steps in order\..*Position 1 of 3"))


def test_code_set_toggle_says_which_is_chosen(lab_server: LabServer, page: Any) -> None:
    open_and_run(page, lab_server, "03_code_sets.ipynb")
    lookup = page.locator(".course-widget", has_text="Search words").first
    expect(lookup).to_be_visible(timeout=90_000)
    lookup.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    cm = lookup.get_by_role("button", name=re.compile("^ICD-10-CM"))
    pcs = lookup.get_by_role("button", name=re.compile("^ICD-10-PCS"))
    expect(cm).to_have_attribute("aria-pressed", "true", timeout=10_000)
    expect(pcs).to_have_attribute("aria-pressed", "false")
    pcs.focus()
    page.keyboard.press("Space")
    expect(pcs).to_have_attribute("aria-pressed", "true", timeout=10_000)
    expect(cm).to_have_attribute("aria-pressed", "false")
    marker = pcs.evaluate("b => getComputedStyle(b, '::before').content")
    weight = pcs.evaluate("b => getComputedStyle(b).fontWeight")
    assert "✓" in marker and weight in ("700", "bold"), (marker, weight)
    lookup.screenshot(path=str(ARTIFACTS / "code_set_toggle.png"))


CUT_LABELS = """() => [...document.querySelectorAll('.jp-OutputArea-output .widget-checkbox')]
  .flatMap(w => [w, ...w.querySelectorAll('label, span')])
  .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.trim().slice(0, 50))"""


@pytest.mark.parametrize("name", ["07_work_environment", "10_your_path"])
def test_checklist_labels_are_not_cut_at_200_percent(lab_server: LabServer, page: Any, name: str) -> None:
    page.set_viewport_size({"width": 640, "height": 1000})
    open_and_run(page, lab_server, f"{name}.ipynb")
    expect(page.locator(".jp-OutputArea-output .widget-checkbox").first).to_be_attached(timeout=90_000)
    page.evaluate("() => { const s = window.jupyterapp && window.jupyterapp.shell; if (s) s.collapseLeft(); }")
    page.wait_for_timeout(1500)
    cut = page.evaluate(CUT_LABELS)
    checklist = page.locator(".course-widget:has(.widget-checkbox)").first
    checklist.scroll_into_view_if_needed()
    checklist.screenshot(path=str(ARTIFACTS / f"{name}_checklist_200pct.png"))
    assert cut == [], f"{len(cut)} labels cut off at 200%: {cut[:6]}"
