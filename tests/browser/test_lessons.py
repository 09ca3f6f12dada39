"""Every lesson in a real JupyterLab: each cell runs, the widgets and figures render, and they react.

Screenshots go to test-artifacts/browser/ so a reviewer can read each lesson as a learner sees it.
(Lesson 00 has its own, deeper test in test_lab.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run

pytestmark = pytest.mark.browser

QUIZ = "Question 1 of"
# notebook -> texts that must be visible once every cell has run (one per interactive element or figure)
EXPECTED = {
    "01_the_role": ["MS-DRG 291-293", "Fact check", QUIZ],
    "02_responsibilities": ["Fact check", QUIZ],
    "03_code_sets": ["I50.21", "Fact check", QUIZ],
    "04_salary": ["Fact check", QUIZ],
    "05_education_certification": ["CCS", "Fact check", QUIZ],
    "06_skills": ["Fact check", QUIZ],
    "07_work_environment": ["Remote-job readiness", "Fact check", "Large hospital system"],
    "08_career_advancement": ["Director of health information", "Fact check", "Earn the CCS"],
    "09_job_market": ["Fact check", "SOC 29-2072", "Florida: reported median"],
    "10_your_path": ["Your plan reaches the CCS exam", "Getting started: tick what you have done", "Fact check"],
    "11_faq": ["OUTPATIENT", "Your plan reaches the CCS exam", "Fact check"],
    "12_coding_lab": ["FY2026", "Fact check", QUIZ],
    "13_final_exam": ["Questions a paper", "Final exam", QUIZ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lesson_renders(lab_server: LabServer, page: Any, name: str) -> None:
    open_and_run(page, lab_server, f"{name}.ipynb")
    for text in EXPECTED[name]:
        expect(page.locator(".jp-OutputArea-output", has_text=text).first).to_be_attached(timeout=90_000)
    # No cell may end in an error.
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.all_inner_texts()
    # Dollar amounts stay text: MathJax must not typeset them as mathematics.
    maths = page.locator(".jp-OutputArea-output:has(mjx-container)")
    assert maths.count() == 0, maths.all_inner_texts()
    page.screenshot(path=str(ARTIFACTS / f"{name}_full.png"), full_page=True)


def test_timeline_slider_redraws_in_the_browser(lab_server: LabServer, page: Any) -> None:
    open_and_run(page, lab_server, "10_your_path.ipynb")
    plan = page.locator(".widget-html", has_text="Your plan reaches the CCS exam").first
    expect(plan).to_contain_text("24 months", timeout=90_000)
    plan.scroll_into_view_if_needed()
    # Keyboard: focus the Experience slider handle and press Home to set it to 0 months.
    slider = page.locator(".widget-slider", has_text="Experience").first.locator(".noUi-handle")
    slider.focus()
    page.keyboard.press("Home")
    expect(plan).to_contain_text("12 months", timeout=30_000)
    box = page.locator(".widget-checkbox", has_text="Compare total costs").first
    box.locator("input").check()
    expect(page.locator(".widget-html", has_text="1 of 6 done").first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "10_your_path_interaction.png"), full_page=False)
