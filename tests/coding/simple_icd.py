"""simple_icd_10_cm, imported quietly: the tests use it as an independent check of our own parsing."""

from __future__ import annotations

import warnings
from types import ModuleType


def simple_icd() -> ModuleType:
    """The simple_icd_10_cm module (its import raises DeprecationWarnings from importlib.resources)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm
