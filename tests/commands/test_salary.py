"""`course-helpers salary` prints the estimate and breakdown, and one line for bad input."""

from __future__ import annotations

from course_helpers.cli import main
from course_helpers.salary.estimate import Profile, estimate


def test_salary_command_prints_estimate_and_breakdown(capsys):
    status = main(["salary", "--level", "mid", "--certified", "--metro", "--years", "4", "--shift", "evening"])
    out = capsys.readouterr().out
    expected = estimate(Profile("mid", 4, True, "metro", shift="evening"))
    assert status == 0
    assert f"${expected.typical:,}" in out
    for contribution in expected.breakdown:
        assert contribution.label in out
    assert "Shift differential" in out and f"+{expected.breakdown[6].typical:,}" in out


def test_salary_command_names_the_bad_field(capsys):
    status = main(["salary", "--years", "80"])
    captured = capsys.readouterr()
    assert status == 1  # the one error boundary: a "fix your input" error exits 1
    assert captured.err.strip() == "course-helpers salary: years: years must be between 0 and 50 (got 80.0)"
    assert captured.out == ""
