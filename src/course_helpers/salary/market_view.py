"""Lesson 09 views: state-pay and growth charts (matplotlib) and a state-pay explorer (ipywidgets).

All figures are drawn from `course_helpers.salary.market`, which reads data/bls.yaml.
"""

from __future__ import annotations

import html
import re

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from course_helpers.display.alt_image import AltImage
from course_helpers.errors import CourseInputError
from course_helpers.salary.market import (
    GrowthRow,
    StateComparison,
    compare_state,
    growth_rows,
    state_comparisons,
)
from course_helpers.salary.pay_data import load_bls

# Okabe-Ito: blue for above the national median, vermilion for below, black for the reference line
ABOVE, BELOW, REFERENCE, GUIDE = "#0072B2", "#D55E00", "#000000", "#E69F00"
_DOLLARS = FuncFormatter(lambda x, _pos: f"${x / 1000:,.0f}k")


def draw_state_medians(ax: Axes, rows: list[StateComparison]) -> None:
    """Horizontal bars of state medians, coloured by side of the national median, with that median marked."""
    if not rows:
        raise ValueError("no state medians to draw")
    national = rows[0].national
    ordered = sorted(rows, key=lambda row: row.median)
    labels = [row.name for row in ordered]
    colours = [ABOVE if row.median >= national else BELOW for row in ordered]
    bars = ax.barh(labels, [row.median for row in ordered], color=colours)
    # hatch the below-median bars too, so the difference does not rely on colour alone
    for bar, row in zip(bars, ordered, strict=True):
        if row.median < national:
            bar.set_hatch("//")
    for bar, row in zip(bars, ordered, strict=True):
        ax.text(
            bar.get_width() + national * 0.01,
            bar.get_y() + bar.get_height() / 2,
            f"{row.percent_vs_national:+.0f}%",
            va="center",
            fontsize=8,
        )
    ax.axvline(national, color=REFERENCE, linestyle="--", linewidth=1.2, label=f"National median ${national:,.0f}")
    ax.set_xlim(0, max(row.median for row in ordered) * 1.15)
    ax.xaxis.set_major_formatter(_DOLLARS)
    ax.set_xlabel("Reported median annual wage, Medical Records Specialists (SOC 29-2072)")
    ax.set_ylabel("State")
    ax.set_title("Selected states vs the national median (May 2023, reported)")
    ax.legend(loc="lower right", fontsize=8)


def guide_percentages(guide_value: str | None) -> list[float]:
    """The percentages in the guide's wording of a projection ('8-10% through 2032' gives [8, 10])."""
    if not guide_value or "%" not in guide_value:
        return []
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", guide_value.split("%")[0])]


def draw_growth(ax: Axes, rows: list[GrowthRow]) -> None:
    """Bars of BLS ten-year growth projections by period."""
    if not rows:
        raise ValueError("no projections to draw")
    periods = [row.period for row in rows]
    bars = ax.bar(periods, [row.growth_percent for row in rows], color=ABOVE)
    ax.bar_label(bars, labels=[f"BLS {row.growth_percent:g}%" for row in rows], label_type="center", color="white")
    labelled = False
    for index, row in enumerate(rows):
        claimed = guide_percentages(row.guide_value)
        if claimed:
            ax.plot(
                [index, index],
                [min(claimed), max(claimed)],
                color=GUIDE,
                marker="D",
                linewidth=3,
                label=None if labelled else "What the guide claimed",
            )
            labelled = True
    ax.set_ylim(0, max(row.growth_percent for row in rows) * 1.3)
    ax.set_xlabel("Projection period")
    ax.set_ylabel("Projected employment growth (%)")
    ax.set_title("BLS ten-year growth projections, Medical Records Specialists")
    ax.legend(loc="upper left", fontsize=8)


def state_pay_figure() -> Figure:
    """The state-medians chart as a matplotlib Figure."""
    fig = Figure(figsize=(8, 4), layout="constrained")
    draw_state_medians(fig.add_subplot(), state_comparisons())
    return fig


def growth_figure() -> Figure:
    """The growth-projection chart as a matplotlib Figure."""
    fig = Figure(figsize=(6.5, 3.4), layout="constrained")
    draw_growth(fig.add_subplot(), growth_rows())
    return fig


def _state_alt(rows: list[StateComparison]) -> str:
    """Alt text that states every bar's value."""
    parts = [f"{row.name} ${row.median:,.0f} ({row.percent_vs_national:+.0f}%)" for row in rows]
    return (
        f"Horizontal bar chart of reported median wages in selected states against the national median of "
        f"${rows[0].national:,.0f}: " + "; ".join(parts) + "."
    )


def state_pay_chart() -> AltImage:
    """The state-medians chart, with alt text, ready to display in a lesson."""
    rows = state_comparisons()
    return AltImage(
        state_pay_figure(),
        alt=_state_alt(rows),
        caption=f"Source: {load_bls().state_medians.source}. Verify on bls.gov before relying on it.",
    )


def growth_chart() -> AltImage:
    """The growth-projection chart, with alt text, ready to display in a lesson."""
    rows = growth_rows()
    alt = "Bar chart of BLS projected growth: " + "; ".join(f"{r.period} {r.growth_percent:g}%" for r in rows)
    return AltImage(
        growth_figure(),
        alt=alt + ". Orange diamonds mark what the guide claimed.",
        caption="Sources: see the table above; third-party reproductions of BLS projections.",
    )


def state_pay_explorer(state: str = "FL"):  # -> ipywidgets.VBox
    """Pick a state and read its median against the national median, with the guide's claim checked."""
    import ipywidgets as widgets

    from course_helpers.display.a11y import live_region, with_keyboard_support

    rows = state_comparisons()
    dropdown = widgets.Dropdown(
        options=[(row.name, row.state) for row in sorted(rows, key=lambda r: r.name)],
        description="State",
    )
    view = live_region(widgets.HTML())

    def show(_change: object = None) -> None:
        try:
            row = compare_state(dropdown.value)
        except CourseInputError as error:
            view.value = f"<p><strong>Check your input:</strong> {html.escape(str(error))}</p>"
            return
        view.value = f"<p>{html.escape(row.sentence())}</p>"

    dropdown.observe(show, names="value")
    if state in {row.state for row in rows}:
        dropdown.value = state
    show()
    box = with_keyboard_support(widgets.VBox([dropdown, view]))
    box.dropdown = dropdown  # type: ignore[attr-defined]
    box.view = view  # type: ignore[attr-defined]
    return box
