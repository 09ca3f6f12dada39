"""The PCS table builder widget, driven headless: open, choose, search, and read what it shows."""

from __future__ import annotations

from course_helpers.coding.views.pcs_builder_view import pcs_table_builder


def test_opening_a_full_code_chooses_its_values_and_shows_title_and_validity() -> None:
    panel = pcs_table_builder("0sr9019")
    assert panel.chosen == "0SR9019"
    assert [d.value for d in panel.steps] == list("0SR9019")
    assert "Replacement of Right Hip Joint" in panel.result.value and "Valid" in panel.result.value
    assert "FY2026" in panel.result.value and panel.built is not None and panel.built.valid
    assert "Medical and Surgical (0)" in panel.coverage.value and "Imaging (B)" in panel.coverage.value


def test_each_dropdown_offers_only_what_the_table_allows() -> None:
    panel = pcs_table_builder("0SR")
    body_parts = [value for _, value in panel.steps[3].options if value]
    assert len(body_parts) == 30 and "Hip Joint, Right" in panel.next_choices.value
    assert all(d.disabled for d in panel.steps[4:])
    panel.steps[3].value = "9"
    assert [value for _, value in panel.steps[4].options if value] == ["0"]
    panel.steps[4].value = "0"
    panel.steps[5].value = "1"
    panel.steps[6].value = "9"
    assert panel.chosen == "0SR9019" and panel.built is not None and panel.built.code == "0SR9019"


def test_changing_an_earlier_step_clears_the_later_ones() -> None:
    panel = pcs_table_builder("0SR9019")
    panel.steps[3].value = "C"  # knee instead of hip
    assert panel.chosen == "0SRC" and panel.result.value == ""
    assert panel.steps[4].value == "" and panel.steps[5].disabled
    panel.back()
    assert panel.chosen == "0SR"


def test_root_operation_step_shows_definitions() -> None:
    panel = pcs_table_builder("0D")
    assert "Resection" in panel.next_choices.value
    assert "Cutting out or off, without replacement, all of a body part" in panel.next_choices.value


def test_a_bad_code_gives_a_one_line_message_and_keeps_the_choices() -> None:
    panel = pcs_table_builder("0SR9")
    assert panel.go_to("0SR90ZZ") is False
    assert "coding-error" in panel.message.value and "device Z" in panel.message.value
    assert panel.chosen == "0SR9"
    opened_badly = pcs_table_builder("3E03317")
    assert "not in the builder" in opened_badly.message.value and opened_badly.chosen == ""


def test_index_search_offers_tables_to_jump_to() -> None:
    panel = pcs_table_builder()
    panel.query.value = "appendectomy"
    panel.search_button.click()
    assert "Appendectomy" in panel.index_results.value
    targets = [value for _, value in panel.jump.options if value]
    assert targets == ["0DBJ", "0DTJ"]
    panel.jump.value = "0DTJ"
    assert panel.chosen == "0DTJ" and "Percutaneous Endoscopic" in panel.next_choices.value
    panel.choose("4")
    panel.jump.value = "0DTJ"  # the same table again starts it afresh
    assert panel.chosen == "0DTJ"


def test_a_code_outside_the_builder_says_so_in_one_line() -> None:
    panel = pcs_table_builder("5A1955Z")  # mechanical ventilation: section 5
    assert panel.chosen == "" and "Extracorporeal or Systemic Assistance and Performance" in panel.message.value
    assert panel.message.value.count("<div") == 1 and "\n" not in panel.message.value
