"""The shell and Python blocks of README.md and docs/*.md, in document order, with their line numbers.

Parsed with markdown-it-py (the CommonMark parser the course already ships), so fences inside list items, their
indentation and info strings are read as a Markdown renderer reads them. A block whose first line is a comment
`# not run in CI: REASON` is shown to readers as it is and skipped with that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from tests.paths import REPO

RUNNABLE = {"sh": "shell", "bash": "shell", "shell": "shell", "console": "console", "python": "python",
            "py": "python", "python3": "python"}
NEW_FOLDER = "<!-- docs-test: new folder -->"
"""Put on its own line before a section that starts over (a recipe repeating earlier steps): the blocks after it
run in a fresh scratch folder, as a reader starting that section afresh would."""
MARKER = re.compile(r"^#\s*not run in CI(?: by the docs test)?:\s*(.+)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its kind (shell, console, python) and its text."""

    doc: Path
    line: int
    kind: str
    text: str
    part: int = 0

    @property
    def skip_reason(self) -> str | None:
        """The reason given by a leading `# not run in CI:` line, or None when the block runs."""
        first = self.text.lstrip().splitlines()[0] if self.text.strip() else ""
        match = MARKER.match(first.strip())
        return match.group(1).strip() if match else None

    @property
    def name(self) -> str:
        """`docs/file.md:LINE` for test ids and messages."""
        return f"{self.doc.relative_to(REPO)}:{self.line}"


def documents() -> list[Path]:
    """README.md and every Markdown page in docs/."""
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def blocks(doc: Path) -> list[Block]:
    """Every shell, console and Python fence of one document, in order."""
    text = doc.read_text(encoding="utf-8")
    restarts = [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == NEW_FOLDER]
    tokens = MarkdownIt("commonmark").parse(text)
    found = []
    for token in tokens:
        if token.type != "fence":
            continue
        lang = (token.info.split() or [""])[0].lower()
        if lang in RUNNABLE:
            line = token.map[0] + 1 if token.map else 0
            part = sum(1 for restart in restarts if restart < line)
            found.append(Block(doc, line, RUNNABLE[lang], token.content, part))
    return found


def console_commands(text: str) -> list[str]:
    """The commands of a console transcript: `$ ` lines with their backslash continuations; output is dropped."""
    commands: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if current is not None:
            current.append(line)
            if not line.rstrip().endswith("\\"):
                commands.append("\n".join(current))
                current = None
            continue
        if line.startswith("$ "):
            current = [line[2:]]
            if not line.rstrip().endswith("\\"):
                commands.append(current[0])
                current = None
    return commands
