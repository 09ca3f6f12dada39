"""The DRG what-if opens with its starting case already grouped (lesson 12 says "remove I50.23 and compare")."""

from __future__ import annotations

from course_helpers.coding.views.whatif_view import drg_whatif


def test_starting_case_is_grouped_before_any_click() -> None:
    panel = drg_whatif(pdx="I50.23", sdx="N17.9:Y E87.1:Y")
    assert panel.result is not None
    assert "MS-DRG" in panel.result_html.value and panel.message.value == ""
    assert [code for _label, code in panel.drop.options] == [d.code for d in panel.result.secondary]
    assert panel.drop.options, "the Drop list is filled from the start"


def test_bad_starting_case_shows_a_message_not_a_traceback() -> None:
    panel = drg_whatif(pdx="XYZ")
    assert panel.result is None and "⚠" in panel.message.value and panel.drop.options == ()
