"""Where a fact and a graded key come from: data records' `verified:` status and questions' `source:` tags.

Pure: data files and question mappings in, plain values out.

- A data record is a mapping that states something from a source (it has `source`, `sources`, `url` or a
  `*_source` key) or an item of a list of such facts. Its `verified:` is `primary` (checked on the owner's
  own page or file: CMS files, the Official Guidelines, the shipped code sets, AHIMA/AAPC pages, BLS tables,
  the course's own policy) or `secondary` (known only through a page that reports it, or a course
  assumption). A record without its own status takes the nearest enclosing record's.
- A question names the primary source of its key with `source:` tags (docs/graded-keys.md lists them):
  `source:guideline:<id>`, `source:codeset:icd10cm|icd10pcs`, `source:grouper:ms-drg-v43`,
  `source:data:<file>.yaml`, `source:handbook:<name>`, `source:given`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course_helpers.data import data_dir, parse_yaml

STATUSES = ("primary", "secondary")

NOT_FACT_FILES = {
    "course_map.yaml": "the course's own lesson list",
    "guide_sections.yaml": "the career guide's headings, the vocabulary of `guide_section`",
    "coding_lab_coverage.yaml": "the coverage vocabulary of the cases (each topic's rule is cited in the cases)",
    "coding/british_spellings.yaml": "spelling variants the look-up rewrites, not facts",
}
"""Data files that state no fact from a source, with the reason. Cases (data/cases/) and facilitator notes are
not walked either: a case's key is checked against the shipped code set and grouper by tests/coding/cases, and a
facilitator note teaches from the lesson and bank."""

_SKIPPED_FOLDERS = ("cases/", "facilitator_notes/")
_SOURCE_KEYS = {"source", "sources", "url"}
_PERCENT_FIELDS = {"low", "typical", "high", "guide_low", "guide_high", "premium"}

MONEY = re.compile(r"\$?\b\d{1,3}(?:,\d{3})+\b|\$\d{4,}\b|\b\d{5,}\b")
PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)\s?(?:%|percent)")
PERCENTILE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)[ -]percentile", re.IGNORECASE)

Figure = tuple[str, float]


def figures_in(text: str) -> set[Figure]:
    """The amounts (1,000 and over) and percentages a text states, as ('amount'|'percent', value); a named
    percentile gives its share and the share above it (the 90th percentile: 90% and 10%)."""
    found = {("amount", float(m.group().lstrip("$").replace(",", ""))) for m in MONEY.finditer(text)}
    found |= {("percent", float(m.group(1))) for m in PERCENT.finditer(text)}
    for m in PERCENTILE.finditer(text):
        found |= {("percent", float(m.group(1))), ("percent", 100.0 - float(m.group(1)))}
    return found


@dataclass(frozen=True)
class Record:
    """One data record: its file, its path inside the file, its own mapping and its status (None: none)."""

    file: str
    path: str
    body: Mapping[str, Any]
    status: str | None


def fact_files(root: Path | None = None) -> list[str]:
    """The YAML data files that state facts, by their path under `course_helpers/data/`."""
    folder = root or data_dir("")
    names = []
    for path in sorted(folder.rglob("*.yaml")):
        name = path.relative_to(folder).as_posix()
        if name.startswith(_SKIPPED_FOLDERS) or name in NOT_FACT_FILES:
            continue
        names.append(name)
    return names


def _is_sourced(node: Mapping[str, Any]) -> bool:
    return any(k in _SOURCE_KEYS or str(k).endswith("_source") for k in node)


def _walk(node: Any, file: str, path: str, inherited: str | None, in_list: bool) -> Iterator[Record]:
    if isinstance(node, dict):
        status = node.get("verified", inherited)
        if _is_sourced(node) or in_list:
            yield Record(file, path or "(file)", node, status)
        for key, value in node.items():
            if key == "sources":  # a record's list of references, not records of their own
                continue
            yield from _walk(value, file, f"{path}.{key}" if path else str(key), status, False)
    elif isinstance(node, list):
        dicts = [item for item in node if isinstance(item, dict)]
        for i, item in enumerate(node):
            yield from _walk(item, file, f"{path}[{i}]", inherited, bool(dicts))


def records(file: str, root: Path | None = None) -> list[Record]:
    """Every record of one data file, with its (own or inherited) status."""
    folder = root or data_dir("")
    data = parse_yaml((folder / file).read_text(encoding="utf-8"))
    return list(_walk(data, file, "", None, False))


def _figures_of(node: Any, key: str = "") -> set[Figure]:
    if isinstance(node, bool) or node is None:
        return set()
    if isinstance(node, int | float):
        if key == "growth_percent" or (key in _PERCENT_FIELDS and 0 < abs(node) < 1):
            return {("percent", round(abs(node) * (1 if key == "growth_percent" else 100), 4))}
        return {("amount", float(node))} if abs(node) >= 1000 else set()
    if isinstance(node, str):
        return figures_in(node)
    if isinstance(node, dict):
        return set().union(*(_figures_of(v, str(k)) for k, v in node.items() if k != "verified"), set())
    if isinstance(node, list):
        return set().union(*(_figures_of(v, key) for v in node), set())
    return set()


def figures_by_status(root: Path | None = None) -> dict[str, set[Figure]]:
    """Every figure the fact files state, by the status of the record that states it."""
    found: dict[str, set[Figure]] = {s: set() for s in STATUSES}
    for file in fact_files(root):
        for record in records(file, root):
            if record.status in found:
                own = {k: v for k, v in record.body.items() if not isinstance(v, dict | list) or k == "sources"}
                found[record.status] |= _figures_of(own)
    return found


def secondary_only_figures(root: Path | None = None) -> set[Figure]:
    """Figures a secondary record states and no primary record does: no graded key may rest on them."""
    by_status = figures_by_status(root)
    return by_status["secondary"] - by_status["primary"]


def file_status(file: str, root: Path | None = None) -> set[str | None]:
    """The statuses of a data file's records (a file is primary for a key only if one record is primary)."""
    return {r.status for r in records(file, root)}


_ID_FIELDS = ("id", "key", "abbr", "name", "label", "title", "code", "state", "period")


def find_record(file: str, record_id: str, root: Path | None = None) -> Record | None:
    """The record of a data file whose id (or key, abbr, name...) is `record_id`, else None."""
    for record in records(file, root):
        if any(str(record.body.get(f)) == record_id for f in _ID_FIELDS):
            return record
    return None


def data_source_problem(value: str, root: Path | None = None) -> str | None:
    """Why a `source:data:<file>[#<record>]` value does not name a primary source, or None when it does.

    The file must be a fact file; a named record must be `primary`; a file named without a record must have
    only primary records (a file that mixes statuses needs `#<record>`)."""
    file, _, record_id = value.partition("#")
    if file not in fact_files(root):
        return f"{file!r} is not a data file with verified records"
    if record_id:
        record = find_record(file, record_id, root)
        if record is None:
            return f"{file} has no record {record_id!r}"
        return None if record.status == "primary" else f"{file}#{record_id} is `verified: {record.status}`"
    statuses = file_status(file, root)
    if statuses == {"primary"}:
        return None
    return f"{file} is not all `verified: primary` ({sorted(map(str, statuses))}); name the record: {file}#<id>"
