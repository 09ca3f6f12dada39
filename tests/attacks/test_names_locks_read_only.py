"""Points of issue 9 the first round left untested: an unusable JUPYTERHUB_USER, a bad learner= name, a lock
held by another process when the store is opened, and a store that SQLite can only read.

This machine runs as root, so a read-only file or folder cannot be made with chmod: SQLite is made to open
the store read-only (`?mode=ro`), which gives the real "attempt to write a readonly database" error, and a
read-only folder is the PermissionError the operating system raises."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import time
import warnings
from pathlib import Path

import pytest

from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.grading import correct_response
from course_helpers.records import learner as learner_module
from course_helpers.records import store as store_module
from course_helpers.records import store_lock as lock_module
from course_helpers.records.learner import current_learner, set_learner
from course_helpers.records.store import Attempt, ProgressError, ProgressStore, open_store
from course_helpers.records.store_lock import store_lock

# -- JUPYTERHUB_USER ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [("\x1b[2Jroot", "\\x1b[2Jroot"), ("ann\nbob", "ann\\nbob"), ("x" * 80, "x" * 40 + "...")],
)
def test_an_unusable_hub_user_is_ignored_with_one_line_once(
    value: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learner_module, "_noticed", set(), raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", value)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        set_learner("Sam Rivera")  # the name saved in lesson 00 is used instead
        assert current_learner() == "Sam Rivera"
        assert current_learner() == "Sam Rivera"
    notices = [str(w.message) for w in caught]
    assert len(notices) == 1  # once per process, not on every call
    (notice,) = notices
    assert "\n" not in notice and notice.isprintable()
    assert f"JUPYTERHUB_USER is '{shown}'" in notice and "ignored" in notice
    assert value not in open_store().learners()


def test_a_usable_hub_user_gives_no_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "srivera")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert current_learner() == "srivera"


# -- quiz(learner=<bad name>) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("", "empty"), ("\x1b[2Jroot", "control character"), ("x" * 65, "at most 64"), (42, "text")],
)
@pytest.mark.parametrize("opener", ["quiz", "review"])
def test_a_bad_learner_name_is_a_one_line_notice_and_nothing_is_stored(
    opener: str, name: object, fragment: str, capsys: pytest.CaptureFixture
) -> None:
    import course_helpers

    result = (
        course_helpers.quiz("01_the_role", learner=name) if opener == "quiz" else course_helpers.review(learner=name)
    )
    text = repr(result)
    assert not hasattr(result, "session") and text.startswith("⚠") and fragment in text
    assert "\n" not in text and "\x1b" not in text and "\x1b" not in result._repr_html_()
    question = load_bank("01_the_role").bank.questions[0]
    result.answer(question.id, correct_response(question))  # answering the notice only repeats it
    assert capsys.readouterr().out.strip() == text
    assert open_store().count() == 0 and open_store().learners() == []


# -- a lock held by another process when the store is opened --------------------------------------------


def _hold_store_lock(path: str, ready: mp.synchronize.Event) -> None:
    with store_lock(Path(path), exclusive=True, timeout=5):  # a kernel stuck while opening the store
        ready.set()
        time.sleep(120)


def _hold_sqlite_lock(path: str, ready: mp.synchronize.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # another program keeps the whole file to itself
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO settings VALUES ('held', 'yes')")
    ready.set()
    time.sleep(120)


@pytest.fixture(params=["the store's lock", "an SQLite lock"])
def held(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).close()
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(path))
    monkeypatch.setattr(store_module, "_shared", None)
    monkeypatch.setattr(store_module, "_failed", None, raising=False)
    target = _hold_store_lock if request.param == "the store's lock" else _hold_sqlite_lock
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=target, args=(str(path), ready))
    holder.start()
    try:
        assert ready.wait(60)
        yield path
    finally:
        holder.kill()
        holder.join()


SHORT_WAIT = store_module.BUSY_TIMEOUT_MS / 1000


def test_opening_a_store_held_by_another_process_is_reported_within_the_short_wait(held: Path) -> None:
    began = time.monotonic()
    with pytest.raises(ProgressError, match=r"locked by another program \(waited 5 s\)") as caught:
        ProgressStore(held)
    assert time.monotonic() - began < SHORT_WAIT + 3
    assert "\n" not in str(caught.value)


def test_quiz_waits_once_then_works_and_says_answers_are_not_saved(held: Path, capsys: pytest.CaptureFixture) -> None:
    from course_helpers import quiz

    began = time.monotonic()
    q = quiz("01_the_role")
    assert time.monotonic() - began < SHORT_WAIT + 3  # one short wait, not one per store call (30 s before)
    assert hasattr(q, "session") and "locked by another program" in (q.session.save_problem or "")
    question = load_bank("01_the_role").bank.questions[0]
    began = time.monotonic()
    assert q.answer(question.id, correct_response(question)).correct
    assert time.monotonic() - began < 2  # answering does not wait again
    out = capsys.readouterr().out
    assert "not being saved" in out and len(out.strip().splitlines()) == 1


# -- a store SQLite can only read (read-only file or folder) ------------------------------------------


@pytest.fixture
def read_only_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An existing store that every connection opens with ?mode=ro, as SQLite does for a read-only file."""
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).close()
    real_connect = sqlite3.connect

    def connect_read_only(database, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - sqlite3.connect's own
        if not kwargs.get("uri"):
            database, kwargs["uri"] = f"file:{Path(database).resolve()}?mode=ro", True
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", connect_read_only)
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(path))
    monkeypatch.setattr(store_module, "_shared", None)
    return path


def test_a_read_only_store_is_one_line_that_says_so(read_only_sqlite: Path) -> None:
    store = ProgressStore(read_only_sqlite)
    with pytest.raises(ProgressError) as caught:
        store.record(Attempt("ann", "b", "q", 1, True, 1.0, 1.0, "h"))
    message = str(caught.value)
    assert "cannot be written (read-only file or folder)" in message and "COURSE_PROGRESS_DB" in message
    assert "\n" not in message and "attempt to write" not in message
    store.close()


def test_with_a_read_only_store_the_quiz_works_and_says_so(read_only_sqlite: Path, capsys) -> None:
    from course_helpers import quiz

    assert set_learner("Sam Rivera").startswith("⚠ Your name was not saved")
    q = quiz("01_the_role")
    question = load_bank("01_the_role").bank.questions[0]
    assert q.answer(question.id, correct_response(question)).correct
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1 and "not being saved" in out and "read-only" in out


def test_a_read_only_folder_is_one_line_that_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = lock_module.os.open

    def refuse(path, flags, *args):  # noqa: ANN001, ANN002 - what a folder without write permission does
        if str(path).endswith(".lock") and flags & lock_module.os.O_CREAT:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(lock_module.os, "open", refuse)
    with pytest.raises(ProgressError, match=r"cannot be written \(read-only file or folder\)") as caught:
        ProgressStore(tmp_path / "p.sqlite3")
    assert "\n" not in str(caught.value)
