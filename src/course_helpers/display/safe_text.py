"""Learner text made safe for where people read it: the one escaping rule for each place.

Learner ids, names and answers come from learners. Written raw they act instead of being read:

- `csv_cell(text)`: a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
  as a formula (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`); such a cell gets a leading `'` (OWASP's advice for
  CSV injection), which spreadsheets show as plain text.
- `markdown_text(text)`: Markdown and the HTML it may carry (`<img onerror=...>`, `[x](javascript:...)`,
  a new line that forges a "100% passed" line) is escaped so it shows as the characters typed, on one line.
- `terminal_text(text)`: control and invisible formatting characters (ESC sequences such as `ESC[2J` or
  OSC 8 links, NUL, new lines, right-to-left overrides such as U+202E) are shown escaped (`\\x1b`, `\\u202e`);
  printable text, accents and other scripts included, is unchanged.

Every writer of learner text for people (the problems CSV, the LMS exports, feedback files, the grader's
problem lines, command messages) uses these functions.
"""

from __future__ import annotations

import html
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet cell that it runs as a formula starts (OWASP: CSV injection)."""
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def csv_cell(text: object) -> str:
    """`text` as a spreadsheet cell that is never run as a formula (a leading `'` when it starts like one)."""
    value = "" if text is None else str(text)
    return "'" + value if value.startswith(FORMULA_START) else value


def terminal_text(text: object) -> str:
    """`text` with each control or invisible formatting character shown escaped ('\\x1b', '\\n', '\\u202e')."""
    value = str(text)
    if value.isprintable():
        return value
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in value)


def markdown_text(text: object) -> str:
    """`text` for a Markdown (or HTML) page: one line, HTML escaped, Markdown syntax shown as typed."""
    one_line = _LINE_BREAKS.sub(" ", str(text))
    shown = terminal_text(one_line)  # no ESC, NUL or bidi override reaches a page either
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(shown, quote=True))

