"""The one file-name rule for learner ids: readable, safe, and never the same for two learners."""

from __future__ import annotations

from course_helpers.display.file_names import file_stem, file_stems


def test_names_stay_readable() -> None:
    assert file_stem("José Núñez") == "José Núñez"
    assert file_stem("élise") == "élise"
    assert file_stem("learner-00001") == "learner-00001"


def test_no_two_learners_share_a_file() -> None:
    ids = ["zoë", "zoé", "élise", "lise", "Ana", "ana", "a/b", "a_b", "../etc/passwd", "CON", "", "$\\foo$"]
    stems = file_stems(ids)
    assert len({s.casefold() for s in stems.values()}) == len(ids)  # distinct even on a case-folding disk
    assert stems["zoë"] == "zoë" and stems["zoé"] == "zoé" and stems["élise"] == "élise" and stems["lise"] == "lise"
    assert stems["Ana"].startswith("Ana-") and stems["ana"].startswith("ana-")  # equal up to case: tagged
    assert stems["a/b"].startswith("a_b-") and stems["a_b"].startswith("a_b-")  # they would clash: both tagged
    for stem in stems.values():
        assert "/" not in stem and "\\" not in stem and not stem.startswith(".") and stem


def test_unicode_forms_of_one_name_are_told_apart() -> None:
    composed, decomposed = "zo\u00e9", "zoe\u0301"  # the same letters on screen, two different ids
    stems = file_stems([composed, decomposed])
    assert stems[composed] != stems[decomposed]
