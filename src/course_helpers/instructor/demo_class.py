"""A made-up class in a gradebook file, to try the instructor notebook and commands without real learners.

Learners with different abilities answer every question of the course's lesson banks (a Rasch-like
model: the chance of a right answer rises with ability and falls with the question's difficulty).
Wrong picks on a choice question are spread unevenly over its distractors, as in real classes, and
one question is answered as if its key were wrong, so the item analysis has something to find.
The file is written with the gradebook's own writer (`instructor.gradebook`), so everything that reads
a gradebook reads this one. The final exam (a drawn paper) is not simulated.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np

from course_helpers.errors import CourseInputError
from course_helpers.instructor import gradebook as book
from course_helpers.quizzing.bank import load_banks

MISKEYED = "role-facility-codes"
"""The question the demo class answers as if it were miskeyed (its best learners pick a distractor)."""


def write_demo_gradebook(
    path: Path | str | None = None,
    *,
    learners: int = 60,
    seed: int = 2026,
    force: bool = False,
    miskeyed: str | None = MISKEYED,
) -> Path:
    """Write a gradebook of `learners` simulated learners answering every lesson bank; return its path.

    Without `path` it goes to a new temporary folder (nothing is written beside the notebook).
    """
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="demo-class-")) / "gradebook.sqlite3"
    target = Path(path)
    if learners < 1:
        raise CourseInputError("a demo class needs at least 1 learner")
    if target.exists():
        if not force:
            raise CourseInputError(f"{target} exists; pass force=True to replace it")
        target.unlink()
    rng = np.random.default_rng(seed)
    banks = [bank for bank in load_banks().values() if bank.mode != "exam" and bank.questions]
    conn = book.create(target, {"key_hash": "demo", "source": "course_helpers.instructor.demo_class"})
    names = [f"learner{i:03d}" for i in range(learners)]
    book.insert_many(
        conn, "learners", ["id", "learner", "lms_id"], [(i + 1, n, f"{n}@example.edu") for i, n in enumerate(names)]
    )
    book.insert_many(
        conn,
        "banks",
        ["id", "bank", "title", "mode", "graded", "pass_mark", "attempts_allowed", "max_score", "position"],
        [
            (b + 1, bank.id, bank.title, bank.mode, 0, bank.pass_mark, bank.attempts_allowed, bank.total_points, b)
            for b, bank in enumerate(banks)
        ],
    )
    items = [(bank_index + 1, q) for bank_index, bank in enumerate(banks) for q in bank.questions]
    book.insert_many(
        conn,
        "items",
        ["id", "bank_id", "question", "type", "max_points", "position"],
        [(i + 1, bank_id, q.id, q.type, q.points, i) for i, (bank_id, q) in enumerate(items)],
    )
    book.insert_many(
        conn,
        "submissions",
        ["id", "learner_id", "source", "sha256", "exported_at", "received_at", "package_version"],
        [
            (i + 1, i + 1, f"{n}.json", "demo", "2026-11-20T17:00:00Z", "2026-11-20T18:00:00Z", "demo")
            for i, n in enumerate(names)
        ],
    )
    ability = rng.normal(0.3, 1.3, learners)
    lesson_pull = rng.normal(0.0, 0.4, (learners, len(banks)))  # some learners are stronger in some lessons
    difficulty = rng.normal(-0.4, 1.0, len(items))
    rows = []
    for item_index, (bank_id, question) in enumerate(items):
        theta = ability + lesson_pull[:, bank_id - 1]
        chance = 1 / (1 + np.exp(-(theta - difficulty[item_index])))
        right = rng.random(learners) < chance
        if question.id == miskeyed:
            right = rng.random(learners) < 1 / (1 + np.exp(theta))  # the strong learners "miss" it
        distractors = [c for c in getattr(question, "choices", []) if c != getattr(question, "answer", None)]
        weights = rng.dirichlet(np.full(len(distractors), 0.6)) if distractors else None
        for learner_index in range(learners):
            correct = bool(right[learner_index])
            choice = None
            if question.type == "single_choice":
                choice = question.answer if correct else str(rng.choice(distractors, p=weights))
            elif question.type == "multiple_select":
                picked = list(question.answer) if correct else [str(rng.choice(distractors, p=weights))]
                choice = json.dumps(picked)
            score = question.points if correct else 0.0
            minute = 60 * bank_id + item_index % 60
            rows.append(
                (
                    learner_index + 1,
                    learner_index + 1,
                    item_index + 1,
                    json.dumps(choice),
                    choice,
                    score,
                    int(correct),
                    None,
                    f"2026-11-{1 + bank_id:02d}T{9 + minute // 60 % 8:02d}:{minute % 60:02d}:00Z",
                    1,
                )
            )
    book.insert_many(
        conn,
        "responses",
        [
            "submission_id",
            "learner_id",
            "item_id",
            "answer",
            "choice",
            "score",
            "correct",
            "session",
            "submitted_at",
            "known_version",
        ],
        rows,
    )
    book.finish(conn)
    conn.close()
    return target
