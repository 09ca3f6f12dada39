"""Layers point one way: the import-linter contracts in pyproject.toml hold, and they cover every model."""

from __future__ import annotations

import pkgutil
import tomllib

import pytest

import course_helpers
from tests.paths import REPO

CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    exit_code = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True)
    assert exit_code == 0, capsys.readouterr().out


def _is_view_or_entry(name: str) -> bool:
    """Views, and the modules whose job is to show or start things, may import widgets."""
    leaf = name.rsplit(".", 1)[-1]
    return (
        leaf.endswith("_view")
        or ".coding.views" in name
        or leaf in {"__init__", "cli", "api", "__main__"}
        or name.count(".") == 1 and leaf in {"errors"}
    )


def test_every_model_module_is_held_to_the_no_widgets_contract() -> None:
    """A new model module must be listed (or sit inside a listed package), so the contract cannot go stale."""
    forbidden = next(c for c in CONFIG["contracts"] if c["type"] == "forbidden")
    sources = forbidden["source_modules"]
    modules = [m.name for m in pkgutil.walk_packages(course_helpers.__path__, "course_helpers.") if not m.ispkg]
    layer_tops = {"course_helpers.data", "course_helpers.display", "course_helpers.errors"}
    unlisted = [
        name
        for name in modules
        if not _is_view_or_entry(name)
        and not any(name == s or name.startswith(s + ".") for s in sources)
        and not any(name == t or name.startswith(t + ".") for t in layer_tops)
    ]
    assert unlisted == [], "add these model modules to the 'forbidden' contract in pyproject.toml"
