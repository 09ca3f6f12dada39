"""Mastery per lesson: the pure model, and the SQL path held to the plain-Python reference."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from course_helpers.records.mastery import BankQuestions, bank_questions, latest_results, lesson_mastery, summarize
from course_helpers.records.store import Attempt, ProgressStore

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
BANKS = {
    "02_responsibilities": BankQuestions("Responsibilities", ("r1", "r2", "r3", "r4")),
    "03_code_sets": BankQuestions("Code sets", ("c1", "c2")),
}


def attempt(bank: str, question: str, correct: bool, minutes: int, learner: str = "sam", graded: bool = True
            ) -> Attempt:
    return Attempt(learner, bank, question, "x", correct, float(correct), 1.0, "h", at=T0 + timedelta(minutes=minutes),
                   graded=graded)


def test_mastery_counts_only_questions_whose_latest_answer_was_right() -> None:
    history = [
        attempt("02_responsibilities", "r1", False, 0),
        attempt("02_responsibilities", "r1", True, 5),  # missed, then right: mastered
        attempt("02_responsibilities", "r2", True, 1),
        attempt("02_responsibilities", "r2", False, 6),  # right, then missed: not mastered
        attempt("02_responsibilities", "r3", True, 2),
    ]
    rows = {row.bank: row for row in lesson_mastery(history, BANKS)}
    resp = rows["02_responsibilities"]
    assert (resp.answered, resp.in_bank, resp.mastered) == (3, 4, 2)
    assert resp.mastery == 50.0
    assert resp.last_activity == T0 + timedelta(minutes=6)
    codes = rows["03_code_sets"]
    assert (codes.answered, codes.mastery, codes.last_activity) == (0, 0.0, None)


def test_rows_follow_bank_order_and_ignore_unknown_banks_and_retired_questions() -> None:
    history = [
        attempt("99_unknown", "z", True, 0),
        attempt("03_code_sets", "retired", True, 9),  # no longer in the bank: activity, not mastery
        attempt("03_code_sets", "c1", True, 1),
    ]
    rows = lesson_mastery(history, BANKS)
    assert [r.bank for r in rows] == ["02_responsibilities", "03_code_sets"]
    assert (rows[1].answered, rows[1].mastered, rows[1].mastery) == (1, 1, 50.0)
    assert rows[1].last_activity == T0 + timedelta(minutes=9)


def test_on_equal_times_the_later_recorded_attempt_wins() -> None:
    same = [attempt("03_code_sets", "c1", True, 0), attempt("03_code_sets", "c1", False, 0)]
    assert [r.correct for r in latest_results(same)] == [False]


def test_bank_questions_keeps_titles_and_ids_and_skips_draw_only_banks() -> None:
    q = SimpleNamespace
    banks = {
        "02_x": q(title="X", questions=[q(id="a"), q(id="b")]),
        "13_final_exam": q(title="Final", questions=[]),
    }
    assert bank_questions(banks) == {"02_x": BankQuestions("X", ("a", "b"))}


histories = st.lists(
    st.tuples(
        st.sampled_from(["sam", "kim"]),
        st.sampled_from(["02_responsibilities", "03_code_sets", "99_gone"]),
        st.sampled_from(["r1", "r2", "c1", "c2", "x"]),
        st.booleans(),
        st.integers(min_value=0, max_value=30),  # few distinct minutes, so ties happen
        st.sampled_from([True, True, True, False]),  # some answers recorded, not graded (a released exam's)
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(histories)
def test_sql_latest_results_agree_with_the_python_reference(rows: list[tuple]) -> None:
    attempts = [attempt(bank, question, correct, minute, learner, graded)
                for learner, bank, question, correct, minute, graded in rows]
    with tempfile.TemporaryDirectory() as tmp, ProgressStore(Path(tmp) / "p.sqlite3") as store:
        for a in attempts:
            store.record(a)
        for learner in ("sam", "kim"):
            mine = [a for a in attempts if a.learner == learner]
            from_sql = sorted(store.latest_results(learner), key=lambda r: (r.bank, r.question))
            assert from_sql == latest_results(mine)
            assert summarize(from_sql, BANKS) == lesson_mastery(mine, BANKS)


@given(histories)
def test_mastery_is_a_share_between_zero_and_a_hundred(rows: list[tuple]) -> None:
    attempts = [attempt(bank, question, correct, minute, learner, graded)
                for learner, bank, question, correct, minute, graded in rows]
    for row in lesson_mastery(attempts, BANKS):
        assert 0 <= row.mastered <= row.answered <= row.in_bank
        assert 0.0 <= row.mastery <= 100.0
