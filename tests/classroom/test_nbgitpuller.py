"""nbgitpuller over the course, for real: a learner's edits and progress survive an update.

The course's notebooks are committed to a local git repository (a file:// URL stands in for GitHub). The
learner's server pulls it with nbgitpuller's own `GitPuller`, as the hub's `git-pull` link does, into a
folder in the learner's home; the learner edits a notebook, adds a file and answers quizzes (the progress
store is in the user data folder, outside the pulled folder). The instructor pushes an update that
changes the same notebook (the same line, and another cell) and adds a file of the same name; the
learner clicks the link again. Nothing the learner did is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from course_helpers.classroom.gitpuller import LinkError, default_folder, gitpuller_link
from tests.paths import REPO

if os.environ.get("COURSE_REQUIRE_HUB") != "1":
    pytest.importorskip("nbgitpuller", reason="needs the [hub] extra (nbgitpuller): pip install -e '.[hub]'")
    if shutil.which("git") is None:
        pytest.skip("needs git on PATH (apt-get install git)", allow_module_level=True)

LESSON = "notebooks/01_the_role.ipynb"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.edu", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _edit(path: Path, change) -> None:
    """Edit a notebook as JupyterLab saves it (nbformat's JSON layout: indent 1, a final newline)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    change(nb["cells"])
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _cell(cells: list[dict], cell_id: str) -> dict:
    return next(c for c in cells if c["id"] == cell_id)


def _pull(repo_url: str, home: Path, branch: str = "main") -> list[str]:
    """What the hub's git-pull handler does: GitPuller(repo, <server root>/<targetpath>, branch=...).pull()."""
    from nbgitpuller.pull import GitPuller

    link = gitpuller_link("https://hub.example.edu", repo_url, branch=branch)
    query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    puller = GitPuller(query["repo"], str(home / query["targetpath"]), branch=query["branch"])
    return list(puller.pull())


@pytest.fixture
def learner_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A learner's home as on a hub: the store in the default place (the user data folder), git isolated."""
    home = tmp_path / "home" / "ann"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("COURSE_PROGRESS_DB", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "ann")
    return home


def _answer_some(q, n: int) -> None:
    """Answer the first `n` choice questions of a sitting (with their first choice: right or wrong, it is saved)."""
    items = [item for item in q.session.items if item.display_order][:n]
    assert len(items) == n
    for item in items:
        assert q.answer(item.id, item.display_order[0]) is not None


def _store_state() -> tuple[str, list[tuple]]:
    from course_helpers.records.store import ProgressStore, default_path

    path = default_path()
    with ProgressStore(path, read_only=True) as store:
        attempts = [(a.learner, a.bank, a.question, json.dumps(a.answer), a.points, a.at) for a in store.attempts()]
    return hashlib.sha256(path.read_bytes()).hexdigest(), attempts


def test_an_update_keeps_the_learners_edits_files_and_progress(tmp_path: Path, learner_env: Path) -> None:
    from course_helpers import quiz
    from course_helpers.records.store import default_path

    # The instructor's repository: the course's notebooks.
    upstream = tmp_path / "upstream" / "inpatient-coder-course"
    shutil.copytree(REPO / "notebooks", upstream / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _git(upstream, "init", "-q", "-b", "main")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "the course")
    url = upstream.as_uri()

    # First click: nbgitpuller clones into ~/inpatient-coder-course.
    _pull(url, learner_env)
    folder = learner_env / "inpatient-coder-course"
    assert (folder / "notebooks" / "00_start_here.ipynb").is_file()

    # The learner works: edits a line of lesson 01, writes notes, answers quizzes.
    lesson = folder / LESSON
    first_md = next(c for c in json.loads(lesson.read_text())["cells"] if c["cell_type"] == "markdown")["id"]
    _edit(lesson, lambda cells: _cell(cells, first_md)["source"].__setitem__(-1, "My own summary, in my words."))
    (folder / "notebooks" / "my_notes.md").write_text("Ann's notes: DRG = payment group.\n", encoding="utf-8")
    for bank, n in (("00_start_here", 1), ("01_the_role", 2)):
        _answer_some(quiz(bank), n)
    store_path = default_path()
    assert store_path.is_file() and folder not in store_path.parents  # the store is outside the pulled folder
    assert store_path == learner_env / ".local" / "share" / "inpatient-coder-course" / "progress.sqlite3"
    before_hash, before = _store_state()
    assert len(before) == 3

    # The instructor pushes an update: the same line of lesson 01 reworded, its key points changed,
    # lesson 02 changed, and a file added under the name the learner already used.
    up_lesson = upstream / LESSON
    _edit(up_lesson, lambda cells: _cell(cells, first_md)["source"].__setitem__(-1, "UPSTREAM rewording of that line."))
    key_points = next(
        c for c in json.loads(up_lesson.read_text())["cells"] if "".join(c["source"]).startswith("## Key points")
    )["id"]
    _edit(up_lesson, lambda cells: _cell(cells, key_points)["source"].append("\n* UPSTREAM: a new key point."))
    _edit(
        upstream / "notebooks" / "02_responsibilities.ipynb",
        lambda cells: cells[0]["source"].append("\n*UPSTREAM: lesson 02 updated.*"),
    )
    (upstream / "notebooks" / "my_notes.md").write_text("Instructor's notes file.\n", encoding="utf-8")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "an update")

    # Second click: nbgitpuller fetches and merges.
    output = _pull(url, learner_env)

    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]  # still a valid notebook
    import nbformat

    nbformat.validate(nbformat.reads(lesson.read_text(encoding="utf-8"), as_version=4))
    assert _cell(cells, first_md)["source"][-1] == "My own summary, in my words."  # the learner's line wins (-Xours)
    assert "* UPSTREAM: a new key point." in "".join(_cell(cells, key_points)["source"])  # the update arrives elsewhere
    lesson02 = json.loads((folder / "notebooks" / "02_responsibilities.ipynb").read_text(encoding="utf-8"))
    assert "UPSTREAM: lesson 02 updated." in "".join(lesson02["cells"][0]["source"])
    assert (folder / "notebooks" / "my_notes.md").read_text() == "Instructor's notes file.\n"
    renamed = [p for p in (folder / "notebooks").glob("my_notes__*.md")]
    assert len(renamed) == 1 and renamed[0].read_text() == "Ann's notes: DRG = payment group.\n", output
    # The progress store was not touched: same bytes, every attempt still there, and it keeps working.
    after_hash, after = _store_state()
    assert (after_hash, after) == (before_hash, before)
    _answer_some(quiz("01_the_role"), 1)
    assert len(_store_state()[1]) == 4


def test_the_link_an_instructor_builds() -> None:
    link = gitpuller_link("https://hub.example.edu/", "https://github.com/example/inpatient-coder-course.git")
    assert link == (
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https://github.com/example/inpatient-coder-course.git"
        "&branch=main&targetpath=inpatient-coder-course"
        "&urlpath=lab/tree/inpatient-coder-course/notebooks/00_start_here.ipynb"
    )
    other = gitpuller_link(
        "https://hub.example.edu",
        "https://gitlab.example.edu/hi/course/",
        branch="fall-2026",
        folder="coding-101",
        notebook="notebooks/12_coding_lab.ipynb",
    )
    query = {k: v[0] for k, v in parse_qs(urlparse(other).query).items()}
    assert query == {
        "repo": "https://gitlab.example.edu/hi/course/",
        "branch": "fall-2026",
        "targetpath": "coding-101",
        "urlpath": "lab/tree/coding-101/notebooks/12_coding_lab.ipynb",
    }
    assert default_folder("https://github.com/x/y/") == "y"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hub": "hub.example.edu"}, "hub should be the hub's address"),
        ({"repo": "not a url"}, "repo should be a git URL"),
        ({"branch": "two words"}, "branch should be a git branch name"),
        ({"folder": "../elsewhere"}, "folder should be a path inside the learner's home"),
        ({"repo": "https://github.com/"}, "cannot tell a folder name"),
    ],
)
def test_bad_link_values_get_one_line(kwargs: dict, message: str) -> None:
    args = {"hub": "https://hub.example.edu", "repo": "https://github.com/example/course.git", **kwargs}
    with pytest.raises(LinkError, match=message):
        gitpuller_link(args.pop("hub"), args.pop("repo"), **args)


def test_the_docs_show_this_link() -> None:
    text = "\n".join((REPO / name).read_text(encoding="utf-8") for name in ("README.md", "docs/deployment.md"))
    assert "/hub/user-redirect/git-pull?repo=" in text
    assert "urlpath=lab/tree/" in text and "notebooks/00_start_here.ipynb" in text
    assert "COURSE_PROGRESS_DB" in text and "-Xours" in text
