"""Inpatient or outpatient? The status rule from fact-check B5 as a pure function (lesson 11).

Inpatient status starts with a formal admission order; time in the emergency department, observation or
outpatient surgery is outpatient time however many nights it spans (medicare.gov). For Medicare the order
must be furnished at or before the inpatient admission and cannot be added after discharge (42 CFR 412.3(b)).
"""

from __future__ import annotations

from dataclasses import dataclass

from course_helpers.errors import CourseInputError

PLACES = ("emergency department", "observation", "outpatient surgery", "inpatient unit")
"""Where the patient spent the stay, as the widget offers it."""

MAX_NIGHTS = 60


class StatusInputError(CourseInputError):
    """An input the learner can fix; the message says how."""


@dataclass(frozen=True)
class StatusResult:
    """The patient's status, why, and what that means for the coder."""

    inpatient: bool
    reason: str
    coding: str

    @property
    def status(self) -> str:
        """'inpatient' or 'outpatient'."""
        return "inpatient" if self.inpatient else "outpatient"


def classify_stay(admission_order: bool, nights: int, place: str) -> StatusResult:
    """Decide inpatient versus outpatient from the admission order, never from the nights alone."""
    if place not in PLACES:
        raise StatusInputError(f"place must be one of: {', '.join(PLACES)}; got {place!r}.")
    if isinstance(nights, bool) or not isinstance(nights, int) or not 0 <= nights <= MAX_NIGHTS:
        raise StatusInputError(f"nights must be a whole number from 0 to {MAX_NIGHTS}; got {nights!r}.")
    if admission_order:
        return StatusResult(
            True,
            "A physician formally admitted the patient, so the stay is inpatient from the admission order on "
            "(time before the order, for example in the ED or observation, was outpatient).",
            "Facility inpatient coding: ICD-10-CM diagnoses, ICD-10-PCS procedures, grouped to an MS-DRG.",
        )
    if place == "inpatient unit":
        why = (
            "The patient was in an inpatient bed but no admission order was written: a bed is not an admission, "
            "so the stay is outpatient. For Medicare the order must be furnished at or before the inpatient "
            "admission (42 CFR 412.3): it cannot be back-dated, and after discharge it cannot be added at all. "
            "Raise it with utilization review or compliance; do not code the stay as inpatient."
        )
    else:
        nights_text = "no nights" if nights == 0 else f"{nights} night{'s' if nights != 1 else ''}"
        why = (
            f"No formal admission order, so the patient is an outpatient in {place}, even after {nights_text} "
            "in the hospital."
        )
    return StatusResult(
        False, why, "Outpatient coding: ICD-10-CM diagnoses, CPT/HCPCS for procedures and services; no MS-DRG."
    )
