"""Write a real gradebook file (part A's schema, through its writer functions) from a responses frame."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from course_helpers.instructor import gradebook as gb


def write_gradebook(
    path: Path, frame: pd.DataFrame, *, titles: dict[str, str] | None = None, exams: dict[str, int] | None = None
) -> Path:
    """One submission per learner; `exams` (bank -> attempts allowed) marks exam banks, whose rows need `session`."""
    titles = titles or {}
    exams = exams or {}
    conn = gb.create(path, {"key_hash": "test"})
    learners = frame.drop_duplicates("learner")[["learner", "lms_id"]].reset_index(drop=True)
    learner_id = {name: i + 1 for i, name in enumerate(learners["learner"])}
    gb.insert_many(
        conn,
        "learners",
        ["id", "learner", "lms_id"],
        [(learner_id[r.learner], r.learner, r.lms_id) for r in learners.itertuples()],
    )
    home = frame if "session" not in frame.columns else frame[frame["session"].isna()]
    items = home.drop_duplicates(["bank", "question"])[["bank", "question", "max_points"]].reset_index(drop=True)
    banks = list(dict.fromkeys([*items["bank"], *exams]))
    bank_id = {b: i + 1 for i, b in enumerate(banks)}
    max_score = items.groupby("bank")["max_points"].sum()
    gb.insert_many(
        conn,
        "banks",
        ["id", "bank", "title", "mode", "graded", "pass_mark", "attempts_allowed", "max_score", "position"],
        [
            (
                bank_id[b],
                b,
                titles.get(b, b),
                "exam" if b in exams else "practice",
                int(b in exams),
                70,
                exams.get(b),
                float(max_score.get(b, 0.0)),
                i,
            )
            for i, b in enumerate(banks)
        ],
    )
    item_id = {(r.bank, r.question): i + 1 for i, r in enumerate(items.itertuples())}
    gb.insert_many(
        conn,
        "items",
        ["id", "bank_id", "question", "type", "max_points", "position"],
        [
            (item_id[(r.bank, r.question)], bank_id[r.bank], r.question, "single_choice", r.max_points, i)
            for i, r in enumerate(items.itertuples())
        ],
    )
    gb.insert_many(
        conn,
        "submissions",
        ["id", "learner_id", "source", "sha256", "exported_at", "received_at", "package_version"],
        [
            (i, i, f"{name}.json", "x", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", "0.1.0")
            for name, i in learner_id.items()
        ],
    )
    rows = []
    sittings = set()
    for r in frame.itertuples():
        session = getattr(r, "session", None)
        session = None if session is None or session != session else session
        if session is not None:
            sittings.add((learner_id[r.learner], r.bank, session))
            question_bank = items.loc[items["question"] == r.question, "bank"].iloc[0]
        else:
            question_bank = r.bank
        choice = r.choice if r.choice is None or isinstance(r.choice, str) else json.dumps(list(r.choice))
        when = pd.Timestamp(r.submitted_at).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(
            (
                learner_id[r.learner],
                learner_id[r.learner],
                item_id[(question_bank, r.question)],
                json.dumps(r.answer),
                choice,
                float(r.score),
                int(bool(r.correct)),
                session,
                int(session is not None and r.bank in exams),  # as the real writer: 1 in a finished exam sitting
                when,
                1,
            )
        )
    gb.insert_many(
        conn,
        "sittings",
        ["submission_id", "bank_id", "session", "finished_at"],
        [(s, bank_id[b], sess, "2026-11-20T23:00:00Z") for s, b, sess in sorted(sittings)],
    )
    gb.insert_many(
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
            "exam",
            "submitted_at",
            "known_version",
        ],
        rows,
    )
    gb.finish(conn)
    conn.close()
    return path
