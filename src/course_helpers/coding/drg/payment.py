"""The one payment formula the course teaches: MS-DRG relative weight x the hospital's base rate.

The default base rate is illustrative and lives in data/drg_payment.yaml with its source; every lesson,
calculator, case and command reads it from there.
"""

from __future__ import annotations

from functools import cache

from course_helpers.data import StrictModel, Verified, load_yaml


class PaymentSettings(StrictModel):
    """The contents of data/drg_payment.yaml."""

    schema_version: int
    illustrative_base_rate: float
    source: str
    verdict: str
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


@cache
def payment_settings() -> PaymentSettings:
    """The illustrative base rate and where it comes from."""
    return PaymentSettings.model_validate(load_yaml("drg_payment.yaml"))


DEFAULT_BASE_RATE: float = payment_settings().illustrative_base_rate
"""The illustrative base rate (dollars) every calculator starts from."""


def drg_payment(weight: float, base_rate: float = DEFAULT_BASE_RATE) -> float:
    """The payment for one stay, to the cent: relative weight x base rate."""
    return round(weight * base_rate, 2)


def payment_difference(weight_from: float, weight_to: float, base_rate: float = DEFAULT_BASE_RATE) -> float:
    """What moving a stay from one DRG weight to another changes the payment by (unrounded dollars)."""
    return (weight_to - weight_from) * base_rate
