"""Session-wide isolation for every pytest run, including nbval's notebook kernels.

Kernels started by nbval inherit this process's environment, so pointing the progress store, Jupyter,
IPython, matplotlib and the XDG folders at a temporary directory here keeps a test run from ever
touching the real user's home. tests/conftest.py narrows this further to one directory per test.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_ISOLATED = {
    "COURSE_PROGRESS_DB": "progress.sqlite3",
    "MPLCONFIGDIR": "mpl",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
    "XDG_CACHE_HOME": "cache",
    "XDG_DATA_HOME": "data",
    "XDG_CONFIG_HOME": "config",
}
_session_dir: Path | None = None


def pytest_configure(config: object) -> None:
    """Point every per-user location at a fresh temporary folder for this run."""
    global _session_dir
    _session_dir = Path(tempfile.mkdtemp(prefix="course-tests-"))
    for variable, name in _ISOLATED.items():
        os.environ[variable] = str(_session_dir / name)
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.pop("JUPYTERHUB_USER", None)
    # run on a hub, a lesson's `submit()` cell must not hand the test run in: outside a hub it prints one line
    os.environ.pop("JUPYTERHUB_API_TOKEN", None)


def pytest_unconfigure(config: object) -> None:
    """Remove the temporary folder."""
    if _session_dir is not None:
        shutil.rmtree(_session_dir, ignore_errors=True)
