"""Lesson 13: what the final exam will draw, so an instructor can check a seed before the class sits it.

Pure: uses the quiz engine's own draw (`course_helpers.quizzing.assemble.build_quiz`) without touching the
progress store, so the blueprint always matches the paper learners see for the same seed.
"""

from __future__ import annotations

from collections import Counter

from course_helpers.quizzing.assemble import KINDS, build_quiz, item_kind
from course_helpers.quizzing.bank import load_bank

EXAM_ID = "13_final_exam"


def exam_settings(exam_id: str = EXAM_ID) -> dict[str, object]:
    """The exam's rules as set in its bank: questions drawn, seed, minimum per lesson, pass mark, attempts."""
    bank = load_bank(exam_id).bank
    if bank.draw is None:  # a released copy: the paper was drawn by the instructor's `release`
        return {
            "Questions": len(bank.questions),
            "Paper": "fixed by your instructor's release (answers kept back)",
            "Pass mark (%)": bank.pass_mark,
            "Attempts allowed": bank.attempts_allowed or "unlimited",
            "Feedback": "from your instructor" if bank.graded else "at the end",
        }
    return {
        "Questions drawn": bank.draw.count,
        "Default seed": bank.draw.seed,
        "At least per lesson": bank.draw.per_bank_min,
        "Pass mark (%)": bank.pass_mark,
        "Attempts allowed": bank.attempts_allowed or "unlimited",
        "Feedback": "at the end" if bank.mode == "exam" else "after each question",
    }


def draw_counts(seed: int | None = None, exam_id: str = EXAM_ID) -> dict[str, int]:
    """How many questions each lesson bank contributes to the paper drawn with this seed (bank order)."""
    session = build_quiz(exam_id, seed=seed, learner="blueprint", use_store=False)
    counts = Counter(item.bank_id for item in session.items)
    return dict(sorted(counts.items()))


def question_ids(seed: int | None = None, exam_id: str = EXAM_ID) -> list[str]:
    """The question ids of the paper drawn with this seed, in the order learners see them."""
    return [item.id for item in build_quiz(exam_id, seed=seed, learner="blueprint", use_store=False).items]


def exam_blueprint(seed: int | None = None, exam_id: str = EXAM_ID):  # -> pandas.DataFrame
    """A table of the paper drawn with this seed: questions per lesson and per kind (coding work, application,
    recall). The counts are the same for every seed (the draw is stratified); a released copy's fixed paper
    is counted by guide section, as its questions no longer name their lesson."""
    import pandas as pd

    session = build_quiz(exam_id, seed=seed, learner="blueprint", use_store=False)
    released = load_bank(exam_id).bank.draw is None
    rows: dict[str, dict[str, object]] = {}
    for item in session.items:
        where = item.question.guide_section if released else item.bank_id
        row = rows.setdefault(where, {"Title": where if released else load_bank(where).bank.title, "Questions": 0}
                              | dict.fromkeys(KINDS, 0))
        row["Questions"] = int(row["Questions"]) + 1  # type: ignore[call-overload]
        row[item_kind(item.question)] = int(row[item_kind(item.question)]) + 1  # type: ignore[call-overload]
    table = pd.DataFrame.from_dict(dict(sorted(rows.items())), orient="index")
    table.index.name = "Guide section" if released else "Lesson bank"
    return table
