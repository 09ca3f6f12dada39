"""Listeners told of every answer a quiz records (bank, question, the coerced response), after it is saved.

The live-session client (`classroom/live_client.py`) listens while a learner has joined a session, so the
quiz never imports the classroom. A listener must return at once (queue the work); one that raises is
ignored, so a broken listener never stops a quiz.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[str, str, Any], None]
_listeners: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Call `listener(bank, question, response)` after every recorded answer (once, however often added)."""
    if listener not in _listeners:
        _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    """Stop calling `listener` (no error if it was not listening)."""
    if listener in _listeners:
        _listeners.remove(listener)


def announce(bank: str, question: str, response: Any) -> None:
    """Tell every listener about a recorded answer; a listener that fails is skipped."""
    for listener in list(_listeners):
        try:
            listener(bank, question, response)
        except Exception:  # noqa: BLE001 - a listener never stops the quiz
            pass
