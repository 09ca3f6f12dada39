"""Facilitator notes: one per lesson, and everything a note names exists in its lesson and bank."""

from __future__ import annotations

import json
import re

import pytest

import course_helpers
from course_helpers.course.facilitator_notes import NotesError, load_notes, notes_lessons
from course_helpers.quizzing.bank import load_all
from tests.paths import REPO

LESSONS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BANKS = load_all()


def _headings(lesson: str) -> list[str]:
    cells = json.loads((REPO / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    return [line[3:].strip() for c in cells if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")]


def test_every_lesson_has_notes() -> None:
    assert len(LESSONS) == 14 and notes_lessons() == LESSONS


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_section_and_check_a_note_names_exists(lesson: str) -> None:
    notes = load_notes(lesson)
    headings = _headings(lesson)
    named = [s.heading for s in notes.sections]
    assert [h for h in named if h not in headings] == [], f"{lesson}: sections not in the notebook"
    assert sorted(named) == sorted(headings), f"{lesson}: every section of the lesson gets a time"
    assert 30 <= notes.total_minutes <= 120
    bank = BANKS[lesson].bank
    questions = {q.id: q for q in bank.questions}
    for poll in notes.polls:
        assert poll.question in questions, f"{lesson}: poll names {poll.question!r}, not in the bank"
    for note in notes.misconceptions:
        assert note.question in questions, f"{lesson}: misconception names {note.question!r}, not in the bank"
        choices = getattr(questions[note.question], "choices", None) or []
        assert [c for c in note.choices if c not in choices] == [], f"{lesson}/{note.question}: unknown choice"
        answer = questions[note.question].answer
        assert not set(note.choices) & set(answer if isinstance(answer, list) else [answer]), "a right answer"
    if bank.draw is None:
        assert len(notes.polls) >= 2 and len(notes.misconceptions) >= 3
    # every helper a note tells the instructor to demonstrate is on the course's public surface
    text = " ".join(s.demonstrate or "" for s in notes.sections) + notes.when_most_miss
    calls = set(re.findall(r"\b([a-z_]+)\(\)", text)) | set(re.findall(r"\(([a-z_]+)\)", text))
    assert [c for c in calls if c not in course_helpers.__all__] == []


def test_the_notes_page_shows_the_course_feedback_for_each_wrong_choice_escaped() -> None:
    from course_helpers.classroom.live_page import notes_html

    page = notes_html("01_the_role", BANKS)
    question = BANKS["01_the_role"].bank.question("role-facility-codes")
    from html import escape

    for choice, feedback in question.feedback.items():
        assert escape(" ".join(feedback.split())) in page and escape(choice) in page
    assert "Good polls" in page and "When most of the room misses" in page and "<script" not in page


def test_missing_notes_say_where_they_looked() -> None:
    with pytest.raises(NotesError, match=r"no facilitator notes for '99_nothing' \(looked for .*facilitator_notes"):
        load_notes("99_nothing")
