"""Issue 19 on the learner's side, with the course's own banks and a real release: every lesson check opens with
all its questions (the exam has its own pool, so nothing moved), withheld answers stay out of progress and
review, a used-up exam says so when opened, and any two seeds and attempts draw papers with the same count per
lesson and per kind, a third of the points coding work, never two items on one fact.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from course_helpers import quiz, review
from course_helpers.course.progress import progress_report
from course_helpers.instructor.release import release
from course_helpers.quizzing.api import Notice, Quiz
from course_helpers.quizzing.assemble import draw_items
from course_helpers.quizzing.bank import load_all
from course_helpers.quizzing.exam_pool import cell_of, item_fact, item_kind
from tests.paths import REPO

CALL = re.compile(r'quiz\(\\?"(\d\d_\w+)\\?", questions=\[([^\]]*)\]')


@pytest.fixture(scope="module")
def learner_banks(tmp_path_factory) -> Path:
    return release(tmp_path_factory.mktemp("release")).learner_dir


def _lesson_checks() -> list[tuple[str, str, list[str]]]:
    """Every `quiz(bank, questions=[...])` in a lesson or the README: (where, bank, ids)."""
    found = []
    for path in [*sorted((REPO / "notebooks").glob("*.ipynb")), REPO / "README.md"]:
        text = path.read_text(encoding="utf-8")
        for bank, ids in CALL.findall(text):
            found.append((path.name, bank, re.findall(r'\\?"([\w-]+)\\?"', ids)))
    return found


def test_every_lesson_check_opens_on_the_released_banks_whole(monkeypatch, learner_banks: Path) -> None:
    checks = _lesson_checks()
    assert len(checks) >= 30
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(learner_banks))
    for where, bank, ids in checks:
        opened = quiz(bank, questions=ids, learner="ivy")
        assert isinstance(opened, Quiz), (where, bank, ids, repr(opened))
        assert sorted(opened.question_ids) == sorted(ids) and "ℹ" not in repr(opened), (where, bank)


def test_the_readme_example_works_on_the_authoring_and_the_released_banks(monkeypatch, learner_banks: Path,
                                                                          capsys) -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"\*\*Driving a quiz from code\*\*[^`]*`([^`]+)`", text).group(1)
    for folder in (None, learner_banks):
        if folder is not None:
            monkeypatch.setenv("COURSE_QUIZZES_DIR", str(folder))
        exec(example, {"quiz": quiz})  # noqa: S102 - the README's own line
        assert "⚠" not in capsys.readouterr().out


def test_withheld_answers_stay_out_of_progress_and_review(monkeypatch, learner_banks: Path) -> None:
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(learner_banks))
    exam = quiz("13_final_exam", learner="kim")
    for item in exam.session.items[:10]:
        q = item.question
        choices = list(getattr(q, "choices", None) or [])
        value = {"single_choice": choices[:1] and choices[0], "multiple_select": choices[:1], "true_false": True,
                 "numeric": 1, "code": "I10", "short_text": "x"}.get(q.type, list(getattr(q, "items", [])))
        assert exam.answer(item.id, value) is None  # saved, no verdict
    assert exam.finish().answered == 10
    report = progress_report("kim")
    assert "13_final_exam" not in {row.bank for row in report.rows}
    assert report.due == 0
    assert isinstance(review(learner="kim"), Notice)


def test_a_used_up_exam_says_so_when_opened(monkeypatch, learner_banks: Path) -> None:
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(learner_banks))
    for _ in range(2):
        quiz("13_final_exam", learner="lou").finish()
    third = quiz("13_final_exam", learner="lou")
    assert "No attempts left" in repr(third)


def test_any_two_seeds_and_attempts_draw_the_same_blueprint_with_a_third_coding_work() -> None:
    exam = load_all()["13_final_exam"]
    shapes, papers = set(), []
    for seed in (2026, 1, 2, 3, 4, 99):
        for attempt in (1, 2):
            questions = [i.question for i in draw_items(exam, seed, attempt)]
            assert len(questions) == exam.bank.draw.count
            assert len({item_fact(q) for q in questions}) == len(questions)  # never two items on one fact
            shapes.add(tuple(sorted(Counter(cell_of(q) for q in questions).items())))
            points = sum(q.points for q in questions)
            assert sum(q.points for q in questions if item_kind(q) == "coding-work") >= points / 3
            papers.append(frozenset(q.id for q in questions))
    assert len(shapes) == 1, "papers drawn with other seeds or attempts differ in lessons or kinds"
    assert len(set(papers)) == len(papers)  # yet the questions differ


def test_the_know_nothing_learner_scores_by_chance_only(learner_banks: Path, tmp_path: Path) -> None:
    """'Always the first choice' on the released paper: near chance, not 12 of 16."""
    from course_helpers.instructor.release import load_key

    key = load_key(learner_banks.parent.parent / "instructor" / "key.json")
    by_id = {q.id: q for q in key.banks["13_final_exam"].questions}
    released = [q for q in load_all(learner_banks)["13_final_exam"].bank.questions if q.type == "single_choice"]
    first = sum(q.choices[0] == by_id[q.id].answer for q in released)
    print(json.dumps({"single_choice": len(released), "always_first_right": first}))
    assert first <= -(-len(released) // 3)
