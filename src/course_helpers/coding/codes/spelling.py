"""British spellings a learner may type (anaemia, haemorrhage, oedema), read the US way the code titles use.

The map is data (data/coding/british_spellings.yaml, with its sources). Pure: no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from course_helpers.data import StrictModel, load_yaml

DATA_FILE = "coding/british_spellings.yaml"
_LETTERS = re.compile(r"[A-Za-z]+")


class SpellingRule(StrictModel):
    """A British word (or piece of a word) and its US spelling."""

    british: str
    us: str
    example: str | None = None


class SpellingSource(StrictModel):
    """Where the map comes from."""

    title: str
    url: str


class SpellingFile(StrictModel):
    """The whole data file."""

    schema_version: int
    sources: list[SpellingSource]
    words: list[SpellingRule]
    fragments: list[SpellingRule]


@dataclass(frozen=True)
class Respelled:
    """A query in US spelling, and the (British, US) words that were changed, in query order."""

    text: str
    changed: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def load_spellings() -> SpellingFile:
    """The British->US map shipped with the package."""
    return SpellingFile.model_validate(load_yaml(DATA_FILE))


def us_word(word: str) -> str:
    """One word in US spelling (lower case when it changed): 'Anaemia' -> 'anemia', 'heart' -> 'heart'."""
    rules = load_spellings()
    lower = word.lower()
    for rule in rules.words:
        if lower == rule.british:
            return rule.us
    out = lower
    for rule in rules.fragments:
        out = out.replace(rule.british, rule.us)
    return out if out != lower else word


def to_us_spelling(query: str) -> Respelled:
    """The query with every British-spelled word in US spelling, and which words changed."""
    changed: list[tuple[str, str]] = []

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        us = us_word(word)
        if us != word and (word, us) not in changed:
            changed.append((word, us))
        return us

    return Respelled(_LETTERS.sub(swap, query), tuple(changed))


def spelling_note(query: str) -> str | None:
    """A line telling the learner which British spellings the search read the US way, or None."""
    changed = to_us_spelling(query).changed
    if not changed:
        return None
    pairs = "; ".join(f"'{british}' as '{us}'" for british, us in changed)
    return f"The code titles use US spelling, so the search read {pairs}."
