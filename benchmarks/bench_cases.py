"""Time the case lab's paths a learner waits on and print a Markdown table (run by `make bench`).

Goals: loading all cases under 500 ms (once per kernel); checking, regrouping and grading one attempt
under 50 ms (it runs on every click of "Grade my coding").
"""

from __future__ import annotations

import statistics
import time

from timing import machine_line  # noqa: E402

from course_helpers.coding.cases.attempt import check_answer, grade_answer, key_as_answer
from course_helpers.coding.cases.model import CASES_DIR, load_cases

ROUNDS = 20


def main() -> None:
    """Print the machine line and the benchmark table."""
    print(machine_line())
    start = time.perf_counter()
    cases = load_cases(CASES_DIR)
    load_ms = (time.perf_counter() - start) * 1000
    # warm the code list, grouper and code editor once, as the first click in a kernel would
    first = next(iter(cases.values()))
    grade_answer(first, key_as_answer(first))
    times: list[float] = []
    for _ in range(ROUNDS):
        for case in cases.values():
            key = key_as_answer(case)
            t0 = time.perf_counter()
            sub = check_answer(key.principal, key.secondary, key.procedures)
            grade_answer(case, sub)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p99 = times[int(0.99 * (len(times) - 1))]
    print("| benchmark | measured | goal | note |")
    print("|---|---|---|---|")
    print(f"| load {len(cases)} case files (first load) | {load_ms:.0f} ms | < 500 ms | YAML + pydantic validation |")
    print(
        f"| check + regroup + grade one attempt, median | {statistics.median(times):.2f} ms | < 50 ms | "
        f"{len(times)} attempts over every case |"
    )
    print(f"| check + regroup + grade one attempt, p99 | {p99:.2f} ms | < 50 ms | includes the code editor runs |")


if __name__ == "__main__":
    main()
