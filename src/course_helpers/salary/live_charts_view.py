"""The salary calculators' charts, updated in place: one figure per calculator, redrawn once per change.

The old `draw_*` functions (kept as the benchmark's baseline in benchmarks/baseline_charts.py) cleared the
Axes and built every artist again, and each PNG then laid out the axes, ticks and legend from nothing:
65-130 ms an update on a 2-core machine. Here each chart builds its
artists once and a change only moves them (`set_data`, `set_height`, `set_text`). The axes, ticks and
legend (the "background") are drawn once and kept as pixels; an update restores those pixels, draws the
few artists that changed and encodes the PNG. The background is drawn again only when something in it
changes (the axis limits, the tick labels), which the chart knows from a small key.

Axis limits are rounded out to round numbers (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k), so small moves of a slider keep the
same axes (and a learner can compare two settings by eye).
"""

from __future__ import annotations

import io
import math
from collections.abc import Hashable, Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter
from PIL import Image

from course_helpers.coding.drg.payment import drg_payment
from course_helpers.display.palette import OKABE_ITO, TEXT
from course_helpers.salary.accuracy_value import Productivity
from course_helpers.salary.estimate import Estimate
from course_helpers.salary.pay_data import BlsData, SalaryData
from course_helpers.salary.payback import Payback
from course_helpers.salary.projection import Projection

# Okabe-Ito marks (display.palette), colour-blind safe; text uses the palette's darker TEXT shades
BLACK, BLUE, GREEN, ORANGE = OKABE_ITO["black"], OKABE_ITO["blue"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"]
SKY, VERMILION, YELLOW = OKABE_ITO["sky_blue"], OKABE_ITO["vermillion"], OKABE_ITO["yellow"]
DOLLARS = FuncFormatter(lambda x, _pos: f"${x / 1000:,.0f}k")

DPI = 80  # the calculators' images were always rendered at 80 dpi


_NICE = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 x 10^k) that is >= value (0 for 0 or less)."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for step in _NICE:
        if step * power >= value - 1e-9 * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


class LiveChart:
    """A figure whose background is cached as pixels; `png()` draws only the artists that change."""

    def __init__(
        self,
        width: float,
        height: float,
        left: float = 0.12,
        right: float = 0.97,
        bottom: float = 0.15,
        top: float = 0.9,
    ) -> None:
        self.figure = Figure(figsize=(width, height), dpi=DPI)
        self.figure.subplots_adjust(left=left, right=right, bottom=bottom, top=top)
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes: Axes = self.figure.add_subplot()
        self._background = None
        self._key: Hashable = None
        self.full_draws = 0  # how often the background was drawn (for tests and benchmarks)

    def dynamic(self) -> Sequence[Artist]:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def png(self, key: Hashable) -> bytes:
        """Render: redraw the background only when `key` (limits, tick labels) changed; then the changes."""
        artists = [a for a in self.dynamic() if a is not None]
        for artist in artists:
            artist.set_animated(True)  # left out of the background
        if self._background is None or key != self._key:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._key = key
            self.full_draws += 1
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in artists:
            if artist.get_visible():
                artist.draw(renderer)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


class EstimateChart(LiveChart):
    """The estimate against the guide's bands and the BLS 10th-90th percentiles."""

    def __init__(self, data: SalaryData, bls: BlsData) -> None:
        super().__init__(8.5, 3.4, left=0.2, right=0.76)
        ax = self.axes
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
        self.rows = {lv.key: y[f"Guide: {lv.key}"] for lv in data.levels}
        self.levels = {lv.key: (lv.low, lv.high) for lv in data.levels}
        for level in data.levels:
            ax.barh(
                self.rows[level.key],
                level.high - level.low,
                left=level.low,
                height=0.5,
                color="#f3d9a4",
                edgecolor=ORANGE,
            )
        self.chosen = Rectangle((0, 0), 0, 0.5, facecolor=ORANGE, edgecolor=ORANGE)
        ax.add_patch(self.chosen)
        est_y = y["Your estimate"]
        (self.range_line,) = ax.plot([0, 0], [est_y, est_y], color=VERMILION, linewidth=3, label="Estimate low-high")
        (self.typical,) = ax.plot(
            [0], [est_y], marker="D", color=VERMILION, markersize=9, linestyle="none", label="Estimate typical"
        )
        ax.set_yticks(list(y.values()), list(y.keys()))
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.xaxis.set_major_formatter(DOLLARS)
        ax.set_xlabel("Annual salary (US$)")
        ax.set_title("Your estimate against the guide's bands (unverified) and BLS wages")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
        ax.grid(axis="x", alpha=0.3)
        lows = [p["p10"], *(low for low, _ in self.levels.values())]
        highs = [p["p90"], *(high for _, high in self.levels.values())]
        self.span = (min(lows), max(highs))

    def dynamic(self) -> Sequence[Artist]:
        return (self.chosen, self.range_line, self.typical)

    def update(self, est: Estimate) -> bytes:
        """Move the estimate and the chosen level's band; return the PNG."""
        low, high = self.levels[est.profile.level]
        self.chosen.set_bounds(low, self.rows[est.profile.level] - 0.25, high - low, 0.5)
        y = self.range_line.get_ydata()
        self.range_line.set_data([est.low, est.high], y)
        self.typical.set_data([est.typical], y[:1])
        step = 20_000
        left = step * math.floor(min(self.span[0], est.low) * 0.95 / step)
        right = step * math.ceil(max(self.span[1], est.high) * 1.05 / step)
        self.axes.set_xlim(left, right)
        return self.png((left, right))


class ProjectionChart(LiveChart):
    """Fan chart of salary by year: the low-high band, the typical line, promotions and certification."""

    def __init__(self) -> None:
        super().__init__(8.5, 3.4)
        ax = self.axes
        self.band = None
        (self.line,) = ax.plot([], [], color=BLUE, linewidth=2, drawstyle="steps-mid", label="Typical")
        self.markers: list[Artist] = []
        self._band_proxy = Rectangle((0, 0), 0, 0, color=SKY, alpha=0.45, label="Low-high band")
        ax.yaxis.set_major_formatter(DOLLARS)
        ax.set_xlabel("Year of career")
        ax.set_ylabel("Annual salary (US$)")
        ax.set_title("Career-path projection (guide's bands, unverified)")
        ax.legend(handles=[self._band_proxy, self.line], loc="lower right", fontsize="small")
        ax.grid(alpha=0.3)

    def dynamic(self) -> Sequence[Artist]:
        return (self.band, self.line, *self.markers)

    def update(self, projection: Projection, years_axis: int | None = None, top: float | None = None) -> bytes:
        """Redraw the band, the line and the event marks; return the PNG.

        `years_axis` and `top` fix the axes (e.g. the longest horizon the slider allows and the highest
        salary on that path), so moving "Years shown" keeps the background and only redraws the data.
        """
        ax = self.axes
        frame = projection.frame
        years = frame["year"].to_numpy()
        if self.band is not None:
            self.band.remove()
        self.band = ax.fill_between(years, frame["low"], frame["high"], color=SKY, alpha=0.45, step="mid")
        self.line.set_data(years, frame["typical"].to_numpy())
        for artist in self.markers:
            artist.remove()
        self.markers = []
        top = nice_ceiling(max(float(frame["high"].max()), top or 0.0) * 1.05)
        years_axis = max(years_axis or 0, len(frame))
        for i, event in enumerate(projection.events):
            colour = GREEN if event.label == "certified" else VERMILION
            text_colour = TEXT["bluish_green"] if event.label == "certified" else TEXT["vermillion"]
            self.markers.append(ax.axvline(event.year - 0.5, color=colour, linestyle="--", linewidth=1))
            self.markers.append(
                ax.annotate(
                    event.label,
                    (event.year - 0.45, top * (0.97 - 0.06 * (i % 3))),
                    fontsize="small",
                    color=text_colour,
                    va="top",
                )
            )
        bottom = 0.0
        ax.set_xlim(0.5, years_axis + 0.5)
        ax.set_ylim(bottom, top)
        return self.png((years_axis, top))


class PaybackChart(LiveChart):
    """Net position month by month, the study months shaded and the break-even month marked."""

    def __init__(self) -> None:
        super().__init__(8.5, 3.0)
        ax = self.axes
        (self.line,) = ax.plot([], [], color=BLUE, linewidth=2, label="Net gain (premium minus costs)")
        ax.axhline(0, color=BLACK, linewidth=1)
        self.study = ax.axvspan(0, 1, color=YELLOW, alpha=0.3, label="Studying")
        self.break_even = ax.axvline(0, color=GREEN, linestyle="--", label="Break-even")
        self.legend = None
        ax.yaxis.set_major_formatter(DOLLARS)
        ax.set_xlabel("Months from enrolling")
        ax.set_ylabel("Cumulative net (US$)")
        ax.set_title("Certification payback")
        ax.grid(alpha=0.3)

    def dynamic(self) -> Sequence[Artist]:
        return (self.study, self.line, self.break_even, self.legend)

    def update(self, payback: Payback) -> bytes:
        """Move the line, the shaded study months and the break-even mark; return the PNG."""
        ax = self.axes
        months = list(range(len(payback.cumulative)))
        self.line.set_data(months, payback.cumulative)
        self.study.set_visible(bool(payback.study_months))
        self.study.set_x(0)
        self.study.set_width(payback.study_months)
        even = payback.break_even_month
        shown = even is not None and even < len(payback.cumulative)
        self.break_even.set_visible(shown)
        self.break_even.set_xdata([even or 0, even or 0])
        self.break_even.set_label(f"Break-even: month {even}")
        handles = [self.line] + ([self.study] if payback.study_months else []) + ([self.break_even] if shown else [])
        if self.legend is not None:
            self.legend.remove()
        self.legend = ax.legend(handles=handles, loc="upper left", fontsize="small")
        low = -nice_ceiling(-min(min(payback.cumulative), 0) * 1.1)
        high = nice_ceiling(max(max(payback.cumulative), 0) * 1.1) or 1.0
        ax.set_xlim(-len(months) * 0.02, (len(months) - 1) * 1.02)
        ax.set_ylim(low if low < 0 else -0.05 * high, high)
        return self.png((len(months), low, high))


class ProductivityChart(LiveChart):
    """Payment per case for the supported and the coded MS-DRG (weight x base rate)."""

    def __init__(self) -> None:
        # room above for a two-line title (the error, then its cost) and below for two-line DRG names and the label
        super().__init__(6.0, 3.8, left=0.16, bottom=0.2, top=0.83)
        ax = self.axes
        self.bars = list(ax.bar([0, 1], [0, 0], color=[BLUE, ORANGE], width=0.8))
        self.labels = [
            ax.annotate(
                "", (i, 0), ha="center", va="bottom", fontsize="small", xytext=(0, 2), textcoords="offset points"
            )
            for i in (0, 1)
        ]
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"${x:,.0f}"))
        ax.set_ylabel("Payment per case (US$)")
        ax.set_xlabel("MS-DRG (FY2026 Table 5 weight x your base rate)")
        ax.grid(axis="y", alpha=0.3)
        ax.set_xlim(-0.6, 1.6)

    def dynamic(self) -> Sequence[Artist]:
        return (*self.bars, *self.labels, self.axes.title)

    def update(self, result: Productivity) -> bytes:
        """Set the two bars, their weight labels and the title; return the PNG."""
        ax = self.axes
        values = [drg_payment(w, result.base_rate) for w in (result.correct_weight, result.coded_weight)]
        for bar, label, value, weight in zip(
            self.bars, self.labels, values, (result.correct_weight, result.coded_weight), strict=True
        ):
            bar.set_height(value)
            label.set_text(f"weight {weight:.4f}")
            label.xy = (bar.get_x() + bar.get_width() / 2, value)
        names = (f"DRG {result.correct_drg}\n(supported)", f"DRG {result.coded_drg}\n(coded)")
        ax.set_xticks([0, 1], names)
        top = nice_ceiling(max(values) * 1.15) or 1.0
        ax.set_ylim(0, top)
        ax.set_title(f"{result.error_label}\n${result.cost_per_error:,.0f} less per case")
        return self.png((names, top))
