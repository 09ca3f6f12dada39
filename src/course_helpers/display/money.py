"""Money as learners read it: "$6,500", "$6,500.00", "-$4,216" (the sign before the dollar), "—" when unknown."""

from __future__ import annotations


def money(value: float | None, cents: bool = False, missing: str = "—") -> str:
    """Format dollars with thousands separators; a negative amount reads -$4,216, never $-4,216."""
    if value is None:
        return missing
    text = f"${abs(value):,.2f}" if cents else f"${abs(value):,.0f}"
    return ("-" if value < 0 and text.strip("$0.,") else "") + text
