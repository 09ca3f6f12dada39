"""`course-helpers export -o` at devices, FIFOs, symlinks and folders: refused unless --force; failed writes exit 1."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.records.store import Attempt, open_store
from course_helpers.records.submission import read_submission


@pytest.fixture(autouse=True)
def some_progress() -> None:
    open_store().record(Attempt("sam", "01_the_role", "q1", 1, True, 1.0, 1.0, "h"))


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A device that refuses every write, as /dev/full does.

    As root, a private copy of /dev/full (character device 1,7) is made in the test's folder: code that
    wrongly replaces the device (the bug this file tests for) then replaces only the copy; run as root
    against /dev/full itself, the pre-fix code replaced the machine's /dev/full with a regular file.
    Without root, /dev/full is used, which a non-root process cannot replace."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        node = tmp_path / "full"
        try:
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        except OSError:
            pytest.skip("cannot make a device node here")
        return node
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    return Path("/dev/full")


def test_dev_full_is_refused_and_stays_a_device(full_device: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--learner", "sam", "-o", str(full_device)]) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat(full_device).st_mode)


def test_a_failed_write_exits_non_zero(full_device: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--learner", "sam", "-o", str(full_device), "--force"]) == 1
    assert "cannot write" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat(full_device).st_mode)


def test_a_symlink_is_refused_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    real = tmp_path / "notes.txt"
    real.write_text("my notes")
    link = tmp_path / "results.json"
    link.symlink_to(real)
    assert main(["export", "--learner", "sam", "-o", str(link)]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and real.read_text() == "my notes"


@pytest.mark.skipif(sys.platform == "win32", reason="needs mkfifo")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    fifo = tmp_path / "results.json"
    os.mkfifo(fifo)
    assert main(["export", "--learner", "sam", "-o", str(fifo)]) == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_folder_is_refused_with_a_file_name_hint(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--learner", "sam", "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


# A guard, not a regression test (it passed before the fix): refusing devices keeps the ordinary case atomic.
def test_a_regular_file_is_replaced_whole_and_no_temp_file_is_left(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    out.write_text("old")
    assert main(["export", "--learner", "sam", "-o", str(out)]) == 0
    assert read_submission(out).learner == "sam"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]
