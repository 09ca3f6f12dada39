"""An all-words inverted index over code titles: every query word must appear (as a word or word prefix).

Titles hold parentheses ("Acute systolic (congestive) heart failure"), so a phrase search misses what an
all-words search finds. The rarest query word picks the candidates; the others are checked per candidate.
"""

from __future__ import annotations

import bisect
import gc
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic data (it rescans every new tuple)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def words(text: str) -> list[str]:
    """Lower-case words of a text: 'Acute (congestive) HF' -> ['acute', 'congestive', 'hf']."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One searchable code: its (dotless) code, title and extra search text such as inclusion terms."""

    code: str
    title: str
    extra: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A search hit: the entry and whether every word was found in the title itself."""

    entry: IndexEntry
    in_title: bool


class WordIndex:
    """Inverted index from word to entry numbers, built once from (code, title, extra) entries."""

    def __init__(self, entries: Iterable[IndexEntry]) -> None:
        with paused_gc():
            self._build(entries)

    def _build(self, entries: Iterable[IndexEntry]) -> None:
        given = list(entries)

        def tokens(text: str) -> tuple[str, ...]:
            # interned: a word repeated across 170,000 titles is stored once
            return tuple(map(sys.intern, dict.fromkeys(_WORD.findall(text.lower()))))

        title_words = [tokens(e.title) for e in given]
        # entries are numbered from the most general (fewest title words, shortest code) to the most
        # specific, ties in the list's own (tabular) order: then a sorted posting list is already in rank
        # order and a search can stop once it has enough of the best matches
        order = sorted(range(len(given)), key=lambda i: (len(title_words[i]), len(given[i].code), i))
        self.entries: list[IndexEntry] = [given[i] for i in order]
        # tuples, not sets: a title has few words and 170,000 small sets would cost far more memory
        self._title_words: list[tuple[str, ...]] = [title_words[i] for i in order]
        self._all_words: list[tuple[str, ...]] = []
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for n, (entry, title) in enumerate(zip(self.entries, self._title_words, strict=True)):
            all_words = title
            if entry.extra:
                all_words = tuple(dict.fromkeys([*title, *(w for e in entry.extra for w in tokens(e))]))
            self._all_words.append(all_words)
            for w in all_words:
                postings[w].append(n)
        self._postings = dict(postings)
        self._vocab = sorted(postings)

    def __len__(self) -> int:
        return len(self.entries)

    def _expand(self, word: str) -> list[str]:
        """Indexed words that start with `word`; a word under 3 letters matches only itself when indexed."""
        if len(word) < 3 and word in self._postings:
            return [word]  # "of", "2", "a": expanding them would match most of the index
        lo = bisect.bisect_left(self._vocab, word)
        hi = bisect.bisect_left(self._vocab, word + "\uffff")
        return self._vocab[lo:hi]

    def _union(self, tokens: list[str]) -> set[int]:
        if len(tokens) == 1:
            return set(self._postings[tokens[0]])
        out: set[int] = set()
        for t in tokens:
            out.update(self._postings[t])
        return out

    def search(self, query: str, limit: int | None = 50) -> list[Match]:
        """Entries containing every word of the query (prefixes allowed), best first."""
        qwords = list(dict.fromkeys(words(query)))
        if not qwords:
            return []
        expansions = {w: self._expand(w) for w in qwords}
        if any(not e for e in expansions.values()):
            return []
        sizes = {w: sum(len(self._postings[t]) for t in exp) for w, exp in expansions.items()}
        order = sorted(qwords, key=sizes.__getitem__)
        token_sets = {w: frozenset(expansions[w]) for w in qwords}
        first = expansions[order[0]]
        if len(qwords) == 1 and len(first) == 1:
            candidates: Iterable[int] = self._postings[first[0]]  # already in rank order
        else:
            found = self._union(first)
            for w in order[1:]:
                if not found:
                    return []
                if 6 * len(found) < sizes[w]:  # few candidates left: test each one's words
                    tokens = token_sets[w]
                    found = {i for i in found if not tokens.isdisjoint(self._all_words[i])}
                elif len(expansions[w]) == 1:
                    found = found.intersection(self._postings[expansions[w][0]])
                else:
                    found = set().union(*(found.intersection(self._postings[t]) for t in expansions[w]))
            candidates = sorted(found)
        # walk candidates in rank order, sorting them into four tiers; stop once the best tier is full
        tiers: list[list[Match]] = [[], [], [], []]
        for i in candidates:
            all_words, title_words = self._all_words[i], self._title_words[i]
            exact = all(w in all_words for w in qwords)
            in_title = title_words is all_words or all(not token_sets[w].isdisjoint(title_words) for w in qwords)
            tiers[(not exact) * 2 + (not in_title)].append(Match(self.entries[i], in_title))
            if limit is not None and len(tiers[0]) >= limit:
                break
        hits = [m for tier in tiers for m in tier]
        return hits if limit is None else hits[:limit]
