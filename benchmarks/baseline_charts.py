"""The baseline for bench_salary.py: the calculators' old charts, cleared and drawn again on every change.

The course now updates its charts in place (`course_helpers.salary.live_charts_view`); this copy of the old
redraw-everything path lives here, outside the package, only so the benchmark can report before/after in
the same run.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from course_helpers.coding.drg.payment import drg_payment
from course_helpers.salary.accuracy_value import Productivity
from course_helpers.salary.estimate import Estimate
from course_helpers.salary.live_charts_view import BLACK, BLUE, DOLLARS, GREEN, ORANGE, SKY, VERMILION, YELLOW
from course_helpers.salary.pay_data import BlsData, SalaryData
from course_helpers.salary.payback import Payback
from course_helpers.salary.projection import Projection


def new_figure(width: float = 8.5, height: float = 3.4, left: float = 0.12, right: float = 0.97) -> tuple[Figure, Axes]:
    """Return a fresh figure and its single Axes.

    Margins are fixed rather than computed by a layout engine: that halves the redraw time.
    """
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=left, right=right, bottom=0.15, top=0.9)
    return fig, fig.add_subplot()


def figure_png(fig: Figure, dpi: int = 80) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def draw_estimate(ax: Axes, est: Estimate, data: SalaryData, bls: BlsData) -> None:
    """Place the estimate against the guide's bands and the BLS 10th-90th percentiles."""
    ax.clear()
    p = {f.key: f.value for f in bls.percentiles.values}
    rows = [f"BLS {bls.soc} wages"] + [f"Guide: {lv.key}" for lv in data.levels] + ["Your estimate"]
    y = {label: i for i, label in enumerate(reversed(rows))}
    bls_y = y[rows[0]]
    ax.plot([p["p10"], p["p90"]], [bls_y, bls_y], color=BLUE, linewidth=2)
    ax.barh(
        bls_y,
        p["p75"] - p["p25"],
        left=p["p25"],
        height=0.5,
        color=SKY,
        edgecolor=BLUE,
        label="BLS 25th-75th percentile",
    )
    ax.plot([p["median"]] * 2, [bls_y - 0.3, bls_y + 0.3], color=BLACK, linewidth=2, label="BLS median")
    for key in ("p10", "p90"):
        ax.plot([p[key]] * 2, [bls_y - 0.2, bls_y + 0.2], color=BLUE, linewidth=2)
    for level in data.levels:
        row = y[f"Guide: {level.key}"]
        chosen = level.key == est.profile.level
        ax.barh(
            row,
            level.high - level.low,
            left=level.low,
            height=0.5,
            color=ORANGE if chosen else "#f3d9a4",
            edgecolor=ORANGE,
        )
    est_y = y["Your estimate"]
    ax.plot([est.low, est.high], [est_y, est_y], color=VERMILION, linewidth=3, label="Estimate low-high")
    ax.plot(
        [est.typical],
        [est_y],
        marker="D",
        color=VERMILION,
        markersize=9,
        linestyle="none",
        label="Estimate typical",
    )
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.xaxis.set_major_formatter(DOLLARS)
    ax.set_xlabel("Annual salary (US$)")
    ax.set_title("Your estimate against the guide's bands (unverified) and BLS wages")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    ax.grid(axis="x", alpha=0.3)


def draw_projection(ax: Axes, projection: Projection) -> None:
    """Fan chart: the low-high band shaded, the typical line, and each promotion marked."""
    ax.clear()
    frame = projection.frame
    ax.fill_between(
        frame["year"], frame["low"], frame["high"], color=SKY, alpha=0.45, step="mid", label="Low-high band"
    )
    ax.plot(frame["year"], frame["typical"], color=BLUE, linewidth=2, drawstyle="steps-mid", label="Typical")
    top = float(frame["high"].max())
    for i, event in enumerate(projection.events):
        colour = GREEN if event.label == "certified" else VERMILION
        ax.axvline(event.year - 0.5, color=colour, linestyle="--", linewidth=1)
        ax.annotate(
            event.label,
            (event.year - 0.45, top * (1.0 - 0.06 * (i % 3))),
            fontsize="small",
            color=colour,
            va="top",
        )
    ax.yaxis.set_major_formatter(DOLLARS)
    ax.set_xlabel("Year of career")
    ax.set_ylabel("Annual salary (US$)")
    ax.set_title("Career-path projection (guide's bands, unverified)")
    ax.set_xlim(0.5, len(frame) + 0.5)
    ax.legend(loc="lower right", fontsize="small")
    ax.grid(alpha=0.3)


def draw_payback(ax: Axes, payback: Payback) -> None:
    """Net position month by month, with the break-even month marked."""
    ax.clear()
    months = range(len(payback.cumulative))
    ax.plot(months, payback.cumulative, color=BLUE, linewidth=2, label="Net gain (premium minus costs)")
    ax.axhline(0, color=BLACK, linewidth=1)
    if payback.study_months:
        ax.axvspan(0, payback.study_months, color=YELLOW, alpha=0.3, label="Studying")
    if payback.break_even_month is not None and payback.break_even_month < len(payback.cumulative):
        ax.axvline(
            payback.break_even_month,
            color=GREEN,
            linestyle="--",
            label=f"Break-even: month {payback.break_even_month}",
        )
    ax.yaxis.set_major_formatter(DOLLARS)
    ax.set_xlabel("Months from enrolling")
    ax.set_ylabel("Cumulative net (US$)")
    ax.set_title("Certification payback")
    ax.legend(loc="upper left", fontsize="small")
    ax.grid(alpha=0.3)


def draw_productivity(ax: Axes, result: Productivity) -> None:
    """Payment per case for the supported DRG and the coded DRG (weight x base rate)."""
    ax.clear()
    labels = [f"DRG {result.correct_drg}\n(supported)", f"DRG {result.coded_drg}\n(coded)"]
    values = [drg_payment(result.correct_weight, result.base_rate), drg_payment(result.coded_weight, result.base_rate)]
    bars = ax.bar(labels, values, color=[BLUE, ORANGE])
    for bar, weight in zip(bars, (result.correct_weight, result.coded_weight), strict=True):
        ax.annotate(
            f"weight {weight:.4f}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"${x:,.0f}"))
    ax.set_ylabel("Payment per case (US$)")
    ax.set_xlabel("MS-DRG (FY2026 Table 5 weight x your base rate)")
    ax.set_title(f"{result.error_label}\n${result.cost_per_error:,.0f} less per case", fontsize="medium")
    ax.grid(axis="y", alpha=0.3)
