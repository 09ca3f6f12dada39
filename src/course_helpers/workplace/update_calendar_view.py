"""Views of the code-set update calendar: a year's timeline figure and a date-picker widget."""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets
import matplotlib

from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.display.alt_image import AltImage
from course_helpers.workplace.update_calendar import (
    events_in_year,
    federal_fiscal_year,
    in_effect_on,
    load_calendar,
)

_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def update_timeline_figure(year: int) -> matplotlib.figure.Figure:
    """A figure: one row per code set, a marker on each date an update takes effect in `year`."""
    from matplotlib.figure import Figure

    schedules = load_calendar()
    fig = Figure(figsize=(8, 3.2))
    ax = fig.add_subplot()
    for row, schedule in enumerate(schedules):
        colour = _PALETTE[row % len(_PALETTE)]
        events = events_in_year(year, [schedule.name])
        for regular, marker in ((True, "o"), (False, "D")):
            days = [e.when.timetuple().tm_yday for e in events if e.regular is regular]
            if days:
                ax.scatter(days, [row] * len(days), s=90, color=colour, marker=marker, edgecolor="black", zorder=3)
        for event in events:
            label = f"{_MONTHS[event.when.month - 1]} {event.when.day}"
            ax.annotate(
                label,
                (event.when.timetuple().tm_yday, row),
                textcoords="offset points",
                xytext=(0, 9),
                ha="center",
                fontsize=8,
            )
    month_starts = [date(year, m, 1).timetuple().tm_yday for m in range(1, 13)]
    ax.set_xticks(month_starts, _MONTHS)
    ax.set_xlim(-5, 372)
    ax.set_yticks(range(len(schedules)), [s.name for s in schedules])
    ax.set_ylim(len(schedules) - 0.4, -0.6)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_xlabel(f"Date an update takes effect in {year} (diamond: only when there are changes)")
    ax.set_ylabel("Code set")
    ax.set_title(f"When the code sets change in {year}")
    fig.subplots_adjust(left=0.2, right=0.97, top=0.88, bottom=0.2)
    return fig


def update_timeline(year: int = 2026) -> AltImage:
    """Show the update timeline for a year as an image with alt text."""
    events = events_in_year(year)
    described = "; ".join(f"{e.code_set} {_MONTHS[e.when.month - 1]} {e.when.day}" for e in events)
    alt = f"Timeline of code-set updates in {year}: {described}."
    return AltImage(update_timeline_figure(year), alt)


def _in_effect_html(day: date) -> str:
    rows = in_effect_on(day)
    # padded cells: without them the headers ran together ("code setin effect since...")
    cell = "padding:2px 12px 2px 0;text-align:left;vertical-align:top"
    head = "".join(
        f'<th scope="col" style="{cell}">{html.escape(k)}</th>'
        for k in ("Code set", "In effect since", "Next update", "Days until next")
    )
    body = "".join(
        f'<tr><td style="{cell}">{html.escape(str(r["code set"]))}</td><td style="{cell}">{r["in effect since"]}</td>'
        f'<td style="{cell}">{r["next update"]}</td><td style="{cell}">{r["days until next"]}</td></tr>'
        for r in rows
    )
    return (
        f"<p>On <strong>{day.isoformat()}</strong> (federal fiscal year FY{federal_fiscal_year(day)}) these updates "
        f"are in effect. For an inpatient stay, the discharge date decides which ICD-10 codes and grouper "
        f"version apply.</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def update_finder(start: date | None = None) -> widgets.VBox:
    """A date picker that shows which update of each code set is in effect on the chosen date."""
    picker = widgets.DatePicker(description="Date", value=start or date(2026, 2, 14))
    result = live_region(widgets.HTML())

    def show(_: object = None) -> None:
        if picker.value is None:
            result.value = "<p>Pick a date to see which code-set updates are in effect.</p>"
        else:
            result.value = _in_effect_html(picker.value)

    picker.observe(show, names="value")
    show()
    box = with_keyboard_support(widgets.VBox([picker, result]))
    box.picker, box.result = picker, result  # handles for tests and instructors
    return box
