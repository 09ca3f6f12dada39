"""Quiz sittings: practice and exam rules, drawn exams, recording to the progress store, review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course_helpers.quizzing.api import Notice, Quiz, quiz, review
from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.grading import correct_response
from course_helpers.quizzing.review import build_review
from course_helpers.quizzing.session import QuizError
from course_helpers.records.store import open_store


def test_practice_records_each_answer_when_made(banks_dir: Path) -> None:
    session = build_quiz("90_sample", learner="ana")
    session.answer("s-one", "CPT")
    rows = open_store().attempts(learner="ana")
    assert [(r.bank, r.question, r.correct, r.answer) for r in rows] == [("90_sample", "s-one", False, "CPT")]
    assert rows[0].bank_hash and rows[0].session == session.session_id
    session.answer("s-two", False)
    assert len(open_store().attempts(learner="ana")) == 2


def test_practice_retry_missed_then_pass(banks_dir: Path) -> None:
    session = build_quiz("90_sample", learner="ana")
    session.answer("s-one", "CPT")
    session.answer("s-two", False)
    summary = session.finish()
    assert not summary.passed and summary.missed == ("s-one",)
    assert session.retry_missed() == ["s-one"]
    session.answer("s-one", "ICD-10-PCS")
    assert session.finish().passed


def test_exam_holds_feedback_and_records_at_finish(banks_dir: Path) -> None:
    session = build_quiz("99_exam", learner="ben")
    assert session.mode == "exam" and len(session.items) == 4
    first = session.items[0]
    session.answer(first.id, correct_response(first.question))
    assert not session.feedback_visible
    assert session.summary().points == 0  # hidden until the end
    assert open_store().attempts(learner="ben") == []
    summary = session.finish()
    recorded = open_store().attempts(learner="ben")
    assert len(recorded) == 4  # unanswered questions count as wrong
    assert summary.points == pytest.approx(first.question.points)
    assert {b.bank_id for b in summary.per_bank} == {"90_sample", "91_second"}
    with pytest.raises(QuizError, match="finished"):
        session.answer(first.id, correct_response(first.question))


def test_exam_attempts_are_enforced_across_kernels(banks_dir: Path) -> None:
    for _ in range(2):
        build_quiz("99_exam", learner="cy").finish()
    third = build_quiz("99_exam", learner="cy")  # as if in a new kernel: counts come from the store
    assert third.locked
    with pytest.raises(QuizError, match="no attempts left"):
        third.answer(third.items[0].id, "x")
    assert isinstance(quiz("99_exam", learner="cy"), Quiz)
    assert not build_quiz("99_exam", learner="dee").locked


def test_exam_draw_is_seeded_and_covers_every_lesson(banks_dir: Path) -> None:
    ids = lambda seed: [i.id for i in build_quiz("99_exam", learner="x", seed=seed, use_store=False).items]  # noqa: E731
    assert ids(1) == ids(1)
    assert {tuple(ids(s)) for s in range(8)} != {tuple(ids(1))}
    for seed in range(8):
        items = build_quiz("99_exam", learner="x", seed=seed, use_store=False).items
        assert {i.bank_id for i in items} == {"99_exam"}  # its own pool
        assert {i.lesson[0] for i in items} == {"90_sample", "91_second"}  # every lesson, by the items' domain


def test_subset_and_bad_ids(banks_dir: Path) -> None:
    session = build_quiz("91_second", questions=["t-median"], learner="x", use_store=False)
    assert [i.id for i in session.items] == ["t-median"]
    notice = quiz("91_second", questions=["nope"])
    assert isinstance(notice, Notice) and "has no question 'nope'" in repr(notice)
    assert "no such quiz; did you mean '90_sample'?" in repr(quiz("90_sampel"))


def test_ordering_never_starts_in_answer_order(banks_dir: Path) -> None:
    for seed in range(20):
        session = build_quiz("91_second", learner="x", seed=seed, use_store=False)
        item = session.item("t-order")
        assert list(item.display_order) != list(item.question.answer)
        assert sorted(item.display_order) == sorted(item.question.answer)


def test_code_api_one_line_messages(banks_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = quiz("90_sample", learner="ana")
    assert isinstance(q, Quiz)
    assert q.answer("s-one", "ICD-10-PCS").correct
    assert q.answer("s-onee", "CPT") is None
    assert q.answer("s-two", 42) is None
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        "⚠ no question 's-onee' in this quiz; did you mean 's-one'? questions: s-one, s-two",
        "⚠ question 's-two': give True or False (got 42)",
    ]


def test_store_failure_never_stops_the_quiz(banks_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = build_quiz("90_sample", learner="ana")

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    session.record = broken
    assert session.answer("s-one", "ICD-10-PCS").correct
    assert session.save_problem == "answers are not being saved: disk full"


def test_review_brings_back_a_miss(banks_dir: Path) -> None:
    assert "Nothing to review yet" in repr(review(learner="eve"))
    build_quiz("90_sample", learner="eve").answer("s-one", "CPT")
    session, _ = build_review(learner="eve", now=datetime.now(UTC) + timedelta(hours=1))
    assert session is not None and [i.id for i in session.items] == ["s-one"]
    session.answer("s-one", "ICD-10-PCS")
    assert len(open_store().attempts(learner="eve", bank="90_sample")) == 2


def test_grade_and_summary_read_as_sentences(banks_dir: Path) -> None:
    q = quiz("90_sample", learner="ana")
    assert isinstance(q, Quiz)
    wrong = q.answer("s-one", "CPT")
    assert repr(wrong).startswith("✗ Incorrect (0/1 points). Right answer: ICD-10-PCS. ICD-10-PCS is the HIPAA")
    q.answer("s-two", False)
    assert repr(q.finish()).startswith("✗ Not passed yet: 1/2 points (50%; pass mark 70%), 2 of 2 answered")


def test_unfinished_exam_survives_a_dead_kernel(banks_dir: Path) -> None:
    first = build_quiz("99_exam", learner="kim")
    item_a, item_b = first.items[0], first.items[1]
    first.answer(item_a.id, correct_response(item_a.question))
    first.answer(item_b.id, correct_response(item_b.question))
    assert open_store().attempts(learner="kim") == []  # a draft is not an attempt: mastery sees nothing yet
    # the kernel dies; the learner reopens the exam
    again = build_quiz("99_exam", learner="kim")
    assert again.restored == 2 and again.session_id == first.session_id
    assert set(again.responses) == {item_a.id, item_b.id}
    summary = again.finish()
    assert summary.points == item_a.question.points + item_b.question.points
    fresh = build_quiz("99_exam", learner="kim")
    assert fresh.restored == 0 and fresh.responses == {}  # finishing cleared the draft


def test_draft_of_another_paper_is_ignored(banks_dir: Path) -> None:
    first = build_quiz("99_exam", learner="lou", seed=1)
    first.answer(first.items[0].id, correct_response(first.items[0].question))
    other = build_quiz("99_exam", learner="lou", seed=5)
    assert [i.id for i in other.items] != [i.id for i in first.items]
    assert other.restored == 0


def test_restored_answers_show_in_the_widget(banks_dir: Path) -> None:
    from course_helpers.quizzing.quiz_view import QuizWidget

    first = build_quiz("99_exam", learner="max")
    item = first.items[0]
    first.answer(item.id, correct_response(item.question))
    view = QuizWidget(build_quiz("99_exam", learner="max"), "max")
    assert "1 saved answer(s) restored" in view.header.value
    assert "Answer restored from your last session" in view.cards[item.id].feedback.value
    assert view.cards[item.id].value() is not None
