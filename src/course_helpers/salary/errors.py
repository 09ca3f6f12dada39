"""The one error type the salary models raise: a bad input, named by field, with what to fix."""

from __future__ import annotations


class SalaryInputError(ValueError):
    """A calculator input is out of range or unknown; `field` names it and the message says what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
