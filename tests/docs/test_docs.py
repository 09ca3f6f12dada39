"""Every shell, console and Python block of README.md and docs/*.md runs as a reader would run it.

Blocks run in document order in one scratch folder per document (tests/docs/scratch.py), with the course's
command on PATH: a shell block through bash (`-e`, `-o pipefail`), each `$ ` command of a console transcript
the same way (exit status 0; the transcript's output is illustrative), a Python block in a fresh interpreter,
and a `jupyterhub_config.py` block (it calls `get_config()`; a fragment starting `c.` is added to the one
docs/deployment.md shows) through JupyterHub's own config loader. A section
after a `<!-- docs-test: new folder -->` line starts in a fresh folder (a recipe that repeats earlier steps). A block
that cannot run here starts with `# not run in CI: REASON`; it is not run, and the count of run and marked
blocks, with each reason, is printed at the end of the run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.blocks import Block, blocks, console_commands, documents
from tests.docs.scratch import environment, prepare

ALL_BLOCKS = [block for doc in documents() for block in blocks(doc)]
RUNNABLE_BLOCKS = [block for block in ALL_BLOCKS if not block.skip_reason]
MARKED: list[tuple[str, str]] = [(block.name, block.skip_reason or "") for block in ALL_BLOCKS if block.skip_reason]
"""Blocks marked `# not run in CI: REASON`: not collected as tests (so a CI run's skip count stays about missing
services), and listed with their reasons at the end of every run."""
_SCRATCH: dict[tuple[Path, int], Path] = {}
RAN: list[str] = []


@pytest.fixture(scope="session")
def scratch_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("docs")


def _scratch(block: Block, root: Path) -> Path:
    key = (block.doc, block.part)
    if key not in _SCRATCH:
        folder = root / f"{block.doc.stem}-{block.part}"
        folder.mkdir()
        prepare(block.doc.name, folder)
        _SCRATCH[key] = folder
    return _SCRATCH[key]


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", command], cwd=cwd, env=environment(cwd),
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


def _hub_config(text: str, cwd: Path) -> None:
    from jupyterhub.app import JupyterHub
    from traitlets.config.loader import PyFileConfigLoader

    (cwd / "jupyterhub_config.py").write_text(text, encoding="utf-8")
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(cwd)).load_config()
    assert JupyterHub(config=config).services, "the config defines the course's service"


def _base_hub_config() -> str:
    """The jupyterhub_config.py that docs/deployment.md shows, which other pages add to."""
    base = [b for b in ALL_BLOCKS if b.doc.name == "deployment.md" and "get_config()" in b.text]
    assert len(base) == 1, "docs/deployment.md shows one jupyterhub_config.py"
    return base[0].text


def test_every_document_has_blocks_and_each_marker_gives_a_reason() -> None:
    assert len(ALL_BLOCKS) >= 20 and len(RUNNABLE_BLOCKS) > len(MARKED), "most documented commands must run here"
    for block in ALL_BLOCKS:
        first = block.text.lstrip().splitlines()[0] if block.text.strip() else ""
        if "not run" in first.lower():
            assert block.skip_reason, f"{block.name}: write the marker as '# not run in CI: REASON'"


@pytest.mark.parametrize("block", RUNNABLE_BLOCKS, ids=lambda b: b.name)
def test_the_block_runs(block: Block, scratch_root: Path) -> None:
    cwd = _scratch(block, scratch_root)
    if block.kind == "python" and "get_config()" in block.text:
        _hub_config(block.text, cwd)
    elif block.kind == "python" and block.text.lstrip().startswith("c."):
        _hub_config(_base_hub_config() + "\n" + block.text, cwd)  # a fragment added to the deployment's config
    elif block.kind == "python":
        done = subprocess.run([sys.executable, "-c", block.text], cwd=cwd, env=environment(cwd),
                              capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"{block.name}:\n{block.text}\n---\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    else:
        commands = console_commands(block.text) if block.kind == "console" else [block.text]
        assert commands, f"{block.name}: a console block needs '$ ' command lines"
        for command in commands:
            done = _shell(command, cwd)
            assert done.returncode == 0, f"{block.name}: {command}\n---\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    RAN.append(block.name)
