"""Item analysis: hand-computed examples, a published data set, and every flag rule at its threshold."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course_helpers.errors import CourseInputError
from course_helpers.instructor.item_analysis import (
    analyse_items,
    correlation_interval,
    format_flagged,
    item_rest_r,
    kr20,
    one_score_per_item,
    upper_lower_index,
    wilson_interval,
)
from tests.instructor.class_frames import frame_from_matrix, generated_class

# Four learners, three right/wrong items. By hand: p = .75, .50, .50; sum pq = .6875; totals 3,2,1,1 have
# population variance .6875, so KR-20 = 3/2 * (1 - .6875/.6875) = 0. Item-rest r: q1 0 (the deviations
# cancel), q2 .5/sqrt(.75) = .57735, q3 -.5/sqrt(2.75) = -.30151.
TINY = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 1]]


def test_hand_computed_difficulty_item_rest_and_kr20() -> None:
    analysis = analyse_items(frame_from_matrix(TINY), min_learners=1)
    items = analysis.items.set_index("question")
    assert items["difficulty"].tolist() == [0.75, 0.5, 0.5]
    assert items.loc["q1", "item_rest_r"] == pytest.approx(0.0, abs=1e-12)
    assert items.loc["q2", "item_rest_r"] == pytest.approx(0.5 / math.sqrt(0.75))
    assert items.loc["q3", "item_rest_r"] == pytest.approx(-0.5 / math.sqrt(2.75))
    assert analysis.banks.loc[0, "kr20"] == pytest.approx(0.0, abs=1e-12)
    assert "check the key" in " ".join(items.loc["q3", "flags"])


def test_kr20_of_a_consistent_test_by_hand() -> None:
    # Guttman pattern 3/2/1/0 correct on 3 items: p = .75, .5, .25; sum pq = .1875+.25+.1875 = .625;
    # totals 3,2,1,0 variance 1.25 -> KR-20 = 1.5 * (1 - .625/1.25) = .75
    matrix = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert kr20(np.array(matrix)) == pytest.approx(0.75)


def test_upper_lower_index_by_hand() -> None:
    # ten learners, totals 1..10: groups of round(.27*10) = 3; lower 1,2,3 got 0,0,1; upper 8,9,10 got 1,1,0
    item = np.array([[0], [0], [1], [0], [1], [0], [1], [1], [1], [0]], dtype=float)
    totals = np.arange(1, 11)
    assert upper_lower_index(item, totals)[0] == pytest.approx(2 / 3 - 1 / 3)


def test_partial_credit_difficulty_is_mean_score_over_max() -> None:
    frame = frame_from_matrix([[2, 1], [1, 1], [0, 0], [1, 1]], max_points=[2, 1])
    items = analyse_items(frame, min_learners=1).items.set_index("question")
    assert items.loc["q1", "difficulty"] == pytest.approx(4 / 8)
    assert items.loc["q2", "difficulty"] == pytest.approx(3 / 4)


# Published data: Law School Admission Test section 6, five right/wrong items, 1000 examinees, as
# response-pattern counts from Bock & Lieberman (1970), Psychometrika 35(2), 179-197 (the `LSAT` data set
# of R's ltm package; counts as in the Rdatasets copy psych/bock.table, column Ob6). The reference values
# are ltm's output for it: proportions correct .924 .709 .553 .763 .870 (ltm::descript), Cronbach's
# alpha 0.295 and alpha without each item .28 .24 .22 .25 .27 (ltm::cronbach.alpha / descript, as recorded
# in RKWard's regression-test output tests/item_response_theory/Cronbach_alpha.rkout).
LSAT6 = {
    "00000": 3, "00001": 6, "00010": 2, "00011": 11, "00100": 1, "00101": 1, "00110": 3, "00111": 4,
    "01000": 1, "01001": 8, "01010": 0, "01011": 16, "01100": 0, "01101": 3, "01110": 2, "01111": 15,
    "10000": 10, "10001": 29, "10010": 14, "10011": 81, "10100": 3, "10101": 28, "10110": 15, "10111": 80,
    "11000": 16, "11001": 56, "11010": 21, "11011": 173, "11100": 11, "11101": 61, "11110": 28, "11111": 298,
}  # fmt: skip


def _lsat() -> np.ndarray:
    rows = [[int(c) for c in pattern] for pattern, count in LSAT6.items() for _ in range(count)]
    return np.array(rows, dtype=float)


def test_published_lsat6_difficulty_and_kr20() -> None:
    matrix = _lsat()
    assert matrix.shape == (1000, 5)
    analysis = analyse_items(frame_from_matrix(matrix, bank="13_final_exam"))
    assert analysis.items["difficulty"].round(3).tolist() == [0.924, 0.709, 0.553, 0.763, 0.870]
    assert round(analysis.banks.loc[0, "kr20"], 3) == 0.295
    without = [round(kr20(np.delete(matrix, j, axis=1)), 2) for j in range(5)]
    assert without == [0.28, 0.24, 0.22, 0.25, 0.27]
    assert analysis.banks.loc[0, "flags"] == ("low reliability: KR-20 0.295 < 0.60",)


def test_item_rest_is_corrected() -> None:
    """The item is left out of the total it is correlated with (else every r is inflated)."""
    matrix = _lsat()
    uncorrected = [np.corrcoef(matrix[:, j], matrix.sum(axis=1))[0, 1] for j in range(5)]
    corrected = item_rest_r(matrix)
    assert all(c < u for c, u in zip(corrected, uncorrected, strict=True))
    assert corrected[2] == pytest.approx(np.corrcoef(matrix[:, 2], matrix.sum(axis=1) - matrix[:, 2])[0, 1])


def _flags_of(frame: pd.DataFrame, question: str, **kw: object) -> tuple[str, ...]:
    items = analyse_items(frame, **kw).items.set_index("question")
    return items.loc[question, "flags"]


def test_difficulty_flags_at_the_thresholds() -> None:
    base = generated_class(60, 10).copy()
    # q1 answered right by 11 of 60 (0.183 < .20), q2 by 12 of 60 (0.20: not flagged), q3 by 55 (.917 > .90)
    for question, right in (("q1", 11), ("q2", 12), ("q3", 55), ("q4", 54)):
        mask = base["question"] == question
        values = np.zeros(mask.sum())
        values[:right] = 1
        base.loc[mask, "score"] = values
    items = analyse_items(base).items.set_index("question")
    assert any(f.startswith("hard") for f in items.loc["q1", "flags"])
    assert not any(f.startswith(("hard", "easy")) for f in items.loc["q2", "flags"])
    assert any(f.startswith("easy") for f in items.loc["q3", "flags"])
    assert not any(f.startswith(("hard", "easy")) for f in items.loc["q4", "flags"])


def test_reversed_key_is_flagged_and_sorted_first() -> None:
    frame = generated_class(80, 12)
    flipped = frame["question"] == "q6"
    frame.loc[flipped, "score"] = 1 - frame.loc[flipped, "score"]
    analysis = analyse_items(frame)
    assert any("check the key" in f for f in _flags_of(frame, "q6"))
    assert analysis.flagged().iloc[0]["question"] == "q6"
    healthy = analysis.items.set_index("question").drop(index="q6")
    assert (healthy["item_rest_r"] > 0).all()


def test_low_discrimination_for_a_coin_flip_item() -> None:
    frame = generated_class(200, 12, seed=3)
    rng = np.random.default_rng(11)
    noise = frame["question"] == "q5"
    frame.loc[noise, "score"] = (rng.random(noise.sum()) < 0.5).astype(float)
    flags = " ".join(_flags_of(frame, "q5"))
    assert "discrimination" in flags


def test_flags_held_back_below_20_learners_with_the_reason() -> None:
    small = analyse_items(generated_class(19, 8))
    assert small.banks.loc[0, "held_back"] == "only 19 learners took 01_the_role; flags need at least 20"
    shown = [f for flags in small.items["flags"] for f in flags]
    assert all(f.endswith("check the key") for f in shown)  # only "check the key" shows below the minimum
    assert "flags held back" in format_flagged(small)
    enough = analyse_items(generated_class(20, 8))
    assert enough.banks.loc[0, "held_back"] == ""


def _miskeyed_and_all_missed(learners: int) -> pd.DataFrame:
    frame = generated_class(learners, 8, seed=4)
    frame.loc[frame["question"] == "q3", "score"] = 0.0  # everyone missed it
    flipped = frame["question"] == "q6"  # miskeyed: the strong learners "get it wrong"
    frame.loc[flipped, "score"] = 1 - frame.loc[flipped, "score"]
    return frame


def test_a_class_of_30_flags_the_all_missed_and_the_miskeyed_question_first() -> None:
    top = analyse_items(_miskeyed_and_all_missed(30)).flagged()
    assert list(top["question"][:2]) == ["q3", "q6"]
    assert top.loc[0, "flags"][0] == "nobody answered it right (p = 0): check the key"
    assert top.loc[1, "flags"][0].startswith("negative discrimination")


def test_check_the_key_shows_at_any_class_size() -> None:
    analysis = analyse_items(_miskeyed_and_all_missed(12))
    assert analysis.banks.loc[0, "held_back"]  # 12 learners: other flags are held back ...
    top = analysis.flagged()
    assert top.loc[0, "question"] == "q3" and "q6" in set(top["question"])  # ... "check the key" is not


def test_difficulty_carries_a_wilson_interval() -> None:
    assert wilson_interval(0.0, 28) == (0.0, pytest.approx(0.1206, abs=1e-4))
    low, high = wilson_interval(0.5, 30)
    assert (low, high) == (pytest.approx(0.3315, abs=1e-4), pytest.approx(0.6685, abs=1e-4))
    low, high = correlation_interval(0.0, 28)  # Fisher's z: tanh(0 ± 1.96 / sqrt(25))
    assert (low, high) == (pytest.approx(-0.3731, abs=1e-4), pytest.approx(0.3731, abs=1e-4))
    items = analyse_items(generated_class(30, 6, seed=2)).items
    assert ((items["difficulty_low"] <= items["difficulty"]) & (items["difficulty"] <= items["difficulty_high"])).all()


def test_an_easy_question_in_a_small_class_has_no_rare_distractor_flag() -> None:
    picks = ["A"] * 26 + ["B"] * 1 + ["C"] * 1  # 2 wrong answers of 28: its distractors cannot be judged
    matrix = [[1.0 if p == "A" else 0.0, float(i % 2)] for i, p in enumerate(picks)]
    frame = frame_from_matrix(matrix, choices=[[p, None] for p in picks])
    analysis = analyse_items(frame, options={"q1": ["A", "B", "C", "D"]}, keys={"q1": ["A"]}, min_learners=5)
    assert set(analysis.choices["flag"]) == {""}  # not "chosen by < 5%" for one learner in 28


def test_rare_distractors_are_flagged_with_never_chosen_options() -> None:
    picks = ["A"] * 30 + ["B"] * 9 + ["C"] * 1  # C one learner, D never: both rare; B nine learners is fine
    matrix = [[1.0 if p == "A" else 0.0, float(i % 2)] for i, p in enumerate(picks)]
    choices = [[p, None] for p in picks]
    frame = frame_from_matrix(matrix, choices=choices)
    analysis = analyse_items(frame, options={"q1": ["A", "B", "C", "D"]}, keys={"q1": ["A"]})
    table = analysis.choices.set_index("choice")
    assert table["count"].to_dict() == {"A": 30, "B": 9, "C": 1, "D": 0}
    assert table.loc["C", "share"] == pytest.approx(0.025)
    assert table["flag"].to_dict() == {"A": "", "B": "", "C": "rare distractor", "D": "rare distractor"}
    flag = [f for f in _flags_of(frame, "q1", options={"q1": ["A", "B", "C", "D"]}) if "distractor" in f]
    assert flag == ["distractor chosen by fewer than 2 learners (and < 5%): 'C'; 'D'"]


def test_key_is_inferred_from_correct_rows_when_not_given() -> None:
    picks = ["A"] * 30 + ["B"] * 10
    frame = frame_from_matrix([[1.0 if p == "A" else 0.0] for p in picks], choices=[[p] for p in picks])
    table = analyse_items(frame).choices.set_index("choice")
    assert table["is_key"].to_dict() == {"A": True, "B": False}


def test_policy_latest_or_best() -> None:
    frame = frame_from_matrix([[1.0], [0.0]], learners=["ana", "ben"])
    retry = frame.iloc[[0]].copy()
    retry["score"] = 0.0
    retry["submitted_at"] = pd.Timestamp("2026-11-21T10:00:00Z")
    both = pd.concat([frame, retry], ignore_index=True)
    latest = one_score_per_item(both, "latest").set_index("learner")["score"]
    best = one_score_per_item(both, "best").set_index("learner")["score"]
    assert latest["ana"] == 0.0 and best["ana"] == 1.0
    with pytest.raises(CourseInputError, match="unknown policy 'oldest'"):
        one_score_per_item(both, "oldest")  # type: ignore[arg-type]


def test_missing_columns_are_named() -> None:
    with pytest.raises(CourseInputError, match="lack the column"):
        analyse_items(pd.DataFrame({"learner": ["a"], "bank": ["b"]}))


def test_an_unanswered_item_counts_as_zero() -> None:
    frame = frame_from_matrix([[1, 1], [1, 0], [0, 0]])
    frame = frame[~((frame["learner"] == "learner000") & (frame["question"] == "q2"))]
    items = analyse_items(frame, min_learners=1).items.set_index("question")
    assert items.loc["q2", "difficulty"] == 0.0


def test_gradebook_exam_is_analysed_as_one_test(tmp_path) -> None:
    """Answers given in a finished exam sitting count for the exam, not for the lesson the question came from."""
    from course_helpers.instructor.item_analysis import analyse_gradebook
    from tests.instructor.gradebook_files import write_gradebook

    lesson = generated_class(40, 6, bank="01_the_role", seed=5)
    exam = generated_class(40, 6, bank="13_final_exam", seed=6)
    exam["submitted_at"] = exam["submitted_at"] + pd.Timedelta(days=3)
    exam["session"] = "sitting-" + exam["learner"]
    exam.loc[exam["question"] == "q2", "score"] = 0.0  # nobody gets q2 right in the exam
    path = write_gradebook(tmp_path / "book.sqlite3", pd.concat([lesson, exam]), exams={"13_final_exam": 1})
    analysis = analyse_gradebook(path, min_learners=1)
    items = analysis.items.set_index(["bank", "question"])
    assert set(analysis.banks["bank"]) == {"01_the_role", "13_final_exam"}
    assert items.loc[("13_final_exam", "q2"), "difficulty"] == 0.0
    lesson_q2 = lesson.loc[lesson["question"] == "q2", "score"].mean()
    assert items.loc[("01_the_role", "q2"), "difficulty"] == pytest.approx(lesson_q2)
    assert (analysis.banks.set_index("bank")["learners"] == 40).all()


def test_multiple_select_choices_count_each_option_picked() -> None:
    """The gradebook stores a multiple-select pick as a JSON list; each option in it counts once."""
    picks = ['["A", "B"]'] * 20 + ['["A"]'] * 15 + ['["C"]'] * 5
    frame = frame_from_matrix([[1.0 if p == '["A", "B"]' else 0.0] for p in picks], choices=[[p] for p in picks])
    table = analyse_items(frame, options={"q1": ["A", "B", "C", "D"]}).choices.set_index("choice")
    assert table["count"].to_dict() == {"A": 35, "B": 20, "C": 5, "D": 0}
    assert table["is_key"].to_dict() == {"A": True, "B": True, "C": False, "D": False}
    assert table.loc["C", "share"] == pytest.approx(5 / 40)
