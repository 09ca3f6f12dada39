"""What-if comparisons: dropping or adding a secondary diagnosis, side by side."""

from __future__ import annotations

import pytest

from course_helpers.coding.drg.whatif import drop_each, what_if
from course_helpers.errors import CaseInputError


def test_dropping_the_only_ccs_moves_292_to_293_and_costs_money() -> None:
    comparison = what_if("I50.21", ["N17.9", "E87.1"], drop=["N17.9", "E87.1"], age=70, sex="F")
    assert (comparison.before.drg, comparison.after.drg) == (292, 293)
    assert comparison.drg_changed
    expected = round(comparison.after.payment - comparison.before.payment, 2)  # type: ignore[operator]
    assert comparison.payment_difference == expected < 0
    assert comparison.summary().startswith("drop N17.9, E87.1: MS-DRG 292 -> 293 (-$")


def test_adding_an_mcc_moves_292_to_291() -> None:
    comparison = what_if("I5021", ["E871"], add=[("J96.01", "Y")], age=70, sex="F")
    assert comparison.after.drg == 291 and comparison.added == ("J9601",)
    assert comparison.payment_difference is not None and comparison.payment_difference > 0


def test_drop_each_shows_that_two_ccs_back_each_other_up() -> None:
    comparisons = drop_each("I50.21", ["N17.9", "E87.1"], age=70, sex="F")
    assert [c.dropped for c in comparisons] == [("N179",), ("E871",)]
    assert all(not c.drg_changed and c.payment_difference == 0 for c in comparisons)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [({"drop": ["I10"]}, "not a secondary diagnosis"), ({"add": ["E87.1"]}, "already"), ({"drop": "E87.1"}, "list")],
)
def test_bad_changes_say_what_to_fix(kwargs: dict, fragment: str) -> None:
    with pytest.raises(CaseInputError, match=fragment):
        what_if("I50.21", ["E87.1"], age=70, sex="F", **kwargs)
