"""Review scheduling: the attempt history replayed through FSRS, a pure function of that history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_helpers.records.schedule import DueItem, due_questions, schedule
from course_helpers.records.store import Attempt

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def attempt(
    question: str, correct: bool, at: datetime, bank: str = "02_responsibilities", learner: str = "sam"
) -> Attempt:
    return Attempt(learner, bank, question, "x", correct, float(correct), 1.0, "h", at=at)


def due_of(history: list[Attempt], question: str = "q") -> datetime:
    (item,) = [i for i in schedule(history) if i.question == question]
    return item.due


# Gaps between answers: from seconds to months, so learning, review and relearning states all occur.
gaps = st.integers(min_value=0, max_value=120 * 24 * 3600).map(lambda s: timedelta(seconds=s))
answers = st.lists(st.tuples(gaps, st.booleans()), min_size=1, max_size=12)


def build(steps: list[tuple[timedelta, bool]], question: str = "q", start: datetime = T0) -> list[Attempt]:
    at, out = start, []
    for gap, correct in steps:
        at += gap
        out.append(attempt(question, correct, at))
    return out


def test_a_miss_comes_back_within_minutes_and_successes_push_it_out() -> None:
    miss = schedule([attempt("q", False, T0)])
    assert miss == [DueItem("02_responsibilities", "q", miss[0].due, False, 1, "sam")]
    assert miss[0].due - T0 <= timedelta(minutes=10)
    history, intervals = [], []
    at = T0
    for _ in range(5):  # answered right each time it came due
        history.append(attempt("q", True, at))
        due = due_of(history)
        intervals.append(due - at)
        at = due
    assert intervals[0] >= timedelta(days=1)  # a first right answer is not asked again the same day
    assert intervals == sorted(intervals) and intervals[-1] > timedelta(days=30)


def test_due_questions_lists_only_those_due_now_most_overdue_first() -> None:
    history = [
        attempt("missed-early", False, T0),
        attempt("missed-later", False, T0 + timedelta(minutes=30)),
        attempt("known", True, T0),
        attempt("known", True, T0 + timedelta(minutes=10)),  # now in review: due in days
    ]
    now = T0 + timedelta(hours=1)
    assert [d.question for d in due_questions(history, now)] == ["missed-early", "missed-later"]
    assert due_questions(history, T0) == []


def test_each_learner_and_bank_has_its_own_schedule() -> None:
    history = [
        attempt("q", False, T0, learner="ann"),
        attempt("q", True, T0, learner="ben"),
        attempt("q", True, T0, bank="03_code_sets", learner="ann"),
    ]
    items = {(i.learner, i.bank): i for i in schedule(history)}
    assert len(items) == 3
    assert items[("ann", "02_responsibilities")].last_correct is False
    assert items[("ann", "02_responsibilities")].due < items[("ann", "03_code_sets")].due


def test_times_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone"):
        due_questions([attempt("q", True, T0)], datetime(2026, 3, 2))
    with pytest.raises(ValueError, match="timezone"):
        schedule([attempt("q", True, datetime(2026, 3, 2))])


@given(answers)
def test_same_history_gives_the_same_schedule(steps: list[tuple[timedelta, bool]]) -> None:
    history = build(steps)
    assert schedule(history) == schedule(list(history))


@given(answers, answers, st.lists(st.booleans(), max_size=30))
def test_interleaving_of_other_questions_does_not_matter(a: list, b: list, picks: list[bool]) -> None:
    first, second = build(a, "q1"), build(b, "q2", start=T0 + timedelta(hours=3))
    # merge the two histories in an arbitrary interleaving that keeps each question's own order
    left, right, merged = list(first), list(second), []
    for take_left in picks:
        source = left if (take_left and left) or not right else right
        if source:
            merged.append(source.pop(0))
    merged += left + right
    assert schedule(merged) == schedule(first + second) == schedule(second + first)


@given(answers)
def test_a_miss_as_the_last_answer_is_due_within_a_day(steps: list[tuple[timedelta, bool]]) -> None:
    history = build(steps)
    history.append(attempt("q", False, history[-1].at + timedelta(minutes=1)))
    assert due_of(history) - history[-1].at <= timedelta(days=1)


@given(answers, gaps)
def test_a_success_is_due_later_than_a_miss_at_the_same_moment(steps: list, gap: timedelta) -> None:
    history = build(steps)
    at = history[-1].at + gap
    right = due_of([*history, attempt("q", True, at)])
    wrong = due_of([*history, attempt("q", False, at)])
    assert right > wrong


@given(st.lists(st.booleans(), max_size=8))
def test_only_successes_are_due_later_than_a_last_miss_at_the_same_time(prior: list[bool]) -> None:
    all_right = [attempt("good", True, T0 + i * timedelta(days=1)) for i in range(len(prior) + 1)]
    last = all_right[-1].at
    ends_in_miss = [attempt("bad", c, T0 + i * timedelta(days=1)) for i, c in enumerate(prior)]
    ends_in_miss.append(attempt("bad", False, last))
    assert due_of(all_right, "good") > due_of(ends_in_miss, "bad")


@settings(max_examples=200)
@given(answers, gaps)
def test_appending_a_success_never_moves_the_due_date_earlier(steps: list, gap: timedelta) -> None:
    history = build(steps)
    before = due_of(history)
    after = due_of([*history, attempt("q", True, history[-1].at + gap)])
    assert after >= before
