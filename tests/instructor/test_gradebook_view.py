"""The class views: figures with alt text that states the numbers, the class table."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import course_helpers
from course_helpers.display.alt_image import AltImage
from course_helpers.errors import CourseInputError
from course_helpers.instructor.class_report import class_table_from_totals
from course_helpers.instructor.gradebook import learner_totals
from course_helpers.instructor.gradebook_view import (
    item_map,
    item_map_figure,
    mastery_heatmap,
    mastery_heatmap_figure,
    score_distribution,
    score_distribution_figure,
)
from course_helpers.instructor.item_analysis import analyse_items
from course_helpers.instructor.regrade import grade_submissions
from course_helpers.instructor.release import load_key
from course_helpers.instructor.simulate import simulate_class
from tests.instructor.class_frames import generated_class


def _totals() -> pd.DataFrame:
    rows = [
        ("ana", "01_the_role", 9.0, 10.0, 90.0, True),
        ("ana", "02_responsibilities", 4.0, 10.0, 40.0, False),
        ("ben", "01_the_role", 5.0, 10.0, 50.0, False),
        ("ben", "02_responsibilities", 6.0, 10.0, 60.0, False),
    ]
    return pd.DataFrame(rows, columns=["learner", "bank", "score", "max_score", "percent", "passed"])


def test_class_table_by_hand() -> None:
    table = class_table_from_totals(_totals())
    assert list(table.index) == ["ben", "ana"]  # weakest overall first: ben 55%, ana 65%
    assert table.loc["ana", "overall %"] == 65.0
    assert table.loc["ana", "banks passed"] == "1/2"
    assert table.loc["ben", "02_responsibilities"] == 60.0


def test_class_table_names_missing_columns() -> None:
    with pytest.raises(CourseInputError, match="lack the column.*passed"):
        class_table_from_totals(_totals().drop(columns="passed"))


def test_score_distribution_has_one_panel_per_bank_and_numbers_in_alt_text() -> None:
    image = score_distribution(_totals())
    assert isinstance(image, AltImage) and image.png.startswith(b"\x89PNG")
    assert "01_the_role median 70%, 1 of 2 passed" in image.alt
    visible = [ax for ax in score_distribution_figure(_totals()).axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["01_the_role", "02_responsibilities"]


def test_pass_mark_line_is_each_banks_own() -> None:
    totals = _totals().assign(pass_mark=lambda f: f["bank"].map({"01_the_role": 80.0, "02_responsibilities": 55.0}))
    figure = score_distribution_figure(totals)
    lines = {ax.get_title(): [line.get_xdata()[0] for line in ax.lines] for ax in figure.axes if ax.get_visible()}
    assert lines == {"01_the_role": [80.0], "02_responsibilities": [55.0]}
    assert "02_responsibilities median 50%, 0 of 2 passed (pass mark 55%)" in score_distribution(totals).alt
    # totals that do not say the pass mark get no line rather than a guessed one
    assert all(not ax.lines for ax in score_distribution_figure(_totals()).axes)


def test_gradebook_totals_carry_the_key_pass_mark(tmp_path: Path, course_key: Path) -> None:
    data = json.loads(course_key.read_text())
    data["banks"][0]["pass_mark"] = 85
    key = tmp_path / "key.json"
    key.write_text(json.dumps(data))
    made = simulate_class(load_key(key), tmp_path / "subs", 12, seed=2, tamper=False)
    book = tmp_path / "gb.sqlite3"
    grade_submissions(made.folder, key, book, progress=False)
    totals = learner_totals(book)
    first = data["banks"][0]["id"]
    marks = totals.groupby("bank")["pass_mark"].first()
    assert marks[first] == 85.0 and (marks.drop(first) == 70.0).all()
    figure = score_distribution_figure(totals)
    panel = next(ax for ax in figure.axes if ax.get_title() == first)
    assert panel.lines[0].get_xdata()[0] == 85.0


def test_heatmap_alt_text_names_weakest_lesson() -> None:
    image = mastery_heatmap(_totals())
    assert "2 learners by 2 lessons" in image.alt
    assert "Lowest class mean: 02_responsibilities (50%); highest: 01_the_role (70%)" in image.alt
    assert "2 learner(s) are below a lesson's own pass mark in at least one lesson" in image.alt
    passing = _totals()
    passing.loc[passing.learner == "ana", "passed"] = True  # ana now passes both lessons
    assert "1 learner(s) are below a lesson's own pass mark" in mastery_heatmap(passing).alt


def test_item_map_labels_the_flagged_items() -> None:
    frame = generated_class(60, 10)
    flip = frame["question"] == "q3"
    frame.loc[flip, "score"] = 1 - frame.loc[flip, "score"]
    analysis = analyse_items(frame)
    figure = item_map_figure(analysis)
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert labels[0] == "q3"
    assert set(labels) <= set(analysis.flagged()["question"])
    assert "worst: q3" in item_map(analysis).alt


def test_item_map_draws_every_item_with_p_0_and_1_on_the_edges() -> None:
    frame = generated_class(30, 10, seed=2)
    frame.loc[frame["question"] == "q2", "score"] = 0.0  # everyone missed it
    frame.loc[frame["question"] == "q7", "score"] = 1.0  # everyone got it
    analysis = analyse_items(frame)
    figure = item_map_figure(analysis)
    drawn = sum(len(c.get_offsets()) for c in figure.axes[0].collections if hasattr(c, "get_offsets"))
    assert drawn == len(analysis.items) == 10
    edge = [c for c in figure.axes[0].collections if c.get_label().startswith("r undefined")]
    assert sorted(x for x, _ in edge[0].get_offsets()) == [0.0, 1.0]
    alt = item_map(analysis).alt
    assert "Scatter plot of 10 items" in alt and "every item is drawn" in alt
    assert "2 of them have no item-rest r (everyone wrong: 1; everyone right: 1)" in alt
    assert "worst: q2" in alt


def test_heatmap_takes_any_learner_id(tmp_path) -> None:
    import io

    totals = pd.DataFrame({"learner": ["$\\foo$", "a_$b$"], "bank": ["01_x", "01_x"], "score": [1.0, 2.0],
                           "max_score": [2.0, 2.0], "percent": [50.0, 100.0], "passed": [False, True],
                           "pass_mark": [70.0, 70.0]})
    figure = mastery_heatmap_figure(totals)
    figure.savefig(io.BytesIO(), format="png")  # drawing is where mathtext would fail
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["$\\foo$", "a_$b$"]


def test_public_names_point_at_the_instructor_views() -> None:
    assert course_helpers.item_map is item_map
    assert "class_table" in course_helpers.__all__


def test_a_learner_who_never_sat_is_not_a_zero_in_the_histogram() -> None:
    totals = pd.DataFrame({"learner": ["ana", "ben", "cy"], "bank": ["13_final_exam"] * 3, "score": [30.0, 20.0, 0.0],
                           "max_score": [40.0] * 3, "percent": [75.0, 50.0, 0.0], "passed": [True, False, False],
                           "pass_mark": [70.0] * 3, "attempted": [True, True, False]})
    image = score_distribution(totals)
    assert "13_final_exam median 62%, 1 of 2 passed (pass mark 70%); 1 never sat it" in image.alt
    bars = score_distribution_figure(totals).axes[0].patches
    assert sum(bar.get_height() for bar in bars) == 2


def test_every_class_view_takes_a_hostile_learner_id(tmp_path: Path, course_key: Path) -> None:
    """A learner id like `$\\foo$` (mathtext that does not parse) in a graded class of 30: every view draws."""
    import io

    from course_helpers.instructor.class_report import class_table
    from course_helpers.instructor.item_analysis import analyse_gradebook

    made = simulate_class(load_key(course_key), tmp_path / "subs", 30, seed=6, tamper=False)
    first = next(iter(made.files.values()))
    doc = json.loads(first.read_text())
    doc["learner"] = "$\\foo$"
    first.write_text(json.dumps(doc))
    book = tmp_path / "gb.sqlite3"
    grade_submissions(made.folder, course_key, book, progress=False)
    assert "$\\foo$" in class_table(book).index
    for image in (score_distribution(book), mastery_heatmap(book), item_map(analyse_gradebook(book))):
        image.figure.savefig(io.BytesIO(), format="png")
