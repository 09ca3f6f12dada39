"""The case collection: size, coverage the course promises, and schema checks that reject bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_helpers.coding.cases.attempt import key_grouping
from course_helpers.coding.cases.model import get_case, load_case_file, load_cases
from course_helpers.errors import CaseInputError
from tests.paths import REPO

CASES = load_cases()


def test_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20


def test_medical_and_surgical_cases_across_several_mdcs() -> None:
    settings = {c.setting for c in CASES.values()}
    assert settings == {"medical", "surgical"}
    mdcs = {key_grouping(c).mdc for c in CASES.values()}
    assert len(mdcs) >= 8, mdcs


def test_a_cc_case_and_an_mcc_case() -> None:
    severities = {key_grouping(c).severity for c in CASES.values()}
    assert {"CC", "MCC"} <= severities


def test_sepsis_sequencing_cases() -> None:
    sepsis_first = [c for c in CASES.values() if c.key.principal.code.startswith("A41")]
    sepsis_second = [c for c in CASES.values() if any(d.code.startswith("A41") for d in c.key.secondary)]
    assert sepsis_first and sepsis_second


def test_at_least_three_query_cases_each_with_compliant_and_leading_wordings() -> None:
    queries = [c for c in CASES.values() if c.needs_query]
    assert len(queries) >= 3
    for case in queries:
        flags = [o.compliant for o in case.query.options]
        assert True in flags and False in flags


def test_every_rationale_cites_an_official_guideline_section() -> None:
    for case in CASES.values():
        cites = " ".join(r.cite for r in case.key.rationale)
        assert "ICD-10-CM Section" in cites or "ICD-10-PCS" in cites or "AHIMA/ACDIS" in cites, case.id


def test_get_case_unknown_id_lists_the_choices() -> None:
    with pytest.raises(CaseInputError, match="choose one of c01_"):
        get_case("c99_nope")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = REPO / "src/course_helpers/data/cases/c02_simple_pneumonia.yaml"


def test_a_file_whose_id_differs_from_its_name_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "c02_other_name", GOOD.read_text(encoding="utf-8"))
    with pytest.raises(CaseInputError, match="must equal the file name"):
        load_case_file(path)


def test_a_typo_field_is_reported_with_the_file_and_place(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace("  drg: 195", "  drgg: 195")
    with pytest.raises(CaseInputError, match=r"c02_simple_pneumonia.yaml: key"):
        load_case_file(_write(tmp_path, "c02_simple_pneumonia", text))


def test_a_bad_poa_flag_is_rejected(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8").replace('{code: I10, poa: "Y"}', '{code: I10, poa: "X"}')
    with pytest.raises(CaseInputError, match="poa"):
        load_case_file(_write(tmp_path, "c02_simple_pneumonia", text))


def test_a_query_with_no_compliant_wording_is_rejected(tmp_path: Path) -> None:
    source = GOOD.with_name("c04_urosepsis_query.yaml").read_text(encoding="utf-8")
    text = source.replace("compliant: true", "compliant: false")
    with pytest.raises(CaseInputError, match="compliant"):
        load_case_file(_write(tmp_path, "c04_urosepsis_query", text))


def test_an_optional_one_of_code_missing_from_the_optional_codes_is_rejected(tmp_path: Path) -> None:
    source = GOOD.with_name("c12_hip_fracture_hemiarthroplasty.yaml").read_text(encoding="utf-8")
    text = source.replace("    - [W01.0XXA, W18.09XA]", "    - [W01.0XXA, W18.00XA]")
    assert text != source
    with pytest.raises(CaseInputError, match="every code must be in optional_diagnoses"):
        load_case_file(_write(tmp_path, "c12_hip_fracture_hemiarthroplasty", text))
