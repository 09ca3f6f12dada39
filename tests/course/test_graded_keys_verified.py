"""No graded key rests on a figure known only from a secondary source, unless the question gives it.

Every record of every data file says how it was checked (`verified: primary|secondary`; tests/course/
test_data_verified.py); the figures here are those of all the data files (course_helpers.course.provenance).
A question whose key states a secondary-only figure must print that figure in its prompt (the learner
reasons from it; the key does not depend on the figure being true). A true/false statement that states one
must say it is reported (or hypothetical, or the guide's claim), never assert it as fact.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from course_helpers.course.provenance import figures_in, records, secondary_only_figures
from course_helpers.data import load_yaml
from course_helpers.quizzing.source_tags import data_file_of, source_tags
from tests.paths import REPO

BANKS = sorted((REPO / "quizzes").glob("*.yaml"))
GIVEN = re.compile(r"\breport|\bif\b|\bsuppose|\ba page\b|\bas given\b|\bthe guide\b|\bguide's\b|\"", re.IGNORECASE)
"""A true/false statement that attributes its figure (reported, hypothetical, the guide's or a quoted claim)."""
DEBUNKED = re.compile(r"\bno source|\bunverified\b|\bno\b[^.]*\bwas found", re.IGNORECASE)
"""An explanation saying the figure could not be traced: a False key then tests that it is unverified, and does
not rest on the figure being true."""


def secondary_only() -> set[tuple[str, float]]:
    """Figures that a secondary record of any data file states and no primary record does."""
    return secondary_only_figures()


def key_text(question: dict[str, Any]) -> str:
    """The text a question's key asserts (for true/false, its statement)."""
    kind, answer = question["type"], question["answer"]
    if kind == "true_false":
        return question["prompt"]
    if kind == "numeric":
        return f"{answer}%" if question.get("unit") in {"%", "percent"} else f"{answer:,.0f}"
    if isinstance(answer, list):
        return " | ".join(str(a) for a in answer)
    return str(answer)


def questions() -> list[tuple[str, dict[str, Any]]]:
    """Every question of every authoring bank, with its bank's file name."""
    found = []
    for path in BANKS:
        for q in yaml.safe_load(path.read_text(encoding="utf-8")).get("questions") or []:
            found.append((path.name, q))
    return found


def _own_text(body: dict[str, Any]) -> str:
    """A record's own fields (not the records nested in it), as text."""
    return " ".join(str(v) for k, v in body.items() if k != "verified" and not isinstance(v, dict | list))


@pytest.mark.parametrize(("bank", "question"), questions(), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_a_numeric_key_tagged_with_its_data_file_is_stated_by_a_primary_record(bank, question):
    """`source:data:<file>` names the data file owning a numeric key: a primary record of it must state the
    figure (a record's own fields; a record nested in it has its own status)."""
    if question["type"] != "numeric":
        return
    for kind, value in source_tags(question.get("tags")):
        file = data_file_of(value)
        if kind != "data" or not file.endswith(".yaml"):
            continue
        found = records(file)
        answer = float(question["answer"])
        stated_by = [
            r.status
            for r in found
            if answer in {v for _, v in figures_in(_own_text(dict(r.body)))}
            or re.search(rf"(?<![\d.]){answer:g}(?![\d])", _own_text(dict(r.body)))
        ]
        assert "primary" in stated_by, (
            f"{bank}:{question['id']} keys on {answer:g}, stated by no primary record of {file}"
        )


def test_every_bls_figure_says_how_it_was_verified():
    assert secondary_only(), "bls.yaml should mark its third-party figures `verified: secondary`"


@pytest.mark.parametrize(("bank", "question"), questions(), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_no_graded_key_rests_on_a_secondary_figure(bank, question):
    risky = figures_in(key_text(question)) & secondary_only()
    if not risky:
        return
    if question["type"] == "numeric" and "source:given" in (question.get("tags") or []):
        return  # worked out from the prompt's figures: the reasoning test checks those figures are given
    if question["type"] == "true_false" and question["answer"] is False and DEBUNKED.search(question["explanation"]):
        return  # the item tests that the figure is unverified; the key does not rest on it
    prompt = question["prompt"]
    missing = risky - figures_in(prompt)
    if question["type"] == "true_false":
        assert GIVEN.search(prompt), f"{bank}:{question['id']} asserts a secondary-only figure {sorted(risky)} as fact"
    else:
        assert not missing, (
            f"{bank}:{question['id']} keys on secondary-only figure(s) {sorted(missing)} that the prompt does not give"
        )


PERIOD = re.compile(r"\b(20\d\d)\s?[-–]\s?(?:20)?(\d\d)\b")


def _periods(text: str) -> set[str]:
    """Projection periods a text names, normalized to '2023-33'."""
    return {f"{m.group(1)}-{m.group(2)}" for m in PERIOD.finditer(text)}


def secondary_periods() -> set[str]:
    """Projection periods whose growth figure no primary record states."""
    data = load_yaml("bls.yaml")
    return {str(p["period"]) for p in data.get("projections") or [] if p.get("verified") != "primary"}


def reasoning_text(question: dict[str, Any]) -> str:
    """What the key rests on beyond its own words: the explanation, and for ordering items the order's labels."""
    parts = [str(question.get("explanation") or "")]
    if question["type"] == "ordering":
        parts += [str(a) for a in question["answer"]]
    return "\n".join(parts)


GROWTH = re.compile(r"grow|project|outlook", re.IGNORECASE)


def reasoning_figures(text: str) -> set[tuple[str, float]]:
    """Amounts an explanation states, and its percentages where a sentence speaks of growth (a worked "+7%" for a
    state's pay is arithmetic, not the 7% projection)."""
    worked = figures_in(" ".join(re.findall(r"=\s*(\$?[\d,.]+%?)", text)))  # results of the worked arithmetic
    found = {f for f in figures_in(text) if f[0] == "amount"} - worked
    for sentence in re.split(r"(?<=[.;:])\s+|\n", text):
        if GROWTH.search(sentence):
            found |= {f for f in figures_in(sentence) if f[0] == "percent"}
    return found


@pytest.mark.parametrize(("bank", "question"), questions(), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_the_reasoning_behind_a_key_uses_only_figures_the_prompt_gives(bank, question):
    """A key may depend on a secondary-only figure through its explanation (an ordering of labels whose order
    comes from unstated wages; a projection period the prompt never pairs with its percentage). Every such
    figure and period the explanation relies on must be printed in the prompt."""
    prompt = question["prompt"]
    reasoning = reasoning_text(question)
    missing = (reasoning_figures(reasoning) & secondary_only()) - figures_in(prompt)
    assert not missing, (
        f"{bank}:{question['id']} explains its key with secondary-only figure(s) {sorted(missing)} "
        "that the prompt does not give"
    )
    unstated = (_periods(reasoning) & secondary_periods()) - _periods(prompt)
    assert not unstated, (
        f"{bank}:{question['id']} explains its key with the secondary-only projection period(s) {sorted(unstated)} "
        "that the prompt does not give"
    )
