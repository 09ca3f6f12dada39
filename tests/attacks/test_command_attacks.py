"""Command fuzz cases: each printed a traceback or exited 0 on bad input before issue 9's fixes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.display.text import printable
from course_helpers.records.store import Attempt, open_store

BAD_STATUS = [
    ["lookup", ""],
    ["lookup", "--code", "I50.21.1"],
    ["drg", "--pdx", "I50.21", "--age", "70", "--sex", "Fxyz"],
    ["drg", "--pdx", "I50.21", "--age", "70", "--sex", "F", "--base-rate", "inf"],
    ["drg", "--pdx", "I50.21", "--age", "70", "--sex", "F", "--base-rate", "1e308"],
    ["drg", "--pdx", "I50.21", "--age", "70", "--sex", "F", "--base-rate", "nan"],
    ["validate", "x" * 100_000],
    ["schema", "-o", "/proc/course-schema.json"],
    ["schema", "-o", ""],
    ["schema", "-o", "y" * 321],
]


@pytest.mark.parametrize("argv", BAD_STATUS, ids=lambda a: " ".join(a)[:40])
def test_bad_input_exits_1_with_one_line_and_no_traceback(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err) < 600


def test_schema_into_a_folder_or_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["schema", "-o", str(tmp_path)]) == 1
    assert main(["schema", "-o", str(tmp_path / "new" / "bank.schema.json")]) == 0  # a missing folder is made


@pytest.mark.parametrize("argv", [["lookup", "heart"], ["drg", "--pdx", "I50.21", "--age", "70", "--sex", "F"]])
def test_piping_into_head_is_quiet(argv: list[str]) -> None:
    cmd = [sys.executable, "-c", "from course_helpers.cli import main; raise SystemExit(main())", *argv]
    producer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None
    producer.stdout.readline()
    producer.stdout.close()  # what `head -1` does after one line
    _, err = producer.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipeError" not in err


@pytest.mark.parametrize("argv", [["lookup", "heart"], ["drg", "--pdx", "I50.21", "--age", "70", "--sex", "F"]])
def test_a_reader_gone_before_any_output_is_quiet_and_exit_141(argv: list[str]) -> None:
    """`... | head -0`, or a pager closed at once: every write fails, not only the last ones (deterministic)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command prints anything
    cmd = [sys.executable, "-c", "from course_helpers.cli import main; raise SystemExit(main())", *argv]
    try:
        done = subprocess.run(cmd, stdout=write_end, stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert b"Traceback" not in done.stderr and b"BrokenPipeError" not in done.stderr, done.stderr[-300:]
    assert done.returncode == 141  # 128 + SIGPIPE, as a shell reports a command cut off by `head`


@pytest.mark.parametrize("name", ["\x1b[2J\x1b[31mroot", "a\x00b", "line1\nline2", "\u202eevil"])
def test_progress_prints_control_characters_escaped(name: str, capsys: pytest.CaptureFixture) -> None:
    open_store().record(Attempt(name, "01_the_role", "q", 1, True, 1.0, 1.0, "h"))
    main(["progress", "--learner", name])
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err and "\x00" not in out.out + out.err
    assert name not in out.out + out.err  # not raw anywhere (a new line or U+202E included) ...
    assert f"Progress for {printable(name)} (" in out.out  # ... but shown escaped
    assert printable(name).isprintable()
