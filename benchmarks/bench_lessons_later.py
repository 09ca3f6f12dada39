"""Time the helpers of lessons 07-13 that a learner waits on and print a Markdown table (run by `make bench`).

Goals: a job-market chart (draw + PNG) under 500 ms; a timeline or checklist redraw under 20 ms (it runs on
every slider move or tick); drawing a final exam paper (40 questions from its own pool) under 1 s (once per sitting).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from timing import machine_line, median_ms  # noqa: E402

from course_helpers.career.entry_path import plan_timeline  # noqa: E402
from course_helpers.career.entry_path_view import action_checklist, path_timeline  # noqa: E402
from course_helpers.course.exam_blueprint import question_ids  # noqa: E402
from course_helpers.salary.market_view import growth_chart, state_pay_chart  # noqa: E402
from course_helpers.workplace.inpatient_status import classify_stay  # noqa: E402


def main() -> None:
    """Print the machine line and the benchmark table."""
    print(machine_line())
    timeline = path_timeline()
    checklist = action_checklist()
    first_box = next(iter(checklist.boxes.values()))

    def move_slider() -> None:
        slider = timeline.sliders["experience"]
        slider.value = 0 if slider.value else 12

    def tick_box() -> None:
        first_box.value = not first_box.value

    rows = [
        ("state pay chart (draw + PNG + alt text)", median_ms(state_pay_chart, 10), 500, "lesson 09"),
        ("growth chart (draw + PNG + alt text)", median_ms(growth_chart, 10), 500, "lesson 09"),
        ("timeline model", median_ms(lambda: plan_timeline(9, 12, 3), 1000), 20, "pure arithmetic"),
        ("timeline widget redraw on slider move", median_ms(move_slider, 200), 20, "lessons 10, 11"),
        ("checklist redraw on tick", median_ms(tick_box, 200), 20, "lessons 07, 10"),
        ("status checker model", median_ms(lambda: classify_stay(False, 1, "observation"), 1000), 20, "lesson 11"),
        (
            "final exam paper (40 questions, own pool)",
            median_ms(lambda: question_ids(2026), 5),
            1000,
            "after the first load of the banks",
        ),
    ]
    print("| benchmark | measured | goal | note |")
    print("|---|---|---|---|")
    for name, ms, goal, note in rows:
        verdict = "ok" if ms <= goal else "SLOW"
        print(f"| {name} | {ms:.2f} ms | < {goal} ms | {note} ({verdict}) |")


if __name__ == "__main__":
    main()
