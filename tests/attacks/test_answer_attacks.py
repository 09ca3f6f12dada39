"""Fuzzed and odd answers: every value either grades or gets one short AnswerError line, never a traceback."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from course_helpers.quizzing.grading import MAX_ECHO, AnswerError, grade
from course_helpers.quizzing.model import (
    CodeEntry,
    MultipleSelect,
    Numeric,
    Ordering,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from course_helpers.quizzing.session import QuizItem, QuizSession
from course_helpers.records.store import Attempt, ProgressError, ProgressStore

COMMON = {"explanation": "Because.", "guide_section": "What Is an Inpatient Coder?"}
NUMERIC = Numeric(id="n", type="numeric", prompt="p", answer=4306.8, tolerance=0.05, **COMMON)
WHOLE = Numeric(id="w", type="numeric", prompt="p", answer=3, **COMMON)
CODE = CodeEntry(id="c", type="code", system="icd10cm", prompt="p", answer="I50.21", **COMMON)
MULTI = MultipleSelect(id="m", type="multiple_select", prompt="p", choices=["A", "B", "C"], answer=["A", "C"], **COMMON)
QUESTIONS = [
    SingleChoice(id="s", type="single_choice", prompt="p", choices=["CPT", "ICD-10-PCS"], answer="CPT", **COMMON),
    MULTI,
    TrueFalse(id="t", type="true_false", prompt="p", answer=True, **COMMON),
    NUMERIC,
    ShortText(id="x", type="short_text", prompt="p", answer="present on admission", **COMMON),
    CODE,
    Ordering(id="o", type="ordering", prompt="p", answer=["one", "two", "three"], **COMMON),
]


@pytest.mark.parametrize(
    "value", [np.int64(3), np.float64(3.0), np.int32(3), pd.Series([3]).iloc[0], Decimal("3"), Fraction(6, 2)]
)
def test_numpy_pandas_decimal_and_fraction_are_numbers(value: Any) -> None:
    assert grade(WHOLE, value).correct


def test_a_generator_is_read_once_and_graded_right() -> None:
    session = QuizSession("q", "Q", [QuizItem("b", "B", "h", MULTI)])
    assert session.answer("m", (c for c in ["A", "C"])).correct
    assert session.responses["m"] == ["A", "C"]


def test_a_huge_integer_is_a_clear_message() -> None:
    with pytest.raises(AnswerError, match="too large"):
        grade(NUMERIC, 10**400)


@pytest.mark.parametrize("text", ["4306,8", "43,06.8", "4,30,68"])
def test_a_decimal_comma_is_refused_with_a_hint_not_read_as_43068(text: str) -> None:
    with pytest.raises(AnswerError, match="comma may only separate thousands"):
        grade(NUMERIC, text)


# A guard, not a regression test (it passed before the fix): refusing "4306,8" must not break "$48,780".
def test_thousands_separators_still_work() -> None:
    assert grade(Numeric(id="k", type="numeric", prompt="p", answer=48780, **COMMON), "$48,780").correct


@pytest.mark.parametrize("text", ["I502.1", "I.5.0.2.1"])
def test_a_misplaced_dot_is_not_the_code(text: str) -> None:
    with pytest.raises(AnswerError, match="dot"):
        grade(CODE, text)
    assert grade(CODE, "i50.21").correct


@pytest.mark.parametrize("question", [QUESTIONS[0], NUMERIC, QUESTIONS[2], CODE])
def test_echoes_of_long_input_are_cut(question: Any) -> None:
    with pytest.raises(AnswerError) as caught:
        grade(question, "Z!" * 5000)
    assert len(str(caught.value)) < MAX_ECHO + 160


def test_a_huge_text_answer_is_refused() -> None:
    with pytest.raises(AnswerError, match="at most"):
        grade(QUESTIONS[4], "a" * 5000)


def test_stored_answers_have_a_size_limit(tmp_path) -> None:
    with ProgressStore(tmp_path / "p.sqlite3") as store, pytest.raises(ProgressError, match="at most"):
        store.record(Attempt("ann", "b", "q", "a" * 50_000, False, 0.0, 1.0, "h"))


ANY_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.fractions(),
        st.text(max_size=30),
        st.binary(max_size=10),
        st.sampled_from(["CPT", "A", "C", "true", "4306.8", "4306,8", "I50.21", "I502.1", "one", "1e400", "nan"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=3), inner, max_size=3)),
    max_leaves=10,
)


@given(st.sampled_from(QUESTIONS), ANY_VALUE)
@example(NUMERIC, 10**400)  # raised OverflowError before the fix
@example(CODE, "Z!" * 5000)  # echoed 10,000 characters back before the fix
@example(QUESTIONS[4], "a" * 5000)  # graded a 5,000-character text before the fix
def test_any_value_grades_or_gets_one_line(question: Any, value: Any) -> None:
    try:
        result = grade(question, value)
    except AnswerError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 400
    else:
        assert 0 <= result.points <= result.max_points
