"""British spellings in the look-up: the map (data/coding/british_spellings.yaml) and the search using it."""

from __future__ import annotations

from functools import cache

import pytest

from course_helpers.coding.codes.icd10cm import cm_index
from course_helpers.coding.codes.icd10pcs import pcs_titles
from course_helpers.coding.codes.lookup import search_codes, synonym_note
from course_helpers.coding.codes.search_index import words
from course_helpers.coding.codes.spelling import load_spellings, spelling_note, to_us_spelling, us_word

SPELLINGS = load_spellings()
RULES = [(r.british, r.us, r.british) for r in SPELLINGS.words] + [
    (r.british, r.us, r.example) for r in SPELLINGS.fragments
]


@cache
def title_words() -> frozenset[str]:
    """Every word of the FY2026 ICD-10-CM titles and inclusion terms and the ICD-10-PCS titles."""
    found: set[str] = set()
    for entry in cm_index().entries:
        found.update(words(entry.title))
        for extra in entry.extra:
            found.update(words(extra))
    for title in pcs_titles().values():
        found.update(words(title))
    return frozenset(found)


def test_the_map_names_its_sources() -> None:
    assert SPELLINGS.sources and all(s.url.startswith("https://") for s in SPELLINGS.sources)
    assert all(r.example for r in SPELLINGS.fragments)


@pytest.mark.parametrize(("british", "us", "example"), RULES, ids=[r[0] for r in RULES])
def test_each_rule_turns_a_word_the_titles_lack_into_one_they_use(british: str, us: str, example: str) -> None:
    assert british in example
    respelled = us_word(example)
    assert respelled != example and us in respelled
    assert respelled in title_words(), f"{respelled!r} is not a word in the FY2026 titles"
    assert example not in title_words(), f"{example!r} is already a word in the FY2026 titles"


@pytest.mark.parametrize(
    "word", ["heart", "failure", "aerobic", "toe", "hemorrhage", "anemia", "esophagus", "pedal", "estrogen"]
)
def test_us_and_unrelated_words_are_left_alone(word: str) -> None:
    assert us_word(word) == word
    assert to_us_spelling(f"acute {word}").changed == ()


def test_to_us_spelling_says_which_words_changed() -> None:
    respelled = to_us_spelling("Acute posthaemorrhagic Anaemia, anaemia")
    assert respelled.text == "Acute posthemorrhagic anemia, anemia"
    assert respelled.changed == (("posthaemorrhagic", "posthemorrhagic"), ("Anaemia", "anemia"), ("anaemia", "anemia"))
    assert spelling_note("heart failure") is None


@pytest.mark.parametrize(
    ("british", "code"),
    [
        ("acute posthaemorrhagic anaemia", "D62"),
        ("oedema of larynx", "J38.4"),
        ("ischaemic cardiomyopathy", "I25.5"),
        ("diarrhoea", "R19.7"),
        ("haematoma of broad ligament", "N83.7"),
        ("oesophagitis", "K20.9"),
        ("paediatric", None),
    ],
)
def test_cm_search_with_british_words_finds_the_us_titles(british: str, code: str | None) -> None:
    us = to_us_spelling(british).text
    hits = search_codes(british, system="cm", limit=200)
    assert hits and [h.code for h in hits] == [h.code for h in search_codes(us, system="cm", limit=200)]
    if code is not None:
        assert code in {h.display for h in hits}
    note = synonym_note(british, "cm")
    assert note is not None and "US spelling" in note
    assert all(f"'{b}' as '{u}'" in note for b, u in to_us_spelling(british).changed)


def test_pcs_search_reads_caesarean_as_cesarean_then_as_the_pcs_words() -> None:
    hits = search_codes("caesarean", system="pcs", limit=5)
    assert hits and all(h.title.startswith("Extraction of Products of Conception") for h in hits)
    note = synonym_note("caesarean", "pcs")
    assert note is not None and "'caesarean' as 'cesarean'" in note and "'cesarean' as 'extraction" in note


def test_no_note_for_us_words_or_codes() -> None:
    assert synonym_note("acute posthemorrhagic anemia", "cm") is None
    assert synonym_note("D62", "cm") is None
