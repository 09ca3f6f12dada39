"""An all-words inverted index over code titles: every query word must appear (as a word or word prefix).

Titles hold parentheses ("Acute systolic (congestive) heart failure"), so a phrase search misses what an
all-words search finds. The rarest query word picks the candidates; the others are checked per candidate.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case words of a text: 'Acute (congestive) HF' -> ['acute', 'congestive', 'hf']."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class IndexEntry:
    """One searchable code: its (dotless) code, title and extra search text such as inclusion terms."""

    code: str
    title: str
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A search hit: the entry and whether every word was found in the title itself."""

    entry: IndexEntry
    in_title: bool


class WordIndex:
    """Inverted index from word to entry numbers, built once from (code, title, extra) entries."""

    def __init__(self, entries: Iterable[IndexEntry]) -> None:
        self.entries: list[IndexEntry] = list(entries)
        postings: dict[str, list[int]] = {}
        # tuples, not sets: a title has few words and 170,000 small sets would cost far more memory
        self._title_words: list[tuple[str, ...]] = []
        self._all_words: list[tuple[str, ...]] = []
        interned: dict[str, str] = {}
        for i, entry in enumerate(self.entries):
            title_words = tuple(interned.setdefault(w, w) for w in dict.fromkeys(words(entry.title)))
            all_words = title_words
            if entry.extra:
                extra = (w for e in entry.extra for w in words(e))
                all_words = tuple(dict.fromkeys([*title_words, *(interned.setdefault(w, w) for w in extra)]))
            self._title_words.append(title_words)
            self._all_words.append(all_words)
            for w in all_words:
                postings.setdefault(w, []).append(i)
        self._postings = postings
        self._vocab = sorted(postings)

    def __len__(self) -> int:
        return len(self.entries)

    def _expand(self, word: str) -> list[str]:
        """Every indexed word that starts with `word` (the word itself first when present)."""
        lo = bisect.bisect_left(self._vocab, word)
        hi = bisect.bisect_left(self._vocab, word + "\uffff")
        return self._vocab[lo:hi]

    def search(self, query: str, limit: int | None = 50) -> list[Match]:
        """Entries containing every word of the query (prefixes allowed), best first."""
        qwords = list(dict.fromkeys(words(query)))
        if not qwords:
            return []
        expansions = {w: self._expand(w) for w in qwords}
        if any(not e for e in expansions.values()):
            return []
        sizes = {w: sum(len(self._postings[t]) for t in exp) for w, exp in expansions.items()}
        rarest = min(qwords, key=sizes.__getitem__)
        exp = expansions[rarest]
        candidates: Iterable[int] = (
            self._postings[exp[0]] if len(exp) == 1 else sorted({i for t in exp for i in self._postings[t]})
        )
        others = [w for w in qwords if w != rarest]
        hits: list[tuple[tuple[int, int, int, int, str], Match]] = []
        for i in candidates:
            all_words = self._all_words[i]
            if not all(w in all_words or any(t.startswith(w) for t in all_words) for w in others):
                continue
            title_words = self._title_words[i]
            in_title = all(w in title_words or any(t.startswith(w) for t in title_words) for w in qwords)
            exact = all(w in all_words for w in qwords)
            entry = self.entries[i]
            # exact words before prefixes, title before inclusion terms, then the shortest (most general) title
            rank = (not exact, not in_title, len(title_words), len(entry.code), entry.code)
            hits.append((rank, Match(entry, in_title)))
        hits.sort(key=lambda h: h[0])
        return [m for _, m in (hits if limit is None else hits[:limit])]

    def naive_search(self, query: str) -> list[IndexEntry]:
        """The baseline the benchmark compares with: scan every title for every word (substring match)."""
        qwords = words(query)
        return [e for e in self.entries if all(w in e.title.lower() for w in qwords)]


def build_index(entries: Sequence[IndexEntry]) -> WordIndex:
    """Build a WordIndex (a function so callers can cache it)."""
    return WordIndex(entries)
