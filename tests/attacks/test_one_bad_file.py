"""Issue 21: one hostile hand-in never stops a class. Each file below aborted `grade` with a traceback (and no
gradebook) on the code before the fix; now it is one problem line and every other learner is graded."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from course_helpers.cli import main
from course_helpers.instructor import gradebook as gb
from course_helpers.instructor.regrade import grade_submissions
from course_helpers.instructor.release import load_key, release
from course_helpers.instructor.simulate import simulate_class


@pytest.fixture(scope="module")
def course_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release(tmp_path_factory.mktemp("course")).key_path


@pytest.fixture(scope="module")
def generated_class(tmp_path_factory: pytest.TempPathFactory, course_key: Path) -> Any:
    return simulate_class(load_key(course_key), tmp_path_factory.mktemp("class") / "subs", 4, seed=3, tamper=False)


def _far_future(d: dict[str, Any]) -> str:
    d["exported_at"] = "9999-12-31T23:59:59-23:59"  # past what UTC can hold: OverflowError when converted
    d["attempts"][0]["at"] = "9999-12-31T23:59:59-23:59"
    return json.dumps(d)


def _long_number(d: dict[str, Any]) -> str:
    d["attempts"][0]["answer"] = "NUMBER"
    return json.dumps(d).replace('"NUMBER"', "7" * 5000)  # past Python's 4,300-digit int limit


def _deep_answer(d: dict[str, Any]) -> str:
    d["attempts"][0]["answer"] = "DEEP"
    return json.dumps(d).replace('"DEEP"', "[" * 1000 + "]" * 1000)  # RecursionError in json


def _lone_surrogate(d: dict[str, Any]) -> str:
    d["learner"] = "SURR"
    return json.dumps(d).replace('"SURR"', '"ann\\ud800"')  # cannot be encoded as UTF-8 (sqlite, print)


def _lone_surrogate_answer(d: dict[str, Any]) -> str:
    d["attempts"][0]["answer"] = "SURR"
    return json.dumps(d).replace('"SURR"', '"\\udfff"')


HOSTILE: dict[str, Callable[[dict[str, Any]], str]] = {
    "answer time 9999-12-31T23:59:59-23:59": _far_future,
    "5,000-digit number": _long_number,
    "answer nested 1,000 deep": _deep_answer,
    "learner id with a lone surrogate": _lone_surrogate,
    "answer with a lone surrogate": _lone_surrogate_answer,  # a guard: held before the fix (scored 0)
}


@pytest.fixture
def honest_files(generated_class) -> list[Path]:
    return [generated_class.files[name] for name in list(generated_class.untouched)[:3]]


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_one_hostile_file_is_a_problem_line_and_the_class_is_graded(
    attack: str, honest_files: list[Path], course_key: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in honest_files:
        (folder / path.name).write_bytes(path.read_bytes())
    data = json.loads(honest_files[0].read_text())
    (folder / "zz-evil.json").write_text(HOSTILE[attack](data), encoding="utf-8")
    out = tmp_path / "g.sqlite3"
    report = grade_submissions([folder], course_key, out, progress=False)
    assert report.graded == 3
    (problem,) = [p for p in report.problems if p.source.endswith("zz-evil.json")]
    assert problem.kind in {"not JSON", "not a submission"} and "\n" not in problem.message
    assert gb.responses_frame(out)["learner"].nunique() == 3


def test_the_cli_prints_the_problem_and_writes_the_gradebook(
    honest_files: list[Path], course_key: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_bytes(honest_files[0].read_bytes())
    (folder / "evil.json").write_text(_far_future(json.loads(honest_files[1].read_text())))
    status = main(["grade", str(folder), "--key", str(course_key), "-o", str(tmp_path / "g.sqlite3")])
    out = capsys.readouterr()
    assert status == 0 and "Traceback" not in out.err and "Graded 1 learner(s)" in out.out
    assert "evil.json" in out.out


def test_a_zip_member_over_the_submission_limit_is_refused_before_it_is_read(
    course_key: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 7.6 MB zip with one 400 MB member drove `grade` to 3.4 GB: members are capped at 5 MB now (checked
    while reading, whatever the zip's header claims). Shown here with a 60 MB member that compresses well."""
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.json", b'{"format": "' + b" " * (60 << 20) + b'"}')
    read_sizes: list[int] = []
    real_open = zipfile.ZipFile.open

    def spying_open(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        real_read = handle.read

        def read(n: int = -1) -> bytes:
            data = real_read(n)
            read_sizes.append(len(data))
            return data

        handle.read = read  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(zipfile.ZipFile, "open", spying_open)
    report = grade_submissions([archive], course_key, tmp_path / "g.sqlite3", progress=False)
    assert [p.kind for p in report.problems] == ["too large"]
    assert sum(read_sizes) <= 5_000_001  # nothing past the cap was read into memory


@pytest.mark.skipif(sys.platform == "win32", reason="needs mkfifo")
def test_a_fifo_among_the_submissions_is_refused_not_read(
    honest_files: list[Path], course_key: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_bytes(honest_files[0].read_bytes())
    os.mkfifo(folder / "stuck.json")  # reading it would wait for a writer forever
    report = grade_submissions([folder], course_key, tmp_path / "g.sqlite3", progress=False)
    assert report.graded == 1 and [p.kind for p in report.problems] == ["not a file"]


def test_from_db_survives_a_hostile_hand_in_already_stored(
    honest_files: list[Path], course_key: Path, tmp_path: Path
) -> None:
    """The service stored `9999-12-31T23:59:59-23:59` before the fix: `grade --from-db` died with OverflowError
    and nobody was graded. Rows written straight into the service's table, as the old service did."""
    pytest.importorskip("sqlalchemy")
    from course_helpers.classroom.hand_ins import grade_hand_ins
    from course_helpers.classroom.storage import SubmissionStore

    db = tmp_path / "subs.sqlite"
    with SubmissionStore(f"sqlite:///{db}") as store:
        store.add("ann", honest_files[0].read_text().replace(json.loads(honest_files[0].read_text())["learner"], "ann"))
        store.add("eve", _far_future(json.loads(honest_files[1].read_text())))
    report = grade_hand_ins(course_key, tmp_path / "g.sqlite3", db_url=f"sqlite:///{db}")
    assert report.graded == 1
    assert [p.kind for p in report.problems if "eve" in p.source] == ["not a submission"]


def test_from_db_on_a_damaged_database_is_one_line(course_key: Path, tmp_path: Path, capsys) -> None:
    """Only OperationalError was caught: a file that is not a database gave a traceback."""
    pytest.importorskip("sqlalchemy")
    db = tmp_path / "subs.sqlite"
    db.write_bytes(b"not a database at all" * 500)
    status = main(["grade", "--from-db", f"sqlite:///{db}", "--key", str(course_key), "-o", str(tmp_path / "g")])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err and err.count("\n") == 1
    assert "cannot read submissions" in err
    with pytest.raises(sqlite3.DatabaseError):  # the file really is unreadable, not merely locked
        sqlite3.connect(db).execute("SELECT 1 FROM course_submissions")
