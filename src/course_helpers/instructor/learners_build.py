"""The learners' build: a wheel of the course whose banks are the released ones (no graded answer in it).

`release` calls `write_learners_wheel` after writing the learners' banks. The wheel is made from the
installed package itself (a wheel install, an editable checkout or a container), so an instructor needs no
build tools: every module and data file the course's own wheel carries, with `quizzes/` replaced by the
released banks, the instructors' notebooks left out, and a marker file (`learners_build.json`) that makes the
package refuse a graded bank that still has its answers (see `package_files.is_learners_build`). The wheel
is reproducible: the same banks and code give the same bytes, so an image built from the same commit holds
the same bank hashes as the instructor's key.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import zipfile
from importlib import metadata
from pathlib import Path

from course_helpers import __version__
from course_helpers.errors import CourseInputError
from course_helpers.output_files import write_bytes
from course_helpers.package_files import LEARNERS_BUILD_MARKER, shipped_folder

DIST = "course_helpers"
LOCAL_LABEL = "learners"
"""The wheel's version is the course's with this local label (0.2.0+learners), so pip replaces a full install."""

# package data as pyproject.toml's [tool.setuptools.package-data] lists it; quizzes/ comes from the release
_DATA = {"data": (".yaml", ".csv", ".json"), "schemas": (".json",)}
_LESSONS = ("", "apps")  # lessons/*.ipynb and lessons/apps/*.ipynb; lessons/instructor/ is the teachers'
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
VOILA_TEMPLATE = Path("share/jupyter/voila/templates/course")
"""The course's Voila template (no CDN links), which the apps name: the course's wheel installs it as data
files under the environment's prefix, so the learners' wheel carries it the same way."""


class LearnersBuildError(CourseInputError):
    """The learners' wheel cannot be written; the message says why."""


def learners_version() -> str:
    """The learners' wheel's version: the course's version with the `+learners` local label."""
    return f"{__version__}+{LOCAL_LABEL}"


def wheel_name() -> str:
    """The learners' wheel's file name (a pure-Python wheel for any platform)."""
    return f"{DIST}-{learners_version()}-py3-none-any.whl"


def _package_root() -> Path:
    import course_helpers

    return Path(course_helpers.__file__).resolve().parent


def _package_files() -> dict[str, Path]:
    """Archive name -> source file, for every module and data file of the course (not the banks)."""
    root = _package_root()
    found: dict[str, Path] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel = here.relative_to(root)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith(".")
                         and not (rel == Path(".") and d in ("quizzes", "lessons")))
        for name in sorted(files):
            top = rel.parts[0] if rel.parts else ""
            wanted = name.endswith(".py") or (top in _DATA and name.endswith(_DATA[top])) or name == "py.typed"
            if wanted:
                found[(Path(DIST) / rel / name).as_posix()] = here / name
    lessons = shipped_folder("lessons")
    for sub in _LESSONS:
        for path in sorted((lessons / sub).glob("*.ipynb")):
            found[(Path(DIST) / "lessons" / sub / path.name).as_posix()] = path
    return found


def _voila_template_files() -> dict[str, Path]:
    """Wheel data name -> source file for the Voila template: from this environment's prefix (a wheel install)
    or, in an editable checkout, from the repository (an editable install does not copy data files)."""
    for base in (Path(sys.prefix), _package_root().parent.parent):
        folder = base / VOILA_TEMPLATE
        if folder.is_dir():
            data = f"{DIST}-{learners_version()}.data/data"
            files = sorted(p for p in folder.iterdir() if p.is_file())
            return {f"{data}/{(VOILA_TEMPLATE / p.name).as_posix()}": p for p in files}
    raise LearnersBuildError(f"the course's Voila template ({VOILA_TEMPLATE}) is not installed with the course, so "
                             "the learners' wheel would break its apps; reinstall the course (pip install .)")


def _metadata_text() -> tuple[str, str]:
    """METADATA (with the learners' version) and entry_points.txt of the installed course."""
    try:
        dist = metadata.distribution("course-helpers")
    except metadata.PackageNotFoundError as exc:
        raise LearnersBuildError("the course is not installed as a package (pip install -e .), so no wheel "
                                 "can be made from it") from exc
    meta = dist.read_text("METADATA") or ""
    entry_points = dist.read_text("entry_points.txt") or ""
    lines = [f"Version: {learners_version()}" if line.startswith("Version:") else line for line in meta.split("\n")]
    return "\n".join(lines), entry_points


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def write_learners_wheel(banks_dir: Path, out_dir: Path, bank_hashes: dict[str, str]) -> Path:
    """Write the learners' wheel into `out_dir` with the banks of `banks_dir`; return its path."""
    files = _package_files() | _voila_template_files()
    entries: dict[str, bytes] = {name: path.read_bytes() for name, path in files.items()}
    for bank in sorted(banks_dir.glob("*.yaml")):
        entries[f"{DIST}/quizzes/{bank.name}"] = bank.read_bytes()
    marker = {"format": "inpatient-coder-course/learners-build", "package_version": __version__,
              "banks": dict(sorted(bank_hashes.items()))}
    entries[f"{DIST}/{LEARNERS_BUILD_MARKER}"] = (json.dumps(marker, indent=1) + "\n").encode()
    info = f"{DIST}-{learners_version()}.dist-info"
    meta, entry_points = _metadata_text()
    entries[f"{info}/METADATA"] = meta.encode()
    entries[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: course-helpers release\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    if entry_points:
        entries[f"{info}/entry_points.txt"] = entry_points.encode()
    record = "".join(f"{name},{_digest(data)},{len(data)}\n" for name, data in sorted(entries.items()))
    record += f"{info}/RECORD,,\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*sorted(entries.items()), (f"{info}/RECORD", record.encode())]:
            item = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            item.external_attr = 0o644 << 16
            item.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(item, data)
    target = out_dir / wheel_name()
    write_bytes(target, buffer.getvalue(), force=True, mode=0o644)  # a wheel for others to install
    return target


def write_learner_lessons(out_dir: Path) -> Path:
    """Copy the lessons (not the teachers' notebooks) to `out_dir/notebooks`: the folder to publish as the
    learners' repository for an nbgitpuller link, which then carries no bank with answers."""
    source = shipped_folder("lessons")
    target = out_dir / "notebooks"
    for sub in _LESSONS:
        for path in sorted((source / sub).glob("*.ipynb")):
            destination = target / sub / path.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())
    return target
