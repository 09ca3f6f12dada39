"""CMS Table 5 (MS-DRG relative weights and mean stays) for the pinned year, from the `drg` package."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from course_helpers.coding.codes.code_set_year import drg_data_dir


@dataclass(frozen=True)
class Table5Row:
    """One MS-DRG row of Table 5. Weight and stays are None for DRGs 998 and 999, which CMS does not pay."""

    drg: int
    title: str
    weight: float | None  # "Weights - 10% Cap Applied": the weight CMS pays with
    weight_before_cap: float | None
    gmlos: float | None  # geometric mean length of stay, days
    amlos: float | None  # arithmetic mean length of stay, days
    mdc: str | None  # "01".."25", "PRE" (pre-MDC), or None when Table 5 leaves it blank
    drg_type: str  # "MED", "SURG" or "**"
    post_acute: bool
    special_pay: bool


def _number(text: str) -> float | None:
    text = text.strip()
    return None if text in ("", ".") else float(text)


def _parse(lines: list[str]) -> dict[int, Table5Row]:
    rows: dict[int, Table5Row] = {}
    reader = csv.reader(lines, delimiter="\t")
    for fields in reader:
        if not fields or not fields[0].strip().isdigit():
            continue  # title lines, the column header and the blank trailer
        drg, post_acute, special_pay, mdc, drg_type, title, before_cap, capped, gmlos, amlos = (
            f.strip() for f in fields[:10]
        )
        rows[int(drg)] = Table5Row(
            drg=int(drg),
            title=title,
            weight=_number(capped),
            weight_before_cap=_number(before_cap),
            gmlos=_number(gmlos),
            amlos=_number(amlos),
            mdc=mdc or None,
            drg_type=drg_type,
            post_acute=post_acute == "Yes",
            special_pay=special_pay == "Yes",
        )
    return rows


@cache
def load_table5() -> dict[int, Table5Row]:
    """Every MS-DRG in Table 5 keyed by number (cached; the file is cp1252, not UTF-8)."""
    path = drg_data_dir() / "cms" / "drg_weights.txt"
    with open(path, encoding="cp1252", newline="") as fh:
        return _parse(fh.read().splitlines())


def table5_row(drg: int) -> Table5Row:
    """The Table 5 row of one MS-DRG; KeyError names the DRG when it is not in the table."""
    rows = load_table5()
    if drg not in rows:
        raise KeyError(f"MS-DRG {drg} is not in Table 5")
    return rows[drg]
