"""The class view inside JupyterLab: `class_view("class-a", "01_the_role")` in an instructor's notebook.

The notebook output is a frame showing the course service's own class view page (`live/class/GROUP`),
loaded from the hub's origin through its proxy: the browser sends the instructor's hub login with it, and
the service decides, as for the page in a tab, who may see the view (an instructor of the group; anyone
else sees the service's 403 message in the frame, not the view). The service lets only pages of its own
origin frame it (`Content-Security-Policy: frame-ancestors 'self'`), so the frame works in JupyterLab on
the same hub and nowhere else. Standard library only (the rich-display protocol, no IPython import): the
kernel needs no hub packages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode, urlparse

from course_helpers.classroom.client import service_url
from course_helpers.errors import CourseInputError

GROUP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,254}")
"""A hub group name the service's class-view route accepts."""
LESSON_NAME = re.compile(r"[0-9]{2}_[a-z0-9_]+")
NOT_ON_HUB = (
    "Not on the course's JupyterHub (no COURSE_SUBMIT_URL or JUPYTERHUB_PUBLIC_HUB_URL): open the class view "
    "from a notebook on the hub, or at https://YOUR-HUB/services/course-submissions/live/class/GROUP"
)


@dataclass(frozen=True)
class ClassView:
    """What `class_view` shows: a frame of the service's class view (or one line saying why not)."""

    group: str
    path: str | None
    height: int = 760
    problem: str | None = None

    def __repr__(self) -> str:
        if self.path is None:
            return f"Class view of {self.group}: {self.problem}"
        return f"Class view of {self.group}, live from the course service: {self.path}"

    def _repr_html_(self) -> str:
        if self.path is None:
            return f'<p role="status">{escape(repr(self))}</p>'
        src = escape(self.path, quote=True)
        title = escape(f"Class view: {self.group}", quote=True)
        return (
            f'<iframe src="{src}" title="{title}" loading="eager" '
            f'style="width:100%;height:{self.height}px;border:1px solid #bbb;border-radius:6px"></iframe>'
            f'<p><a href="{src}" target="_blank" rel="noopener">Open the class view in a browser tab</a> '
            "(for the projector, or when the hub puts notebooks on another address than its services)</p>"
        )


def class_view(group: str, lesson: str | None = None, *, projector: bool = False, height: int = 760) -> ClassView:
    """Show the live class view of hub group `group` in this notebook (`lesson` preselects the lesson to start)."""
    if not isinstance(group, str) or not GROUP_NAME.fullmatch(group):
        raise CourseInputError(f"group={group!r}: give the hub group's name, e.g. class_view('class-a')")
    if lesson is not None and (not isinstance(lesson, str) or not LESSON_NAME.fullmatch(lesson)):
        raise CourseInputError(f"lesson={lesson!r}: give a lesson id such as '01_the_role'")
    if not isinstance(height, int) or not 200 <= height <= 4000:
        raise CourseInputError(f"height={height!r}: give the frame's height in pixels, 200 to 4000")
    url = service_url()
    if url is None:
        return ClassView(group, None, height, NOT_ON_HUB)
    # the path only: the frame loads from the notebook page's own origin (the hub's), through its proxy
    query = {k: v for k, v in (("projector", "1" if projector else None), ("lesson", lesson)) if v}
    path = urlparse(url).path + f"live/class/{quote(group, safe='')}"
    return ClassView(group, path + (f"?{urlencode(query)}" if query else ""), height)
