"""When the progress store cannot be used, the course keeps running and one line says answers are not saved.
Read-only commands never create or move a store, and a mistyped COURSE_PROGRESS_DB is reported."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.grading import correct_response
from course_helpers.records import store as store_module
from course_helpers.records.store import STORE_VERSION, ProgressStore
from tests.attacks.corpus_stores import wrecked_pages


def _folder(path: Path) -> None:
    path.mkdir(parents=True)


def _under_a_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.joinpath("plain-file").write_text("x")
    return path.parent / "plain-file" / "p.sqlite3"


def _future(path: Path) -> None:
    ProgressStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {STORE_VERSION + 1}")
    conn.commit()
    conn.close()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE settings (name TEXT)")
    conn.commit()
    conn.close()


BROKEN: dict[str, Callable[[Path], Path | None]] = {
    "a folder at the path": _folder,
    "a path under a file": _under_a_file,
    "a future user_version": _future,
    "another program's file": _foreign,
}


@pytest.fixture(params=sorted(BROKEN))
def broken_store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "p.sqlite3"
    path.parent.mkdir()
    path = BROKEN[request.param](path) or path
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(path))
    monkeypatch.setattr(store_module, "_shared", None)
    return path


def test_every_notebook_entry_point_keeps_working(
    broken_store: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import IPython.display

    from course_helpers import current_learner, learner_name_form, progress_dashboard, quiz, review, set_learner

    shown: list[object] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))

    assert current_learner()  # falls back to the system user name
    message = set_learner("Sam Rivera")
    assert message.startswith("⚠") and "not being saved" in message
    form = learner_name_form()
    assert "not being saved" in form.children[2].value  # label, row, status, then the keyboard helper
    progress_dashboard()
    assert "cannot be shown" in shown[0].data
    assert review() is not None
    q = quiz("01_the_role")
    assert hasattr(q, "session"), q  # a working quiz, not a notice
    assert "not being saved" in (q.session.save_problem or "")
    question = load_bank("01_the_role").bank.questions[0]
    assert q.answer(question.id, correct_response(question)).correct
    assert "not being saved" in capsys.readouterr().out  # q.answer says so in one line


def test_a_failing_save_is_printed_by_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from course_helpers import quiz

    q = quiz("01_the_role")
    store = store_module.open_store()
    (pages,) = store._conn.execute("PRAGMA page_count").fetchone()
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    question = load_bank("01_the_role").bank.questions[0]
    monkeypatch.setattr(store_module, "_answer_json", lambda answer: "z" * 100_000)
    q.answer(question.id, correct_response(question))
    out = capsys.readouterr().out
    assert "not being saved" in out and "full" in out
    assert len(out.strip().splitlines()) == 1


@pytest.mark.parametrize("verb", [["progress"], ["export", "-o", "out.json"]])
def test_a_mistyped_progress_path_is_reported_not_created(
    verb: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    typo = tmp_path / "progres.sqlite3"
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(typo))
    monkeypatch.chdir(tmp_path)
    assert main(verb) == 1
    assert "typo" in capsys.readouterr().err
    assert not typo.exists() and not list(tmp_path.glob("progres*"))


@pytest.mark.parametrize("verb", [["progress"], ["export", "-o", "out.json"]])
def test_read_only_commands_never_move_a_damaged_store(
    verb: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "p.sqlite3"
    wrecked_pages(path)
    before = path.read_bytes()
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(path))
    monkeypatch.chdir(tmp_path)
    assert main(verb) == 1
    assert "damaged" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))
