"""`course-helpers lab`: the kernel is registered for this Python, lessons are copied out without overwriting,
JupyterLab is started with --allow-root as root, and a missing [lab] profile is one line with the pip line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.commands import lab
from tests.paths import REPO


def test_the_kernel_is_registered_for_this_python(tmp_path: Path) -> None:
    lab.register_kernel(prefix=tmp_path)
    spec = json.loads((tmp_path / "share/jupyter/kernels/inpatient-coder/kernel.json").read_text(encoding="utf-8"))
    assert spec["argv"][0] == sys.executable and spec["display_name"] == lab.KERNEL_DISPLAY


def test_lessons_are_copied_once_and_a_learners_file_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./notebooks here: the lessons come from the installed package
    folder, copied = lab.lessons_folder(None, home=tmp_path)
    lessons = list((REPO / "notebooks").rglob("*.ipynb"))
    assert folder == tmp_path / lab.COPY_FOLDER and copied == len(lessons)
    mine = folder / lab.FIRST_LESSON
    mine.write_text("my notes", encoding="utf-8")
    assert lab.lessons_folder(None, home=tmp_path) == (folder, 0)
    assert mine.read_text(encoding="utf-8") == "my notes"


def test_a_checkout_opens_its_own_notebooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert lab.lessons_folder(None) == (REPO / "notebooks", 0)


def test_root_gets_allow_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    args = argparse.Namespace(no_browser=True, port=8899, jupyter_args=["--", "--x=1"])
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0, raising=False)
    command = lab.jupyter_command(tmp_path, args)
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert {"--allow-root", "--no-browser", "--port=8899", "--x=1"} <= set(command)
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000, raising=False)
    assert "--allow-root" not in lab.jupyter_command(tmp_path, args)


def test_a_missing_lab_profile_is_one_line_with_the_pip_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "jupyterlab" else real(name, *a))
    assert main(["lab", "--no-browser"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "[lab]" in err and "-m pip install" in err, err


def test_a_folder_without_lessons_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lab", "--folder", str(tmp_path)]) == 1
    assert f"{tmp_path} has no 00_start_here.ipynb" in capsys.readouterr().err
