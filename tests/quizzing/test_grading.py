"""Grading: examples for each type, and properties that must hold for any question."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_helpers.quizzing.grading import (
    AnswerError,
    coerce,
    correct_response,
    grade,
    normalize_code,
    normalize_text,
    parse_number,
)
from course_helpers.quizzing.model import (
    CodeEntry,
    MultipleSelect,
    Numeric,
    Ordering,
    ShortText,
    SingleChoice,
    TrueFalse,
)

COMMON = {"explanation": "Because.", "guide_section": "What Is an Inpatient Coder?"}


def single() -> SingleChoice:
    return SingleChoice(
        id="a",
        type="single_choice",
        prompt="p",
        choices=["CPT", "ICD-10-PCS", "HCPCS"],
        answer="ICD-10-PCS",
        feedback={"CPT": "CPT is outpatient."},
        **COMMON,
    )


def multi(scoring: str = "partial") -> MultipleSelect:
    return MultipleSelect(
        id="m",
        type="multiple_select",
        prompt="p",
        choices=["A", "B", "C", "D"],
        answer=["A", "C"],
        scoring=scoring,
        points=2,
        **COMMON,
    )


def test_single_choice_right_wrong_and_feedback() -> None:
    assert grade(single(), "icd-10-pcs").correct
    wrong = grade(single(), "CPT")
    assert wrong.verdict == "incorrect" and wrong.points == 0
    assert wrong.feedback == ("CPT is outpatient.",)
    assert wrong.headline() == "✗ Incorrect (0/1 points)"


def test_multiple_select_partial_and_all_or_nothing() -> None:
    assert grade(multi(), ["A"]).points == pytest.approx(1.0)
    assert grade(multi(), ["A"]).verdict == "partly correct"
    assert grade(multi(), ["A", "B"]).points == pytest.approx(0.0)
    assert grade(multi(), ["C", "A"]).correct
    assert grade(multi("all_or_nothing"), ["A"]).points == 0


def test_partial_credit_ticking_every_box_scores_nothing() -> None:
    # right picks share +1 and wrong picks share -1, so ticking all boxes nets 0 however few wrong options there are
    question = MultipleSelect(
        id="m5",
        type="multiple_select",
        prompt="p",
        choices=["A", "B", "C", "D", "E"],
        answer=["A", "B", "C", "D"],
        scoring="partial",
        points=1,
        **COMMON,
    )
    assert grade(question, ["A", "B", "C", "D", "E"]).points == 0
    assert grade(question, ["A", "B", "C"]).points == pytest.approx(0.75)
    assert grade(multi(), ["A", "B", "C", "D"]).points == 0
    assert grade(multi(), ["A", "C", "D"]).points == pytest.approx(1.0)  # 1 - 1/2, of 2 points


def test_true_false_accepts_words() -> None:
    question = TrueFalse(id="t", type="true_false", prompt="p", answer=False, **COMMON)
    assert grade(question, "false").correct
    assert grade(question, "No").correct
    assert not grade(question, True).correct
    with pytest.raises(AnswerError, match="True or False"):
        grade(question, "maybe")


def test_numeric_tolerance_and_money_text() -> None:
    question = Numeric(id="n", type="numeric", prompt="p", answer=48780, tolerance=10, **COMMON)
    assert grade(question, "$48,780").correct
    assert grade(question, 48789.5).correct
    assert not grade(question, 48800).correct
    with pytest.raises(AnswerError, match="not a number"):
        grade(question, "about fifty")
    with pytest.raises(AnswerError, match="not true/false"):
        grade(question, True)


def test_short_text_ignores_case_and_spacing() -> None:
    question = ShortText(id="s", type="short_text", prompt="p", answer="present on admission", accept=["POA"], **COMMON)
    assert grade(question, "  Present   On admission ").correct
    assert grade(question, "poa").correct
    assert not grade(question, "admitted").correct


def test_code_entry_ignores_dots_case_spaces() -> None:
    question = CodeEntry(id="c", type="code", prompt="p", system="icd10cm", answer="I50.21", **COMMON)
    assert grade(question, "i5021").correct
    assert grade(question, " I50.21 ").correct
    assert not grade(question, "I50.22").correct
    with pytest.raises(AnswerError, match="not a code"):
        grade(question, "I50-21")


def test_ordering_partial() -> None:
    question = Ordering(
        id="o", type="ordering", prompt="p", answer=["one", "two", "three", "four"], scoring="partial", **COMMON
    )
    assert grade(question, ["one", "two", "three", "four"]).correct
    assert grade(question, ["one", "two", "four", "three"]).points == pytest.approx(0.5)
    with pytest.raises(AnswerError, match="exactly once"):
        grade(question, ["one", "one", "two", "three"])


@pytest.mark.parametrize("bad", [None, 3, ["CPT"], ""])
def test_wrong_kind_for_single_choice(bad: object) -> None:
    with pytest.raises(AnswerError):
        grade(single(), bad)


# --------------------------------------------------------------------------- properties

words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12)


@st.composite
def choice_questions(draw: st.DrawFn) -> SingleChoice | MultipleSelect:
    choices = draw(st.lists(words, min_size=2, max_size=6, unique_by=lambda s: s.casefold()))
    if draw(st.booleans()):
        return SingleChoice(
            id="q", type="single_choice", prompt="p", choices=choices, answer=draw(st.sampled_from(choices)), **COMMON
        )
    answer = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
    scoring = draw(st.sampled_from(["partial", "all_or_nothing"]))
    points = draw(st.floats(min_value=0.5, max_value=5))
    return MultipleSelect(
        id="q",
        type="multiple_select",
        prompt="p",
        choices=choices,
        answer=answer,
        scoring=scoring,
        points=points,
        **COMMON,
    )


@st.composite
def any_question(draw: st.DrawFn):  # noqa: ANN201
    kind = draw(st.sampled_from(["choice", "tf", "num", "text", "code", "order"]))
    if kind == "choice":
        return draw(choice_questions())
    if kind == "tf":
        return TrueFalse(id="q", type="true_false", prompt="p", answer=draw(st.booleans()), **COMMON)
    if kind == "num":
        return Numeric(
            id="q",
            type="numeric",
            prompt="p",
            answer=draw(st.floats(-1e6, 1e6)),
            tolerance=draw(st.floats(0, 100)),
            **COMMON,
        )
    if kind == "text":
        return ShortText(id="q", type="short_text", prompt="p", answer=draw(words), **COMMON)
    if kind == "code":
        return CodeEntry(
            id="q",
            type="code",
            prompt="p",
            system="icd10pcs",
            answer=draw(st.from_regex(r"[0-9A-HJ-NP-Z]{7}", fullmatch=True)),
            **COMMON,
        )
    items = draw(st.lists(words, min_size=2, max_size=6, unique_by=lambda s: s.casefold()))
    return Ordering(
        id="q",
        type="ordering",
        prompt="p",
        answer=items,
        scoring=draw(st.sampled_from(["partial", "all_or_nothing"])),
        **COMMON,
    )


@given(any_question())
def test_correct_answer_always_scores_full_points(question) -> None:  # noqa: ANN001
    result = grade(question, correct_response(question))
    assert result.correct
    assert result.points == pytest.approx(question.points)


@given(choice_questions(), st.randoms(use_true_random=False), st.data())
def test_shuffling_choices_never_changes_a_score(question, rnd: random.Random, data: st.DataObject) -> None:  # noqa: ANN001
    picked = data.draw(st.lists(st.sampled_from(question.choices), min_size=1, unique=True))
    response = picked[0] if isinstance(question, SingleChoice) else picked
    shuffled_choices = list(question.choices)
    rnd.shuffle(shuffled_choices)
    shuffled = question.model_copy(update={"choices": shuffled_choices})
    assert grade(question, response).points == grade(shuffled, response).points


@given(st.text(max_size=40))
def test_normalize_text_is_idempotent(text: str) -> None:
    assert normalize_text(normalize_text(text)) == normalize_text(text)


@given(st.text(max_size=20))
def test_normalize_code_is_idempotent(text: str) -> None:
    try:
        once = normalize_code(text)
    except AnswerError as exc:  # a misplaced dot ('I502.1') is refused, never read as another code
        assert "dot" in str(exc)
        return
    assert normalize_code(once) == once


@given(
    any_question(), st.one_of(st.none(), st.integers(), st.text(max_size=8), st.lists(st.text(max_size=4), max_size=3))
)
@settings(max_examples=200)
def test_any_input_is_graded_or_refused_with_a_message(question, value) -> None:  # noqa: ANN001
    try:
        result = grade(question, value)
    except AnswerError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert 0 <= result.points <= question.points


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_parse_number_reads_its_own_text(value: float) -> None:
    assert parse_number(repr(value)) == pytest.approx(value)
    assert coerce(Numeric(id="q", type="numeric", prompt="p", answer=0, **COMMON), value) == value
