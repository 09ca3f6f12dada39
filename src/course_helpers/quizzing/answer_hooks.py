"""Listeners told of every answer a quiz records (bank, question, the coerced response), after it is saved.

The live-session client (`classroom/live_client.py`) listens while a learner has joined a session, so the
quiz never imports the classroom. A listener must return at once (queue the work); one that raises is
ignored, so a broken listener never stops a quiz.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Listener = Callable[[str, str, Any], None]
Notice = Callable[[str], "str | None"]
_listeners: list[Listener] = []
_notices: dict[Listener, Notice] = {}


def add_listener(listener: Listener, notice: Notice | None = None) -> None:
    """Call `listener(bank, question, response)` after every recorded answer (once, however often added).

    `notice(bank)` says, for a quiz of `bank`, where its answers go (the quiz shows it), or None.
    """
    if listener not in _listeners:
        _listeners.append(listener)
    if notice is not None:
        _notices[listener] = notice


def remove_listener(listener: Listener) -> None:
    """Stop calling `listener` (no error if it was not listening)."""
    if listener in _listeners:
        _listeners.remove(listener)
    _notices.pop(listener, None)


def notices(bank: str) -> list[str]:
    """What the listeners say about a quiz of `bank` (e.g. "answers go to your instructor's live session")."""
    out = []
    for notice in list(_notices.values()):
        try:
            text = notice(bank)
        except Exception:  # noqa: BLE001 - a notice never stops the quiz
            text = None
        if text:
            out.append(text)
    return out


def announce(bank: str, question: str, response: Any) -> None:
    """Tell every listener about a recorded answer; a listener that fails is skipped."""
    for listener in list(_listeners):
        try:
            listener(bank, question, response)
        except Exception:  # noqa: BLE001 - a listener never stops the quiz
            pass
