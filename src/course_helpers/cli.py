"""The `course-helpers` command: one module per verb under `course_helpers.commands`.

`main` is the one error boundary: a "fix your input" error (`CourseInputError`) or an operating-system error
is one line on stderr and exit 1; anything else is a bug, shown as one line that says where the traceback was
written (a private log under the user's cache folder), also exit 1. Input paths that are FIFOs, devices or
sockets are refused before the verb runs (reading one would hang or never end).
"""

from __future__ import annotations

import argparse
import importlib
import os
import stat
import sys
import time
import traceback
from pathlib import Path

from course_helpers.display.safe_text import terminal_text
from course_helpers.errors import CourseInputError

# verb -> module in course_helpers.commands; each module has `register(subparsers)` and `run(args) -> int`
VERBS: dict[str, str] = {
    "validate": "validate",
    "schema": "schema",
    "progress": "progress",
    "export": "export",
    "salary": "salary",
    "lookup": "lookup",
    "drg": "drg",
    "submit": "submit",
    "serve": "serve",
    "release": "release",
    "grade": "grade",
    "feedback": "feedback",
    "gradebook": "gradebook",
    "submissions": "submissions",
    "lab": "lab",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser; with `only`, import just that verb's module (keeps the command fast)."""
    parser = argparse.ArgumentParser(prog="course-helpers", description="Tools for the inpatient coder course.")
    subparsers = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)
    for verb, module_name in VERBS.items():
        if only is not None and verb != only:
            continue
        module = importlib.import_module(f"course_helpers.commands.{module_name}")
        module.register(subparsers)
    return parser


def refuse_special_inputs(args: argparse.Namespace) -> None:
    """Raise CourseInputError for an input path that is a FIFO, device or socket (the output is the writer's job)."""
    for name, value in vars(args).items():
        if name == "output":
            continue
        for path in value if isinstance(value, list) else [value]:
            if not isinstance(path, Path):
                continue
            try:
                mode = path.stat().st_mode
            except OSError:
                continue  # missing or unreadable: the verb says so in its own words
            if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
                raise CourseInputError(f"{path} is a FIFO, device or socket, not a file or folder; not read")


def crash_log(argv: list[str]) -> Path | None:
    """Write the current exception's traceback to a private file; return where (None if it cannot be written)."""
    try:
        import platformdirs

        folder = platformdirs.user_cache_path("inpatient-coder-course") / "errors"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"course-helpers-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(f"course-helpers {' '.join(argv)}\n\n{traceback.format_exc()}")
        return path
    except Exception:  # noqa: BLE001 - a log that cannot be written must not hide the error line
        return None


def _one_line(text: str) -> str:
    return terminal_text(text)  # a new line is shown escaped: still one line


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    verb = argv[0] if argv and argv[0] in VERBS else None
    parser = build_parser(only=verb)
    args = parser.parse_args(argv)
    name = f"course-helpers {args.verb}"
    try:
        refuse_special_inputs(args)
        status = int(args.run(args) or 0)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `course-helpers lookup ... | head`: the reader left; stop quietly, as `cat` does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a command cut off by `head`
    except CourseInputError as exc:
        print(f"{name}: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{name}: {_one_line(where + str(exc.strerror or exc))}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the boundary: a bug is one line and a log, never a traceback
        log = crash_log(argv)
        where = f"the details are in {log}" if log else "no log could be written"
        print(f"{name}: unexpected error ({type(exc).__name__}); {where}; please report it", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
