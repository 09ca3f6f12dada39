"""The one class generator: uneven distractors, an optional miskeyed question, a made-up class for the notebook."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

import pytest

import course_helpers
from course_helpers.errors import CourseInputError
from course_helpers.instructor.gradebook import learner_totals, problems_frame
from course_helpers.instructor.item_analysis import analyse_gradebook
from course_helpers.instructor.regrade import grade_submissions
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import MISKEYED, TAMPER_KINDS, made_up_class, simulate_class


def _wrong_picks(folder: Path, key) -> dict[str, Counter]:
    """Question id -> how often each wrong choice was picked (single-choice practice questions)."""
    singles = {
        q.id: q for b in key.banks.values() if not b.graded for q in b.questions if q.type == "single_choice"
    }
    picks: dict[str, Counter] = {q: Counter() for q in singles}
    for path in folder.glob("*.json"):
        for attempt in json.loads(path.read_text())["attempts"]:
            q = singles.get(attempt["question"])
            if q is not None and attempt["answer"] != q.answer:
                picks[q.id][attempt["answer"]] += 1
    return picks


def test_wrong_picks_spread_unevenly_over_the_distractors(tmp_path: Path, course_key: Path) -> None:
    key = load_key(course_key)
    simulate_class(key, tmp_path, 300, seed=11, tamper=False)
    picks = {q: c for q, c in _wrong_picks(tmp_path, key).items() if sum(c.values()) >= 40}
    assert len(picks) >= 20
    spread = [q for q, c in picks.items() if len(c) >= 2]
    assert len(spread) / len(picks) > 0.8  # not every wrong pick on one distractor
    # uneven: the most popular distractor takes well over an equal share, on average
    singles = {q.id: q for b in key.banks.values() for q in b.questions}
    excess = [
        max(c.values()) / sum(c.values()) - 1 / (len(singles[q].choices) - 1) for q, c in picks.items()
    ]
    assert sum(excess) / len(excess) > 0.15


def test_the_miskeyed_question_is_the_worst_flagged_item(tmp_path: Path, course_key: Path) -> None:
    key = load_key(course_key)
    made = simulate_class(key, tmp_path / "subs", 80, seed=4, tamper=False, miskeyed=MISKEYED)
    book = tmp_path / "gb.sqlite3"
    grade_submissions(made.folder, course_key, book, progress=False)
    flagged = analyse_gradebook(book).flagged()
    worst = flagged[flagged["flags"].map(lambda f: f[0].startswith("negative"))].iloc[0]  # after any p = 0 items
    assert worst["question"] == MISKEYED
    assert worst["item_rest_r"] < 0
    # the strongest learners pick the first distractor
    question = next(q for b in key.banks.values() for q in b.questions if q.id == MISKEYED)
    lure = next(c for c in question.choices if c != question.answer)
    strongest = sorted(made.abilities, key=made.abilities.get)[-20:]
    chose = [
        a["answer"]
        for name in strongest
        for a in json.loads(made.files[name].read_text())["attempts"]
        if a["question"] == MISKEYED
    ]
    assert chose.count(lure) > len(chose) / 2


def test_unknown_miskeyed_question_is_refused(tmp_path: Path, course_key: Path) -> None:
    with pytest.raises(CourseInputError, match="no question 'no-such'"):
        simulate_class(load_key(course_key), tmp_path, 12, miskeyed="no-such")


def test_made_up_class_is_graded_with_its_damaged_files_reported() -> None:
    made = made_up_class(learners=20, seed=7)
    assert made.key_path is not None and made.key_path.exists()
    assert Path(tempfile.gettempdir()) in made.folder.parents  # nothing written beside the notebook
    book = made.folder.parent / "gradebook.sqlite3"
    report = grade_submissions(made.folder, made.key_path, book, progress=False)
    kinds = set(problems_frame(book)["kind"])
    assert {"not JSON", "other course", "same learner", "unknown question", "score differs"} <= kinds
    assert report.graded == learner_totals(book)["learner"].nunique()
    assert report.graded >= 20 - len(TAMPER_KINDS)
    with pytest.raises(CourseInputError, match="at least 12 learners"):
        made_up_class(learners=5)


def test_one_generator_on_the_public_surface() -> None:
    assert course_helpers.made_up_class is made_up_class
    assert "write_demo_gradebook" not in course_helpers.__all__
    assert "grade_submissions" in course_helpers.__all__ and "problems_frame" in course_helpers.__all__


def test_made_up_class_folder_goes_when_the_process_exits() -> None:
    import subprocess
    import sys

    code = "from course_helpers.instructor.simulate import made_up_class; print(made_up_class(12).folder.parent)"
    root = Path(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip())
    assert root.name.startswith("made-up-class-") and not root.exists()


def test_a_made_up_class_of_30_flags_the_miskeyed_and_the_all_missed_question_first(tmp_path) -> None:
    from course_helpers.instructor.item_analysis import analyse_gradebook
    from course_helpers.instructor.regrade import grade_submissions
    from course_helpers.instructor.simulate import ALL_MISSED, MISKEYED, made_up_class

    made = made_up_class()  # the notebook's default: 30 learners
    assert len(made.abilities) == 30
    book = tmp_path / "gradebook.sqlite3"
    grade_submissions(made.folder, made.key_path, book, progress=False)
    flagged = analyse_gradebook(book).flagged()  # the default analysis: no option lowered
    nobody = flagged[flagged["flags"].map(lambda f: f[0] == "nobody answered it right (p = 0): check the key")]
    assert flagged.loc[0, "question"] in set(nobody["question"]) and ALL_MISSED in set(nobody["question"][:2])
    negatives = flagged[flagged["flags"].map(lambda f: f[0].startswith("negative"))]
    assert negatives.iloc[0]["question"] == MISKEYED
    # the planted miskey is clear of chance at 30 learners: its r's 95% interval lies below 0, as a real
    # question's chance negative (e.g. faq-do-hac-pressure-ulcer, r = -0.33 at the former slope) does not
    from course_helpers.instructor.item_analysis import correlation_interval

    miskeyed = negatives.iloc[0]
    assert correlation_interval(float(miskeyed["item_rest_r"]), int(miskeyed["learners"]))[1] < 0
    # next to the planted ones, a real question the made-up class never got right may also stand at p = 0
    assert set(flagged["question"][: len(nobody) + 1]) >= {ALL_MISSED, MISKEYED}
    # learners retry practice questions they missed: the latest answers flatter the questions, the first do not
    from course_helpers.instructor.item_analysis import compare_policies

    table = compare_policies(book).drop(index="13_final_exam")
    assert (table["mean p (first)"] < table["mean p (latest)"]).all()
    assert table["easy (first)"].sum() < table["easy (latest)"].sum()
