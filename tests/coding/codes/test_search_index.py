"""The all-words index agrees with a naive scan and ranks sensibly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from course_helpers.coding.codes.search_index import IndexEntry, WordIndex, words

ENTRIES = [
    IndexEntry("I5021", "Acute systolic (congestive) heart failure"),
    IndexEntry("I5022", "Chronic systolic (congestive) heart failure"),
    IndexEntry(
        "I502", "Systolic (congestive) heart failure", ("Heart failure with reduced ejection fraction [HFrEF]",)
    ),
    IndexEntry("I10", "Essential (primary) hypertension"),
]
INDEX = WordIndex(ENTRIES)


def test_words_ignore_punctuation_and_case() -> None:
    assert words("Acute (congestive) HF, [HFrEF]") == ["acute", "congestive", "hf", "hfref"]


def test_all_words_not_phrase() -> None:
    codes = [m.entry.code for m in INDEX.search("acute systolic heart failure")]
    assert codes == ["I5021"]  # the phrase "acute systolic heart failure" is not in the title


def test_inclusion_terms_are_searched_and_marked() -> None:
    [match] = INDEX.search("hfref")
    assert match.entry.code == "I502" and not match.in_title


def test_prefixes_match_and_general_titles_rank_first() -> None:
    codes = [m.entry.code for m in INDEX.search("systol fail")]
    assert codes[0] == "I502" and set(codes) == {"I502", "I5021", "I5022"}


def test_no_match_and_empty_query() -> None:
    assert INDEX.search("zebra") == [] and INDEX.search("  ()  ") == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["acute", "heart", "failure", "systolic", "chronic", "primary", "x"]), max_size=3))
def test_index_finds_what_a_whole_word_scan_finds(query_words: list[str]) -> None:
    query = " ".join(query_words)
    found = {m.entry.code for m in INDEX.search(query, limit=None)}
    expected = {
        e.code
        for e in ENTRIES
        if query_words and all(any(t.startswith(w) for t in words(" ".join([e.title, *e.extra]))) for w in query_words)
    }
    assert found == expected
