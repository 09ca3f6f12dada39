"""Practice mode: the timed model (with a fake clock) and the widget driven headlessly."""

from __future__ import annotations

import pytest

from course_helpers.coding.cases.attempt import grade_answer, key_as_answer
from course_helpers.coding.cases.model import case_ids, get_case
from course_helpers.coding.cases.practice import NO_STANDARD_NOTE, PracticeError, PracticeSession, comparison_lines
from course_helpers.coding.cases.productivity_benchmarks import load_benchmarks
from course_helpers.coding.views.practice_view import PracticeMode


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _perfect(case_id: str):
    case = get_case(case_id)
    return grade_answer(case, key_as_answer(case))


def test_cases_per_hour_from_a_fake_clock() -> None:
    clock = FakeClock()
    session = PracticeSession(clock=clock)
    first = session.start()
    clock.now += 600  # 10 minutes
    second = session.add(_perfect(first))
    clock.now += 1200  # 20 more minutes
    session.add(_perfect(second))
    summary = session.summary()
    assert summary.cases == 2 and summary.minutes == pytest.approx(30)
    assert summary.per_hour == pytest.approx(4.0) and summary.per_day == pytest.approx(32.0)
    assert summary.mean_percent == pytest.approx(100.0)
    assert [r.seconds for r in session.results] == [600, 1200]


def test_rate_needs_a_started_timer() -> None:
    with pytest.raises(PracticeError, match="start the practice timer"):
        PracticeSession().summary()


def test_comparison_names_the_published_ranges_and_that_no_standard_exists() -> None:
    lines = comparison_lines(2.0, load_benchmarks())
    text = "\n".join(lines)
    assert "1-4 records per hour" in text and "12-15 charts per 8-hour day" in text
    assert "You are inside it." in text
    assert lines[-1] == NO_STANDARD_NOTE and "no national productivity standard" in NO_STANDARD_NOTE
    assert "Grade at least one case" in comparison_lines(None, load_benchmarks())[0]


def test_shuffled_order_is_seeded_and_covers_every_case() -> None:
    a, b = PracticeSession.shuffled(seed=3), PracticeSession.shuffled(seed=3)
    assert a.order == b.order and sorted(a.order) == sorted(case_ids())


def test_practice_widget_counts_graded_cases_and_shows_the_pace() -> None:
    clock = FakeClock()
    mode = PracticeMode(PracticeSession(order=["c02_simple_pneumonia", "c17_pyelonephritis"], clock=clock),
                        record=False)
    mode.finish.click()
    assert "Start the timer first" in mode.summary.value
    mode.start.click()
    player = mode.player
    player.principal.value = "J18.9"
    for (code, poa), (c, p) in zip(player.secondary, [("E11.9", "Y"), ("I10", "Y"), ("Z79.84", "1")], strict=False):
        code.value, poa.value = c, p
    clock.now += 900
    player.submit.click()
    assert "Cases graded: 1" in mode.status.value
    mode.next_case.click()
    assert player.case.id == "c17_pyelonephritis" and player.principal.value == ""
    mode.finish.click()
    assert "1 case(s) in 15.0 minutes" in mode.summary.value and "4.0 cases per hour" in mode.summary.value
