"""Issue 19: item checks on the exam's own pool. A copied-and-lightly-edited practice stem is flagged as a near
duplicate (word-bigram Jaccard), two exam items on one fact are flagged, and so is an exam item without its
domain, fact or source tag; `validate --strict` fails on each; the shipped banks pass.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.quizzing import item_quality as iq
from course_helpers.quizzing.bank import display_path, load_all
from tests.quizzing.exam_pool_samples import exam_item, standard_pool, write_course

PRACTICE_STEM = ("A patient is admitted with community-acquired pneumonia and is found on day two to have an "
                 "acute kidney injury that developed after admission. Which POA indicator does the kidney "
                 "injury get?")
LIGHTLY_EDITED = ("A patient is admitted with community-acquired pneumonia and is found on day three to have an "
                  "acute kidney injury that began after admission. Which POA indicator does the renal injury get?")
REWRITTEN = ("On the second hospital day a man treated for a hip fracture develops a urinary tract infection. "
             "Which present-on-admission value do you report for the infection?")


def _findings(folder: Path) -> list[iq.Finding]:
    return iq.check(iq.from_loaded(load_all(folder).values(), display_path))


def test_a_lightly_edited_copy_of_a_practice_stem_is_flagged_and_a_rewrite_is_not() -> None:
    assert iq.stem_similarity(PRACTICE_STEM, LIGHTLY_EDITED) >= iq.NEAR_DUPLICATE
    assert iq.stem_similarity(PRACTICE_STEM, REWRITTEN) < 0.1
    assert iq.stem_similarity("**Enter** the code.", "enter THE code") == 1.0  # case and Markdown ignored


def test_the_course_check_flags_the_copy_in_an_exam_pool(tmp_path: Path, capsys) -> None:
    items = standard_pool()
    items[3]["prompt"] = "An observation patient who stays overnight is an inpatient, as written in 90_sample."
    items[5]["prompt"] = LIGHTLY_EDITED
    folder = write_course(tmp_path / "q", items)
    lesson = (folder / "91_second.yaml").read_text(encoding="utf-8")
    (folder / "91_second.yaml").write_text(lesson.replace(
        "A patient has essential hypertension and nothing else. Enter the ICD-10-CM code.", PRACTICE_STEM))
    near = {(f.question, f.rule) for f in _findings(folder) if f.rule == "near-duplicate"}
    assert near == {("exam-3", "near-duplicate"), ("exam-5", "near-duplicate")}
    assert main(["validate", "--strict", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "practice item 't-dx' (91_second)" in out and "[near-duplicate]" in out


def test_two_exam_items_on_one_fact_and_missing_tags_are_flagged(tmp_path: Path, capsys) -> None:
    items = [exam_item(n, "90_sample" if n % 2 else "91_second", ("coding-work", "application", "recall")[n // 8])
             for n in range(24)]
    items[9]["tags"] = [t for t in items[9]["tags"] if not t.startswith("fact:")] + ["fact:fact-11"]
    items[12]["tags"] = [t for t in items[12]["tags"] if not t.startswith("domain:")]
    items[13]["tags"] = [t for t in items[13]["tags"] if not t.startswith("source:")]
    items[14]["tags"] = [t for t in items[14]["tags"] if not t.startswith("fact:")]
    items[15]["tags"] = [t.replace("domain:90_sample", "domain:42_nowhere") for t in items[15]["tags"]]
    found = [(f.question, f.rule, f.message) for f in _findings(write_course(tmp_path / "q", items))]
    same = [f for f in found if f[1] == "same-fact"]
    assert [f[0] for f in same] == ["exam-11"] and "'exam-9'" in same[0][2]
    tags = {q: m for q, rule, m in found if rule == "exam-tags"}
    assert set(tags) == {"exam-12", "exam-13", "exam-14", "exam-15"}
    assert "domain:" in tags["exam-12"] and "source:" in tags["exam-13"] and "fact:" in tags["exam-14"]
    assert "42_nowhere" in tags["exam-15"]
    items = [i for n, i in enumerate(items) if n not in (12, 13, 14, 15)] + [exam_item(n, "91_second", "recall")
                                                                             for n in range(30, 34)]
    main(["validate", "--strict", str(write_course(tmp_path / "r", items))])
    out = capsys.readouterr().out.splitlines()
    same = [line for line in out if "[same-fact] tests fact 'fact-11' as 'exam-9' does" in line]
    assert len(same) == 1 and same[0].startswith("note: ")  # a note: never an error under --strict


def test_the_shipped_pool_s_same_fact_pairs_are_never_on_one_paper() -> None:
    from course_helpers.quizzing.assemble import draw_items

    exam = next(item for item in BANKS.values() if item.bank.draw is not None)
    pairs = [f for f in iq.check(iq.from_loaded(BANKS.values(), display_path)) if f.rule == "same-fact"]
    print(f"\n{len(pairs)} same-fact pair(s): " + "; ".join(f"{f.question} ({f.message.split(' as ')[1][:40]})"
                                                          for f in pairs))
    for seed in (2026, 1, 2, 3, 4):
        for attempt in (1, 2):
            paper = {i.id for i in draw_items(exam, seed, attempt)}
            for finding in pairs:
                other = finding.message.split("as '", 1)[1].split("'", 1)[0]
                assert not {finding.question, other} <= paper, (seed, attempt, finding.question, other)


# --------------------------------------------------------------------------- the shipped banks

BANKS = load_all()


def test_the_threshold_sits_well_above_every_exam_stem_against_every_practice_stem() -> None:
    practice = [q for item in BANKS.values() if item.bank.draw is None for q in item.bank.questions]
    exam = [q for item in BANKS.values() if item.bank.draw is not None for q in item.bank.questions]
    closest = max(iq.stem_similarity(e.prompt, p.prompt) for e in exam for p in practice)
    between = max(iq.stem_similarity(a.prompt, b.prompt) for a, b in itertools.combinations(practice, 2))
    print(f"\nclosest exam/practice pair {closest:.2f}; closest practice/practice pair {between:.2f}")
    assert closest < iq.NEAR_DUPLICATE - 0.1, f"an exam stem is {closest:.2f} like a practice stem"


@pytest.mark.parametrize("rule", ["near-duplicate", "exam-tags"])
def test_the_shipped_exam_pool_passes_each_check(rule: str) -> None:
    exam = [item for item in BANKS.values() if item.bank.draw is not None]
    assert exam and len(exam[0].bank.questions) >= exam[0].bank.draw.count
    found = [str(f) for f in iq.check(iq.from_loaded(BANKS.values(), display_path)) if f.rule == rule]
    assert not found, "\n".join(found)
