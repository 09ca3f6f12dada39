"""No graded key rests on a figure known only from a secondary source, unless the question gives it.

Every record in data/bls.yaml says how it was checked (`verified: primary|secondary`). A question whose key
states a secondary-only figure must print that figure in its prompt (the learner reasons from it; the key does
not depend on the figure being true). A true/false statement that states one must say it is reported (or
hypothetical), never assert it as fact.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from course_helpers.data import load_yaml
from tests.paths import REPO

BANKS = sorted((REPO / "quizzes").glob("*.yaml"))
MONEY = re.compile(r"\$?\b\d{1,3}(?:,\d{3})+\b|\$\d{4,}\b|\b\d{5,}\b")
PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)\s?(?:%|percent)")
GIVEN = re.compile(r"\breport|\bif\b|\bsuppose|\ba page\b|\bas given\b", re.IGNORECASE)


def _walk(node: Any, inherited: str | None, out: dict[str, set[tuple[str, float]]]) -> None:
    """Collect (kind, value) figures by verification status; a record's children inherit its status."""
    if isinstance(node, dict):
        status = node.get("verified", inherited)
        for key, value in node.items():
            if key in {"value", "national", "openings_per_year", "growth_percent"} and isinstance(value, int | float):
                if status is None:
                    raise AssertionError(f"bls.yaml: figure {key}={value} has no `verified` status")
                out.setdefault(status, set()).add(("percent" if key == "growth_percent" else "amount", float(value)))
            else:
                _walk(value, status, out)
    elif isinstance(node, list):
        for item in node:
            _walk(item, inherited, out)


def secondary_only() -> set[tuple[str, float]]:
    """Figures that no primary record states."""
    by_status: dict[str, set[tuple[str, float]]] = {}
    _walk(load_yaml("bls.yaml"), None, by_status)
    return by_status.get("secondary", set()) - by_status.get("primary", set())


def figures_in(text: str) -> set[tuple[str, float]]:
    """The amounts (1,000 and over) and percentages a text states."""
    found = {("amount", float(m.group().lstrip("$").replace(",", ""))) for m in MONEY.finditer(text)}
    found |= {("percent", float(m.group(1))) for m in PERCENT.finditer(text)}
    return found


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


def _records(node: Any) -> list[dict[str, Any]]:
    """Every mapping in a data file that carries a `verified` status."""
    if isinstance(node, dict):
        found = [node] if "verified" in node else []
        return found + [r for v in node.values() for r in _records(v)]
    if isinstance(node, list):
        return [r for v in node for r in _records(v)]
    return []


SOURCE_TAG = "source:"


@pytest.mark.parametrize(("bank", "question"), questions(), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_a_numeric_key_tagged_with_its_data_file_is_stated_by_a_primary_record(bank, question):
    """`source:<file>` names the data file owning a numeric key; where that file grades its records, a primary
    record must state the figure."""
    if question["type"] != "numeric":
        return
    for tag in question.get("tags") or []:
        if not tag.startswith(SOURCE_TAG) or not tag.endswith(".yaml"):
            continue
        records = _records(load_yaml(tag[len(SOURCE_TAG) :].removeprefix("data:")))  # exam pool: source:data:<file>
        if not records:
            continue
        answer = float(question["answer"])
        stated_by = [
            r.get("verified")
            for r in records
            if answer in {v for _, v in figures_in(str(r))}
            or re.search(rf"(?<![\d.]){answer:g}(?![\d])", " ".join(str(v) for v in r.values()))
        ]
        assert "primary" in stated_by, (
            f"{bank}:{question['id']} keys on {answer:g}, stated by no primary record of {tag}"
        )


def test_every_bls_figure_says_how_it_was_verified():
    assert secondary_only(), "bls.yaml should mark its third-party figures `verified: secondary`"


@pytest.mark.parametrize(("bank", "question"), questions(), ids=lambda v: v if isinstance(v, str) else v["id"])
def test_no_graded_key_rests_on_a_secondary_figure(bank, question):
    risky = figures_in(key_text(question)) & secondary_only()
    if not risky:
        return
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
    found = {f for f in figures_in(text) if f[0] == "amount"}
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
