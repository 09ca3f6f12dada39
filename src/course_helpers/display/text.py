"""Plain text that is safe to print to a terminal or a notebook: `printable(text)`.

Learner names and file paths come from people and environment variables. A name holding an escape
sequence ('\\x1b[2J' clears the screen), a NUL, a new line or a right-to-left override would act on
the terminal instead of being shown, so every command echoes such text through `printable`.
"""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with each control or invisible formatting character shown escaped ('\\x1b', '\\n', '\\u202e');
    printable text, accents and other scripts included, is returned unchanged."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
