"""The room model alone: progress, most-missed, who looks stuck, polls and what the projector may show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from course_helpers.classroom.live import Answer, Check, Room, response_label

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CHECKS = [
    Check("a", "First?", "single_choice", ("yes", "no"), ("yes",)),
    Check("b", "Second?", "single_choice", ("yes", "no"), ("no",)),
    Check("c", "Type it", "short_text", (), ("MS-DRG",)),
]


def room() -> Room:
    return Room("class-a", "01_x", "Lesson", CHECKS, "ivy", T0)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_progress_most_missed_and_newest_answer_per_learner() -> None:
    r = room()
    r.answer(Answer("ann", "a", "no", False, at(1)))
    r.answer(Answer("ann", "a", "yes", True, at(2)))  # her newest answer counts
    r.answer(Answer("ben", "a", "no", False, at(1)))
    r.answer(Answer("ben", "b", "yes", False, at(3)))
    r.answer(Answer("cat", "b", "yes", False, at(3)))
    r.answer(Answer("ben", "zzz", "yes", False, at(3)))  # not a check of this lesson: ignored
    s = r.snapshot(at(4))
    a = s["checks"][0]
    assert (a["answered"], a["correct"], a["missed"]) == (2, 1, 1)
    assert a["distribution"] == [{"label": "yes", "count": 1, "correct": True},
                                 {"label": "no", "count": 1, "correct": False}]
    assert s["most_missed"] == {"id": "b", "prompt": "Second?", "missed": 2, "answered": 2}
    assert [(x["name"], x["last_check"], x["reached"]) for x in s["learners"]] == [
        ("ann", "a", 1), ("ben", "b", 2), ("cat", "b", 2)]
    assert s["progress"] == [{"reached": 0, "learners": 0}, {"reached": 1, "learners": 1},
                             {"reached": 2, "learners": 2}, {"reached": 3, "learners": 0}]
    assert s["answers"] == 5


def test_a_tie_for_most_missed_goes_to_the_earlier_check() -> None:
    r = room()
    r.answer(Answer("ann", "b", "yes", False, at(1)))
    r.answer(Answer("ben", "a", "no", False, at(1)))
    assert r.snapshot(at(2))["most_missed"]["id"] == "a"


def test_who_looks_stuck_idle_or_missing_the_same_check_again() -> None:
    r = room()
    r.join("ann", at(0))
    r.answer(Answer("ben", "a", "no", False, at(1)))
    r.answer(Answer("ben", "a", "no", False, at(2)))
    r.answer(Answer("cat", "a", "no", False, at(1)))
    r.answer(Answer("cat", "a", "yes", True, at(2)))  # a right answer ends the run of misses
    stuck = {x["name"]: x["stuck"] for x in r.snapshot(at(4))["learners"]}
    assert stuck == {"ann": None, "ben": "missed a 2 times in a row", "cat": None}
    stuck = {x["name"]: x["stuck"] for x in r.snapshot(at(7), stuck_after=timedelta(minutes=5))["learners"]}
    assert stuck["ann"] == "no progress for 7 min" and stuck["cat"] == "no progress for 5 min"
    assert r.snapshot(at(7))["stuck"] == 3


def test_the_projector_shows_no_name_and_no_typed_text() -> None:
    r = room()
    r.answer(Answer("ann", "c", "<b>ann's secret</b>", False, at(1)))
    r.answer(Answer("ben", "c", "MS-DRG", True, at(1)))
    s = r.snapshot(at(2), names=False)
    assert s["learners"] is None
    assert "ann" not in repr(s) and "ben" not in repr(s) and "secret" not in repr(s)
    assert s["checks"][2]["distribution"] == [{"label": "correct", "count": 1, "correct": None},
                                              {"label": "other answers", "count": 1, "correct": None}]


def test_a_poll_records_a_second_round_once_and_hides_the_answer_until_revealed() -> None:
    r = room()
    poll = r.open_poll(1, "01_x", CHECKS[0], at(0))
    poll.vote(Answer("ann", "a", "no", False, at(1)))
    poll.vote(Answer("ann", "a", "yes", True, at(1.5)))  # a new vote in the same round replaces the old one
    poll.vote(Answer("ben", "a", "no", False, at(1)))
    poll.again()
    with pytest.raises(ValueError, match="second round"):
        poll.again()
    poll.vote(Answer("ben", "a", "yes", True, at(3)))
    full = poll.summary()
    assert [(x["round"], x["votes"], x["correct"]) for x in full["rounds"]] == [(1, 2, 1), (2, 1, 1)]
    assert full["moves"] == [{"from": "wrong", "to": "right", "learners": 1}]
    hidden = poll.summary(names=False)
    assert hidden["answer"] is None and hidden["moves"] == [{"changed": 1, "kept": 0}]
    assert poll.for_learner()["answer"] is None
    poll.reveal()
    assert poll.state == "closed" and poll.for_learner()["answer"] == ["yes"]
    assert poll.summary(names=False)["answer"] == ["yes"]
    second = r.open_poll(2, "01_x", CHECKS[1], at(5))
    assert poll.state == "closed" and second.state == "open" and r.current_poll is second


@pytest.mark.parametrize(
    ("kind", "response", "label"),
    [("true_false", True, "True"), ("multiple_select", ["a", "b"], "a + b"), ("ordering", ["x", "y"], "x → y"),
     ("numeric", 2.0, "2"), ("short_text", "  two   words ", "two words"), ("short_text", "x" * 200, "x" * 79 + "…")],
)
def test_response_labels(kind: str, response: object, label: str) -> None:
    assert response_label(kind, response) == label
