"""The roles the guide names, as one table: coder levels, the ladder, specializations and lateral moves.

Pure, from the salary data. Pay bands are the guide's own and unverified, so the table labels each one
"illustrative" beside its verdict. Lesson 04 shows every role (`careers_table`); lesson 08 the moves beyond
coder (`ladder_table`).
"""

from __future__ import annotations

from course_helpers.salary.pay_data import CareerData, load_careers

GROUP_LABELS = {
    "level": "Coder level",
    "ladder": "Up the ladder",
    "specialization": "Specialization",
    "lateral": "Lateral move",
}
GROUP_ORDER = ("ladder", "specialization", "lateral")
"""The moves beyond coder (lesson 08); coder levels are taught in lesson 04."""


def ladder_rows(careers: CareerData | None = None, groups: tuple[str, ...] = GROUP_ORDER) -> list[dict[str, str]]:
    """Every role in `groups`, grouped in that order, keeping the data file's order within a group."""
    careers = careers or load_careers()
    priced = [(role, f"${role.low:,.0f}–${role.high:,.0f}", role.verdict) for role in careers.roles]
    unpriced = [(role, "(none given)", "No figure to check") for role in careers.unpriced_roles]
    rows = [
        (groups.index(role.group), index, role, band, verdict)
        for index, (role, band, verdict) in enumerate([*priced, *unpriced])
        if role.group in groups
    ]
    return [
        {
            "Role": role.label,
            "Kind of move": GROUP_LABELS[role.group],
            "Guide's pay band (illustrative)": band,
            "Verdict": verdict,
        }
        for _group, _index, role, band, verdict in sorted(rows, key=lambda row: row[:2])
    ]


def ladder_table(careers: CareerData | None = None, groups: tuple[str, ...] = GROUP_ORDER):  # -> pandas.DataFrame
    """The roles as a DataFrame for display in the lesson (pandas imported lazily)."""
    import pandas as pd

    return pd.DataFrame(ladder_rows(careers, groups))


def careers_table(careers: CareerData | None = None):  # -> pandas.DataFrame
    """Every role the guide names, coder levels first (lesson 04)."""
    return ladder_table(careers, ("level", *GROUP_ORDER))
