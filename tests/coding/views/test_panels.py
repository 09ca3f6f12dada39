"""Headless tests of the look-up and DRG what-if panels: set values, click, read the rendered HTML."""

from __future__ import annotations

from course_helpers.coding.views.lookup_view import code_lookup
from course_helpers.coding.views.whatif_view import drg_whatif


def test_lookup_search_shows_results_and_details_with_notes() -> None:
    panel = code_lookup()
    panel.query.value = "acute systolic heart failure"
    assert panel.hits[0].code == "I5021"
    assert "coding-results" in panel.results.value and "I50.21" in panel.results.value
    assert panel.pick.value == "ICD-10-CM|I5021"
    assert "Excludes1" in panel.details.value and "I50.2" in panel.details.value
    assert "FY2026" in panel.children[0].value


def test_lookup_pcs_toggle_and_axes() -> None:
    panel = code_lookup("replacement right hip metal cemented")
    panel.system.value = "pcs"
    assert all(h.system == "ICD-10-PCS" for h in panel.hits)
    panel.code.value = "0SR9019"
    panel.lookup_button.click()
    assert "coding-axes" in panel.details.value and "Hip Joint, Right" in panel.details.value


def test_lookup_header_and_bad_code() -> None:
    panel = code_lookup()
    panel.code.value = "I50"
    panel.lookup_button.click()
    assert "add characters" in panel.details.value and "coding-children" in panel.details.value
    panel.code.value = "50"
    panel.lookup_button.click()
    assert "coding-error" in panel.message.value and panel.details.value == ""


def test_lookup_no_results_message() -> None:
    panel = code_lookup("zzzzqq")
    assert panel.hits == [] and "No codes contain every word" in panel.results.value


def test_whatif_groups_and_compares() -> None:
    panel = drg_whatif()
    panel.pdx.value = "I50.21"
    panel.sdx.value = "N17.9:Y E87.1:Y"
    panel.group_button.click()
    assert panel.result is not None and panel.result.drg == 292
    assert "MS-DRG 292" in panel.result_html.value and "coding-impact" in panel.impact.value
    assert [label for label, _ in panel.drop.options] == ["N17.9", "E87.1"]
    panel.drop.value = ("N179", "E871")
    panel.compare_button.click()
    assert panel.comparison is not None and panel.comparison.after.drg == 293
    assert "292" in panel.comparison_html.value and "293" in panel.comparison_html.value


def test_whatif_base_rate_changes_the_payment() -> None:
    panel = drg_whatif(sdx="E87.1")
    panel.base_rate.value = 10000
    panel.group_button.click()
    assert "$8,490.00" in panel.result_html.value


def test_whatif_bad_input_shows_one_line() -> None:
    panel = drg_whatif()
    panel.pdx.value = "I50"
    panel.group_button.click()
    assert panel.result is None and "header" in panel.message.value and panel.result_html.value == ""
    panel.pdx.value = "I50.21"
    panel.sdx.value = "E87.1"
    panel.group_button.click()
    panel.add.value = "E87.1"
    panel.compare_button.click()
    assert "already" in panel.message.value


def test_chapter_notes_are_folded_away() -> None:
    panel = code_lookup()
    panel.show("I50.21")
    html = panel.details.value
    assert "<details><summary>Notes on the block and chapter" in html
    assert html.index("Excludes1") < html.index("<details>")  # the code's own notes come first


def test_lookup_says_when_a_surgical_word_was_translated() -> None:
    panel = code_lookup("laparoscopic appendectomy", system="pcs")
    assert "never use these words" in panel.results.value and "Resection of Appendix" in panel.results.value


def test_lookup_reads_british_spelling_the_us_way_and_says_so() -> None:
    panel = code_lookup("acute posthaemorrhagic anaemia", system="cm")
    assert "US spelling" in panel.results.value and "&#x27;anaemia&#x27; as &#x27;anemia&#x27;" in panel.results.value
    assert [h.display for h in panel.hits] == ["D62"] and "Acute posthemorrhagic anemia" in panel.results.value
    panel.query.value = "oedema of larynx"
    assert "J38.4" in {h.display for h in panel.hits}
    assert "&#x27;oedema&#x27; as &#x27;edema&#x27;" in panel.results.value


def test_pcs_explainer_shows_axes_and_bad_codes() -> None:
    from course_helpers.coding.views.pcs_explainer_view import pcs_explainer

    panel = pcs_explainer()
    assert "Replacement" in panel.details.value and "Hip Joint, Right" in panel.details.value
    panel.code.value = "10D00Z1"
    assert "Obstetrics" in panel.details.value and "Products of Conception" in panel.details.value
    panel.code.value = "0SR90"
    assert "exactly 7" in panel.message.value and panel.details.value == ""
