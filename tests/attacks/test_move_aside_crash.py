"""Issue 21: a crash between the two renames of a store move-aside lost the answers in its `-wal`.

The damaged file was renamed first; a crash then left its `-wal` (answers not yet checkpointed into the
file) under the live name, beside the fresh store that replaced it, which ignored it. Now the companions
move first, and the next open puts an orphan `-wal` back beside the damaged file and reads it.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest

from course_helpers.records import store as store_module
from course_helpers.records.store import Attempt, ProgressStore
from tests.attacks.corpus_stores import good_store


class Crash(BaseException):
    """The process dies here (a BaseException, so nothing on the way catches it)."""


def _damaged_with_answers_in_its_wal(folder: Path) -> Path:
    """A store whose last 40 answers are only in its -wal, and whose file then has two wrecked pages."""
    live = folder / "live.sqlite3"
    good_store(live, rows=300)  # checkpointed: these are in the file
    path = folder / "p.sqlite3"
    with ProgressStore(live) as store:
        store.record_many([Attempt("ann", "03_code_sets", f"wal{i}", "x", True, 1.0, 1.0, "h") for i in range(40)])
        shutil.copy(live, path)  # what a crash leaves on disk: the file and its -wal, not checkpointed
        shutil.copy(live.with_name(live.name + "-wal"), path.with_name(path.name + "-wal"))
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 4] = b"\xff" * (4096 * 2)  # two pages of the file wrecked
    path.write_bytes(bytes(data))
    return path


def test_a_crash_between_the_renames_loses_no_answer_in_the_wal(tmp_path: Path, monkeypatch) -> None:
    path = _damaged_with_answers_in_its_wal(tmp_path)
    real_rename = os.rename
    calls: list[str] = []

    def crash_on_second_rename(src: str | os.PathLike, dst: str | os.PathLike) -> None:
        calls.append(str(src))
        if len(calls) == 2:
            raise Crash("killed between the two renames")
        real_rename(src, dst)

    monkeypatch.setattr(store_module.os, "rename", crash_on_second_rename)
    with pytest.raises(Crash), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ProgressStore(path)
    monkeypatch.setattr(store_module.os, "rename", real_rename)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with ProgressStore(path) as store:  # the next kernel opens the store
            kept = {a.question for a in store.attempts()}
    assert {f"wal{i}" for i in range(40)} <= kept, f"{len({q for q in kept if q.startswith('wal')})} of 40 kept"
