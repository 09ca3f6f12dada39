"""Views for lesson 02: the published productivity ranges as a figure, and an audit-accuracy widget."""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib

from course_helpers.coding.cases.productivity_benchmarks import load_benchmarks
from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.display.alt_image import AltImage
from course_helpers.errors import CourseInputError
from course_helpers.workplace.audit import audit_accuracy

_COLOURS = ["#0072B2", "#009E73", "#D55E00"]


def productivity_figure() -> matplotlib.figure.Figure:
    """Horizontal bars: each published range of inpatient records coded per hour."""
    from matplotlib.figure import Figure

    benchmarks = load_benchmarks()
    fig = Figure(figsize=(8, 2.8))
    ax = fig.add_subplot()
    for row, b in enumerate(benchmarks):
        colour = _COLOURS[row % len(_COLOURS)]
        width = max(b.high - b.low, 0.06)  # a single figure still shows as a visible mark
        ax.barh(row, width, left=b.low - (0.03 if b.high == b.low else 0), color=colour, edgecolor="black")
        text = f"{b.low:.2g}" if b.low == b.high else f"{b.low:.2g}-{b.high:.2g}"
        ax.annotate(f"{text} per hour", (b.high, row), xytext=(6, 0), textcoords="offset points", va="center")
    ax.set_yticks(range(len(benchmarks)), [b.label for b in benchmarks])
    ax.invert_yaxis()
    # room to the right of the longest bar for its "N per hour" label, so no label crosses the frame
    ax.set_xlim(0, max(5.5, max(b.high for b in benchmarks) * 1.45))
    ax.set_xlabel("Inpatient records coded per hour")
    ax.set_ylabel("Source")
    ax.set_title("Published inpatient coding productivity (no national standard)")
    fig.tight_layout()
    return fig


def productivity_benchmarks() -> AltImage:
    """Show the published productivity ranges as an image with alt text."""
    parts = "; ".join(
        f"{b.label}: {b.low:g}" + ("" if b.low == b.high else f" to {b.high:g}") + " records per hour"
        for b in load_benchmarks()
    )
    return AltImage(productivity_figure(), f"Bar chart of inpatient coding productivity. {parts}.")


def audit_accuracy_explorer() -> widgets.VBox:
    """Enter one audit's counts and see its accuracy counted per code, per record and per DRG."""
    style = {"description_width": "15em"}  # the longest label, "Records whose DRG changed", in full
    fields = {
        "records": widgets.BoundedIntText(20, min=1, max=1000, description="Records audited", style=style),
        "codes": widgets.BoundedIntText(300, min=1, max=50000, description="Codes on those records", style=style),
        "codes_wrong": widgets.BoundedIntText(12, min=0, max=50000, description="Codes found wrong", style=style),
        "records_with_error": widgets.BoundedIntText(
            6, min=0, max=1000, description="Records with any error", style=style
        ),
        "drgs_changed": widgets.BoundedIntText(
            2, min=0, max=1000, description="Records whose DRG changed", style=style
        ),
    }
    result = live_region(widgets.HTML())

    def show(_: object = None) -> None:
        try:
            acc = audit_accuracy(**{name: w.value for name, w in fields.items()})
        except CourseInputError as error:
            result.value = f'<p role="alert">⚠ {html.escape(str(error))}</p>'
            return
        result.value = (
            "<ul>"
            f"<li>Per code: <strong>{acc.per_code:.1f}%</strong></li>"
            f"<li>Per record: <strong>{acc.per_record:.1f}%</strong></li>"
            f"<li>Per DRG: <strong>{acc.per_drg:.1f}%</strong></li>"
            "</ul><p>Same audit, three different accuracy figures: always ask how a target is measured.</p>"
        )

    for w in fields.values():
        w.observe(show, names="value")
    show()
    box = with_keyboard_support(widgets.VBox([*fields.values(), result]))
    box.fields, box.result = fields, result
    return box
