"""The one rule for turning learner ids into file names: readable, safe on every OS, and never two alike.

A learner id is anything a person typed or a platform gave ("José Núñez", "zoë", "élise", "../x",
"$\\foo$"). The file name keeps it readable: letters of any script stay (in NFC form), so "José Núñez"
becomes "José Núñez.md", not "Jos_N_ez.md". What no file system takes, or what changes meaning in a path,
is replaced with "_": path separators, the characters Windows reserves (`<>:"/\\|?*`), control characters,
leading and trailing dots and spaces, and Windows's reserved device names (CON, NUL, COM1...).

Injective: when cleaning changed an id, or two ids clean to names equal up to case or Unicode form (macOS
and Windows file systems fold case), each such name gets "-" and six characters of the SHA-256 of the
exact id, so "zoë" and "zoé" (or "Ana" and "ana") can never land in one file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_STEM = 80


def _clean(learner: str) -> str:
    text = unicodedata.normalize("NFC", learner)
    text = _UNSAFE.sub("_", text)
    text = " ".join(text.split())  # tabs and runs of spaces become one space
    text = text.strip(" .")[:MAX_STEM].strip(" .")
    if not text or text.split(".")[0].casefold() in _RESERVED:
        text = f"learner_{text}" if text else "learner"
    return text


def _tag(learner: str) -> str:
    return hashlib.sha256(learner.encode("utf-8")).hexdigest()[:6]


def file_stems(learners: Iterable[str]) -> dict[str, str]:
    """learner id -> a readable file-name stem, distinct for every id (also on case-folding file systems)."""
    ids = list(dict.fromkeys(learners))
    cleaned = {learner: _clean(learner) for learner in ids}
    folded: dict[str, int] = {}
    for stem in cleaned.values():
        folded[stem.casefold()] = folded.get(stem.casefold(), 0) + 1
    stems = {}
    for learner, stem in cleaned.items():
        clash = folded[stem.casefold()] > 1
        stems[learner] = f"{stem}-{_tag(learner)}" if clash or stem != learner else stem
    return stems


def file_stem(learner: str) -> str:
    """One learner id's stem on its own (an id that needed no cleaning keeps its name exactly)."""
    return file_stems([learner])[learner]
