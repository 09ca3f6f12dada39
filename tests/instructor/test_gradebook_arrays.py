"""The fast item analysis (packed integers from SQLite, numpy) gives exactly what the row-by-row path gives."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from course_helpers.instructor.gradebook_arrays import bank_matrices
from course_helpers.instructor.item_analysis import analyse_gradebook
from course_helpers.instructor.regrade import grade_submissions
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import simulate_class, wrong_responses


@pytest.fixture(scope="module")
def retried_gradebook(tmp_path_factory, course_key) -> Path:
    """A class in which learners answer some questions again (later, the same instant, or better)."""
    root = tmp_path_factory.mktemp("retried")
    key = load_key(course_key)
    questions = {(b.id, q.id): q for b in key.banks.values() for q in b.questions}
    made = simulate_class(key, root / "subs", 45, seed=8, exam_share=0.8, tamper=False)
    rng = random.Random(8)
    for path in made.files.values():
        doc = json.loads(path.read_text())
        extra = []
        for attempt in rng.sample(doc["attempts"], 25):
            question = questions[(attempt["bank"], attempt["question"])]
            again = dict(attempt, answer=rng.choice([*wrong_responses(question), attempt["answer"]]))
            when = datetime.fromisoformat(attempt["at"].replace("Z", "+00:00"))
            if rng.random() < 0.2:  # the same instant: the later row counts
                again["at"] = attempt["at"]
            else:
                again["at"] = (when + timedelta(minutes=rng.choice([-5, 5]))).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            extra.append(again)
        doc["attempts"] += extra
        path.write_text(json.dumps(doc))
    book = root / "gb.sqlite3"
    grade_submissions(made.folder, course_key, book, progress=False)
    return book


@pytest.mark.parametrize("policy", ["latest", "best", "first"])
def test_fast_path_equals_row_by_row_path(retried_gradebook: Path, policy: str) -> None:
    assert bank_matrices(retried_gradebook, policy) is not None  # the fast path is taken
    fast = analyse_gradebook(retried_gradebook, policy=policy)
    slow = analyse_gradebook(retried_gradebook, policy=policy, fast_path=False)
    for name in ("items", "banks", "choices"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), rtol=1e-9, atol=1e-9)
    assert "13_final_exam" in set(fast.banks["bank"]) and len(fast.choices) > 100
    assert fast.items["difficulty"].between(0, 1).all()


def test_policies_differ_on_a_retried_class(retried_gradebook: Path) -> None:
    latest = analyse_gradebook(retried_gradebook, policy="latest").items.set_index(["bank", "question"])
    best = analyse_gradebook(retried_gradebook, policy="best").items.set_index(["bank", "question"])
    assert (best["difficulty"] >= latest["difficulty"] - 1e-12).all()
    assert (best["difficulty"] > latest["difficulty"]).any()


def test_responses_are_read_in_chunks_without_changing_the_result(retried_gradebook: Path, monkeypatch) -> None:
    from course_helpers.instructor import gradebook_arrays

    whole = analyse_gradebook(retried_gradebook)
    monkeypatch.setattr(gradebook_arrays, "_CHUNK", 997)  # many chunks, none aligned with a learner
    chunked = analyse_gradebook(retried_gradebook)
    for name in ("items", "banks", "choices"):
        pd.testing.assert_frame_equal(getattr(chunked, name), getattr(whole, name))


def test_fast_path_equals_row_by_row_path_on_a_tampered_class(generated_class, course_key, tmp_path) -> None:
    book = tmp_path / "gb.sqlite3"
    grade_submissions(generated_class.folder, course_key, book, progress=False)
    fast, slow = analyse_gradebook(book, min_learners=1), analyse_gradebook(book, min_learners=1, fast_path=False)
    for name in ("items", "banks", "choices"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), rtol=1e-9, atol=1e-9)
    assert fast.items["flags"].map(len).sum() > 0


def test_first_attempt_view_counts_each_question_as_first_answered(retried_gradebook: Path) -> None:
    from course_helpers.instructor import gradebook as gb

    every = gb.responses_frame(retried_gradebook, "all")  # oldest first per learner (time, then row)
    expected = every.drop_duplicates(["learner", "bank", "question"], keep="first")
    first = gb.responses_frame(retried_gradebook, "first")
    key = ["learner", "bank", "question"]
    merged = expected.merge(first, on=key, suffixes=("_x", "_y"))
    assert len(merged) == len(expected) == len(first)
    assert (merged["submitted_at_x"] == merged["submitted_at_y"]).all()
    assert (merged["score_x"] == merged["score_y"]).all()
    p = {policy: analyse_gradebook(retried_gradebook, policy=policy).items["difficulty"].mean()
         for policy in ("first", "best")}
    assert p["first"] <= p["best"]


def test_compare_policies_puts_first_attempts_beside_latest_and_best(retried_gradebook: Path) -> None:
    from course_helpers import compare_policies

    table = compare_policies(retried_gradebook)
    assert list(table.columns) == ["mean p (latest)", "easy (latest)", "mean p (best)", "easy (best)",
                                   "mean p (first)", "easy (first)"]
    assert (table["mean p (best)"] >= table["mean p (first)"] - 1e-9).all()
    first = analyse_gradebook(retried_gradebook, policy="first").items.groupby("bank")["difficulty"].mean()
    assert table.loc["01_the_role", "mean p (first)"] == round(first["01_the_role"], 2)
