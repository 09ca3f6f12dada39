"""ICD-10-CM search and look-up for the pinned year."""

from __future__ import annotations

import pytest

from course_helpers.coding.codes.icd10cm import cm_entries, cm_index, cm_title, lookup_cm
from course_helpers.errors import CodeFormatError
from tests.coding.simple_icd import simple_icd


def test_every_code_in_the_list_is_searchable() -> None:
    entries = cm_entries()
    assert len({e.code for e in entries}) == len(entries) == 98186
    assert (
        cm_title("S72.001A")
        == "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"
    )


def test_search_finds_the_issue_example_first() -> None:
    first = cm_index().search("acute systolic heart failure", limit=5)[0]
    assert first.entry.code == "I5021"


def test_billable_code_with_inherited_notes() -> None:
    details = lookup_cm("i50.21")
    assert details.valid and details.billable and details.display == "I50.21"
    assert details.title == "Acute systolic (congestive) heart failure"
    kinds = {(n.kind, n.source) for n in details.notes}
    assert ("Excludes1", "I50.2") in kinds and ("Excludes2", "I50") in kinds
    assert ("Code first", "I50") in kinds and ("Excludes2", "chapter 9") in kinds
    assert "FY2026" in details.message


def test_header_needs_more_characters_and_lists_children() -> None:
    details = lookup_cm("I50")
    assert details.valid and not details.billable
    assert "add characters" in details.message
    assert ("I50.2", "Systolic (congestive) heart failure") in details.children


def test_seventh_character_rules_come_from_the_nearest_ancestor() -> None:
    details = lookup_cm("S72.001")
    sevenths = [n for n in details.notes if n.kind == "7th character"]
    assert any(n.text.startswith("A: initial encounter for closed fracture") for n in sevenths)
    assert {n.source for n in sevenths} == {"S72"}
    assert not details.billable


def test_use_additional_code_note() -> None:
    notes = lookup_cm("E11.9").notes
    assert any(n.kind == "Use additional code" for n in notes)


def test_unknown_code_points_to_the_nearest_real_one() -> None:
    details = lookup_cm("I50.99")
    assert not details.valid and "nearest real code is I50.9" in details.message


def test_malformed_code_raises() -> None:
    with pytest.raises(CodeFormatError):
        lookup_cm("50.21")


def test_notes_agree_with_simple_icd_10_cm() -> None:
    cm = simple_icd()

    from course_helpers.coding.codes.icd10cm import _tabular

    tab = _tabular()
    sample = sorted(tab.notes)[::40]
    assert len(sample) > 100
    for item in sample:
        ours = tab.notes[item]
        name = item.split(" ")[-1]  # "block B10" -> "B10", "chapter 9" -> "9"
        block = item.startswith("block ")
        assert [t for k, t in ours if k == "Excludes1"] == [t.strip() for t in cm.get_excludes1(name, block)], item
        assert [t for k, t in ours if k == "Excludes2"] == [t.strip() for t in cm.get_excludes2(name, block)], item
        first = [t for k, t in ours if k == "Code first"]
        if first:
            assert "\n".join(first) == cm.get_code_first(name, prioritize_blocks=block).strip(), item


def test_seventh_character_definitions_agree_with_simple_icd_10_cm() -> None:
    cm = simple_icd()

    from course_helpers.coding.codes.icd10cm import _tabular

    for item, (_note, chars) in list(_tabular().seven.items())[::25]:
        if chars:
            theirs = {k: " ".join(v.split("/")[0].split()) for k, v in cm.get_seven_chr_def(item).items()}
            assert {k: v.split("; also ")[0] for k, v in chars} == theirs, item


def test_parents_agree_with_simple_icd_10_cm() -> None:
    cm = simple_icd()

    from course_helpers.coding.codes.icd10cm import _tabular

    parents = _tabular().parents
    for code in ["I5021", "I50", "S72001A", "T360X1A", "E119"]:
        assert parents[code].removeprefix("block ") == cm.get_parent(code).replace(".", ""), code


def test_every_code_reaches_its_chapter_without_a_cycle() -> None:
    from course_helpers.coding.codes.icd10cm import _tabular

    parents = _tabular().parents
    for item in parents:
        seen: list[str] = []
        while item:
            assert item not in seen, seen
            seen.append(item)
            item = parents[item]
        assert seen[-1].startswith("chapter ")


def test_a_block_named_like_its_category_keeps_both_notes() -> None:
    notes = lookup_cm("B10.01").notes
    assert {n.source for n in notes} >= {"B10", "chapter 1"}
