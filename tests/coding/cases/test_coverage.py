"""Coverage: every topic of the vocabulary has a case, every case names known ids, and the table in
docs/coding-lab.md is the one the cases generate."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from course_helpers.coding.cases.coverage import (
    CoverageVocabulary,
    cases_by_topic,
    coverage_table_markdown,
    filter_cases,
    load_coverage,
    replace_table,
    uncovered_topics,
    unknown_ids,
)
from course_helpers.coding.cases.model import load_cases
from course_helpers.errors import CaseInputError

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "coding-lab.md"
CASES = load_cases()
VOCABULARY = load_coverage()


def test_every_topic_has_at_least_one_case() -> None:
    missing = uncovered_topics(CASES, VOCABULARY)
    assert not missing, f"coverage topics with no case: {missing}"


def test_every_case_names_only_known_coverage_ids() -> None:
    bad = unknown_ids(CASES, VOCABULARY)
    assert not bad, f"unknown coverage ids (add them to coding_lab_coverage.yaml or fix the case): {bad}"


def test_the_vocabulary_is_the_one_issue_14_lists() -> None:
    """The ids in the issue's coverage list (briefs/coverage.md) are all here, each with a label and guideline."""
    ids = [t.id for t in VOCABULARY.topics]
    assert len(ids) == 49 and len(set(ids)) == 49
    for needed in ("pdx-two-equal", "hac", "pcs-biopsy-then-resection", "discharge-postacute", "doc-3-day-window"):
        assert needed in ids
    assert all(t.guideline and t.label for t in VOCABULARY.topics)


def test_the_checks_catch_an_uncovered_topic_and_an_unknown_id() -> None:
    data = VOCABULARY.model_dump()
    data["topics"].append({"id": "brand-new-topic", "group": "pdx", "label": "x", "guideline": "y"})
    bigger = CoverageVocabulary.model_validate(data)
    assert uncovered_topics(CASES, bigger) == ["brand-new-topic"]
    data["topics"] = [t for t in data["topics"] if t["id"] not in ("hiv", "brand-new-topic")]
    smaller = CoverageVocabulary.model_validate(data)
    assert unknown_ids(CASES, smaller) == {"c34_hiv_pneumocystis": ["hiv"]}


def test_duplicate_ids_and_unknown_groups_are_rejected() -> None:
    data = VOCABULARY.model_dump()
    data["topics"].append(dict(data["topics"][0]))
    with pytest.raises(ValueError, match="listed twice"):
        CoverageVocabulary.model_validate(data)
    data = VOCABULARY.model_dump()
    data["topics"][0]["group"] = "nowhere"
    with pytest.raises(ValueError, match="unknown groups"):
        CoverageVocabulary.model_validate(data)


def test_the_table_in_the_docs_is_current() -> None:
    current = DOC.read_text(encoding="utf-8")
    assert replace_table(current, coverage_table_markdown(CASES, VOCABULARY)) == current, (
        "docs/coding-lab.md coverage table is stale: run .venv/bin/python scripts/coverage_table.py"
    )


def test_the_table_counts_what_the_cases_say() -> None:
    table = coverage_table_markdown(CASES, VOCABULARY)
    per_topic = cases_by_topic(CASES, VOCABULARY)
    for topic, ids in per_topic.items():
        row = next(line for line in table.splitlines() if f"(`{topic}`)" in line)
        assert row.endswith(f"| {len(ids)} |")
    assert f"{len(CASES)} cases" in table
    assert len(re.findall(r"^\| c\d\d_", table, flags=re.M)) == len(CASES)


def test_the_script_check_mode_passes_now(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    sys.modules.pop("coverage_table", None)
    import coverage_table  # type: ignore[import-not-found]

    assert coverage_table.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_filters_by_topic_and_difficulty() -> None:
    pcs = filter_cases(CASES, topic="pcs-cabg")
    assert pcs == [cid for cid, c in CASES.items() if "pcs-cabg" in c.coverage] and pcs
    advanced = filter_cases(CASES, difficulty="advanced")
    assert advanced and all(CASES[c].difficulty == "advanced" for c in advanced)
    both = filter_cases(CASES, topic="pdx-two-equal", difficulty="intermediate")
    assert set(both) == {c for c in CASES if "pdx-two-equal" in CASES[c].coverage} & {
        c for c in CASES if CASES[c].difficulty == "intermediate"
    }
    assert filter_cases(CASES) == list(CASES)
    with pytest.raises(CaseInputError, match="no coverage topic 'nope'"):
        filter_cases(CASES, topic="nope")
    with pytest.raises(CaseInputError, match="difficulty must be one of"):
        filter_cases(CASES, difficulty="hard")
