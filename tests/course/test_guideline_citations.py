"""Every Official Guidelines section the course cites exists in the shipped table of sections."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "course_helpers" / "data"
TABLE = DATA / "coding" / "guideline_sections.yaml"

# ICD-10-CM: "Section I.C.5.b.2", "I.B.14", "II.D", "III.A", "I.C.1.d.1.a.ii" (the guideline's
# "(a)", "(ii)" levels are written with dots in the course), and a bare "Section II" / "Section III".
CM_ID = re.compile(r"\b(III|II|I)\.([A-Z](?:\.[0-9a-z]{1,4}|\.?\([0-9a-z]{1,4}\))*)")
CM_BARE = re.compile(r"\bSections?\s+(III|II|I)\b(?!\.[A-Z])")
# Appendix I, the Present on Admission Reporting Guidelines: "Appendix I" in prose, "App.I" in tags.
CM_APPENDIX = re.compile(r"\bApp(?:endix\s+|\.)(I)\b")
# ICD-10-PCS: a run of ids after "PCS ... Guideline(s)", "Guideline(s)" or "convention(s)":
# "Guideline B3.8", "ICD-10-PCS Guidelines B3.10a, B3.10b and B3.10c", "conventions A4, and A5".
PCS_ID = r"[AB]\d{1,2}(?:\.\d{1,2}[a-z]?)?"
PCS_RUN = re.compile(
    rf"\b(?:Official\s+)?(?:[Gg]uidelines?|[Cc]onventions?)\s*\(?\s*"
    rf"((?:{PCS_ID})(?:\s*(?:,\s*and|,\s*or|,|and|or)\s*(?:{PCS_ID}))*)(?![\w.]\d)"
)
PCS_ONE = re.compile(PCS_ID)


def _notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells)


def sources() -> Iterator[tuple[str, str]]:
    """Yield (relative path, text) for every bank, case, lesson and data file the course ships."""
    paths = [
        *sorted((ROOT / "quizzes").glob("*.yaml")),
        *sorted((DATA / "cases").glob("*.yaml")),
        *sorted(DATA.glob("*.yaml")),
        *sorted((DATA / "coding").glob("*.yaml")),
        *sorted((ROOT / "notebooks").rglob("*.ipynb")),
    ]
    for path in paths:
        if path == TABLE or ".ipynb_checkpoints" in path.parts:
            continue
        text = _notebook_text(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
        yield str(path.relative_to(ROOT)), text


def citations(text: str) -> Iterator[tuple[str, str]]:
    """Yield (id, code set) for every guideline citation in a text."""
    for match in CM_ID.finditer(text):
        # The guideline's own "I.C.19.e.5.(a)" and "I.C.1.a.2(a)" are the course's "I.C.19.e.5.a".
        written = re.sub(r"\.?\(([0-9a-z]+)\)", r".\1", f"{match[1]}.{match[2]}")
        yield written.rstrip("."), "cm"
    for match in CM_BARE.finditer(text):
        yield match[1], "cm"
    for match in CM_APPENDIX.finditer(text):
        yield f"App.{match[1]}", "cm"
    for match in PCS_RUN.finditer(text):
        for one in PCS_ONE.findall(match[1]):
            yield one, "pcs"


def table() -> dict[str, set[str]]:
    """The section ids the shipped table lists, by code set."""
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return {key: set(data[key]["sections"]) for key in ("cm", "pcs")}


def test_extractor_reads_the_ways_the_course_writes_citations() -> None:
    text = (
        "See Section I.C.5.b.2. and guideline I.B.14; I.C.1.d.1.a.ii; Section III; III.A. "
        "The guideline's I.C.19.e.5.(a) and I.C.1.a.2(b). "
        "PCS guideline B3.2, conventions A4, and A5; ICD-10-PCS Guidelines B3.10a, B3.10b and "
        "B3.10c; sepsis A41.51 and HIV B20 are codes, not sections. POA guidelines (Appendix I); "
        "source:guideline:App.I; CMS's Appendix II is not a guideline section."
    )
    assert sorted(citations(text)) == sorted(
        [
            ("I.C.5.b.2", "cm"),
            ("I.B.14", "cm"),
            ("I.C.1.d.1.a.ii", "cm"),
            ("I.C.19.e.5.a", "cm"),
            ("I.C.1.a.2.b", "cm"),
            ("III", "cm"),
            ("III.A", "cm"),
            ("B3.2", "pcs"),
            ("A4", "pcs"),
            ("A5", "pcs"),
            ("B3.10a", "pcs"),
            ("B3.10b", "pcs"),
            ("B3.10c", "pcs"),
            ("App.I", "cm"),
            ("App.I", "cm"),
        ]
    )


def _parent(section: str) -> str | None:
    """The id of the section a CM or PCS section sits in ("I.C.1.d" for "I.C.1.d.4", "B3.1" for "B3.1a")."""
    if "." in section and section[0] not in "AB":
        return section.rsplit(".", 1)[0]
    pcs = re.fullmatch(r"([AB])(\d+)(?:\.(\d+)([a-z])?)?", section)
    if pcs is None or pcs[2] is None:
        return None
    letter, number, sub, lettered = pcs.groups()
    if lettered:
        return f"{letter}{number}.{sub}"
    return f"{letter}{number}" if sub else (letter if letter == "B" else None)


def test_table_lists_every_parent_of_every_section() -> None:
    known = table()
    missing = sorted(
        f"{section} (parent {_parent(section)})"
        for code_set in ("cm", "pcs")
        for section in known[code_set]
        if _parent(section) is not None and _parent(section) not in known[code_set]
    )
    assert not missing, missing


SOURCES = dict(sources())


@pytest.mark.parametrize("path", sorted(SOURCES))
def test_every_cited_section_is_in_the_table(path: str) -> None:
    known = table()
    text = SOURCES[path]
    wrong = sorted(
        {f"{code_set.upper()} {section}" for section, code_set in citations(text) if section not in known[code_set]}
    )
    assert not wrong, f"{path} cites guideline sections not in {TABLE.name}: {', '.join(wrong)}"
