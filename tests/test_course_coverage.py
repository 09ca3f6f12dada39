"""The course covers the whole career guide: every section has a lesson and a question, and the banks
are big and varied enough (issue 3). Failures name what is missing."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml

from tests.paths import REPO

GUIDE = REPO.parent / "shared" / "guide" / "career-guide.txt"
SECTIONS_FILE = REPO / "src" / "course_helpers" / "data" / "guide_sections.yaml"
SECTIONS: list[str] = yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8"))["sections"]


def _lesson_banks() -> dict[str, dict]:
    """Every question bank that lists its own questions (the final exam only draws), by file stem."""
    banks = {}
    for path in sorted((REPO / "quizzes").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("questions"):
            banks[path.stem] = data
    return banks


def _questions() -> list[dict]:
    return [q for bank in _lesson_banks().values() for q in bank["questions"]]


def _notebook_sections() -> dict[str, set[str]]:
    """Guide section -> the notebooks that declare they teach it in metadata.course.guide_sections."""
    taught: dict[str, set[str]] = {}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course", {})
        for section in meta.get("guide_sections", []):
            taught.setdefault(section, set()).add(path.name)
    return taught


@pytest.mark.parametrize("section", SECTIONS)
def test_section_heading_is_in_the_guide(section: str) -> None:
    if not GUIDE.exists():
        pytest.skip(f"career guide not found at {GUIDE}; this test needs the shared guide folder")
    lines = {line.strip() for line in GUIDE.read_text(encoding="utf-8").splitlines()}
    assert section in lines, f"guide_sections.yaml lists {section!r}, which is not a heading of the guide"


@pytest.mark.parametrize("section", SECTIONS)
def test_section_is_taught_by_a_lesson(section: str) -> None:
    assert section in _notebook_sections(), (
        f"no notebook declares guide section {section!r} in metadata.course.guide_sections"
    )


@pytest.mark.parametrize("section", SECTIONS)
def test_section_has_a_question(section: str) -> None:
    asked = Counter(q.get("guide_section") for q in _questions())
    assert asked[section] >= 1, f"no question in quizzes/*.yaml has guide_section {section!r}"


def test_every_question_names_a_known_section() -> None:
    unknown = {q["id"]: q.get("guide_section") for q in _questions() if q.get("guide_section") not in SECTIONS}
    assert not unknown, f"questions whose guide_section is not in guide_sections.yaml: {unknown}"


def test_at_least_150_questions() -> None:
    count = len(_questions())
    assert count >= 150, f"the course has {count} questions; it needs at least 150"


def test_at_least_five_question_types() -> None:
    types = {q.get("type") for q in _questions()}
    assert len(types) >= 5, f"the course uses {len(types)} question types ({sorted(types)}); it needs 5"


def test_a_third_are_application_questions() -> None:
    questions = _questions()
    applied = sum("application" in (q.get("tags") or []) for q in questions)
    assert questions and applied * 3 >= len(questions), (
        f"{applied} of {len(questions)} questions are tagged application; at least a third must be"
    )


def test_every_lesson_bank_has_ten_questions() -> None:
    small = {stem: len(bank["questions"]) for stem, bank in _lesson_banks().items() if len(bank["questions"]) < 10}
    assert not small, f"banks with fewer than 10 questions: {small}"


def test_every_lesson_notebook_declares_its_lesson() -> None:
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course")
        assert meta and meta.get("lesson") == path.stem, f"{path.name}: metadata.course.lesson should be {path.stem!r}"
