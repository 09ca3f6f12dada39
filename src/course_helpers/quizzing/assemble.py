"""Build quiz sittings from banks: a lesson quiz, a subset of it, or a drawn exam (reviews: `quizzing.review`)."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Any

from course_helpers.quizzing.bank import BankError, LoadedBank, load_all, load_bank
from course_helpers.quizzing.drafts import clear_draft, restore_draft, save_draft
from course_helpers.quizzing.grading import Grade
from course_helpers.quizzing.item_quality import COURSE_MECHANICS
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


def _on_the_exam(question_ids: list[str]) -> set[str]:
    """Which of these ids a released graded bank holds (held out of practice by `release`)."""
    try:
        banks = load_all()
    except BankError:
        return set()
    withheld = {q.id for item in banks.values() if isinstance(item.bank, WithheldBank) for q in item.bank.questions}
    return set(question_ids) & withheld


def _pick(loaded: LoadedBank, wanted: list[str] | None) -> tuple[list[Any], str | None]:
    """The questions asked for, and a note when some are held out for the final exam in this copy."""
    if wanted is None:
        return list(loaded.bank.questions), None
    ids = [q.id for q in loaded.bank.questions]
    unknown = [qid for qid in wanted if qid not in ids]
    exam = _on_the_exam(unknown) if unknown else set()
    unknown = [qid for qid in unknown if qid not in exam]
    if unknown:
        raise QuizError(
            f"{loaded.bank.id} has no question {', '.join(repr(u) for u in unknown)}; it has: {', '.join(ids)}"
        )
    note = None
    if exam:  # a lesson's check still opens: the questions that moved to the exam are named in one line
        note = (f"{len(exam)} of these {len(wanted)} questions are on the final exam in this course, so this "
                f"practice copy leaves them out")
        if len(exam) == len(wanted):
            raise QuizError(f"these {len(exam)} questions are on the final exam in this course, so this practice "
                            "copy leaves them out")
    return [loaded.bank.question(qid) for qid in wanted if qid not in exam], note


CODING_WORK = "coding-work"
CODING_SHARE = 1 / 3
"""The least share of a drawn exam's questions that is coding work (a code to enter, a sequence, a POA, a query,
a grouping): the job and the CCS exam are mostly coding. A draw takes fewer only when the banks hold fewer."""
KINDS = ("coding-work", "application", "recall")
"""The kinds a draw stratifies by: coding work, applying a rule to a scenario, recalling a fact."""


def item_kind(question: Any) -> str:
    """A question's kind for the exam blueprint: coding-work, application or recall (by its tags)."""
    if CODING_WORK in question.tags:
        return "coding-work"
    return "application" if "application" in question.tags else "recall"


def _apportion(total: int, sizes: dict[Any, int], floor: dict[Any, int] | None = None) -> dict[Any, int]:
    """Split `total` over the keys in proportion to `sizes` (largest remainder, ties by key), never above a
    size and at least `floor` where the size allows. The result depends on the sizes only, never on a seed."""
    floor = floor or {}
    share = {k: min(floor.get(k, 0), sizes[k]) for k in sizes}
    left = min(total, sum(sizes.values())) - sum(share.values())
    while left > 0:
        room = {k: sizes[k] - share[k] for k in sizes if sizes[k] > share[k]}
        weight = sum(room.values())
        exact = {k: left * room[k] / weight for k in room}
        whole = {k: min(room[k], int(exact[k])) for k in room}
        if sum(whole.values()) == 0:  # hand out the remainders one at a time, largest first
            k = sorted(room, key=lambda k: (-(exact[k] - int(exact[k])), str(k)))[0]
            whole = {k: 1}
        for k, n in whole.items():
            share[k] += n
        left -= sum(whole.values())
    return share


def blueprint(exam: LoadedBank, banks: dict[str, LoadedBank]) -> dict[tuple[str, str], int]:
    """How many questions a drawn exam takes from each (lesson bank, kind): the same for every seed.

    A third of the paper (or all the banks hold, if fewer) is coding work, spread over the banks in proportion
    to their coding items; the rest over the banks in proportion to their other items, with at least
    `per_bank_min` from each bank in all; within a bank, application and recall in proportion to its items.
    Questions tagged `course-mechanics` (about the course software, not the subject) are never drawn.
    """
    draw = exam.bank.draw
    assert draw is not None
    names = [b for b in sorted(banks) if banks[b].bank.draw is None] if draw.banks == "all" else list(draw.banks)
    missing = [n for n in names if n not in banks]
    if missing:
        raise QuizError(f"the exam draws from {', '.join(missing)}, which do not exist")
    sizes = {(n, kind): 0 for n in names for kind in KINDS}
    for n in names:
        for q in banks[n].bank.questions:
            if COURSE_MECHANICS not in q.tags:
                sizes[(n, item_kind(q))] += 1
    available = sum(sizes.values())
    if draw.count > available:
        raise QuizError(f"the exam wants {draw.count} questions but the banks hold only {available}")
    coding = _apportion(math.ceil(draw.count * CODING_SHARE - 1e-9),
                        {n: sizes[(n, "coding-work")] for n in names})
    other_sizes = {n: sizes[(n, "application")] + sizes[(n, "recall")] for n in names}
    other = _apportion(draw.count - sum(coding.values()), other_sizes,
                       {n: max(0, draw.per_bank_min - coding[n]) for n in names})
    plan = {(n, "coding-work"): coding[n] for n in names}
    for n in names:
        split = _apportion(other[n], {k: sizes[(n, k)] for k in ("application", "recall")})
        plan.update({(n, k): split[k] for k in split})
    return {key: count for key, count in plan.items() if count}


def draw_items(exam: LoadedBank, banks: dict[str, LoadedBank], seed: int) -> list[QuizItem]:
    """Draw an exam's questions by its `blueprint` (the same count per lesson and kind for every seed); the
    seed picks which questions fill each cell and the order they are shown in."""
    rng = random.Random(seed)
    chosen: list[tuple[LoadedBank, Any]] = []
    for (name, kind), count in sorted(blueprint(exam, banks).items()):
        cell = [q for q in banks[name].bank.questions if COURSE_MECHANICS not in q.tags and item_kind(q) == kind]
        chosen += [(banks[name], q) for q in rng.sample(cell, count)]
    rng.shuffle(chosen)
    return [
        QuizItem(loaded.bank.id, loaded.bank.title, loaded.version_hash, q, display_order(q, rng.shuffle))
        for loaded, q in chosen
    ]


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
    note = None
    if bank.draw is not None:
        if questions is not None:
            raise QuizError("an exam is drawn whole; pick questions from the lesson banks instead")
        items = draw_items(loaded, load_all(), bank.draw.seed if seed is None else seed)
    else:
        picked, note = _pick(loaded, questions)
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
    session.notice = note
    if use_store and session.mode == "exam" and not session.locked and not session.save_problem:
        session.restored = restore_draft(open_store(), learner, session)
        session.save_draft = lambda s: save_draft(open_store(), learner, s)
    return session
