"""The nbgitpuller link an instructor sends learners: one click clones the course, or updates it, then opens a lesson.

    https://HUB/hub/user-redirect/git-pull?repo=URL&branch=main&targetpath=DIR&urlpath=lab/tree/DIR/notebooks/00_start_here.ipynb

nbgitpuller (installed in the learners' environment) clones the repository into DIR under the learner's home on
the first click; later clicks fetch and merge with `-Xours`, so a line the learner changed wins over the
update, and a file the learner created where the update adds one is renamed, not overwritten. The progress
store is not in DIR (it is `$COURSE_PROGRESS_DB`, else the user data folder), so a pull never touches it.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlparse

from course_helpers.errors import CourseInputError

START_NOTEBOOK = "notebooks/00_start_here.ipynb"


class LinkError(CourseInputError):
    """A link cannot be built from these values; the message says which one is wrong."""


def default_folder(repo: str) -> str:
    """The folder a repository is pulled into: its last path part, without a trailing '/' or '.git'."""
    path = urlparse(repo).path if "://" in repo else repo.split(":", 1)[-1]  # git@host:org/name.git
    name = path.rstrip("/").rsplit("/", 1)[-1]
    name = name[:-4] if name.endswith(".git") else name
    if not name or name in {".", ".."}:
        raise LinkError(f"cannot tell a folder name from the repository URL {repo!r}: pass folder=")
    return name


def gitpuller_link(
    hub: str,
    repo: str,
    *,
    branch: str = "main",
    folder: str | None = None,
    notebook: str = START_NOTEBOOK,
) -> str:
    """The link that pulls `repo` into `folder` in each learner's home and opens `notebook` in JupyterLab.

    `folder` is sent as nbgitpuller's `targetpath`, so where the course lands does not depend on how
    nbgitpuller would guess it from the URL.
    """
    parts = urlparse(hub)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise LinkError(f"hub should be the hub's address, e.g. https://hub.example.edu; got {hub!r}")
    if not re.match(r"^(https?://|file://|git@)", repo):
        raise LinkError(f"repo should be a git URL (https://...); got {repo!r}")
    if not branch or any(c.isspace() for c in branch):
        raise LinkError(f"branch should be a git branch name; got {branch!r}")
    folder = folder or default_folder(repo)
    if folder.startswith("/") or ".." in folder.split("/"):
        raise LinkError(f"folder should be a path inside the learner's home; got {folder!r}")
    query = urlencode(
        {
            "repo": repo,
            "branch": branch,
            "targetpath": folder,
            "urlpath": f"lab/tree/{folder}/{notebook.lstrip('/')}",
        },
        safe="/:",
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
