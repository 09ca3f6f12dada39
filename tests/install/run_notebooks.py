"""Run notebooks top to bottom with nbclient and report every error output; run by an install profile's Python.

Usage: python run_notebooks.py KERNEL_NAME NOTEBOOK [NOTEBOOK ...]
Prints one JSON line per notebook: {"notebook", "seconds", "errors": [...], "stderr": [...], "notices": [...]}
(notices: outputs that say a quiz cannot open);
exits 1 if any notebook had an error output or could not run. Standard library plus nbclient/nbformat, which JupyterLab
installs, so it runs in the [lab] profile exactly as a learner has it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def run(path: Path, kernel: str) -> dict[str, object]:
    """Execute one notebook in its own folder; collect error outputs and stderr text."""
    notebook = nbformat.read(path, as_version=4)
    started = time.monotonic()
    client = NotebookClient(notebook, kernel_name=kernel, timeout=600, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    problem = None
    try:
        client.execute()
    except (CellExecutionError, RuntimeError, TimeoutError) as exc:
        problem = f"{type(exc).__name__}: {str(exc)[-400:]}"
    errors, stderr, notices = [], [], []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(f"cell {index}: {output.get('ename')}: {output.get('evalue')}"[:400])
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                stderr.append(f"cell {index}: {output.get('text', '')}"[:400])
            text = output.get("text") or (output.get("data") or {}).get("text/plain") or ""
            text = "".join(text) if isinstance(text, list) else str(text)
            if "cannot open" in text:
                notices.append(f"cell {index}: {text.strip()}"[:400])
    if problem:
        errors.append(problem)
    return {"notebook": path.name, "seconds": round(time.monotonic() - started, 1), "errors": errors, "stderr": stderr,
            "notices": notices}


def main(argv: list[str]) -> int:
    """Run each notebook given and print one JSON line per notebook."""
    kernel, paths = argv[0], [Path(p) for p in argv[1:]]
    failed = False
    for path in paths:
        result = run(path, kernel)
        failed = failed or bool(result["errors"])
        print(json.dumps(result), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
