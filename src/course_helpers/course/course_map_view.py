"""The course map as a table in lesson 00: every lesson, its guide section and its reading time."""

from __future__ import annotations

from course_helpers.course.course_map import LessonEntry, load_course_map
from course_helpers.display.html import no_math


class CourseMap:
    """Displays as an HTML table with a link to each lesson; plain text elsewhere."""

    def __init__(self, lessons: list[LessonEntry]) -> None:
        self.lessons = lessons

    def __repr__(self) -> str:
        lines = [f"{lesson.id}  {lesson.title}  ({lesson.minutes} min)" for lesson in self.lessons]
        hours = sum(lesson.minutes for lesson in self.lessons) / 60
        return "\n".join([*lines, f"Total: about {hours:.1f} hours"])

    def _repr_html_(self) -> str:
        import html

        rows = "".join(
            f'<tr><td>{lesson.id[:2]}</td><td><a href="{html.escape(lesson.notebook)}">{html.escape(lesson.title)}</a>'
            f"</td><td>{lesson.minutes} min</td></tr>"
            for lesson in self.lessons
        )
        hours = sum(lesson.minutes for lesson in self.lessons) / 60
        return no_math(
            # titles read left-aligned like the rest of the lesson (JupyterLab right-aligns table cells)
            "<style>.course-map td, .course-map th {text-align: left !important;}</style>"
            "<table class='course-map'><caption>Course map (click a title to open the lesson)</caption>"
            "<thead><tr><th>#</th><th>Lesson</th><th>Reading time</th></tr></thead>"
            f"<tbody>{rows}</tbody>"
            f"<tfoot><tr><td></td><td>Total</td><td>about {hours:.1f} hours</td></tr></tfoot></table>"
        )


def course_map() -> CourseMap:
    """The course map, for display in a notebook."""
    return CourseMap(load_course_map())
