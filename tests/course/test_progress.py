"""The progress dashboard: the report it shows, its table and chart, and the notebook view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import matplotlib
import pytest

from course_helpers.course.progress import progress_report, report_table
from course_helpers.course.progress_view import progress_dashboard, report_figure
from course_helpers.quizzing.bank_questions import NoBanksError, load_bank_questions
from course_helpers.records.mastery import BankQuestions
from course_helpers.records.store import Attempt, open_store
from tests.bank_files import write_bank

matplotlib.use("Agg")
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BANKS = {
    "02_responsibilities": BankQuestions("Responsibilities", ("r1", "r2", "r3", "r4")),
    "03_code_sets": BankQuestions("Code sets", ("c1", "c2")),
}


def record(question: str, correct: bool, minutes: int, bank: str = "02_responsibilities") -> None:
    at = T0 + timedelta(minutes=minutes)
    open_store().record(Attempt("sam", bank, question, "x", correct, float(correct), 1.0, "h", at=at))


@pytest.fixture
def history() -> None:
    record("r1", True, 0)
    record("r2", False, 1)
    record("r3", True, 2)
    record("r3", False, 3)
    record("c1", True, 4, bank="03_code_sets")


def test_the_report_has_mastery_rows_and_counts_due_reviews(history: None) -> None:
    report = progress_report("sam", banks=BANKS, now=T0 + timedelta(days=1))
    assert report.learner == "sam" and report.attempts == 5
    assert [(r.bank, r.answered, r.in_bank, r.mastered) for r in report.rows] == [
        ("02_responsibilities", 3, 4, 1),
        ("03_code_sets", 1, 2, 1),
    ]
    assert report.due == 2  # r2 and r3 were missed last; a day later both are due
    assert progress_report("sam", banks=BANKS, now=T0 + timedelta(minutes=4)).due == 0


def test_due_reviews_of_questions_no_longer_in_a_bank_are_not_counted(history: None) -> None:
    record("retired", False, 5)
    assert progress_report("sam", banks=BANKS, now=T0 + timedelta(days=1)).due == 2


def test_the_table_has_one_row_per_lesson(history: None) -> None:
    table = report_table(progress_report("sam", banks=BANKS))
    assert list(table.index) == ["02_responsibilities", "03_code_sets"]
    assert list(table.columns) == ["title", "answered", "in bank", "mastery %", "last activity"]
    assert table.loc["02_responsibilities", "mastery %"] == 25.0
    assert table.loc["03_code_sets", "last activity"] == "2026-03-01 09:04 UTC"


def test_the_chart_is_labelled_and_uses_the_colour_blind_safe_blue(history: None) -> None:
    fig = report_figure(progress_report("sam", banks=BANKS), pass_mark=70)
    (ax,) = fig.axes
    assert "Mastery" in ax.get_title() and "sam" in ax.get_title()
    assert ax.get_xlabel().startswith("Mastery") and ax.get_ylabel() == "Lesson"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["03_code_sets", "02_responsibilities"]
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == [50.0, 25.0]
    assert [t.get_text() for t in ax.texts] == ["50% (1/2)", "25% (1/4)"]
    assert matplotlib.colors.to_hex(ax.patches[0].get_facecolor()) == "#0072b2"
    assert ax.get_legend().get_texts()[0].get_text() == "pass mark (70%)"


def test_banks_come_from_the_quizzes_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_bank(tmp_path, "02_responsibilities", "Responsibilities", ["r1", "r2"])
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(tmp_path))
    assert load_bank_questions() == {"02_responsibilities": BankQuestions("Responsibilities", ("r1", "r2"))}


def test_no_banks_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(tmp_path))
    with pytest.raises(NoBanksError, match="no question banks found in"):
        load_bank_questions()


def test_the_notebook_view_shows_a_summary_table_and_chart(
    history: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bank(tmp_path, "02_responsibilities", "Responsibilities", ["r1", "r2", "r3", "r4"])
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(tmp_path))
    shown: list[object] = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    progress_dashboard("sam")
    html, table, fig = shown
    assert "Progress for sam" in html.data and "5 answers recorded" in html.data
    assert list(table.frame.index) == ["02_responsibilities"]
    assert "…" not in table._repr_html_() and "..." not in table._repr_html_()
    assert fig.figure.axes[0].get_title().startswith("Mastery by lesson")
    assert fig.alt.startswith("Bar chart of mastery by lesson for sam: 02_responsibilities")  # a text alternative


def test_the_notebook_view_shows_a_message_when_there_are_no_banks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(tmp_path))
    shown: list[object] = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    progress_dashboard()
    (message,) = shown
    assert "Progress cannot be shown" in message.data and "no question banks found" in message.data
