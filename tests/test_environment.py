"""pyproject.toml and environment.yml list the same dependencies, with the same version floors."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.paths import REPO

ROOT = REPO


def _normalise(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert match, spec
    return re.sub(r"[-_.]+", "-", match.group(1)).lower(), match.group(2).replace(" ", "")


def pyproject_deps() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    specs = [*project["dependencies"], *(s for extra in project["optional-dependencies"].values() for s in extra)]
    # An extra that names another extra of the course itself (`course-helpers[coding]`) is not a dependency.
    return {name: spec for name, spec in map(_normalise, specs) if name != "course-helpers"}


def environment_deps() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs: list[str] = []
    for entry in data["dependencies"]:
        if isinstance(entry, dict):
            specs += [s for s in entry["pip"] if not s.startswith("-e")]
        else:
            specs.append(entry)
    return {name: spec for name, spec in map(_normalise, specs) if name not in {"python", "pip"}}


def test_same_dependencies_in_both_files() -> None:
    ours, conda = pyproject_deps(), environment_deps()
    assert sorted(set(ours) - set(conda)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(conda) - set(ours)) == [], "in environment.yml but not pyproject.toml"
    differ = {name: (ours[name], conda[name]) for name in ours if ours[name] != conda[name]}
    assert differ == {}, f"version specifiers differ (pyproject, environment): {differ}"


def test_environment_installs_the_course_itself() -> None:
    assert "-e ." in (ROOT / "environment.yml").read_text(encoding="utf-8")
