"""Folders shipped inside the package (banks, lessons), found the same way from a wheel and from a checkout.

In a checkout, `src/course_helpers/quizzes` and `src/course_helpers/lessons` are links to the top-level
folders authors edit. Git on Windows without symlink support checks a link out as a small text file holding
its target; `shipped_folder` follows that too, so an editable install works there.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_folder(name: str) -> Path:
    """The folder `course_helpers/<name>` as a path, following a checkout link stored as a text file."""
    path = Path(str(resources.files("course_helpers").joinpath(name)))
    if path.is_file() and path.stat().st_size < 256:
        target = path.read_text(encoding="utf-8", errors="replace").strip()
        linked = (path.parent / target).resolve()
        if linked.is_dir():
            return linked
    return path


LEARNERS_BUILD_MARKER = "learners_build.json"
"""A file only the learners' build (written by `release`) carries, beside the package's `__init__.py`."""


def is_learners_build() -> bool:
    """True when this package was installed from a learners' wheel: graded banks with answers are refused."""
    return resources.files("course_helpers").joinpath(LEARNERS_BUILD_MARKER).is_file()
