"""Issue 21: writes that destroyed what was there, and commands that hung, crashed or overwrote devices.

Each test failed on the code before the fix (see the issue): `grade -o DEVICE --force` replaced the device,
two `grade --force` runs shared one `.partial`, a full disk truncated a good export, a FIFO argument hung
the command, an unexpected error printed a traceback, and `--workers` had no bound.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from course_helpers.cli import build_parser, main
from course_helpers.instructor import gradebook as gb
from course_helpers.instructor.regrade import grade_submissions
from course_helpers.instructor.release import load_key, release
from course_helpers.instructor.simulate import simulate_class

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="device nodes, FIFOs and rlimits are POSIX")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    key = release(tmp_path_factory.mktemp("course")).key_path
    folder = tmp_path_factory.mktemp("class") / "subs"
    simulate_class(load_key(key), folder, 6, seed=5, tamper=False)
    book = tmp_path_factory.mktemp("book") / "g.sqlite3"
    grade_submissions([folder], key, book, progress=False)
    return {"key": key, "folder": folder, "book": book}


def _device(tmp_path: Path) -> Path:
    """A private character device (a copy of /dev/null's numbers) that a buggy writer could replace."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    node = tmp_path / "device"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def test_grade_force_never_replaces_a_device(course: dict[str, Path], tmp_path: Path, capsys) -> None:
    node = _device(tmp_path)
    status = main(["grade", str(course["folder"]), "--key", str(course["key"]), "-o", str(node), "--force"])
    assert status == 1 and "a device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_grade_force_never_writes_through_a_symlink(course: dict[str, Path], tmp_path: Path, capsys) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's file")
    link = tmp_path / "g.sqlite3"
    link.symlink_to(elsewhere)
    status = main(["grade", str(course["folder"]), "--key", str(course["key"]), "-o", str(link), "--force"])
    assert status == 1 and "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and elsewhere.read_text() == "someone else's file"


def test_problems_csv_never_replaces_a_fifo(course: dict[str, Path], tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "problems.csv"
    os.mkfifo(fifo)
    argv = ["grade", str(course["folder"]), "--key", str(course["key"]), "-o", str(tmp_path / "g.sqlite3"),
            "--problems", str(fifo), "--force"]
    assert main(argv) == 1 and "FIFO" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and not (tmp_path / "g.sqlite3").exists()


def test_two_grade_runs_on_one_output_never_mix(
    course: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run is held just before it finishes; a second run on the same output must refuse at once
    (one line) and the first must still finish with its own result."""
    out = tmp_path / "g.sqlite3"
    held, release_first = threading.Event(), threading.Event()
    real_finish = gb.finish

    def slow_finish(conn: Any) -> None:
        if threading.current_thread().name == "first":
            held.set()
            release_first.wait(60)
        real_finish(conn)

    monkeypatch.setattr(gb, "finish", slow_finish)
    result: dict[str, Any] = {}

    def first() -> None:
        try:
            result["report"] = grade_submissions([course["folder"]], course["key"], out, progress=False, force=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            result["error"] = exc

    thread = threading.Thread(target=first, name="first")
    thread.start()
    assert held.wait(60)
    one = sorted(course["folder"].glob("*.json"))[:1]
    with pytest.raises(Exception, match="another run is writing") as caught:
        grade_submissions(one, course["key"], out, progress=False, force=True)
    assert "\n" not in str(caught.value)
    release_first.set()
    thread.join(60)
    assert "error" not in result, result.get("error")
    assert gb.responses_frame(out)["learner"].nunique() == 6  # the big run's result, not the small one's
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def _limited(limit: int) -> None:  # runs in the child before exec: files may not grow past `limit` bytes
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def _cli(argv: list[str], limit: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    code = "from course_helpers.cli import main; raise SystemExit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=timeout,
        preexec_fn=(lambda: _limited(limit)) if limit else None,  # noqa: PLW1509 - test only, no threads
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )


def test_a_full_disk_leaves_the_old_export_whole(course: dict[str, Path], tmp_path: Path) -> None:
    """A file-size limit makes every write past 2,000 bytes fail as a full disk does (EFBIG/ENOSPC)."""
    out = tmp_path / "grades.csv"
    old = "learner,score\n" + "ann,10\n" * 500  # a good export from earlier, 3.5 KB
    out.write_text(old)
    done = _cli(["gradebook", "export", str(course["book"]), "--to", "csv", "-o", str(out), "--force"],
                limit=300)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert out.read_text() == old  # whole, not truncated
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]  # no partial file, no lock file left


def test_a_full_disk_while_grading_leaves_the_old_gradebook_whole(course: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "g.sqlite3"
    out.write_bytes(course["book"].read_bytes())
    before = out.read_bytes()
    done = _cli(["grade", str(course["folder"]), "--key", str(course["key"]), "-o", str(out), "--force"],
                limit=60_000)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1 and "full" in done.stderr
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_full_disk_while_writing_feedback_is_one_line(course: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "feedback"
    done = _cli(["feedback", "--gradebook", str(course["book"]), "--key", str(course["key"]), "-o", str(folder)],
                limit=2_000)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert [p.name for p in folder.iterdir() if p.name.endswith(".partial")] == []


@pytest.mark.parametrize("where", ["--key", "--gradebook"])
def test_a_fifo_argument_is_refused_at_once(course: dict[str, Path], tmp_path: Path, where: str) -> None:
    fifo = tmp_path / "stuck"
    os.mkfifo(fifo)
    if where == "--key":
        argv = ["grade", str(course["folder"]), "--key", str(fifo), "-o", str(tmp_path / "g.sqlite3")]
    else:
        argv = ["feedback", "--gradebook", str(fifo), "--key", str(course["key"]), "-o", str(tmp_path / "fb")]
    try:
        done = _cli(argv, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{argv[0]} waited on a FIFO (a hang) instead of refusing it")
    assert done.returncode == 1 and "FIFO" in done.stderr and done.stderr.count("\n") == 1


def test_an_unexpected_error_is_one_line_and_a_log(monkeypatch: pytest.MonkeyPatch, capsys, isolated_user_dirs) -> None:
    from course_helpers.commands import schema

    def broken(args: Any) -> int:
        raise RuntimeError("a bug the authors did not foresee")

    monkeypatch.setattr(schema, "run", broken)
    assert main(["schema"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "unexpected error (RuntimeError)" in err
    log = Path(err.split("the details are in ", 1)[1].split(";", 1)[0])
    assert "a bug the authors did not foresee" in log.read_text() and "Traceback" in log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert str(isolated_user_dirs) in str(log)  # under the (test's) cache folder, not the real home


@pytest.mark.parametrize("workers", ["0", "100000", "-3", "two"])
def test_workers_is_bounded(workers: str) -> None:
    parser = build_parser(only="grade")
    with pytest.raises(SystemExit) as caught:
        parser.parse_args(["grade", "x.json", "--key", "k", "-o", "g", "--workers", workers])
    assert caught.value.code == 2


def test_one_error_boundary_not_one_handler_per_command() -> None:
    """One boundary in cli.main: no command module catches an input error only to print it and exit 1."""
    import inspect
    import re

    from course_helpers.cli import VERBS

    handler = re.compile(r"except \(?[\w, ]*Error[\w, ]*\)?(?: as \w+)?:\n\s+print\(f?\"course-helpers")
    repeated = []
    for module_name in VERBS.values():
        module = __import__(f"course_helpers.commands.{module_name}", fromlist=["run"])
        if handler.search(inspect.getsource(module)):
            repeated.append(module_name)
    assert repeated == []


def test_a_full_disk_during_release_is_one_line_and_leaves_no_partial_release(tmp_path: Path) -> None:
    out = tmp_path / "release"
    done = _cli(["release", "--out", str(out)], limit=20_000)  # the key (about 100 KB) cannot be written
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    left = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.endswith(".lock")]
    assert left == []  # no staging folder, no temp file, no learners' banks without their key
