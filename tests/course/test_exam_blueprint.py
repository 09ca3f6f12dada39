"""The final exam's draw as the blueprint reports it: size, coverage, seed behaviour, no store writes."""

from __future__ import annotations

import os

from course_helpers.course.exam_blueprint import draw_counts, exam_blueprint, exam_settings, question_ids
from course_helpers.quizzing.bank import load_all, load_bank


def test_settings_come_from_the_exam_bank() -> None:
    bank = load_bank("13_final_exam").bank
    settings = exam_settings()
    assert settings["Questions a paper"] == bank.draw.count >= 40
    assert settings["Questions in the pool"] == len(bank.questions) > bank.draw.count
    assert settings["Attempts allowed"] == bank.attempts_allowed
    assert settings["Feedback"] == "at the end"


def test_every_lesson_contributes_at_least_the_minimum_and_counts_add_up() -> None:
    bank = load_bank("13_final_exam").bank
    lesson_banks = {b for b, loaded in load_all().items() if loaded.bank.draw is None}
    for attempt in (1, 2):
        counts = draw_counts(attempt=attempt)
        assert set(counts) == lesson_banks
        assert min(counts.values()) >= bank.draw.per_domain_min
        assert sum(counts.values()) == bank.draw.count
        assert counts == draw_counts(seed=5, attempt=attempt)  # the blueprint: the same for every seed


def test_same_seed_same_paper_other_seed_other_paper() -> None:
    assert question_ids(7) == question_ids(7)
    assert question_ids(7) != question_ids(8)
    assert set(question_ids(7)) != set(question_ids(7, attempt=2))  # a retake: another paper
    assert len(set(question_ids(7))) == len(question_ids(7))  # no question twice


def test_blueprint_does_not_touch_the_progress_store(tmp_path, monkeypatch) -> None:
    store = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("COURSE_PROGRESS_DB", str(store))
    table = exam_blueprint(123)
    assert table["Questions"].sum() == load_bank("13_final_exam").bank.draw.count
    assert not os.path.exists(store)


def test_the_documented_blueprint_is_the_one_the_pool_gives() -> None:
    from course_helpers.course.exam_blueprint import BLUEPRINT_END, BLUEPRINT_START, blueprint_markdown
    from tests.paths import REPO

    text = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    documented = text.split(BLUEPRINT_START, 1)[1].split(BLUEPRINT_END, 1)[0].strip()
    table = blueprint_markdown()
    assert documented == table.strip(), "stale: run `PYTHONPATH=src python scripts/refresh_exam_blueprint.py`"
    share = float(table.rsplit("coding work (", 1)[1].split("%", 1)[0])
    assert share >= 100 / 3 - 0.5  # at least a third of a paper's points are coding work
