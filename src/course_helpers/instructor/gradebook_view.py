"""Views of a class: score distribution per bank, a mastery heat map, and item difficulty against discrimination.

Each figure is built by a `*_figure` function (a matplotlib Figure, for tests and reuse) and shown by a
function that wraps it in an `AltImage` whose alt text states what the figure shows in numbers.
Colours are the Okabe-Ito colour-blind-safe palette; the heat map uses viridis (readable in grey).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from course_helpers.display.alt_image import AltImage
from course_helpers.instructor.class_report import class_table_from_totals, load_totals
from course_helpers.instructor.item_analysis import (
    EASY,
    HARD,
    LOW_DISCRIMINATION,
    ItemAnalysis,
    analyse_gradebook,
    analyse_items,
)

_BLUE, _ORANGE, _GREEN = "#0072B2", "#D55E00", "#009E73"
Source = Path | str | pd.DataFrame


def _sat(totals: pd.DataFrame) -> pd.DataFrame:
    """The rows of learners who took the bank (`attempted`): one who never sat it is not a score of 0."""
    return totals[totals["attempted"].astype(bool)] if "attempted" in totals.columns else totals


def score_distribution_figure(totals: pd.DataFrame) -> Figure:
    """Small multiples: a histogram of learners' percent in each bank, with each bank's own pass mark dashed.

    The pass mark comes from the totals' `pass_mark` column (the bank's `pass_mark`, as `learner_totals`
    gives it); totals without that column get no line, never a guessed one.
    """
    banks = list(dict.fromkeys(totals["bank"]))
    marks = totals.groupby("bank", sort=False)["pass_mark"].first() if "pass_mark" in totals else pd.Series()
    columns = min(4, len(banks)) or 1
    rows = math.ceil(len(banks) / columns) or 1
    fig = Figure(figsize=(2.6 * columns, 1.9 * rows + 0.6))
    axes = fig.subplots(rows, columns, squeeze=False, sharex=True)
    bins = list(range(0, 101, 10))
    sat = _sat(totals)
    for index, ax in enumerate(axes.flat):
        if index >= len(banks):
            ax.set_visible(False)
            continue
        bank = banks[index]
        values = sat.loc[sat["bank"] == bank, "percent"].clip(0, 100)
        ax.hist(values, bins=bins, color=_BLUE, edgecolor="white")
        if bank in marks.index and pd.notna(marks[bank]):
            ax.axvline(float(marks[bank]), color=_ORANGE, linestyle="--", linewidth=1)
        ax.set_title(bank, fontsize=9)
        ax.tick_params(labelsize=8)
        if index % columns == 0:
            ax.set_ylabel("learners", fontsize=8)
        if index >= len(banks) - columns:
            ax.set_xlabel("percent", fontsize=8)
    suffix = " (dashed line: the bank's pass mark)" if len(marks) else ""
    fig.suptitle(f"Score distribution per bank{suffix}", fontsize=10)
    fig.tight_layout()
    return fig


def score_distribution(gradebook: Source, policy: str = "latest") -> AltImage:
    """Histograms of the class's percent per bank, with alt text giving each bank's median and pass count."""
    totals = load_totals(gradebook, policy)
    parts = []
    for bank, everyone in totals.groupby("bank", sort=False):
        group = _sat(everyone)
        median = f"median {group['percent'].median():.0f}%" if len(group) else "no scores"
        parts.append(
            f"{bank} {median}, {int(group['passed'].sum())} of {len(group)} passed"
            + (f" (pass mark {everyone['pass_mark'].iloc[0]:g}%)" if "pass_mark" in everyone else "")
            + (f"; {len(everyone) - len(group)} never sat it" if len(group) < len(everyone) else "")
        )
    alt = f"Histograms of learners' percent scores in {len(parts)} banks. " + "; ".join(parts) + "."
    return AltImage(score_distribution_figure(totals), alt)


def mastery_heatmap_figure(totals: pd.DataFrame) -> Figure:
    """Learners (rows, weakest at the top) by banks (columns), coloured by percent."""
    table = class_table_from_totals(totals)
    banks = [c for c in table.columns if c not in ("overall %", "banks passed")]
    values = table[banks].to_numpy(dtype=float)
    fig = Figure(figsize=(min(12, 1.5 + 0.55 * len(banks)), min(14, 1.5 + 0.16 * len(table))))
    ax = fig.add_subplot()
    image = ax.imshow(values, aspect="auto", cmap="viridis", vmin=0, vmax=100, interpolation="nearest")
    ax.set_xticks(range(len(banks)), [b.split("_", 1)[0] for b in banks], fontsize=8)
    show_names = len(table) <= 40
    ax.set_yticks(range(len(table)) if show_names else [], list(table.index) if show_names else [], fontsize=7)
    for tick in ax.get_yticklabels():  # a learner id is text, never mathematics: "$\\foo$" stays as typed
        tick.set_parse_math(False)
    ax.set_xlabel("bank (lesson number)")
    ax.set_ylabel("learner (weakest overall at the top)")
    ax.set_title("Mastery per learner and lesson (percent)")
    fig.colorbar(image, ax=ax, label="percent")
    fig.tight_layout()
    return fig


def mastery_heatmap(gradebook: Source, policy: str = "latest") -> AltImage:
    """The learners x lessons heat map, with alt text naming the weakest and strongest lessons."""
    totals = load_totals(gradebook, policy)
    means = totals.groupby("bank", sort=False)["percent"].mean().sort_values()
    learners = totals["learner"].nunique()
    below = int((~totals["passed"].astype(bool)).groupby(totals["learner"]).any().sum())
    alt = (
        f"Heat map of {learners} learners by {len(means)} lessons, colored by percent. "
        f"Lowest class mean: {means.index[0]} ({means.iloc[0]:.0f}%); highest: {means.index[-1]} "
        f"({means.iloc[-1]:.0f}%). {below} learner(s) are below a lesson's own pass mark in at least one lesson."
    )
    return AltImage(mastery_heatmap_figure(totals), alt)


def _placed(items: pd.DataFrame, floor: float) -> pd.DataFrame:
    """Where each item is drawn: (difficulty, r); an item with r undefined (everyone right or everyone wrong,
    so no spread to correlate) sits on the bottom edge at y = `floor`, at its difficulty (0 or 1)."""
    undefined = items["item_rest_r"].isna()
    return items.assign(x=items["difficulty"].clip(0, 1), y=items["item_rest_r"].where(~undefined, floor),
                        undefined=undefined)


def _floor(items: pd.DataFrame) -> float:
    low = items["item_rest_r"].min()
    return min(-0.2, (low if low == low else 0) - 0.1)


def item_map_figure(analysis: ItemAnalysis, label: int = 5) -> Figure:
    """Difficulty (x) against item-rest correlation (y) for every item; flagged items orange, worst labelled.

    Items whose r is undefined (p = 0 or 1) are drawn too: crosses on the bottom edge, at x = 0 or 1.
    """
    floor = _floor(analysis.items)
    items = _placed(analysis.items, floor)
    flagged = items["flags"].map(len) > 0
    fig = Figure(figsize=(7.5, 4.8))
    ax = fig.add_subplot()
    ax.axvspan(0, HARD, color="0.92")
    ax.axvspan(EASY, 1, color="0.92")
    ax.axhspan(-1, LOW_DISCRIMINATION, color="0.92")
    ax.axhline(0, color="0.4", linewidth=0.8)
    shown = ~items["undefined"]
    ax.scatter(items.loc[shown & ~flagged, "x"], items.loc[shown & ~flagged, "y"], s=18, color=_BLUE, marker="o",
               label="no flag", clip_on=False)
    ax.scatter(items.loc[shown & flagged, "x"], items.loc[shown & flagged, "y"], s=30, color=_ORANGE, marker="^",
               label="flagged", clip_on=False)
    if items["undefined"].any():
        edge = items[items["undefined"]]
        ax.scatter(edge["x"], edge["y"], s=40, color=[_ORANGE if len(f) else _BLUE for f in edge["flags"]],
                   marker="X", label="r undefined (p = 0 or 1)", clip_on=False, zorder=3)
    placed = items.set_index(["bank", "question"])
    stacked: dict[float, int] = {}  # labels of items on the same edge point are stacked, not overprinted
    for rank, row in enumerate(analysis.flagged().head(label).itertuples(index=False)):
        where = placed.loc[(row.bank, row.question)]
        if where["undefined"]:
            n = stacked[float(where["x"])] = stacked.get(float(where["x"]), -1) + 1
            offset = (4 if where["x"] < 0.5 else -4, 4 + 9 * n)
        else:  # alternate below and above, so two labels of neighbouring points do not print over each other
            offset = (4, -10 if rank % 2 == 0 else 5)
        ax.annotate(row.question, (where["x"], where["y"]), xytext=offset, textcoords="offset points", fontsize=7,
                    parse_math=False, ha="left" if offset[0] > 0 else "right")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(floor - 0.05, 1)
    ax.set_xlabel("difficulty (share correct)")
    ax.set_ylabel("discrimination (item-rest r)")
    ax.set_title("Items: difficulty against discrimination (grey: flag zones)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def item_map(source: ItemAnalysis | Source, label: int = 5) -> AltImage:
    """The difficulty-discrimination scatter with alt text counting flagged items and naming the worst."""
    if isinstance(source, ItemAnalysis):
        analysis = source
    elif isinstance(source, pd.DataFrame):
        analysis = analyse_items(source)
    else:
        analysis = analyse_gradebook(source)
    worst = analysis.flagged().head(3)
    named = "; ".join(
        f"{r.question} (difficulty {r.difficulty:.2f}, r {r.item_rest_r:.2f})" for r in worst.itertuples(index=False)
    )
    held = [h for h in analysis.banks["held_back"] if h]
    items = analysis.items
    undefined = items["item_rest_r"].isna()
    zero, one = int((undefined & (items["difficulty"] <= 0)).sum()), int((undefined & (items["difficulty"] >= 1)).sum())
    edge = (
        f" {zero + one} of them have no item-rest r (everyone wrong: {zero}; everyone right: {one}) and are drawn "
        "as crosses on the bottom edge at difficulty 0 or 1."
        if zero + one
        else ""
    )
    alt = (
        f"Scatter plot of {len(items)} items, difficulty on x and item-rest correlation on y; every item is "
        f"drawn.{edge} {int((items['flags'].map(len) > 0).sum())} are flagged"
        + (f"; worst: {named}" if named else "")
        + "."
        + (f" Flags held back: {'; '.join(held)}." if held else "")
    )
    return AltImage(item_map_figure(analysis, label), alt)
