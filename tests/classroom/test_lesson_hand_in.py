"""Every lesson ends with a hand-in: a markdown cell saying what it does, then `submit()` (nbval-safe outside a hub)."""

from __future__ import annotations

import json

import pytest

from tests.paths import REPO

LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def test_there_are_fourteen_lessons() -> None:
    assert [p.name[:2] for p in LESSONS] == [f"{n:02d}" for n in range(14)]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_ends_its_work_with_a_hand_in(path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [(i, _source(c)) for i, c in enumerate(cells) if c["cell_type"] == "code"]
    hand_ins = [i for i, src in code if src.strip().splitlines()[-1:] == ["submit()"]]
    assert len(hand_ins) == 1, f"{path.name}: one `submit()` cell"
    (at,) = hand_ins
    quizzes = [i for i, src in code if src.strip().startswith(f'quiz("{path.stem}"')]
    assert quizzes and at > max(quizzes), f"{path.name}: the hand-in comes after the lesson's quiz"
    before = cells[at - 1]
    assert before["cell_type"] == "markdown" and _source(before).startswith("## Hand in")
    text = _source(before)
    assert "JupyterHub" in text and "every version is kept" in text and "export" in text
    imported = [src for _, src in code[: code.index((at, _source(cells[at])))] if "from course_helpers import" in src]
    assert any("submit" in src.split("import", 1)[1] for src in imported) or "import submit" in _source(cells[at])
    assert cells[at]["outputs"] == [], f"{path.name}: no saved output in the hand-in cell"


def test_submit_outside_a_hub_is_one_line_and_hands_in_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from course_helpers import submit

    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    result = submit()
    assert not result.ok and "\n" not in repr(result) and "course-helpers export -o results.json" in repr(result)
