"""Lesson 08's career table: grouping, labelling of the unverified bands, and coverage of the data."""

from __future__ import annotations

from course_helpers.career.ladder import GROUP_ORDER, ladder_rows, ladder_table
from course_helpers.salary.pay_data import load_careers


def test_rows_are_grouped_ladder_then_specialization_then_lateral() -> None:
    kinds = [row["Kind of move"] for row in ladder_rows()]
    order = ["Up the ladder", "Specialization", "Lateral move"]
    assert [order.index(k) for k in kinds] == sorted(order.index(k) for k in kinds)


def test_every_priced_role_shows_its_band_and_verdict() -> None:
    careers = load_careers()
    rows = {row["Role"]: row for row in ladder_rows(careers)}
    for role in careers.roles:
        if role.group in GROUP_ORDER:
            assert rows[role.label]["Guide's pay band (illustrative)"] == f"${role.low:,.0f}–${role.high:,.0f}"
            assert rows[role.label]["Verdict"] == role.verdict == "Unverified"


def test_ladder_keeps_the_guides_order_and_unpriced_roles_appear() -> None:
    careers = load_careers()
    ladder = [row["Role"] for row in ladder_rows(careers) if row["Kind of move"] == "Up the ladder"]
    assert ladder == [r.label for r in careers.roles if r.group == "ladder"]
    assert len(ladder_table(careers)) == sum(r.group in GROUP_ORDER for r in careers.roles) + sum(
        r.group in GROUP_ORDER for r in careers.unpriced_roles
    )
