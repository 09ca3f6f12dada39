"""Build quiz sittings from banks: a lesson quiz, a subset of it, or an exam paper drawn from its own pool
(reviews: `quizzing.review`; the blueprint: `quizzing.exam_pool`)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from course_helpers.quizzing.bank import BankError, LoadedBank, load_bank
from course_helpers.quizzing.drafts import clear_draft, restore_draft, save_draft
from course_helpers.quizzing.exam_pool import DrawError, attempt_seed, draw_papers, item_domain
from course_helpers.quizzing.grading import Grade
from course_helpers.quizzing.session import QuizError, QuizItem, QuizSession, Summary, display_order
from course_helpers.quizzing.withheld import WithheldBank, is_withheld
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
    """The questions asked for (every question when none are named)."""
    if wanted is None:
        return list(loaded.bank.questions)
    ids = [q.id for q in loaded.bank.questions]
    unknown = [qid for qid in wanted if qid not in ids]
    if unknown:
        raise QuizError(
            f"{loaded.bank.id} has no question {', '.join(repr(u) for u in unknown)}; it has: {', '.join(ids)}"
        )
    return [loaded.bank.question(qid) for qid in wanted]


def exam_papers(exam: LoadedBank, attempts: int, seed: int | None = None) -> list[list[Any]]:
    """The questions of attempts 1..`attempts` of an exam that draws from its own pool, each in the order
    shown (`quizzing.exam_pool`): the same blueprint for every seed and attempt. Raises QuizError."""
    draw = exam.bank.draw
    if draw is None:
        raise QuizError(f"{exam.bank.id} does not draw its questions")
    try:
        return draw_papers(exam.bank.questions, draw.count, draw.per_domain_min,
                           draw.seed if seed is None else seed, attempts)
    except DrawError as exc:
        raise QuizError(str(exc)) from exc


def _lessons(questions: Iterable[Any]) -> dict[str, tuple[str, str]]:
    """Each exam item's lesson (id, title) from its `domain:` tag, for the per-lesson breakdown."""
    titles: dict[str, str] = {}
    found = {}
    for q in questions:
        domain = item_domain(q)
        if domain not in titles:
            try:
                titles[domain] = load_bank(domain).bank.title
            except BankError:  # a domain that names no bank here: shown by its tag
                titles[domain] = domain
        found[q.id] = (domain, titles[domain])
    return found


def draw_items(exam: LoadedBank, seed: int, attempt: int = 1) -> list[QuizItem]:
    """Attempt N's paper of an exam that draws from its own pool, as quiz items: the blueprint's count per
    (domain, kind) for every seed and attempt; the seed and the attempt pick the items and their order."""
    paper = exam_papers(exam, attempt, seed)[-1]
    rng = random.Random(f"{attempt_seed(seed, attempt)}:choices")
    lessons = _lessons(paper)
    return [QuizItem(exam.bank.id, exam.bank.title, exam.version_hash, q, display_order(q, rng.shuffle),
                     lessons[q.id]) for q in paper]


def _released_paper(loaded: LoadedBank, attempt: int) -> list[QuizItem]:
    """Attempt N's paper of a released exam, in the order and with the choice order `release` wrote."""
    bank = loaded.bank
    assert isinstance(bank, WithheldBank)
    questions = [bank.question(qid) for qid in bank.paper(attempt)]
    lessons = _lessons(questions)
    return [QuizItem(loaded.bank.id, bank.title, loaded.version_hash, q, _order(q, None), lessons[q.id])
            for q in questions]


def store_callbacks(learner: str, quiz_id: str) -> tuple[Any, Any, int]:
    """Recorder and closer that write to the progress store, and the exam attempts already used.

    An answer to a released graded bank (its key withheld) is stored as recorded, not graded: the instructor's
    key grades it; mastery, review and progress leave it out (`records.store.Attempt.graded`).
    """
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
                graded=not is_withheld(item.question),
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
    record = close = None
    used = 0
    if use_store:
        record, close, used = store_callbacks(learner, bank.id)
    attempt = used + 1  # an exam's attempt N sits paper N: a retake is a different paper, the same blueprint
    if bank.draw is not None or (isinstance(bank, WithheldBank) and bank.papers):
        if questions is not None:
            raise QuizError("an exam is sat whole; pick questions from the lesson banks instead")
        if bank.draw is not None:
            items = draw_items(loaded, bank.draw.seed if seed is None else seed, attempt)
        else:
            items = _released_paper(loaded, attempt)
    else:
        picked = _pick(loaded, questions)
        rng = None
        if bank.shuffle or seed is not None:
            rng = random.Random(seed)
            rng.shuffle(picked)
        items = bank_items(loaded, picked, rng)
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
