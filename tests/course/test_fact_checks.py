"""The fact-check data covers fact-check.md, renders as an accessible callout, and is used by lessons."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_helpers.course.fact_checks import (
    VERDICTS,
    UnknownFactCheckError,
    get_fact_check,
    load_fact_checks,
    parse_fact_checks,
)
from course_helpers.course.fact_checks_view import FactCheckCallout, FactCheckMessage, fact_check, fact_check_table
from tests.paths import REPO

FACT_CHECK_MD = REPO.parent / "shared" / "guide" / "fact-check.md"
FACT_CALL = re.compile(r"""fact_check\(\s*["']([^"']+)["']""")

# ids other lessons call by name: they must stay stable
REQUIRED_IDS = {
    "inpatient-status",
    "ccs-awarding-body",
    "ccs-eligibility",
    "ccs-study-materials",
    "ccs-exam-content",
    "cic-credential",
    "rhit-requirements",
    "cca-cpc",
    "continuing-education",
    "certification-premium",
    "inpatient-procedure-codes",
    "code-update-calendar",
    "bls-occupation-name",
    "bls-median-pay",
    "bls-top-10-percent",
    "bls-growth-2023-33",
    "bls-growth-quick-facts",
    "growth-drivers",
    "salary-bands-unverified",
    "average-salary",
    "state-pay-high-cost",
    "state-pay-florida",
    "experience-raise",
    "inpatient-vs-outpatient-pay",
    "remote-shift-office-unverified",
    "productivity-standard",
    "accuracy-benchmark",
    "program-accreditation",
    "entry-education",
    "certification-not-required",
    "ms-drg-cc-mcc",
    "coding-guidelines-sources",
}


def _fact_check_md() -> str:
    if not FACT_CHECK_MD.exists():
        pytest.skip(f"fact-check.md not found at {FACT_CHECK_MD}; this test needs the shared guide folder")
    return FACT_CHECK_MD.read_text(encoding="utf-8")


def _summary_rows(text: str) -> dict[int, str]:
    """Parse the summary table: row number -> the guide's claim."""
    section = text.split("## Summary of the most important corrections", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\|\s*(\d+)\s*\|([^|]+)\|", line)
        if match:
            rows[int(match.group(1))] = match.group(2).strip()
    return rows


def _notebook_fact_ids() -> dict[str, set[str]]:
    """Every fact_check("id") call in a notebook code cell: id -> notebooks that call it."""
    used: dict[str, set[str]] = {}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell.get("source", []))
            for fact_id in FACT_CALL.findall(source):
                used.setdefault(fact_id, set()).add(path.name)
    return used


def test_required_ids_exist() -> None:
    missing = REQUIRED_IDS - set(load_fact_checks())
    assert not missing, f"fact_checks.yaml lacks ids other lessons use: {sorted(missing)}"


def test_every_summary_row_maps_to_a_record() -> None:
    rows = _summary_rows(_fact_check_md())
    assert len(rows) >= 10, "could not parse the summary table of fact-check.md"
    covered = {r.summary_row for r in load_fact_checks().values()}
    missing = {n: claim for n, claim in rows.items() if n not in covered}
    assert not missing, f"summary rows with no fact-check record: {missing}"


def test_every_section_of_fact_check_md_maps_to_a_record() -> None:
    text = _fact_check_md()
    sections = re.findall(r"^### ([A-F]\d+)\.", text, flags=re.MULTILINE)
    assert len(sections) >= 20, "could not parse the A1..F3 sections of fact-check.md"
    refs = " ".join(r.fact_check_ref for r in load_fact_checks().values())
    missing = [s for s in sections if not re.search(rf"\b{s}\b", refs)]
    assert not missing, f"fact-check.md sections with no record: {missing}"


def test_every_d_table_row_maps_to_a_record() -> None:
    text = _fact_check_md()
    d_section = text.split("## D.", 1)[1].split("\n## ", 1)[0]
    table = [line for line in d_section.splitlines() if line.startswith("|")]
    d_rows = table[2:]  # skip the header and the |---| line
    d_records = [r for r in load_fact_checks().values() if r.fact_check_ref.startswith("D")]
    assert len(d_rows) >= 6
    assert len(d_records) >= len(d_rows), f"{len(d_rows)} rows in section D but {len(d_records)} D records"


def test_summary_row_records_agree_with_the_table_verdict() -> None:
    """A summary row judged Wrong must not be taught as Correct (and vice versa)."""
    text = _fact_check_md()
    section = text.split("## Summary of the most important corrections", 1)[1].split("\n## ", 1)[0]
    verdict_by_row = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].isdigit():
            verdict_by_row[int(cells[0])] = cells[2].replace("*", "")
    for record in load_fact_checks().values():
        if record.summary_row is not None:
            table_verdict = verdict_by_row[record.summary_row]
            first_word = record.verdict.split()[0].casefold()
            assert first_word in table_verdict.casefold(), (record.id, table_verdict)


def test_verdicts_and_sources_are_well_formed() -> None:
    for record in load_fact_checks().values():
        assert record.verdict in VERDICTS
        if record.verdict != "Unverified":
            assert record.sources, f"{record.id}: a verdict other than Unverified needs a source"


def test_every_record_names_a_source_or_says_none_exists() -> None:
    # every record names at least one source; the only exception is a claim the fact-check searched for and
    # found nothing on, which must be Unverified, say so in its correction, and name no made-up source
    for record in load_fact_checks().values():
        for source in record.sources:
            assert source.title.strip() and str(source.url).startswith(("https://", "http://")), record.id
        if not record.sources:
            assert record.verdict == "Unverified", f"{record.id}: names no source"
            assert "No source was found" in record.correction, f"{record.id}: names no source and does not say why"


def test_callout_html_is_accessible_and_escaped() -> None:
    callout = fact_check("ccs-awarding-body")
    assert isinstance(callout, FactCheckCallout)
    page = callout._repr_html_()
    assert 'role="note"' in page and "aria-labelledby" in page
    assert "Fact check</h3>" in page
    assert "Verdict:</strong> Wrong" in page
    assert "AHIMA" in page
    assert 'href="https://ahima.org/certification-careers/certifications-overview/ccs"' in page
    assert "&quot;Certified Coding Specialist (CCS) – AAPC Credential&quot;" in page

    class _Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    parser = _Balance()
    parser.feed(page)
    assert parser.stack == []


def test_callout_plain_text_and_markdown() -> None:
    callout = fact_check("inpatient-status")
    text = repr(callout)
    assert text.startswith("Fact check [inpatient-status]")
    assert "Verdict: Wrong" in text and "admission" in text
    markdown = callout._repr_markdown_()
    assert "**Fact check**" in markdown and "(https://www.medicare.gov/" in markdown


def test_record_without_sources_says_so() -> None:
    page = fact_check("remote-shift-office-unverified")._repr_html_()
    assert "none found" in page and "<a " not in page


def test_unknown_id_gives_one_line_message_with_close_ids() -> None:
    shown = fact_check("ccs-eligibilty")
    assert isinstance(shown, FactCheckMessage)
    assert "\n" not in repr(shown)
    assert "'ccs-eligibility'" in repr(shown)
    with pytest.raises(UnknownFactCheckError):
        get_fact_check("nope")


@given(st.text(max_size=40))
def test_fact_check_never_raises(fact_id: str) -> None:
    shown = fact_check(fact_id)
    assert isinstance(shown, FactCheckCallout | FactCheckMessage)
    assert isinstance(shown._repr_html_(), str)


def test_duplicate_ids_are_rejected() -> None:
    record = """
  - id: same
    claim: x
    verdict: Wrong
    correction: y
    fact_check_ref: A1
"""
    with pytest.raises(ValueError, match="appears twice"):
        parse_fact_checks("schema_version: 1\nfact_checks:" + record + record)


def test_table_lists_every_record() -> None:
    table = fact_check_table()
    assert list(table["id"]) == list(load_fact_checks())
    assert set(table["verdict"]) <= set(VERDICTS)
    assert table.loc[table["id"] == "inpatient-status", "summary_row"].item() == 8


def test_every_notebook_fact_check_id_exists() -> None:
    unknown = {i: sorted(nb) for i, nb in _notebook_fact_ids().items() if i not in load_fact_checks()}
    assert not unknown, f"notebooks call fact_check() with unknown ids: {unknown}"


def test_every_record_is_used_by_a_notebook() -> None:
    unused = sorted(set(load_fact_checks()) - set(_notebook_fact_ids()))
    assert not unused, f"fact-check records no notebook shows: {unused}"


def test_verdict_wording_is_not_repeated() -> None:
    assert "Verdict: Wrong / misleading" in repr(fact_check("inpatient-status"))
    assert "Wrong (Wrong" not in fact_check("inpatient-status")._repr_html_()
    assert "Verdict: Unverified (opinion)" in repr(fact_check("cic-credential"))
