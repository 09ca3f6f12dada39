"""Facilitator notes per lesson (Carpentries-style instructor notes), shipped as data with the package.

One YAML file per lesson in `data/facilitator_notes/`: timing per section (the lesson notebook's `##`
headings), what to demonstrate live, discussion prompts, which checks make good polls, the misconception a
check's wrong answers stand for, and what to do when most of the room misses a check. The feedback the
course gives for each wrong choice is not copied here: the notes page reads it from the lesson's bank.
A test checks every section and check a note names against its lesson and bank.
"""

from __future__ import annotations

from pydantic import Field, ValidationError

from course_helpers.data import StrictModel, data_file, parse_yaml
from course_helpers.errors import CourseInputError

FOLDER = "facilitator_notes"


class NotesError(CourseInputError):
    """A lesson's facilitator notes are missing or malformed; the message names the file."""


class SectionNote(StrictModel):
    """One section of the lesson notebook (its `##` heading, exactly)."""

    heading: str = Field(min_length=1)
    minutes: int = Field(ge=0, le=120)
    demonstrate: str | None = None
    discuss: str | None = None


class PollNote(StrictModel):
    """A check that makes a good poll, and why."""

    question: str = Field(min_length=1)
    why: str = Field(min_length=1)


class MisconceptionNote(StrictModel):
    """The misconception a check's wrong answers stand for (the course's feedback per choice is in the bank)."""

    question: str = Field(min_length=1)
    misconception: str = Field(min_length=1)
    choices: list[str] = Field(default_factory=list, description="Wrong choices showing it, as the bank spells them.")


class LessonNotes(StrictModel):
    """One lesson's facilitator notes."""

    lesson: str = Field(pattern=r"^[0-9]{2}_[a-z0-9_]+$")
    summary: str = Field(min_length=1)
    sections: list[SectionNote] = Field(min_length=1)
    polls: list[PollNote] = Field(default_factory=list)
    misconceptions: list[MisconceptionNote] = Field(default_factory=list)
    when_most_miss: str = Field(min_length=1)

    @property
    def total_minutes(self) -> int:
        """The lesson's planned length."""
        return sum(s.minutes for s in self.sections)


def notes_lessons() -> list[str]:
    """The lessons that have notes, by id."""
    folder = data_file(FOLDER)
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_notes(lesson: str) -> LessonNotes:
    """A lesson's notes; NotesError naming the file when they are missing or malformed."""
    path = data_file(FOLDER).joinpath(f"{lesson}.yaml")
    where = f"course_helpers/data/{FOLDER}/{lesson}.yaml"
    if not path.is_file():
        raise NotesError(f"no facilitator notes for {lesson!r} (looked for {where})")
    try:
        notes = LessonNotes.model_validate(parse_yaml(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise NotesError(f"{where}: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
    if notes.lesson != lesson:
        raise NotesError(f"{where} is for lesson {notes.lesson!r}, not {lesson!r}")
    return notes
