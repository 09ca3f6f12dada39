"""`course-helpers lab`: set up the course's kernel and open lesson 00 in JupyterLab; needs only Python.

The one set-up step a learner runs after `pip install`, on Linux, macOS and Windows alike (no make, no
bash). `make lab` is a thin wrapper over it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from course_helpers.errors import CourseInputError
from course_helpers.install_profile import require
from course_helpers.package_files import shipped_folder

KERNEL_NAME = "inpatient-coder"
"""The kernel every lesson names in its metadata."""
KERNEL_DISPLAY = "Inpatient Coder Course (Python 3)"
FIRST_LESSON = "00_start_here.ipynb"
COPY_FOLDER = "inpatient-coder-course"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `lab` verb."""
    parser = subparsers.add_parser(
        "lab",
        help="register the course's kernel and open lesson 00 in JupyterLab",
        description="Register the course's Jupyter kernel and open lesson 00 in JupyterLab. Outside a copy of "
        "the course, the lessons are first copied to a folder of yours (files you already have are kept).",
    )
    parser.add_argument(
        "--folder",
        type=Path,
        help="the lessons' folder (default: ./notebooks in a copy of the course, else "
        f"~/{COPY_FOLDER}, where the lessons are copied on first use)",
    )
    parser.add_argument("--kernel-only", action="store_true", help="register the kernel and stop (for images, make)")
    parser.add_argument("--no-browser", action="store_true", help="start the server without opening a browser")
    parser.add_argument("--port", type=int, help="port for JupyterLab (default: JupyterLab's, 8888)")
    parser.add_argument("jupyter_args", nargs=argparse.REMAINDER, help="after --: more options for `jupyter lab`")
    parser.set_defaults(run=run)


def register_kernel(prefix: Path | None = None) -> None:
    """Install the course's kernel spec for this Python: under `prefix`, else in the venv, else for the user."""
    if prefix is not None:
        where = ["--prefix", str(prefix)]
    else:
        where = ["--sys-prefix"] if os.access(sys.prefix, os.W_OK) else ["--user"]
    command = [sys.executable, "-m", "ipykernel", "install", *where, "--name", KERNEL_NAME,
               "--display-name", KERNEL_DISPLAY]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise CourseInputError(f"could not register the kernel {KERNEL_NAME!r}: {last}")


def lessons_folder(folder: Path | None, home: Path | None = None) -> tuple[Path, int]:
    """The folder to open and how many lesson files were copied into it (0 when nothing was copied)."""
    if folder is not None:
        if not (folder / FIRST_LESSON).is_file():
            raise CourseInputError(f"{folder} has no {FIRST_LESSON}: give the course's notebooks folder")
        return folder, 0
    here = Path.cwd() / "notebooks"
    if (here / FIRST_LESSON).is_file():
        return here, 0
    source = shipped_folder("lessons")
    if not (source / FIRST_LESSON).is_file():
        raise CourseInputError(f"the lessons are not in this installation (looked in {source}); use --folder")
    target = (home or Path.home()) / COPY_FOLDER
    copied = 0
    for lesson in sorted(source.rglob("*.ipynb")):
        destination = target / lesson.relative_to(source)
        if destination.exists():
            continue  # the learner's copy, perhaps with their own notes: never overwritten
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(lesson, destination)
        copied += 1
    return target, copied


def jupyter_command(folder: Path, args: argparse.Namespace) -> list[str]:
    """The `jupyter lab` command line that opens lesson 00 in `folder`."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", str(folder / FIRST_LESSON)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and lab images run as root; JupyterLab refuses it otherwise
    if args.no_browser:
        command.append("--no-browser")
    if args.port is not None:
        command.append(f"--port={args.port}")
    extra = [a for a in args.jupyter_args if a != "--"]
    return command + extra


def run(args: argparse.Namespace) -> int:
    """Register the kernel, then replace this process with JupyterLab (on Windows, wait for it)."""
    require("kernel" if args.kernel_only else "lab", "this command")
    if args.kernel_only:
        register_kernel()
        print(f"Registered the kernel {KERNEL_DISPLAY!r} ({KERNEL_NAME}) for {sys.executable}")
        return 0
    folder, copied = lessons_folder(args.folder)
    register_kernel()
    if copied:
        print(f"Copied {copied} lesson file(s) to {folder}; your work is saved there.")
    print(f"Opening {folder / FIRST_LESSON} in JupyterLab (stop it with Ctrl+C).", flush=True)
    command = jupyter_command(folder, args)
    if os.name == "posix":
        os.execv(command[0], command)  # the server takes this process id, so `kill PID` stops it
    return subprocess.call(command)
