"""Lesson 13: what the final exam will draw, so an instructor can check a seed before the class sits it.

Pure: uses the quiz engine's own draw (`course_helpers.quizzing.assemble.build_quiz`) without touching the
progress store, so the blueprint always matches the paper learners see for the same seed.
"""

from __future__ import annotations

from collections import Counter

from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.bank import load_bank

EXAM_ID = "13_final_exam"


def exam_settings(exam_id: str = EXAM_ID) -> dict[str, object]:
    """The exam's rules as set in its bank: questions drawn, seed, minimum per lesson, pass mark, attempts."""
    bank = load_bank(exam_id).bank
    if bank.draw is None:
        raise ValueError(f"{exam_id} lists its own questions; it has no draw block to describe")
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
    """A table of questions per lesson for this seed, with the lesson's title."""
    import pandas as pd

    rows = [
        {"Lesson bank": bank_id, "Title": load_bank(bank_id).bank.title, "Questions": count}
        for bank_id, count in draw_counts(seed, exam_id).items()
    ]
    return pd.DataFrame(rows).set_index("Lesson bank")
