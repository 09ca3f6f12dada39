"""Time the salary calculators' hot paths and print a Markdown table (run by `make bench`).

Goals: one calculator update (model + chart to PNG) under 50 ms median; the cohort model over 100,000
profiles under 1 s. Each calculator is timed two ways in the same run, on the same slider moves:
"before" is the old update (clear the Axes, draw every artist again with `charts_view.draw_*`, render a
fresh PNG with `savefig`); "after" is the calculator's own update (artists moved in place, background
kept as pixels: `live_charts_view`). The ratio is before / after.
"""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import baseline_charts as plots  # noqa: E402  (the old redraw-everything path, kept only as the baseline)
from timing import machine_line, median_ms  # noqa: E402

from course_helpers.salary.calculators_view import (  # noqa: E402
    career_path_projector,
    certification_payback,
    productivity_calculator,
    salary_calculator,
)
from course_helpers.salary.cohort import estimate_cohort, random_cohort  # noqa: E402
from course_helpers.salary.pay_data import load_bls, load_salary  # noqa: E402

GOAL_MS = 50


def _legacy(calc, draw, width=8.5, height=3.4, left=0.12, right=0.97):  # noqa: ANN001, ANN202
    """The old update: run the model as the calculator does, then rebuild the figure and save a PNG."""
    fig, ax = plots.new_figure(width, height, left, right)

    class _NoChart:
        def update(self, *_args: object) -> bytes:
            return b""

    def update() -> bytes:
        live, calc.live = calc.live, _NoChart()  # the model, summary and table only, as before
        try:
            calc._compute()
        finally:
            calc.live = live
        draw(ax, calc)
        return plots.figure_png(fig)

    return update


def main() -> None:
    """Print the machine line and the results table."""
    print(machine_line())
    salary, projector, payback, productivity = (
        salary_calculator(),
        career_path_projector(),
        certification_payback(),
        productivity_calculator(),
    )
    cases = [
        (
            "salary calculator (years slider)",
            salary,
            salary.years,
            list(range(0, 51)) * 2,
            _legacy(
                salary,
                lambda ax, c: plots.draw_estimate(ax, c.estimate, load_salary(), load_bls()),
                left=0.2,
                right=0.76,
            ),
        ),
        (
            "career-path projector (years shown)",
            projector,
            projector.horizon,
            list(range(5, 21)) * 3,
            _legacy(projector, lambda ax, c: plots.draw_projection(ax, c.projection)),
        ),
        (
            "certification payback (study months)",
            payback,
            payback.study_months,
            list(range(0, 25)) * 2,
            _legacy(payback, lambda ax, c: plots.draw_payback(ax, c.result), height=3.0),
        ),
        (
            "productivity calculator (charts a day)",
            productivity,
            productivity.charts_per_day,
            [float(c) for c in range(5, 40)],
            _legacy(
                productivity, lambda ax, c: plots.draw_productivity(ax, c.result), width=6.0, height=3.2, left=0.16
            ),
        ),
    ]
    rows = []
    for name, calc, slider, values, legacy in cases:
        repeat = 30
        before_values, after_values = iter(values * 2), iter(values * 2)

        def before(slider=slider, it=before_values, legacy=legacy) -> None:
            slider.value = next(it)  # observers are off while this runs: only the old path is timed
            legacy()

        def after(slider=slider, it=after_values) -> None:
            slider.value = next(it)

        new = median_ms(after, repeat, warm_up=True)
        # the old path alone: move the slider with the calculator's observer off, then model + rebuild + savefig
        for control in calc.controls:
            control.unobserve(calc.update, names="value")
        old = median_ms(before, repeat, warm_up=True)
        for control in calc.controls:
            control.observe(calc.update, names="value")
        rows.append((name, old, new))
    cohort = random_cohort(100_000, seed=1)
    cohort_ms = median_ms(lambda: estimate_cohort(cohort), 5, warm_up=True)
    print()
    print("| calculator update (model + chart to PNG) | before: rebuild | after: in place | ratio | goal | note |")
    print("|---|---|---|---|---|---|")
    for name, old, new in rows:
        verdict = "ok" if new < GOAL_MS else "SLOWER THAN GOAL"
        print(f"| {name} | {old:.1f} ms | {new:.1f} ms | {old / new:.1f}x | < {GOAL_MS} ms | {verdict} (median) |")
    verdict = "ok" if cohort_ms < 1000 else "SLOWER THAN GOAL"
    print(f"| cohort model, 100,000 profiles | | {cohort_ms:.1f} ms | | < 1000 ms | {verdict} (median) |")


if __name__ == "__main__":
    main()
