"""Build quiz sittings from banks: a lesson quiz, a subset of it, or a drawn exam (reviews: `quizzing.review`)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from course_helpers.quizzing.bank import LoadedBank, load_all, load_bank
from course_helpers.quizzing.drafts import clear_draft, restore_draft, save_draft
from course_helpers.quizzing.grading import Grade
from course_helpers.quizzing.item_quality import COURSE_MECHANICS
from course_helpers.quizzing.session import QuizError, QuizItem, QuizSession, Summary, display_order
from course_helpers.records.store import Attempt, ProgressError, open_store


def _order(question: Any, rng: random.Random | None) -> tuple[str, ...]:
    """Shuffle with the sitting's generator; unshuffled banks still scramble ordering items, the same way each time."""
    if rng is not None:
        return display_order(question, rng.shuffle)
    return display_order(question, random.Random(question.id).shuffle if question.type == "ordering" else None)


def bank_items(loaded: LoadedBank, questions: Iterable[Any], rng: random.Random | None) -> list[QuizItem]:
    """Quiz items for these questions of one bank, choices in the sitting's order."""
    return [QuizItem(loaded.bank.id, loaded.bank.title, loaded.version_hash, q, _order(q, rng)) for q in questions]


def _pick(loaded: LoadedBank, wanted: list[str] | None) -> list[Any]:
    if wanted is None:
        return list(loaded.bank.questions)
    ids = [q.id for q in loaded.bank.questions]
    unknown = [qid for qid in wanted if qid not in ids]
    if unknown:
        raise QuizError(
            f"{loaded.bank.id} has no question {', '.join(repr(u) for u in unknown)}; it has: {', '.join(ids)}"
        )
    return [loaded.bank.question(qid) for qid in wanted]


def draw_items(exam: LoadedBank, banks: dict[str, LoadedBank], seed: int) -> list[QuizItem]:
    """Draw an exam's questions from other banks: at least `per_bank_min` from each, shuffled by `seed`.

    Questions tagged `course-mechanics` (about the course software, not the subject) are left out.
    """
    draw = exam.bank.draw
    assert draw is not None
    names = [b for b in sorted(banks) if banks[b].bank.draw is None] if draw.banks == "all" else list(draw.banks)
    missing = [n for n in names if n not in banks]
    if missing:
        raise QuizError(f"the exam draws from {', '.join(missing)}, which do not exist")
    rng = random.Random(seed)
    chosen: list[tuple[LoadedBank, Any]] = []
    pool: list[tuple[LoadedBank, Any]] = []
    for name in names:
        # questions about the course software (tag course-mechanics) test no coding knowledge: never drawn
        questions = [q for q in banks[name].bank.questions if COURSE_MECHANICS not in q.tags]
        rng.shuffle(questions)
        take = min(draw.per_bank_min, len(questions))
        chosen += [(banks[name], q) for q in questions[:take]]
        pool += [(banks[name], q) for q in questions[take:]]
    if draw.count > len(chosen) + len(pool):
        raise QuizError(f"the exam wants {draw.count} questions but the banks hold only {len(chosen) + len(pool)}")
    rng.shuffle(pool)
    chosen += pool[: max(0, draw.count - len(chosen))]
    rng.shuffle(chosen)
    return [
        QuizItem(loaded.bank.id, loaded.bank.title, loaded.version_hash, q, display_order(q, rng.shuffle))
        for loaded, q in chosen
    ]


def store_callbacks(learner: str, quiz_id: str) -> tuple[Any, Any, int]:
    """Recorder and closer that write to the progress store, and the exam attempts already used."""

    try:
        store = open_store()
        used = store.finished_sessions(learner, quiz_id)
    except ProgressError as exc:  # the quiz still works; every save says why it was not made
        return _not_saving(str(exc)), _not_saving(str(exc)), 0

    def record(item: QuizItem, response: Any, result: Grade, session_id: str) -> None:
        open_store().record(
            Attempt(
                learner=learner,
                bank=item.bank_id,
                question=item.id,
                answer=response,
                correct=result.correct,
                points=result.points,
                max_points=result.max_points,
                bank_hash=item.bank_hash,
                session=session_id,
            )
        )

    def close(session_id: str, summary: Summary) -> None:
        store = open_store()
        store.finish_session(learner, quiz_id, session_id, summary.points, summary.max_points, summary.passed)
        clear_draft(store, learner, quiz_id)

    return record, close, used


def _not_saving(problem: str) -> Any:
    """A recorder for a store that cannot be used: it fails with the reason (kept in `problem`)."""

    def fail(*_args: Any) -> None:
        raise ProgressError(problem)

    fail.problem = f"answers are not being saved: {problem}"  # type: ignore[attr-defined]
    return fail


def build_quiz(
    bank_id: str,
    *,
    questions: list[str] | None = None,
    seed: int | None = None,
    learner: str,
    use_store: bool = True,
) -> QuizSession:
    """A sitting of one bank (or of the listed questions of it); raises BankError or QuizError."""
    loaded = load_bank(bank_id)
    bank = loaded.bank
    if bank.draw is not None:
        if questions is not None:
            raise QuizError("an exam is drawn whole; pick questions from the lesson banks instead")
        items = draw_items(loaded, load_all(), bank.draw.seed if seed is None else seed)
    else:
        picked = _pick(loaded, questions)
        rng = None
        if bank.shuffle or seed is not None:
            rng = random.Random(seed)
            rng.shuffle(picked)
        items = bank_items(loaded, picked, rng)
    record = close = None
    used = 0
    if use_store:
        record, close, used = store_callbacks(learner, bank.id)
    session = QuizSession(
        quiz_id=bank.id,
        title=bank.title,
        items=items,
        mode=bank.mode,
        pass_mark=bank.pass_mark,
        attempts_allowed=bank.attempts_allowed if bank.mode == "exam" else None,
        attempts_used=used,
        record=record,
        close=close,
    )
    session.save_problem = getattr(record, "problem", None)
    if use_store and session.mode == "exam" and not session.locked and not session.save_problem:
        session.restored = restore_draft(open_store(), learner, session)
        session.save_draft = lambda s: save_draft(open_store(), learner, s)
    return session
