"""Small builders of gradebook-shaped frames (the columns of instructor.gradebook.responses_frame)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from course_helpers.instructor.gradebook import RESPONSE_COLUMNS

COLUMNS = RESPONSE_COLUMNS  # the gradebook's own list, so a test frame cannot drift from it


def frame_from_matrix(
    matrix: Sequence[Sequence[float]],
    *,
    bank: str = "01_the_role",
    learners: Sequence[str] | None = None,
    questions: Sequence[str] | None = None,
    max_points: Sequence[float] | None = None,
    choices: Sequence[Sequence[object]] | None = None,
) -> pd.DataFrame:
    """One response row per cell of a learners x items score matrix."""
    scores = np.asarray(matrix, dtype=float)
    n, k = scores.shape
    learners = list(learners or [f"learner{i:03d}" for i in range(n)])
    questions = list(questions or [f"q{j + 1}" for j in range(k)])
    maxima = list(max_points or [1.0] * k)
    rows = []
    for i in range(n):
        for j in range(k):
            rows.append(
                {
                    "learner": learners[i],
                    "lms_id": f"sis-{learners[i]}",
                    "bank": bank,
                    "question": questions[j],
                    "answer": None,
                    "choice": None if choices is None else choices[i][j],
                    "score": scores[i, j],
                    "max_points": maxima[j],
                    "correct": bool(scores[i, j] >= maxima[j]),
                    "submitted_at": pd.Timestamp("2026-11-20T10:00:00Z") + pd.Timedelta(minutes=i),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def generated_class(
    n_learners: int = 60, n_items: int = 12, *, bank: str = "01_the_role", seed: int = 7
) -> pd.DataFrame:
    """A class answering a right/wrong bank with a Rasch-like model (abilities and difficulties spread out)."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(0.0, 1.5, n_learners)
    difficulty = np.linspace(-1.5, 1.5, n_items)
    prob = 1 / (1 + np.exp(-(ability[:, None] - difficulty[None, :])))
    return frame_from_matrix((rng.random((n_learners, n_items)) < prob).astype(float), bank=bank)
