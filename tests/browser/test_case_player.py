"""The coding lab's case player in a real JupyterLab, as a learner drives it.

* Moving along the Case list (down arrow) never loses what was typed: each case keeps its own codes, POA
  and query, restored on return, and the move says so.
* The code built in the PCS table builder goes back into the Procedure box it was opened from.
* With JupyterLab's file browser open at 1280 px, Procedure boxes keep a usable width and no button label
  in the player or the builder is cut off.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, LabServer, open_and_run

pytestmark = pytest.mark.browser
BUILDER = ".widget-vbox:has(> .widget-html .pcs-coverage)"  # the builder's own box (it shows the coverage note)


def _player(page: Any, lab_server: LabServer) -> Any:
    open_and_run(page, lab_server, "12_coding_lab.ipynb")
    player = page.locator(".course-case-player").first
    expect(player).to_be_visible(timeout=90_000)
    player.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    return player


def test_case_list_keeps_each_cases_work(lab_server: LabServer, page: Any) -> None:
    player = _player(page, lab_server)
    picker = player.get_by_role("combobox", name="Case", exact=True)
    first_case = picker.input_value()
    principal = player.get_by_role("textbox", name="Principal diagnosis (ICD-10-CM)")
    secondary = player.get_by_role("textbox", name="Secondary 1")
    poa = player.get_by_role("combobox", name="POA 1")
    principal.fill("I50.23")
    secondary.fill("N18.30")
    poa.select_option(index=1)
    chosen = poa.input_value()
    page.wait_for_timeout(500)
    picker.focus()
    page.keyboard.press("ArrowDown")
    expect(picker).not_to_have_value(first_case, timeout=10_000)
    expect(principal).to_have_value("", timeout=30_000)  # the next case starts empty
    page.wait_for_timeout(1000)
    notices = player.locator("[aria-live=polite]").all_inner_texts()
    page.keyboard.press("ArrowUp")  # focus stayed on the Case list
    expect(picker).to_have_value(first_case, timeout=10_000)
    expect(principal).to_have_value("I50.23", timeout=30_000)  # nothing typed was lost
    expect(secondary).to_have_value("N18.30")
    expect(poa).to_have_value(chosen)
    assert any("kept" in text for text in notices), f"leaving a case with work does not say it is kept: {notices}"
    expect(player.locator("[aria-live=polite]", has_text="restored").first).to_be_visible(timeout=10_000)


def test_pcs_builder_code_goes_back_into_the_procedure_box(lab_server: LabServer, page: Any) -> None:
    player = _player(page, lab_server)
    procedure = player.get_by_role("textbox", name="Procedure 2 (ICD-10-PCS)")
    player.get_by_role("button", name="Open the PCS table builder").nth(1).click()
    builder = player.locator(BUILDER).last
    expect(builder).to_be_visible(timeout=30_000)
    table = builder.get_by_role("textbox", name="Table or code")
    table.fill("0DTJ4ZZ")
    page.keyboard.press("Enter")
    expect(builder).to_contain_text("Valid", timeout=30_000)
    use = builder.get_by_role("button", name="Use 0DTJ4ZZ as procedure 2")
    expect(use).to_be_enabled(timeout=10_000)
    use.focus()
    page.keyboard.press("Enter")
    expect(procedure).to_have_value("0DTJ4ZZ", timeout=30_000)
    expect(procedure).to_be_focused(timeout=10_000)


@pytest.mark.parametrize("width", [1280, 640], ids=["1280px", "200pct"])
def test_case_player_fits_with_the_file_browser_open(lab_server: LabServer, page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1200})
    player = _player(page, lab_server)
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    page.wait_for_timeout(800)
    player.get_by_role("button", name="Open the PCS table builder").first.click()
    expect(player.locator(BUILDER).last).to_be_visible(timeout=30_000)
    page.wait_for_timeout(800)
    widths = player.evaluate(
        "p => [...p.querySelectorAll('.widget-text input')].filter(i => /Procedure/.test(i.closest('.widget-text')"
        ".textContent)).map(i => Math.round(i.getBoundingClientRect().width))"
    )
    clipped = player.evaluate(
        "p => [...p.querySelectorAll('button')].filter(b => b.getClientRects().length && b.scrollWidth > "
        "b.clientWidth + 1).map(b => b.textContent.trim())"
    )
    player.screenshot(path=str(ARTIFACTS / f"case_player_file_browser_{width}px.png"))
    assert widths and min(widths) >= 120, f"Procedure boxes {widths} px wide"
    assert clipped == [], f"button labels cut off: {clipped}"
