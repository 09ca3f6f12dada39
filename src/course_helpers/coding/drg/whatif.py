"""What-if: drop or add secondary diagnoses and compare the DRG and payment side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course_helpers.coding.codes.normalize import check_cm_format, format_cm
from course_helpers.coding.drg.grouper import DEFAULT_BASE_RATE, GroupingResult, group_case
from course_helpers.errors import CaseInputError

Secondary = str | tuple[str, str | None]


@dataclass(frozen=True)
class WhatIfComparison:
    """The same case grouped twice: as coded (before) and with the change (after)."""

    before: GroupingResult
    after: GroupingResult
    dropped: tuple[str, ...]  # dotless codes removed
    added: tuple[str, ...]  # dotless codes added

    @property
    def drg_changed(self) -> bool:
        """True when the change moves the case to another MS-DRG."""
        return self.before.drg != self.after.drg

    @property
    def payment_difference(self) -> float | None:
        """After minus before, in dollars (None if either side is ungroupable)."""
        if self.before.payment is None or self.after.payment is None:
            return None
        return round(self.after.payment - self.before.payment, 2)

    @property
    def change(self) -> str:
        """The change in words: 'drop N17.9, add E87.1'."""
        parts = [f"drop {', '.join(map(format_cm, self.dropped))}"] if self.dropped else []
        parts += [f"add {', '.join(map(format_cm, self.added))}"] if self.added else []
        return "; ".join(parts) or "no change"

    def summary(self) -> str:
        """One line: what changed and what it did to the DRG and payment."""
        diff = self.payment_difference
        money = "" if diff is None else f" ({'+' if diff >= 0 else '-'}${abs(diff):,.2f})"
        if not self.drg_changed:
            return f"{self.change}: MS-DRG stays {self.before.drg}{money}"
        return f"{self.change}: MS-DRG {self.before.drg} -> {self.after.drg}{money}"


def _code(item: Secondary) -> str:
    return check_cm_format(item if isinstance(item, str) else item[0])


def what_if(
    pdx: str,
    sdx: Sequence[Secondary] = (),
    procedures: Sequence[str] = (),
    *,
    drop: Sequence[str] = (),
    add: Sequence[Secondary] = (),
    age: int = 65,
    sex: str = "U",
    discharge_status: int = 1,
    base_rate: float = DEFAULT_BASE_RATE,
) -> WhatIfComparison:
    """Group the case as given and again with `drop` removed and `add` appended; return both."""
    if isinstance(drop, str) or isinstance(add, str):
        raise CaseInputError("give codes to drop or add as a list, e.g. ['N17.9']")
    kwargs = dict(age=age, sex=sex, discharge_status=discharge_status, base_rate=base_rate)
    before = group_case(pdx, sdx, procedures, **kwargs)  # type: ignore[arg-type]
    present = [_code(s) for s in sdx]
    dropped = tuple(check_cm_format(d) for d in drop)
    missing = [format_cm(d) for d in dropped if d not in present]
    if missing:
        raise CaseInputError(f"cannot drop {', '.join(missing)}: it is not a secondary diagnosis of this case")
    added_codes = tuple(_code(a) for a in add)
    already = [format_cm(a) for a in added_codes if a in present and a not in dropped]
    if already:
        raise CaseInputError(f"{', '.join(already)} is already a secondary diagnosis of this case")
    kept = [s for s in sdx if _code(s) not in dropped]
    after = group_case(pdx, [*kept, *add], procedures, **kwargs)  # type: ignore[arg-type]
    return WhatIfComparison(before, after, dropped, added_codes)


def drop_each(
    pdx: str,
    sdx: Sequence[Secondary],
    procedures: Sequence[str] = (),
    *,
    age: int = 65,
    sex: str = "U",
    discharge_status: int = 1,
    base_rate: float = DEFAULT_BASE_RATE,
) -> list[WhatIfComparison]:
    """One comparison per secondary diagnosis, dropping just that one: which codes carry the DRG."""
    return [
        what_if(
            pdx,
            sdx,
            procedures,
            drop=[_code(s)],
            age=age,
            sex=sex,
            discharge_status=discharge_status,
            base_rate=base_rate,
        )
        for s in sdx
    ]
