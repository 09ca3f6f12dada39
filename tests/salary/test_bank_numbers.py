"""The worked numbers in quizzes/04_salary.yaml agree with the models and data they teach."""

from __future__ import annotations

import pytest
import yaml

from course_helpers.data import load_yaml
from course_helpers.salary.accuracy_value import productivity_model
from course_helpers.salary.pay_data import load_bls
from course_helpers.salary.payback import certification_payback_model
from tests.paths import REPO

BANK = REPO / "quizzes" / "04_salary.yaml"


@pytest.fixture(scope="module")
def questions() -> dict[str, dict]:
    return {q["id"]: q for q in yaml.safe_load(BANK.read_text(encoding="utf-8"))["questions"]}


def test_payback_question_matches_the_model(questions):
    result = certification_payback_model(1800, 400, 4, 48_000, 0.15)
    assert result.break_even_month == questions["sal-payback-month"]["answer"]


def test_missed_mcc_question_matches_table5(questions):

    base_rate = load_yaml("drg_payment.yaml")["illustrative_base_rate"]  # the lessons' illustrative rate
    result = productivity_model(13, 0.95, "missed_mcc_to_cc", base_rate=base_rate)
    q = questions["sal-missed-mcc"]
    assert f"{result.correct_weight:.4f}" in q["prompt"] and f"{result.coded_weight:.4f}" in q["prompt"]
    assert abs(result.cost_per_error - q["answer"]) <= q["tolerance"]


def test_bls_questions_match_the_data(questions):
    bls = load_bls()
    p90 = bls.percentiles.get("p90")
    assert f"${p90.value:,.0f}" in questions["sal-top-gap"]["prompt"]
    assert questions["sal-top-gap"]["answer"] == p90.value - 71_000  # the guide's "more than $71,000"
    assert questions["sal-median-which"]["answer"].startswith(f"${bls.median_may_2024.value:,.0f}")
    # the occupation's name is tested in 09 (mkt-occupation); 04 asks for OEWS's hourly-to-annual conversion
    assert questions["sal-bls-occupation"]["answer"] == round(24.16 * 2080)
