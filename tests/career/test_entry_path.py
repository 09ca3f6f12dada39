"""The corrected path model: timeline arithmetic, input errors, checklists and the data files."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.career.entry_path import (
    MONTH_LIMITS,
    Checklist,
    ChecklistItem,
    PathInputError,
    action_checklist_model,
    load_career_path,
    plan_timeline,
    related_careers_table,
    steps_table,
)
from course_helpers.course.fact_checks import load_fact_checks
from course_helpers.workplace.settings import load_work_environment, remote_readiness_model, settings_table

months = {name: st.integers(low, high) for name, (low, high) in MONTH_LIMITS.items()}


@given(months["program"], months["experience"], months["study"])
def test_timeline_stretches_are_contiguous_and_sum(program: int, experience: int, study: int) -> None:
    timeline = plan_timeline(program, experience, study)
    assert [m.months for m in timeline.milestones] == [program, experience, study]
    assert timeline.milestones[0].start == 0
    for before, after in zip(timeline.milestones, timeline.milestones[1:], strict=False):
        assert after.start == before.end
    assert timeline.total_months == program + experience + study


def test_timeline_sentence_names_the_guides_error_and_the_choice() -> None:
    text = plan_timeline(9, 0, 3).versus_guide()
    assert "12 months" in text
    assert "4-6 years" in text
    assert "high school diploma is the only requirement" in text
    assert "0 months of experience" in text


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"program_months": -1}, "between 0 and 48"),
        ({"experience_months": 500}, "between 0 and 120"),
        ({"study_months": 2.5}, "whole number"),
        ({"study_months": "3"}, "whole number"),
        ({"program_months": True}, "whole number"),
    ],
)
def test_bad_timeline_input_says_what_to_fix(kwargs: dict, fragment: str) -> None:
    with pytest.raises(PathInputError, match=fragment):
        plan_timeline(**kwargs)


def _items(*keys: str) -> tuple[ChecklistItem, ...]:
    return tuple(ChecklistItem(key=k, text=f"do {k}", why="because") for k in keys)


def test_checklist_next_item_follows_list_order_and_summary_counts() -> None:
    checklist = Checklist(_items("a", "b", "c"))
    assert checklist.summary() == "0 of 3 done. Next: do a"
    checklist.mark("a")
    checklist.mark("c")
    assert checklist.next_item().key == "b"
    assert checklist.fraction_done == pytest.approx(2 / 3)
    checklist.mark("b")
    assert checklist.next_item() is None
    assert checklist.summary().startswith("3 of 3 done. All done")
    checklist.mark("a", done=False)
    assert checklist.summary() == "2 of 3 done. Next: do a"


@given(st.sets(st.sampled_from(["a", "b", "c", "d"])))
def test_mark_all_sets_exactly_the_given_items(keys: set[str]) -> None:
    checklist = Checklist(_items("a", "b", "c", "d"))
    checklist.mark("a")
    checklist.mark_all(keys)
    assert checklist.done == keys
    assert checklist.fraction_done == len(keys) / 4


def test_checklist_rejects_unknown_and_duplicate_keys() -> None:
    with pytest.raises(PathInputError, match="unknown checklist item 'z'"):
        Checklist(_items("a")).mark("z")
    with pytest.raises(PathInputError, match="unique"):
        Checklist(_items("a", "a"))
    with pytest.raises(PathInputError, match="at least one"):
        Checklist(())


def test_data_files_load_and_step_fact_checks_exist() -> None:
    path = load_career_path()
    assert len(path.steps) == 6, "the guide has six steps"
    known = set(load_fact_checks())
    for step in path.steps:
        assert set(step.fact_checks) <= known, step.key
    ccs = next(step for step in path.steps if step.key == "ccs")
    assert "AHIMA" in ccs.corrected and "AAPC" not in ccs.title.replace("CIC from AAPC", "")
    assert "high school diploma" in ccs.corrected
    assert load_work_environment().remote_readiness


def test_corrected_text_never_repeats_the_guides_accreditation_error() -> None:
    path = load_career_path()
    corrected = " ".join([s.corrected for s in path.steps] + [a.text for a in path.action_items])
    assert "CAAHEP" not in corrected
    assert "CAHIIM" in corrected and "PCAP" in corrected


def test_models_start_empty_and_tables_have_every_row() -> None:
    assert action_checklist_model().done == set()
    assert remote_readiness_model().fraction_done == 0
    assert len(steps_table()) == 6
    assert len(related_careers_table()) == len(load_career_path().related_careers)
    assert list(settings_table().columns) == ["Setting", "Beds", "Case complexity", "Note"]
