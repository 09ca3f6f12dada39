"""The course map: lessons in order with reading time, guide sections taught and the learner's mastery."""

from __future__ import annotations

from dataclasses import dataclass

from course_helpers.data import load_yaml


@dataclass(frozen=True)
class LessonEntry:
    """One lesson on the map."""

    id: str
    title: str
    minutes: int

    @property
    def notebook(self) -> str:
        """The notebook file that holds the lesson."""
        return f"{self.id}.ipynb"


def load_course_map() -> list[LessonEntry]:
    """The lessons in order, from data/course_map.yaml."""
    return [LessonEntry(**row) for row in load_yaml("course_map.yaml")["lessons"]]


def total_minutes() -> int:
    """Reading time of the whole course."""
    return sum(lesson.minutes for lesson in load_course_map())
