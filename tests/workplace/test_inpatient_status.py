"""Inpatient status follows the admission order, never the number of nights."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.workplace.inpatient_status import MAX_NIGHTS, PLACES, StatusInputError, classify_stay
from course_helpers.workplace.inpatient_status_view import status_checker


@given(st.booleans(), st.integers(0, MAX_NIGHTS), st.sampled_from(PLACES))
def test_status_depends_only_on_the_admission_order(order: bool, nights: int, place: str) -> None:
    result = classify_stay(order, nights, place)
    assert result.inpatient is order
    assert ("MS-DRG" in result.coding) and (("no MS-DRG" in result.coding) is not order)


def test_overnight_observation_is_outpatient_and_says_why() -> None:
    result = classify_stay(False, 1, "observation")
    assert result.status == "outpatient"
    assert "even after 1 night " in result.reason
    assert "CPT/HCPCS" in result.coding


def test_bed_without_order_is_outpatient_and_a_late_order_cannot_fix_it() -> None:
    result = classify_stay(False, 3, "inpatient unit")
    assert not result.inpatient and "bed is not an admission" in result.reason
    # 42 CFR 412.3(b): the order is furnished at or before the admission; none can be added after discharge
    assert "at or before the inpatient admission (42 CFR 412.3)" in result.reason
    assert "after discharge it cannot be added" in result.reason
    for promise in ("until it is fixed", "fixed later", "can be added", "add the order"):
        assert promise not in result.reason


@pytest.mark.parametrize(("nights", "place"), [(-1, "observation"), (2.5, "observation"), (True, "observation"),
                                               (1, "clinic")])
def test_bad_input_is_refused_with_a_message(nights: object, place: str) -> None:
    with pytest.raises(StatusInputError, match="must be"):
        classify_stay(False, nights, place)  # type: ignore[arg-type]


def test_widget_updates_when_the_order_is_ticked() -> None:
    widget = status_checker(False, 2, "observation")
    assert "OUTPATIENT" in widget.view.value and "2 nights" in widget.view.value
    widget.order.value = True
    assert "INPATIENT" in widget.view.value and "ICD-10-PCS" in widget.view.value
    widget.order.value = False
    widget.place.value = "emergency department"
    widget.nights.value = 0
    assert "no nights" in widget.view.value
