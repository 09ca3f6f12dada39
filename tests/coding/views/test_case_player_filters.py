"""The case player's record notes, topic and difficulty filters, the PCS table builder hook, filtered practice,
and lesson 12 saying how many cases there are."""

from __future__ import annotations

import html
import json
import re

import ipywidgets as widgets

from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.views.case_player_view import CasePlayer, case_player, record_html
from course_helpers.coding.views.practice_view import PracticeMode, practice_mode, practice_session
from tests.paths import REPO

CASES = load_cases()


def test_the_record_shows_every_note_as_a_heading_in_order() -> None:
    case = CASES["c43_ventilator_tracheostomy"]
    assert len(case.record.notes) >= 3
    page = record_html(case)
    positions = [page.index(f"<h4>{html.escape(note.title)}</h4>") for note in case.record.notes]
    assert positions == sorted(positions)
    assert page.index("<h4>Findings</h4>") < positions[0] and positions[-1] < page.index("<h4>Procedures</h4>")
    first_words = " ".join(case.record.notes[0].text.split()[:6])
    assert html.escape(first_words) in page


def test_note_titles_are_escaped() -> None:
    case = CASES["c43_ventilator_tracheostomy"]
    note = case.record.notes[0].model_copy(update={"title": "Consult <b>pulm</b> & ICU"})
    record = case.record.model_copy(update={"notes": [note]})
    page = record_html(case.model_copy(update={"record": record}))
    assert "<h4>Consult &lt;b&gt;pulm&lt;/b&gt; &amp; ICU</h4>" in page


def test_a_topic_filter_offers_only_the_cases_that_teach_it() -> None:
    player = CasePlayer(record=False, topic="pdx-two-equal")
    offered = [value for _, value in player.case_picker.options]
    assert offered == [cid for cid, c in CASES.items() if "pdx-two-equal" in c.coverage]
    assert player.case.id == offered[0]


def test_changing_the_filters_reloads_the_list_and_the_case() -> None:
    player = CasePlayer(record=False)
    assert len(player.case_picker.options) == len(CASES)
    player.difficulty_filter.value = "foundation"
    offered = [value for _, value in player.case_picker.options]
    assert offered and all(CASES[c].difficulty == "foundation" for c in offered)
    assert player.case.id in offered and CASES[player.case.id].title in player.record_view.value
    player.topic_filter.value = "pcs-drainage"
    assert [v for _, v in player.case_picker.options] == [c for c in offered if "pcs-drainage" in CASES[c].coverage]
    assert "1 case(s) match" in player.filter_message.value


def test_filters_that_match_nothing_say_so_and_keep_the_list() -> None:
    player = CasePlayer(record=False, topic="hiv")
    before = player.case_picker.options
    player.difficulty_filter.value = "foundation"
    assert player.case_picker.options == before
    assert "No case matches" in player.filter_message.value


def test_a_bad_filter_is_a_message_not_a_traceback() -> None:
    shown = case_player(topic="no-such-topic")
    assert isinstance(shown, widgets.HTML) and "no coverage topic 'no-such-topic'" in html.unescape(shown.value)
    shown = case_player(difficulty="expert")
    assert "difficulty must be one of" in shown.value


def test_the_pcs_builder_button_opens_the_builder_at_the_typed_code() -> None:
    player = CasePlayer("c11_total_hip_replacement", record=False)
    assert all(b.description == "Open the PCS table builder" for b in player.pcs_buttons)
    player.procedures[1].value = " 0sr9019 "
    player.pcs_buttons[1].click()
    builder = player.pcs_builder_box.children[0]
    assert builder.built is not None and builder.built.code == "0SR9019"
    player.pcs_buttons[0].click()  # an empty entry opens the builder at its start
    assert player.pcs_builder_box.children[0].built is None
    player.procedures[2].value = "zzz"
    opened = player.open_pcs_builder(2)  # a bad code opens the builder at its start, with a one-line message
    assert opened is not None and opened.built is None and "ZZZ" in opened.message.value
    player.load("c13_laparoscopic_appendectomy")
    assert player.pcs_builder_box.children == ()


def test_the_answer_key_panel_lists_optional_codes_and_alternatives() -> None:
    player = CasePlayer("c06_copd_respiratory_failure", record=False)
    player.principal.value = "J44.1"
    player.secondary[0][0].value, player.secondary[0][1].value = "J96.01", "Y"
    player.secondary[1][0].value, player.secondary[1][1].value = "F17.210", "Y"
    grade = player.grade()
    assert grade is not None and grade.fully_correct and grade.alternative is not None
    assert "accepted: " in player.feedback.value and "Also accepted:</b> principal J44.1" in player.feedback.value


def test_practice_can_be_limited_to_a_topic_or_difficulty() -> None:
    session = practice_session(seed=3, difficulty="foundation")
    assert sorted(session.order) == sorted(c for c, case in CASES.items() if case.difficulty == "foundation")
    mode = PracticeMode(session, record=False)
    assert [v for _, v in mode.player.case_picker.options] == session.order
    assert mode.player.case_picker.disabled and mode.player.topic_filter.disabled
    assert practice_session(seed=3).order == practice_session(seed=3).order
    assert len(practice_session(seed=3).order) == len(CASES)
    assert "no coverage topic 'nope'" in html.unescape(practice_mode(topic="nope").value)


def test_lesson_12_says_how_many_cases_there_are() -> None:
    notebook = json.loads((REPO / "notebooks" / "12_coding_lab.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    counts = {int(n) for n in re.findall(r"(\d+) (?:synthetic )?cases\b", text)}
    assert counts == {len(CASES)}, f"lesson 12 says {counts} cases; there are {len(CASES)}"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"{len(CASES)} graded inpatient cases" in readme
