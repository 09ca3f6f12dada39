"""Small plain-text views for lesson 12: the seven PCS axes of a code and an overview of the cases."""

from __future__ import annotations

from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.codes.icd10pcs import explain_pcs
from course_helpers.coding.codes.normalize import check_pcs_format
from course_helpers.display.text_table import TextTable


def pcs_axes_table(code: str) -> str:
    """One line per character of an ICD-10-PCS code: position, axis, value and meaning.

    Plain text for print; displayed as a notebook cell's value it is an HTML table (no wrapped meanings).
    """
    norm = check_pcs_format(code)
    rows = [(str(a.position), a.axis, a.value, a.meaning or "(see the PCS tables)") for a in explain_pcs(norm)]
    header = ("#", "Axis", "Value", "Meaning")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = [f"ICD-10-PCS {norm}"]
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
    return TextTable("\n".join(lines), header, rows, f"ICD-10-PCS {norm}: the seven characters")


def case_overview() -> str:
    """One line per case: id, medical or surgical, whether it needs a query, and its title.

    Plain text for print; displayed as a notebook cell's value it is an HTML table (no words broken).
    """
    intro = f"{len(load_cases())} synthetic cases (invented for teaching; no real patient data)"
    lines = [intro]
    rows = []
    for case in load_cases().values():
        query = "query first" if case.needs_query else ""
        lines.append(f"{case.id:<38} {case.setting:<9} {query:<12} {case.title}")
        rows.append((case.id, case.setting, query or "no", case.title))
    header = ("Case", "Setting", "Query", "Title")
    return TextTable("\n".join(lines), header, rows, "The lab's cases", before=[intro])
