"""Hostile banks (tests/attacks/banks/): aliases, FIFOs, impossible values; and remote images in Markdown."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.quizzing.bank import read_bank
from course_helpers.quizzing.render import inline_html, markdown_html

BANKS = Path(__file__).parent / "banks"


def test_an_alias_bomb_is_refused_at_once() -> None:
    began = time.monotonic()
    bank, problems = read_bank(BANKS / "alias_bomb.yaml")
    assert bank is None and time.monotonic() - began < 2
    assert any("aliases" in p.message for p in problems)


def test_a_recursive_alias_is_a_problem_not_a_recursion_error() -> None:
    bank, problems = read_bank(BANKS / "recursive_alias.yaml")
    assert bank is None
    assert [p.message for p in problems] == ["YAML aliases (*name) and merge keys are not allowed; write the value out"]


def test_impossible_values_are_each_reported_on_their_line() -> None:
    bank, problems = read_bank(BANKS / "90_impossible_values.yaml")
    found = {(p.question, p.message.split(" ", 1)[0]) for p in problems if p.question}
    assert found >= {
        ("nan-answer", "answer"),
        ("inf-tolerance", "tolerance"),
        ("inf-points", "points"),
        ("not-a-code", "answer"),
    }


@pytest.mark.skipif(sys.platform == "win32", reason="needs mkfifo")
def test_a_fifo_named_yaml_does_not_hang_validate(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    os.mkfifo(tmp_path / "01_fifo.yaml")
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(main(["validate", str(tmp_path)])), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the hung reader so the test run can go on, then fail
        with open(tmp_path / "01_fifo.yaml", "w"):
            pass
        pytest.fail("validate hung on a FIFO")
    assert result == [1]
    assert "not a regular file" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text",
    ["![chart](https://example.com/x.png)", "![x](http://h/a.gif)", "![x](//cdn.example/x.png)", "![x](ftp://h/x)"],
)
def test_remote_images_render_as_links_never_as_img(text: str) -> None:
    for rendered in (markdown_html(text), inline_html(text)):
        assert "<img" not in rendered and "(image link)" in rendered


# A guard, not a regression test (it passed before the fix): dropping remote images keeps the course's own.
def test_images_the_course_ships_still_render() -> None:
    assert '<img src="images/quiz-feedback.png"' in markdown_html("![feedback](images/quiz-feedback.png)")
