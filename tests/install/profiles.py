"""Install profiles as a learner, an instructor or IT install them: the wheel built once, one venv per profile.

Each venv holds exactly `pip install "course_helpers-X.whl[extra]"` (the hub one also gets pytest to run the
hand-in tests), and every command runs with a clean environment from a folder outside the checkout, so
neither `src/` nor the test environment's packages can be found.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

from tests.paths import REPO

PROFILES: dict[str, str] = {"core": "", "lab": "[lab]", "hub": "[hub]", "app": "[app]"}
"""Profile name -> the extras suffix a user types."""

EXTRA_PACKAGES: dict[str, tuple[str, ...]] = {"hub": ("pytest>=8.0", "hypothesis>=6.100")}
"""What a profile's job needs besides the profile itself: the hub job runs the hand-in tests, with the test
suite's own runner (pytest, and hypothesis, which tests/conftest.py configures)."""


@dataclass(frozen=True)
class ProfileEnv:
    """One installed profile: its folder, its Python and a scratch home outside the checkout."""

    name: str
    root: Path
    home: Path
    seconds: float
    size_mb: float

    @property
    def bin(self) -> Path:
        """The venv's scripts folder."""
        return self.root / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        """The venv's Python."""
        return self.bin / ("python.exe" if os.name == "nt" else "python")

    def env(self, **extra: str) -> dict[str, str]:
        """A clean environment: this venv first on PATH, a scratch HOME, nothing from the test run."""
        env = {
            "PATH": os.pathsep.join([str(self.bin), "/usr/bin", "/bin"]),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "COURSE_PROGRESS_DB": str(self.home / "progress.sqlite3"),
            "MPLBACKEND": "Agg",
            "JUPYTER_PLATFORM_DIRS": "1",
        }
        env.update(extra)
        return env

    def run(
        self, args: list[str], cwd: Path | None = None, timeout: int = 900, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        """Run a command with this profile's environment (from its scratch home unless `cwd` is given)."""
        return subprocess.run(args, cwd=cwd or self.home, env=self.env(**extra), capture_output=True, text=True,
                              timeout=timeout)

    def cli(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run `course-helpers ARGS` as installed in this profile."""
        return self.run([str(self.bin / "course-helpers"), *args], **extra)


def build_wheel(out: Path) -> Path:
    """Build the course's wheel from this checkout, once (pip wheel, no dependencies)."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return next(out.glob("course_helpers-*.whl"))


def folder_mb(path: Path) -> float:
    """Size of a folder in MB."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def install_profile(name: str, wheel: Path, where: Path) -> ProfileEnv:
    """Make a fresh venv with exactly this profile installed from the wheel."""
    import time

    root = where / f"venv-{name}"
    home = where / f"home-{name}"
    home.mkdir(parents=True)
    started = time.monotonic()
    venv.create(root, with_pip=True)
    python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", f"{wheel}{PROFILES[name]}",
         *EXTRA_PACKAGES.get(name, ())],
        capture_output=True, text=True, timeout=1800,
    )
    assert done.returncode == 0, f"pip install {wheel.name}{PROFILES[name]} failed:\n{done.stderr[-3000:]}"
    return ProfileEnv(name, root, home, round(time.monotonic() - started, 1), round(folder_mb(root), 1))
