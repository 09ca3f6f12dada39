"""Issue 19: the exam is its own pool, drawn by a blueprint. Small pools in tmp folders: every seed and attempt
gives the same count per (domain, kind), at least a third of the points coding work, never two items on one
fact (a pool that cannot avoid it is refused by `validate`, not at the learner), and each attempt its own paper,
in the authoring course and in a release, graded by the key and regrade.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from course_helpers import quiz
from course_helpers.cli import main
from course_helpers.instructor.feedback import write_feedback
from course_helpers.instructor.gradebook import learner_totals, problems_frame
from course_helpers.instructor.regrade import grade_submissions
from course_helpers.instructor.release import load_key, release
from course_helpers.quizzing.api import Notice, Quiz
from course_helpers.quizzing.assemble import draw_items
from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.exam_pool import cell_of, item_fact, item_kind
from course_helpers.quizzing.grading import correct_response
from tests.quizzing.exam_pool_samples import exam_item, standard_pool, write_course


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_course(tmp_path / "quizzes")
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(folder))
    return folder


def _shape(questions) -> tuple:
    return tuple(sorted(Counter(cell_of(q) for q in questions).items()))


def test_every_seed_and_attempt_draws_the_same_blueprint_from_the_pool_alone(course: Path) -> None:
    exam = load_bank("99_exam")
    pool = {q.id for q in exam.bank.questions}
    shapes, papers = set(), set()
    for seed in range(25):
        for attempt in (1, 2, 3):
            questions = [i.question for i in draw_items(exam, seed, attempt)]
            assert len(questions) == 12 and {q.id for q in questions} <= pool  # never a lesson item
            assert len({item_fact(q) for q in questions}) == 12, "two items on one fact"
            coding = sum(q.points for q in questions if item_kind(q) == "coding-work")
            assert coding >= sum(q.points for q in questions) / 3
            shapes.add(_shape(questions))
            papers.add(frozenset(q.id for q in questions))
    assert len(shapes) == 1, "papers differ in their (domain, kind) counts"
    assert len(papers) > 20  # yet the seed and the attempt pick different items


def test_a_third_of_the_points_even_when_coding_items_are_worth_less(tmp_path: Path, monkeypatch) -> None:
    items = [exam_item(n, "90_sample" if n % 2 else "91_second", ("coding-work", "application", "recall")[n // 8],
                       points=1 if n < 8 else 2) for n in range(24)]
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(write_course(tmp_path / "q", items)))
    exam = load_bank("99_exam")
    for seed in range(10):
        questions = [i.question for i in draw_items(exam, seed)]
        coding = sum(q.points for q in questions if item_kind(q) == "coding-work")
        assert coding >= sum(q.points for q in questions) / 3  # 6 coding items of 12, not ceil(12/3) = 4


def test_a_pool_that_must_repeat_a_fact_is_refused_by_validate_not_at_the_learner(tmp_path: Path, monkeypatch,
                                                                                   capsys) -> None:
    items = standard_pool()
    for item in items[8:16]:  # every application item tests one fact: a paper needs four of them
        item["tags"] = [t for t in item["tags"] if not t.startswith("fact:")] + ["fact:one-rule"]
    folder = write_course(tmp_path / "q", items)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "99_exam.yaml" in out and "same fact" in out and "application" in out
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(folder))
    opened = quiz("99_exam", learner="ann")
    assert isinstance(opened, Notice) and "same fact" in repr(opened)


def test_too_small_a_pool_or_too_little_coding_is_a_one_line_problem(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(write_course(tmp_path / "a", count=30))]) == 1
    assert "pool holds only 24" in capsys.readouterr().out
    no_coding = [exam_item(n, "90_sample", "recall") for n in range(20)]
    assert main(["validate", str(write_course(tmp_path / "b", no_coding))]) == 1
    assert "coding work" in capsys.readouterr().out
    uneven = standard_pool()
    uneven[2]["points"] = 2  # one coding item of 90_sample worth more: papers would differ in worth
    assert main(["validate", str(write_course(tmp_path / "c", uneven))]) == 1
    assert "coding-work items of 90_sample carry different points (1, 2)" in capsys.readouterr().out


def test_a_retake_is_a_different_paper_with_the_same_blueprint(course: Path) -> None:
    first = quiz("99_exam", learner="ann")
    assert isinstance(first, Quiz)
    again = quiz("99_exam", learner="ann")  # not finished yet: the same paper
    assert again.question_ids == first.question_ids
    first.finish()
    second = quiz("99_exam", learner="ann")
    assert set(second.question_ids) != set(first.question_ids)
    assert len(set(second.question_ids) & set(first.question_ids)) <= 3  # 12 of 24 twice: unseen items first
    assert _shape(i.question for i in second.session.items) == _shape(i.question for i in first.session.items)
    second.finish()
    assert "No attempts left" in repr(quiz("99_exam", learner="ann"))


def _answer_all(sitting: Quiz, key_questions: dict, right: bool) -> None:
    for qid in sitting.question_ids:
        question = key_questions[qid]
        response = correct_response(question)
        if not right:
            response = {"code": "Z0000", "single_choice": None, "true_false": not question.answer}.get(question.type)
            if response is None:
                response = next(c for c in question.choices if c != question.answer)
        sitting.answer(qid, response)
    sitting.finish()


def test_release_writes_one_paper_per_attempt_and_the_grader_scores_each(tmp_path: Path, monkeypatch) -> None:
    course = write_course(tmp_path / "quizzes", count=10)  # two papers of 10 leave 4 of the 24 on no paper
    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(course))
    result = release(tmp_path / "out", quizzes=course)
    assert result.papers == {"99_exam": 2}
    learner = yaml.safe_load((result.learner_dir / "99_exam.yaml").read_text(encoding="utf-8"))
    papers = learner["papers"]
    assert len(papers) == 2 and set(papers[0]) != set(papers[1])
    exam = load_bank("99_exam")
    expected = [[i.id for i in draw_items(exam, 7, attempt)] for attempt in (1, 2)]
    assert [len(p) for p in papers] == [10, 10]
    assert papers == expected  # the same papers the authoring course draws for attempts 1 and 2
    on_paper = set(papers[0]) | set(papers[1])
    assert {q["id"] for q in learner["questions"]} == on_paper  # pool items on no paper stay with the instructor
    for q in learner["questions"]:
        assert not {"answer", "explanation", "feedback", "accept"} & set(q)
        assert not [t for t in q.get("tags", []) if t.startswith(("fact:", "source:"))]
    for name in ("90_sample", "91_second"):  # lessons are released whole, byte for byte
        assert (result.learner_dir / f"{name}.yaml").read_bytes() == (course / f"{name}.yaml").read_bytes()
    key = load_key(result.key_path)
    assert len(key.banks["99_exam"].questions) == 24 and key.banks["99_exam"].papers == papers
    assert key.max_score("99_exam") == 10

    monkeypatch.setenv("COURSE_QUIZZES_DIR", str(result.learner_dir))
    answers = {q.id: q for q in key.banks["99_exam"].questions}
    first = quiz("99_exam", learner="bo")
    assert first.question_ids == papers[0]
    _answer_all(first, answers, right=False)
    second = quiz("99_exam", learner="bo")
    assert second.question_ids == papers[1]
    _answer_all(second, answers, right=True)
    lesson = quiz("91_second", learner="bo")  # every in-lesson check opens with all its questions
    assert set(lesson.question_ids) == {"t-dx", "t-poa"}

    export = tmp_path / "subs" / "bo.json"
    export.parent.mkdir()
    assert main(["export", "--learner", "bo", "-o", str(export)]) == 0
    book = tmp_path / "gradebook.sqlite3"
    grade_submissions([export.parent], result.key_path, book, progress=False)
    totals = {policy: learner_totals(book, policy).set_index("bank").loc["99_exam"]
              for policy in ("first", "latest", "best")}
    assert totals["first"]["percent"] == 0 and totals["latest"]["percent"] == 100
    assert totals["best"]["score"] == 10 and totals["best"]["max_score"] == 10
    assert not set(problems_frame(book)["kind"]) & {"tampered exam", "unknown question", "score differs"}
    # both attempts used: feedback explains the exam's misses and sends each back to its `domain:` lesson
    (mine,) = write_feedback(book, result.key_path, tmp_path / "feedback").files
    text = mine.read_text(encoding="utf-8")
    assert "](notebooks/90_sample.ipynb)" in text and "](notebooks/91_second.ipynb)" in text
    assert "Not answered" not in text  # the pool's items on no paper are not "unanswered"

    # an answer to a pool question that is on no paper was never on a learner's screen: the file was edited
    doc = json.loads(export.read_text(encoding="utf-8"))
    off_paper = next(q for q in answers if q not in on_paper)
    doc["attempts"][0]["question"] = off_paper
    export.write_text(json.dumps(doc), encoding="utf-8")
    grade_submissions([export.parent], result.key_path, book, progress=False, force=True)
    assert "tampered exam" in set(problems_frame(book)["kind"])
