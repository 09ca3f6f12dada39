"""TextTable: plain text when printed, a real table when a notebook displays it."""

from __future__ import annotations

import pytest

from course_helpers.display.text_table import TextTable


def test_prints_as_text_and_displays_as_a_table() -> None:
    table = TextTable("a  1\nb  2", ("name", "n"), [("a", 1), ("b", 2)], "Two rows", numeric=(1,))
    assert str(table) == repr(table) == "a  1\nb  2"
    html = table._repr_html_()
    assert "<caption>Two rows</caption>" in html and "<th>name</th>" in html and '<td class="num">2</td>' in html
    assert "mathjax_ignore" in html


def test_cells_are_escaped_and_rows_must_fit_the_header() -> None:
    assert "&lt;b&gt;" in TextTable("x", ("a",), [("<b>",)])._repr_html_()
    with pytest.raises(ValueError, match="one cell per header"):
        TextTable("x", ("a", "b"), [("only one",)])


def test_lesson_tables_are_text_tables() -> None:
    from course_helpers.coding.views.lab_view import case_overview
    from course_helpers.salary.estimate import Profile, estimate
    from course_helpers.salary.report import format_estimate

    overview = case_overview()
    assert isinstance(overview, TextTable) and overview.header == ("Case", "Setting", "Query", "Title")
    est = format_estimate(estimate(Profile(level="mid", years=27)))
    assert isinstance(est, TextTable) and est.rows[-1][0] == "Estimate"
    assert "you entered 27 years" in est.rows[1][1] and "choose a higher level" in est.rows[1][1]
