"""The course's one error tree: every "fix your input" problem is a `CourseInputError`.

Each message says, in one line, what is wrong and what to do. Views and commands catch
`CourseInputError` and show its message; anything else is a bug and is allowed to surface.
"""

from __future__ import annotations


class CourseInputError(ValueError):
    """Base class: a value, file or setting the learner or instructor can fix; the message says how."""


class CodingInputError(CourseInputError):
    """Input to the coding lab that cannot be used as given."""


class CodeFormatError(CodingInputError):
    """A code that is not shaped like an ICD-10-CM or ICD-10-PCS code."""


class UnknownCodeError(CodingInputError):
    """A well-formed code that does not exist in the pinned fiscal year."""


class HeaderCodeError(CodingInputError):
    """A real ICD-10-CM category or subcategory that needs more characters to be billable."""


class CaseInputError(CodingInputError):
    """A case file, case id or case value (age, sex, discharge status, POA, base rate) that cannot be used."""


class SalaryInputError(CourseInputError):
    """A calculator input is out of range or unknown; `field` names it and the message says what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
