"""One face for both code sets: search by words (or a code prefix) and look up a code in the pinned year."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from course_helpers.coding.codes.cm_status import CmStatus, billable_cm_codes, cm_status
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.icd10cm import CodeDetails, cm_index, cm_title, lookup_cm
from course_helpers.coding.codes.icd10pcs import lookup_pcs, pcs_index, pcs_titles
from course_helpers.coding.codes.index_terms import index_matches
from course_helpers.coding.codes.normalize import format_cm, is_cm_format, is_pcs_format, normalize_code
from course_helpers.coding.codes.spelling import spelling_note, to_us_spelling
from course_helpers.errors import CodeFormatError, CodingInputError

System = Literal["cm", "pcs", "both"]
SYSTEM_NAMES = {"cm": "ICD-10-CM", "pcs": "ICD-10-PCS"}

# ICD-10-PCS titles never use eponyms or "-ectomy" words; these help a learner's first searches
PCS_SYNONYMS: dict[str, str] = {
    "appendectomy": "resection appendix",
    "cholecystectomy": "resection gallbladder",
    "laparoscopic": "percutaneous endoscopic",
    "arthroscopic": "percutaneous endoscopic",
    "cesarean": "extraction products conception",
    "amputation": "detachment",
    "biopsy": "excision diagnostic",
    "intubation": "insertion endotracheal airway",
    "hysterectomy": "resection uterus",
    "mastectomy": "resection breast",
    "colonoscopy": "inspection lower intestinal tract",
}

_CODE_LIKE = re.compile(r"[A-Za-z0-9]*\d[A-Za-z0-9.]*")


class UnknownSystemError(CodingInputError):
    """A code system other than 'cm', 'pcs' or 'both'."""


@dataclass(frozen=True)
class SearchHit:
    """One search result."""

    system: str  # "ICD-10-CM" or "ICD-10-PCS"
    code: str  # dotless
    display: str  # dotted for ICD-10-CM
    title: str
    billable: bool  # ICD-10-CM: a billable (leaf) code; ICD-10-PCS: valid in the pinned year
    matched_in: str  # "title", "inclusion term", "code" or "Alphabetic Index: <path>"


def _check_system(system: str) -> System:
    key = str(system).strip().lower()
    if key not in ("cm", "pcs", "both"):
        raise UnknownSystemError(f"system must be 'cm', 'pcs' or 'both', got {system!r}")
    return key  # type: ignore[return-value]


def expand_query(query: str, system: System) -> str:
    """The query with PCS-friendly words added for common surgical terms (PCS and both only)."""
    if system == "cm":
        return query
    return " ".join(PCS_SYNONYMS.get(w.lower(), w) for w in query.split())


def synonym_note(query: str, system: str) -> str | None:
    """A line saying which British spellings were read the US way and which surgical words were translated
    for ICD-10-PCS, or None."""
    sys_key = _check_system(system)
    if _CODE_LIKE.fullmatch(query.strip()):
        return None
    spelling = spelling_note(query)
    query = to_us_spelling(query).text
    used = [w for w in query.split() if w.lower() in PCS_SYNONYMS] if sys_key != "cm" else []
    pairs = "; ".join(f"'{w}' as '{PCS_SYNONYMS[w.lower()]}'" for w in used)
    pcs = f"ICD-10-PCS titles never use these words, so the search read {pairs}." if used else None
    return " ".join(note for note in (spelling, pcs) if note) or None


@cache
def _sorted_codes(system: str) -> list[str]:
    return sorted(e.code for e in cm_index().entries) if system == "cm" else sorted(pcs_titles())


def _prefix_hits(prefix: str, system: str, limit: int) -> list[SearchHit]:
    codes = _sorted_codes(system)
    start = bisect.bisect_left(codes, prefix)
    hits: list[SearchHit] = []
    for code in codes[start:]:
        if not code.startswith(prefix) or len(hits) >= limit:
            break
        hits.append(_hit(system, code, _title(system, code), "code"))
    return hits


@cache
def _cm_titles() -> dict[str, str]:
    return {e.code: e.title for e in cm_index().entries}


def _title(system: str, code: str) -> str:
    return _cm_titles().get(code, "") if system == "cm" else pcs_titles().get(code, "")


def _hit(system: str, code: str, title: str, matched_in: str) -> SearchHit:
    if system == "cm":
        return SearchHit("ICD-10-CM", code, format_cm(code), title, code in billable_cm_codes(), matched_in)
    # the title list is not tied to a year: about 100 of its codes are not valid in FY2026
    return SearchHit("ICD-10-PCS", code, code, title, is_valid_pcs(code), matched_in)


def search_codes(query: str, system: str = "cm", limit: int = 50) -> list[SearchHit]:
    """Codes whose title (or inclusion terms) contain every word of the query; a code prefix lists codes."""
    sys_key = _check_system(system)
    if not isinstance(query, str) or not query.strip():
        return []
    systems = ["cm", "pcs"] if sys_key == "both" else [sys_key]
    text = query.strip()
    if _CODE_LIKE.fullmatch(text):
        prefix = normalize_code(text)
        hits = [h for s in systems for h in _prefix_hits(prefix, s, limit)]
        if hits:
            return hits[:limit]
    text = to_us_spelling(text).text  # the titles use US spelling: 'anaemia' finds 'anemia'
    results: list[SearchHit] = []
    if "cm" in systems:  # the Alphabetic Index path first, where the titles alone would miss it
        for term in index_matches(text):
            code = normalize_code(term.code)
            results.append(_hit("cm", code, cm_title(code) or "", f"Alphabetic Index: {term.index_path}"))
    for s in systems:
        index = cm_index() if s == "cm" else pcs_index()
        for match in index.search(expand_query(text, s) if s == "pcs" else text, limit):
            matched_in = "title" if match.in_title else "inclusion term"
            if not any(r.code == match.entry.code for r in results):
                results.append(_hit(s, match.entry.code, match.entry.title, matched_in))
    return results[:limit] if sys_key != "both" else results[: 2 * limit]


def detect_system(code: str) -> str:
    """'cm' or 'pcs' for a code written either way; CodeFormatError if it fits neither."""
    norm = normalize_code(code)
    if is_cm_format(norm) and (cm_status(norm) is not CmStatus.UNKNOWN or not is_pcs_format(norm)):
        return "cm"
    if is_pcs_format(norm):
        return "pcs"
    raise CodeFormatError(
        f"{code!r} is neither an ICD-10-CM code (e.g. I50.21) nor a 7-character ICD-10-PCS code (e.g. 0SR9019)"
    )


def lookup_code(code: str, system: str | None = None) -> CodeDetails:
    """Look up a code (dot optional) in the pinned year; the system is detected when not given."""
    sys_key = detect_system(code) if system in (None, "", "both") else _check_system(system)  # type: ignore[arg-type]
    return lookup_cm(code) if sys_key == "cm" else lookup_pcs(code)
