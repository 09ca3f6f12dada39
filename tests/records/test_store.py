"""The progress store: round trips, settings, sittings, and what happens to a bad file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from course_helpers.records import store as progress
from course_helpers.records.store import Attempt, ProgressError, ProgressStore, default_path, open_store

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def make(question: str = "q1", correct: bool = True, at: datetime | None = T0, **kw: object) -> Attempt:
    fields = dict(
        learner="sam",
        bank="02_responsibilities",
        question=question,
        answer="A",
        correct=correct,
        points=1.0 if correct else 0.0,
        max_points=1.0,
        bank_hash="abc123",
        at=at,
    )
    fields.update(kw)
    return Attempt(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    with ProgressStore(tmp_path / "p.sqlite3") as s:
        yield s


def test_default_path_follows_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(tmp_path / "class" / "room.db"))
    assert default_path() == tmp_path / "class" / "room.db"


def test_default_path_without_the_variable_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("COURSE_PROGRESS_DB")
    assert default_path() == Path(user_data_dir("inpatient-coder-course", appauthor=False)) / "progress.sqlite3"


def test_an_attempt_round_trips_with_every_field(store: ProgressStore) -> None:
    attempt = make(answer=["B", "C"], session="s1", points=0.5, max_points=2.0)
    store.record(attempt)
    assert store.attempts() == [attempt]


def test_a_missing_time_means_now(store: ProgressStore) -> None:
    before = datetime.now(UTC)
    store.record(make(at=None))
    (saved,) = store.attempts()
    assert saved.at is not None and before <= saved.at <= datetime.now(UTC)


def test_attempts_are_oldest_first_and_filter_by_learner_and_bank(store: ProgressStore) -> None:
    store.record(make("late", at=T0 + timedelta(hours=1)))
    store.record(make("early", at=T0))
    store.record(make("other", learner="kim"))
    store.record(make("quiz3", bank="03_code_sets"))
    assert [a.question for a in store.attempts(learner="sam")] == ["early", "quiz3", "late"]
    assert [a.question for a in store.attempts(learner="sam", bank="02_responsibilities")] == [
        "early",
        "late",
    ]
    assert [a.question for a in store.attempts(bank="03_code_sets")] == ["quiz3"]
    assert store.count() == 4 and store.count("kim") == 1


def test_times_from_other_zones_are_stored_in_utc_and_compare_correctly(store: ProgressStore) -> None:
    plus_five = datetime(2026, 3, 1, 18, 0, tzinfo=timezone(timedelta(hours=5)))  # 13:00 UTC
    store.record(make("zoned", at=plus_five))
    store.record(make("utc", at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC)))
    assert [a.question for a in store.attempts()] == ["utc", "zoned"]
    assert store.attempts()[1].at == plus_five


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"at": datetime(2026, 3, 1)}, "no timezone"),
        ({"answer": {1, 2}}, "cannot be saved"),
        ({"answer": float("nan")}, "cannot be saved"),
        ({"learner": "  "}, "learner must be non-empty"),
        ({"points": float("inf")}, "points must be a finite number"),
    ],
)
def test_bad_attempts_are_refused_with_a_clear_message(store: ProgressStore, changes: dict, fragment: str) -> None:
    with pytest.raises(ProgressError, match=fragment):
        store.record(make(**changes))
    assert store.count() == 0


def test_settings_are_saved_and_overwritten(store: ProgressStore) -> None:
    assert store.get_setting("learner") is None
    store.set_setting("learner", "Sam")
    store.set_setting("learner", "Sam Rivera")
    assert store.get_setting("learner") == "Sam Rivera"


def test_finished_sessions_count_each_sitting_once(store: ProgressStore) -> None:
    store.finish_session("sam", "13_final_exam", "s1", 8, 10, True)
    store.finish_session("sam", "13_final_exam", "s1", 8, 10, True)  # a double click
    store.finish_session("sam", "13_final_exam", "s2", 5, 10, False)
    store.finish_session("kim", "13_final_exam", "s3", 5, 10, False)
    assert store.finished_sessions("sam", "13_final_exam") == 2
    assert store.finished_sessions("sam", "02_responsibilities") == 0
    assert [(s.session, s.passed) for s in store.sessions("sam")] == [("s1", True), ("s2", False)]
    assert store.learners() == ["kim", "sam"]


def test_data_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as first:
        first.record(make())
        first.set_setting("learner", "sam")
    with ProgressStore(path) as second:
        assert second.attempts() == [make()]
        assert second.get_setting("learner") == "sam"


def test_the_store_uses_wal_and_a_busy_timeout(store: ProgressStore) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == progress.BUSY_TIMEOUT_MS


def test_a_file_that_is_not_a_database_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    junk = b"these are my lecture notes, not a database\n" * 200
    path.write_bytes(junk)
    with pytest.warns(RuntimeWarning, match="moved to p.sqlite3.corrupt-") as caught:
        store = ProgressStore(path)
    assert len(str(caught[0].message).splitlines()) == 1
    (aside,) = [p for p in tmp_path.glob("p.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == junk
    store.record(make())
    assert store.count() == 1
    store.close()


def test_a_damaged_database_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path) as store:
        store.record_many([make(f"q{i}", answer="x" * 200) for i in range(300)])
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 4] = b"\xff" * (page * 2)  # wreck two pages in the middle
    path.write_bytes(bytes(data))
    with pytest.warns(RuntimeWarning, match="could not be read") as caught:
        fresh = ProgressStore(path)
    # the rows on the pages that survive are copied into the fresh store, and the message says how many
    recovered = fresh.attempts()
    assert 0 < len(recovered) < 300 or fresh.recovered == len(recovered)
    assert all(a.answer == "x" * 200 for a in recovered)
    assert f"{len(recovered)} answers" in str(caught[0].message)
    (aside,) = [p for p in tmp_path.glob("p.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == bytes(data)
    fresh.close()


def test_moving_aside_twice_in_a_second_keeps_both_files(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    for text in (b"first junk " * 100, b"second junk " * 100):
        path.write_bytes(text)
        with pytest.warns(RuntimeWarning):
            ProgressStore(path).close()
        path.unlink(missing_ok=True)
        for side in tmp_path.glob("p.sqlite3-*"):
            side.unlink()
    assert sorted(p.read_bytes()[:5] for p in tmp_path.glob("p.sqlite3.corrupt-*")) == [b"first", b"secon"]


def test_another_programs_database_is_refused_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(ProgressError, match="another program's database"):
        ProgressStore(path)
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {progress.STORE_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(ProgressError, match="newer course-helpers"):
        ProgressStore(path)


def test_open_store_is_shared_and_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(tmp_path / "a.db"))
    first = open_store()
    assert open_store() is first
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(tmp_path / "b.db"))
    second = open_store()
    assert second is not first and second.path == tmp_path / "b.db"
