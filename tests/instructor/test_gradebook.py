"""The gradebook's read side on a small hand-built file: columns, scoring policy, exam sittings."""

from __future__ import annotations

import sqlite3

import pytest

from course_helpers.instructor import gradebook as gb


def _book(path):
    conn = gb.create(path, {"key_hash": "k"})
    gb.insert_many(conn, "learners", ["id", "learner", "lms_id"], [(1, "ana", "ana_123"), (2, "ben", None)])
    gb.insert_many(
        conn,
        "banks",
        ["id", "bank", "title", "mode", "graded", "pass_mark", "attempts_allowed", "max_score", "position"],
        [(1, "01_a", "A", "practice", 0, 70, None, 3.0, 0), (2, "13_exam", "Exam", "exam", 1, 50, 2, 2.0, 1)],
    )
    gb.insert_many(
        conn,
        "items",
        ["id", "bank_id", "question", "type", "max_points", "position"],
        [(1, 1, "q1", "single_choice", 1.0, 0), (2, 1, "q2", "numeric", 2.0, 1)],
    )
    gb.insert_many(conn, "paper", ["bank_id", "item_id"], [(2, 1), (2, 2)])
    gb.insert_many(
        conn,
        "submissions",
        ["id", "learner_id", "source", "sha256", "exported_at", "received_at", "package_version"],
        [(1, 1, "ana.json", "x", "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "0.1"),
         (2, 2, "ben.json", "y", "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "0.1")],
    )
    # ana sits the exam three times; only two are allowed: the third (full marks) must not count
    gb.insert_many(
        conn,
        "sittings",
        ["submission_id", "bank_id", "session", "finished_at"],
        [(1, 2, "e1", "2026-03-01T10:00:00Z"), (1, 2, "e2", "2026-03-01T11:00:00Z"),
         (1, 2, "e3", "2026-03-01T12:00:00Z")],
    )
    cols = ["submission_id", "learner_id", "item_id", "answer", "choice", "score", "correct", "session",
            "exam", "submitted_at", "known_version"]
    gb.insert_many(
        conn,
        "responses",
        cols,
        [
            (1, 1, 1, '"B"', "B", 1.0, 1, None, 0, "2026-03-01T09:00:00Z", 1),  # practice: right, then wrong
            (1, 1, 1, '"C"', "C", 0.0, 0, None, 0, "2026-03-01T09:05:00Z", 1),
            (1, 1, 2, "5", None, 2.0, 1, None, 0, "2026-03-01T09:06:00Z", 1),
            (1, 1, 1, '"B"', "B", 1.0, 1, "e1", 1, "2026-03-01T09:59:00Z", 1),  # exam sitting 1: 1/2
            (1, 1, 2, "4", None, 0.0, 0, "e1", 1, "2026-03-01T09:59:30Z", 1),
            (1, 1, 1, '"C"', "C", 0.0, 0, "e2", 1, "2026-03-01T10:59:00Z", 1),  # exam sitting 2: 0/2
            (1, 1, 2, "4", None, 0.0, 0, "e2", 1, "2026-03-01T10:59:30Z", 1),
            (1, 1, 1, '"B"', "B", 1.0, 1, "e3", 1, "2026-03-01T11:59:00Z", 1),  # sitting 3: over the limit
            (1, 1, 2, "5", None, 2.0, 1, "e3", 1, "2026-03-01T11:59:30Z", 1),
            (2, 2, 2, "5", None, 2.0, 1, None, 0, "2026-03-01T09:00:00Z", 1),
        ],
    )
    gb.finish(conn)
    conn.close()
    return path


def test_responses_frame_columns_and_rows(tmp_path):
    frame = gb.responses_frame(_book(tmp_path / "g.sqlite3"))
    assert list(frame.columns) == gb.RESPONSE_COLUMNS
    assert len(frame) == 10
    assert frame.loc[frame.learner == "ana", "lms_id"].unique().tolist() == ["ana_123"]
    assert frame["correct"].dtype == bool
    latest = gb.responses_frame(tmp_path / "g.sqlite3", policy="latest")
    assert len(latest) == 3  # ana q1, ana q2, ben q2
    ana_q1 = latest[(latest.learner == "ana") & (latest.question == "q1")].iloc[0]
    assert ana_q1.answer == '"B"' and ana_q1.submitted_at == "2026-03-01T11:59:00Z"


def test_totals_latest_and_best(tmp_path):
    path = _book(tmp_path / "g.sqlite3")
    latest = gb.learner_totals(path).set_index(["learner", "bank"])
    assert list(gb.learner_totals(path).columns) == gb.TOTAL_COLUMNS
    # practice: exam answers excluded; ana's latest q1 is wrong (0) + q2 right (2) = 2/3
    assert latest.loc[("ana", "01_a"), "score"] == 2.0
    assert latest.loc[("ana", "01_a"), "percent"] == pytest.approx(66.6667)
    assert not latest.loc[("ana", "01_a"), "passed"]
    # exam: last *allowed* finished sitting is e2 (0/2), not e3
    assert latest.loc[("ana", "13_exam"), "score"] == 0.0
    assert latest.loc[("ben", "13_exam"), "score"] == 0.0  # never sat: 0, not missing
    assert latest.loc[("ben", "01_a"), "score"] == 2.0
    best = gb.learner_totals(path, policy="best").set_index(["learner", "bank"])
    assert best.loc[("ana", "01_a"), "score"] == 3.0 and best.loc[("ana", "01_a"), "passed"]
    assert best.loc[("ana", "13_exam"), "score"] == 1.0 and best.loc[("ana", "13_exam"), "passed"]


def test_bad_policy_and_not_a_gradebook(tmp_path):
    path = _book(tmp_path / "g.sqlite3")
    with pytest.raises(gb.GradebookError, match="policy 'worst'"):
        gb.learner_totals(path, policy="worst")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(gb.GradebookError, match="not a course gradebook"):
        gb.responses_frame(other)
    with pytest.raises(gb.GradebookError, match="no gradebook here"):
        gb.responses_frame(tmp_path / "missing.sqlite3")


def test_odd_file_names_open(tmp_path):
    path = _book(tmp_path / "class #1?.sqlite3")
    assert len(gb.responses_frame(path)) == 10
    assert gb.meta(path)["key_hash"] == "k"


def test_the_gradebook_class_owns_reads_and_writes(tmp_path) -> None:
    import re
    from pathlib import Path

    import pandas as pd

    path = _book(tmp_path / "g.sqlite3")
    book = gb.Gradebook(path)
    pd.testing.assert_frame_equal(book.learner_totals("best"), gb.learner_totals(path, "best"))
    assert list(book.learners().columns) == ["learner", "lms_id"]
    assert set(book.banks()["bank"]) == set(gb.banks_frame(path)["bank"])
    with pytest.raises(gb.GradebookError, match="no gradebook here"):
        gb.Gradebook(tmp_path / "missing.sqlite3")
    # one owner: no other module holds SQL against the gradebook's tables
    src = Path(gb.__file__).parents[1]
    owners = {"instructor/gradebook.py"}
    tables = r"\b(?:FROM|INTO|UPDATE|JOIN)\s+(?:learners|banks|items|paper|submissions|sittings|responses|problems)\b"
    strays = [
        str(f.relative_to(src)) for f in src.rglob("*.py")
        if str(f.relative_to(src)) not in owners and not str(f.relative_to(src)).startswith(("classroom/", "records/"))
        and re.search(tables, f.read_text(encoding="utf-8"))
    ]
    assert strays == []
