"""Errors for bad coding input: each is a ValueError whose message says, in one line, what to fix."""

from __future__ import annotations


class CodingInputError(ValueError):
    """Base class: input to the coding lab that cannot be used as given."""


class CodeFormatError(CodingInputError):
    """A code that is not shaped like an ICD-10-CM or ICD-10-PCS code."""


class UnknownCodeError(CodingInputError):
    """A well-formed code that does not exist in the pinned fiscal year."""


class HeaderCodeError(CodingInputError):
    """A real ICD-10-CM category or subcategory that needs more characters to be billable."""


class CaseInputError(CodingInputError):
    """A case value (age, sex, discharge status, POA, base rate) that is impossible or unknown."""
