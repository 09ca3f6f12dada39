"""How an audit's accuracy depends on what is counted (fact-check E2: per code, per record or per DRG).

Pure: no widgets, no plotting. The published records-per-hour ranges live in
`course_helpers.coding.cases.productivity_benchmarks`, where the coding lab's practice mode uses them too.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_helpers.errors import CourseInputError


class AuditInputError(CourseInputError):
    """Raised when audit counts are impossible (for example more wrong codes than codes)."""


@dataclass(frozen=True)
class AuditAccuracy:
    """One audit's accuracy, counted three ways (percent)."""

    per_code: float
    per_record: float
    per_drg: float


def audit_accuracy(
    records: int, codes: int, codes_wrong: int, records_with_error: int, drgs_changed: int
) -> AuditAccuracy:
    """Accuracy of an audit sample counted per code, per record and per DRG."""
    if records < 1 or codes < records:
        raise AuditInputError("An audit needs at least one record and at least one code per record.")
    if not 0 <= records_with_error <= records or not 0 <= drgs_changed <= records:
        raise AuditInputError("Records with an error and DRG changes must be between 0 and the records audited.")
    if not 0 <= codes_wrong <= codes:
        raise AuditInputError("Wrong codes must be between 0 and the codes audited.")
    if (codes_wrong == 0) != (records_with_error == 0) or codes_wrong < records_with_error:
        raise AuditInputError("Each record with an error has at least one wrong code, and every wrong code is in one.")
    if drgs_changed > records_with_error:
        raise AuditInputError("A DRG can only change on a record that has an error.")
    return AuditAccuracy(
        per_code=100 * (codes - codes_wrong) / codes,
        per_record=100 * (records - records_with_error) / records,
        per_drg=100 * (records - drgs_changed) / records,
    )
