"""Execute lesson notebooks and keep only the outputs nbval checks (cells starting `# NBVAL_CHECK_OUTPUT`).

Usage: .venv/bin/python scripts/refresh_notebooks.py notebooks/01_the_role.ipynb [...]
Runs with a throw-away progress store, strips every other output (and its execution count) and widget state,
so committed notebooks stay small and their checked outputs match a fresh run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path, timeout: int = 600) -> None:
    """Run one notebook in its folder and write it back with only checked outputs."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COURSE_PROGRESS_DB"] = str(Path(tmp) / "progress.sqlite3")
        os.environ.setdefault("MPLBACKEND", "Agg")
        client = NotebookClient(
            notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        )
        client.execute()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if not cell.source.lstrip().startswith(CHECK):
            cell.outputs = []
            cell.execution_count = None  # nbval needs a count only on cells whose outputs it compares
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    """Refresh each notebook named."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        refresh(path)
        print(f"refreshed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
