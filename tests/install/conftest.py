"""One wheel per test run, and one venv per install profile, made on first use and shared by the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.install.profiles import ProfileEnv, build_wheel, install_profile

_MADE: dict[str, ProfileEnv] = {}


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course's wheel, built from this checkout."""
    return build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def profile(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], ProfileEnv]]:
    """`profile("lab")`: the venv with exactly that profile installed from the wheel (made once)."""
    where = tmp_path_factory.mktemp("profiles")

    def get(name: str) -> ProfileEnv:
        if name not in _MADE:
            _MADE[name] = install_profile(name, wheel, where)
        return _MADE[name]

    yield get
    if _MADE:
        print("\ninstall profiles (venv size, set-up seconds):")
        for made in _MADE.values():
            print(f"  {made.name:<5} {made.size_mb:8.1f} MB {made.seconds:7.1f} s")
