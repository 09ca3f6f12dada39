"""Lesson 08: the career ladder, specialisations and lateral moves as one table (pure, from the salary data).

Pay bands are the guide's own and unverified, so the table labels each one "illustrative" beside its verdict.
"""

from __future__ import annotations

from course_helpers.salary.pay_data import CareerData, load_careers

GROUP_ORDER = ("ladder", "specialisation", "lateral")
GROUP_LABELS = {"ladder": "Up the ladder", "specialisation": "Specialisation", "lateral": "Lateral move"}


def ladder_rows(careers: CareerData | None = None) -> list[dict[str, str]]:
    """Every role the guide names, grouped ladder -> specialisation -> lateral, keeping file order within a group."""
    careers = careers or load_careers()
    rows: list[tuple[int, int, dict[str, str]]] = []
    for index, role in enumerate(careers.roles):
        if role.group not in GROUP_ORDER:
            continue  # coder levels (entry..lead) are taught in lesson 04
        rows.append(
            (
                GROUP_ORDER.index(role.group),
                index,
                {
                    "Role": role.label,
                    "Kind of move": GROUP_LABELS[role.group],
                    "Guide's pay band (illustrative)": f"${role.low:,.0f}–${role.high:,.0f}",
                    "Verdict": role.verdict,
                },
            )
        )
    offset = len(careers.roles)
    for index, role in enumerate(careers.unpriced_roles):
        if role.group not in GROUP_ORDER:
            continue
        rows.append(
            (
                GROUP_ORDER.index(role.group),
                offset + index,
                {
                    "Role": role.label,
                    "Kind of move": GROUP_LABELS[role.group],
                    "Guide's pay band (illustrative)": "(none given)",
                    "Verdict": "No figure to check",
                },
            )
        )
    return [row for _group, _index, row in sorted(rows, key=lambda item: item[:2])]


def ladder_table(careers: CareerData | None = None):  # -> pandas.DataFrame (pandas imported lazily)
    """The roles as a DataFrame for display in the lesson."""
    import pandas as pd

    return pd.DataFrame(ladder_rows(careers))
