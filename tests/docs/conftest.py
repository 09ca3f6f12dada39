"""Print how many documentation blocks ran and which were marked not to run here, with their reasons."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The docs' block count, after the run."""
    from tests.docs import test_docs

    if not test_docs.RAN:
        return
    terminalreporter.write_sep("-", "documentation blocks")
    terminalreporter.write_line(f"{len(test_docs.RAN)} block(s) ran; {len(test_docs.MARKED)} marked not run in CI:")
    for name, reason in test_docs.MARKED:
        terminalreporter.write_line(f"  {name}: {reason}")
