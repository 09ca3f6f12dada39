"""The code-set update calendar: corrected dates, in-effect lookups and the views."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.workplace.update_calendar import (
    UnknownCodeSetError,
    events_in_year,
    federal_fiscal_year,
    in_effect_on,
    last_update,
    next_update,
)
from course_helpers.workplace.update_calendar_view import update_finder, update_timeline, update_timeline_figure


def _dates(code_set: str, year: int = 2026) -> list[tuple[int, int]]:
    return [(e.when.month, e.when.day) for e in events_in_year(year, [code_set])]


def test_calendar_matches_fact_check_b2() -> None:
    assert _dates("ICD-10-CM") == [(4, 1), (10, 1)]
    assert _dates("ICD-10-PCS") == [(4, 1), (10, 1)]
    assert _dates("CPT") == [(1, 1), (7, 1)]
    assert _dates("HCPCS Level II") == [(1, 1), (4, 1), (7, 1), (10, 1)]
    assert _dates("MS-DRG grouper") == [(4, 1), (10, 1)]  # April version (v43.1 in FY2026) when April codes are added


def test_fiscal_year_boundaries() -> None:
    assert federal_fiscal_year(date(2025, 9, 30)) == 2025
    assert federal_fiscal_year(date(2025, 10, 1)) == 2026
    assert federal_fiscal_year(date(2026, 9, 30)) == 2026


def test_in_effect_crosses_the_year_boundary() -> None:
    assert last_update("icd-10-cm", date(2026, 2, 14)).when == date(2025, 10, 1)
    assert next_update("ICD-10-CM", date(2026, 2, 14)).when == date(2026, 4, 1)
    assert next_update("CPT", date(2026, 12, 31)).when == date(2027, 1, 1)
    assert last_update("CPT", date(2026, 1, 1)).when == date(2026, 1, 1)


def test_unknown_code_set_names_the_choices() -> None:
    with pytest.raises(UnknownCodeSetError, match="ICD-10-PCS"):
        last_update("ICD-9", date(2026, 1, 1))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_last_and_next_bracket_every_date(day: date) -> None:
    for row in in_effect_on(day):
        assert row["in effect since"] <= day < row["next update"]
        assert row["days until next"] == (row["next update"] - day).days
        # no update of that code set happens strictly between the two
        between = [
            e
            for y in (day.year - 1, day.year, day.year + 1)
            for e in events_in_year(y, [str(row["code set"])])
            if row["in effect since"] < e.when < row["next update"]
        ]
        assert not between


def test_timeline_figure_is_labelled() -> None:
    fig = update_timeline_figure(2026)
    ax = fig.axes[0]
    assert ax.get_title() == "When the code sets change in 2026"
    assert ax.get_xlabel() and ax.get_ylabel() == "Code set"
    plotted = sum(len(c.get_offsets()) for c in ax.collections)
    assert plotted == len(events_in_year(2026))


def test_timeline_image_has_alt_text() -> None:
    image = update_timeline(2026)
    page = image._repr_html_()
    assert 'alt="Timeline of code-set updates in 2026' in page and "CPT Jan 1" in page
    assert image.png.startswith(b"\x89PNG")


def test_finder_updates_when_the_date_changes() -> None:
    finder = update_finder(date(2026, 2, 14))
    assert "FY2026" in finder.result.value and "2025-10-01" in finder.result.value
    finder.picker.value = date(2026, 10, 2)
    assert "FY2027" in finder.result.value and "2026-10-01" in finder.result.value
    finder.picker.value = None
    assert "Pick a date" in finder.result.value
