"""The case player, driven headlessly: set values, click, check the grade, the HTML and the progress store."""

from __future__ import annotations

import ipywidgets as widgets

from course_helpers.coding.cases.model import BANK_ID
from course_helpers.coding.views.case_player_view import CasePlayer, case_player
from course_helpers.records.store import open_store


def _enter(player: CasePlayer, principal: str, secondary: list[tuple[str, str]], procedures: list[str]) -> None:
    player.principal.value = principal
    for (code, poa), (c, p) in zip(player.secondary, secondary, strict=False):
        code.value, poa.value = c, p
    for box, proc in zip(player.procedures, procedures, strict=False):
        box.value = proc


def test_every_control_is_labelled() -> None:
    player = CasePlayer("c04_urosepsis_query", record=False)
    controls = [player.case_picker, player.query_choice, player.principal, *player.procedures]
    controls += [w for pair in player.secondary for w in pair]
    assert all(c.description for c in controls)
    assert player.submit.description and player.send_query.description


def test_the_key_entered_scores_full_marks_and_is_recorded() -> None:
    player = CasePlayer("c01_hypertensive_heart_failure")
    key = player.case.key
    _enter(player, key.principal.code, [(d.code, d.poa) for d in key.secondary], list(key.procedures))
    player.submit.click()
    assert player.last_grade is not None and player.last_grade.fully_correct
    assert "✔ Passed" in player.feedback.value and "MS-DRG 291" in player.feedback.value
    attempts = open_store().attempts(bank=BANK_ID)
    assert [a.question for a in attempts] == ["c01_hypertensive_heart_failure"]
    assert attempts[0].correct and attempts[0].points == attempts[0].max_points


def test_missing_mcc_shows_the_cost_in_words_and_symbols() -> None:
    player = CasePlayer("c01_hypertensive_heart_failure", record=False)
    _enter(player, "I110", [("N179", "N"), ("E785", "Y")], [])
    player.submit.click()
    html = player.feedback.value
    assert "✘ Missed secondary diagnosis I50.23 (an MCC for this case)" in html
    assert "✘ Not yet passed" in html and "Decisive: I50.23 is missing" in html  # a missed MCC fails the case
    assert "-$" in html and "MS-DRG 292" in html  # N17.9 is a CC: 292, not 291


def test_a_hospital_acquired_condition_reported_poa_y_fails_in_the_player() -> None:
    player = CasePlayer("c37_pressure_ulcer_hac", record=False)
    key = player.case.key
    _enter(player, key.principal.code, [(d.code, "Y" if d.code == "L89.153" else d.poa) for d in key.secondary], [])
    player.submit.click()
    assert player.last_grade is not None and not player.last_grade.passed
    assert "Not yet passed" in player.feedback.value and "hospital-acquired condition" in player.feedback.value


def test_bad_input_gets_a_one_line_message_and_no_grade() -> None:
    player = CasePlayer("c02_simple_pneumonia", record=False)
    for principal, expected in [("J18", "header"), ("Q99.99", "not an ICD-10-CM code"), ("hello", "letter"),
                                ("", "enter a principal diagnosis")]:
        player.principal.value = principal
        player.submit.click()
        assert player.last_grade is None
        assert expected in player.message and "\n" not in player.message
        assert "role='alert'" in player.status.value


def test_missing_poa_and_bad_procedure_are_reported() -> None:
    player = CasePlayer("c11_total_hip_replacement", record=False)
    _enter(player, "M16.11", [("I10", "")], ["0SR904A"])
    player.submit.click()
    assert "choose a POA indicator for I10" in player.message
    _enter(player, "M16.11", [("I10", "Y")], ["0SR9O4A"])
    player.submit.click()
    assert "except I and O" in player.message


def test_query_case_needs_a_query_then_reveals_the_answer() -> None:
    player = CasePlayer("c22_malnutrition_query", record=False)
    assert player.query_box.layout.display is None
    _enter(player, "J18.9", [("E43", "Y"), ("Z68.1", "1")], [])
    player.submit.click()
    assert player.last_grade is None and "query" in player.message
    compliant = next(i for i, o in enumerate(player.case.query.options) if o.compliant)
    player.query_choice.value = compliant
    player.send_query.click()
    assert "Physician&#x27;s answer" in player.record_view.value or "Physician's answer" in player.record_view.value
    player.submit.click()
    assert player.last_grade is not None and player.last_grade.fully_correct
    assert "Compliant:" in player.feedback.value


def test_switching_case_clears_the_entries() -> None:
    player = CasePlayer(record=False)
    player.principal.value = "I10"
    player.case_picker.value = "c13_laparoscopic_appendectomy"
    assert player.principal.value == "" and "appendix" in player.record_view.value.lower()
    assert player.query_box.layout.display == "none"


def test_unknown_case_id_is_a_message_not_a_traceback() -> None:
    shown = case_player("c99_missing")
    assert isinstance(shown, widgets.HTML) and "choose one of" in shown.value
    assert isinstance(case_player("c02_simple_pneumonia"), widgets.VBox)


def test_query_wordings_are_lettered_and_not_always_compliant_first() -> None:
    from course_helpers.coding.cases.model import load_cases
    from course_helpers.coding.views.case_player_view import query_order

    firsts = []
    for case in load_cases().values():
        if case.query is None:
            continue
        order = query_order(case)
        assert sorted(order) == list(range(len(case.query.options))) and order == query_order(case)
        firsts.append(case.query.options[order[0]].compliant)
    assert not all(firsts), "the compliant wording must not always be shown first"
    player = CasePlayer("c21_knee_replacement_anemia_query", record=False)
    letters = "ABCDEFGH"[: len(player.case.query.options)]
    assert all(f"Wording {letter}:" in player.query_text.value for letter in letters)
    assert [label for label, _ in player.query_choice.options] == [f"Wording {letter}" for letter in letters]
