"""Parse codes typed as text (in a widget or on the command line) into lists the models take."""

from __future__ import annotations

import re

from course_helpers.errors import CaseInputError

_SPLIT = re.compile(r"[\s,;]+")
_WITH_POA = re.compile(r"([^:/]+)(?:[:/](.*))?")


def split_codes(text: str) -> list[str]:
    """Codes separated by spaces, commas, semicolons or new lines: 'N17.9, E87.1' -> ['N17.9', 'E87.1']."""
    return [part for part in _SPLIT.split(text or "") if part]


def parse_secondary(text: str) -> list[tuple[str, str | None]]:
    """Secondary diagnoses with an optional POA flag after ':' or '/': 'N17.9:Y E87.1' -> [('N17.9', 'Y'), ...]."""
    out: list[tuple[str, str | None]] = []
    for part in split_codes(text):
        match = _WITH_POA.fullmatch(part)
        if match is None:
            raise CaseInputError(f"{part!r} is not a code; write secondary diagnoses like N17.9 or N17.9:Y")
        out.append((match.group(1), match.group(2) or None))
    return out
