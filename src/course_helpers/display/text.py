"""Plain text that is safe to print to a terminal or a notebook: `printable(text)`.

Learner names and file paths come from people and environment variables. A name holding an escape
sequence ('\\x1b[2J' clears the screen), a NUL, a new line or a right-to-left override would act on
the terminal instead of being shown, so every command echoes such text through `printable`, which is
`display.safe_text.terminal_text` (the one rule; kept under this name for its callers).
"""

from __future__ import annotations

from course_helpers.display.safe_text import terminal_text as printable

__all__ = ["printable"]
