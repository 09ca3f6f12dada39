"""The grader's hot loop takes shortcuts (a per-minute time prefix, memo keys built inline); they change nothing."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from course_helpers.instructor.regrade import _utc_text, grade_submissions
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import simulate_class
from course_helpers.quizzing.grading import grade


def test_times_and_memoised_grades_are_what_the_slow_path_gives(tmp_path: Path, course_key: Path) -> None:
    key = load_key(course_key)
    made = simulate_class(key, tmp_path / "subs", 12, seed=21, tamper=False)
    name, path = next(iter(made.files.items()))
    doc = json.loads(path.read_text())
    times = [
        "2026-03-02T09:00:20Z",  # whole second
        "2026-03-02T09:00:20.5Z",  # the same minute, a fraction
        "2026-03-02T09:00:59.000001Z",
        "2026-03-02T11:01:00+02:00",  # an offset: converted to UTC (09:01:00Z)
        "2026-03-02T09:01:00.25-05:30",  # another minute, another offset
        "2026-12-31T23:59:59.999999Z",
    ]
    for attempt, when in zip(doc["attempts"], times, strict=False):
        attempt["at"] = when
    doc["exported_at"] = "2027-01-01T00:00:00Z"
    questions = {(b.id, q.id): q for b in key.banks.values() for q in b.questions}
    multi = next(a for a in doc["attempts"] if questions[(a["bank"], a["question"])].type == "multiple_select")
    nested = dict(multi, answer=[["not", "flat"]], at="2026-03-03T10:00:00Z")
    flags = next(a for a in doc["attempts"] if questions[(a["bank"], a["question"])].type == "true_false")
    as_true = dict(flags, answer=True, at="2026-03-03T10:00:01Z")
    as_number = dict(flags, answer=1, at="2026-03-03T10:00:02Z")  # 1 == True in Python; not the same answer
    doc["attempts"] += [dict(multi, at="2026-03-03T09:59:00Z"), nested, as_true, as_number]
    path.write_text(json.dumps(doc))
    book = tmp_path / "gb.sqlite3"
    report = grade_submissions(made.folder, course_key, book, progress=False)
    with closing(sqlite3.connect(book)) as conn:
        rows = conn.execute(
            "SELECT r.submitted_at, r.score, r.answer FROM responses r JOIN learners l ON l.id = r.learner_id "
            "WHERE l.learner = ? ORDER BY r.id",
            (name,),
        ).fetchall()
    expected = [_utc_text(datetime.fromisoformat(a["at"].replace("Z", "+00:00"))) for a in doc["attempts"]]
    assert [r[0] for r in rows] == expected
    assert expected[3] == "2026-03-02T09:01:00.000000Z" and expected[4] == "2026-03-02T14:31:00.250000Z"
    for (_, score, answer), attempt in zip(rows, doc["attempts"], strict=True):
        question = questions[(attempt["bank"], attempt["question"])]
        try:
            want = grade(question, attempt["answer"]).points
        except Exception:  # noqa: BLE001 - an answer of the wrong kind scores 0
            want = 0.0
        assert score == want, attempt
        assert json.loads(answer) == attempt["answer"]
    assert any(p.kind == "invalid answer" and p.learner == name for p in report.problems)
