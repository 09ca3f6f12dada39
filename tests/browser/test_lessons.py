"""Lessons 07-11 and 13 in a real JupyterLab: every cell runs, the widgets and figures render, and they react.

Screenshots go to test-artifacts/browser/ so a reviewer can read each lesson as a learner sees it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM_ARGS, LabServer

pytestmark = pytest.mark.browser

# notebook -> texts that must be visible once every cell has run (one per interactive element or figure)
EXPECTED = {
    "07_work_environment": ["Remote-job readiness", "Fact check", "Large hospital system"],
    "08_career_advancement": ["Director of health information", "Fact check", "Earn the CCS"],
    "09_job_market": ["Fact check", "SOC 29-2072", "Florida: reported median"],
    "10_your_path": ["Your plan reaches the CCS exam", "Getting started: tick what you have done", "Fact check"],
    "11_faq": ["OUTPATIENT", "Your plan reaches the CCS exam", "Fact check"],
    "13_final_exam": ["Questions drawn", "Final exam"],
}


def _run_all(page, lab_server: LabServer, name: str) -> None:
    from playwright.sync_api import expect

    page.goto(lab_server.lab_url(f"{name}.ipynb"), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
    expect(page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle"))).to_be_visible(timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lesson_renders(lab_server: LabServer, chromium_path: str, name: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        try:
            _run_all(page, lab_server, name)
            for text in EXPECTED[name]:
                expect(page.locator(".jp-OutputArea-output", has_text=text).first).to_be_attached(timeout=90_000)
            # No cell may end in an error.
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
            # Dollar amounts stay text: MathJax must not typeset them as mathematics.
            maths = page.locator(".jp-OutputArea-output:has(mjx-container)")
            assert maths.count() == 0, maths.all_inner_texts()
            page.screenshot(path=str(ARTIFACTS / f"{name}_full.png"), full_page=True)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / f"{name}_failure.png"), full_page=True)
            raise
        finally:
            browser.close()


def test_timeline_slider_redraws_in_the_browser(lab_server: LabServer, chromium_path: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        try:
            _run_all(page, lab_server, "10_your_path")
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
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "10_your_path_interaction_failure.png"), full_page=True)
            raise
        finally:
            browser.close()
