"""Job-market figures for lesson 09, derived from the salary engineer's BLS data (pure model, no plotting).

Every number comes from `course_helpers.salary.pay_data.load_bls()` (data/bls.yaml), so a correction there
updates the lesson, the plot and the explorer at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_helpers.errors import CourseInputError
from course_helpers.salary.pay_data import BlsData, load_bls


class UnknownStateError(CourseInputError):
    """A state the BLS table does not list; the message names the ones it does."""


@dataclass(frozen=True)
class StateComparison:
    """One state's reported median against the national median."""

    state: str
    name: str
    median: float
    national: float
    guide_claim: str | None
    verdict: str

    @property
    def percent_vs_national(self) -> float:
        """How far the state median is above (+) or below (-) the national median, in percent."""
        return 100 * (self.median - self.national) / self.national

    def sentence(self) -> str:
        """A plain-language comparison, naming the guide's claim when it made one."""
        diff = self.percent_vs_national
        direction = "above" if diff >= 0 else "below"
        text = (
            f"{self.name}: reported median ${self.median:,.0f}, {abs(diff):.0f}% {direction} "
            f"the national median of ${self.national:,.0f}."
        )
        if self.guide_claim:
            text += f" The guide claimed \u201c{self.guide_claim}\u201d: verdict {self.verdict}."
        return text


def state_comparisons(bls: BlsData | None = None) -> list[StateComparison]:
    """Every listed state against the national median, highest median first."""
    bls = bls or load_bls()
    medians = bls.state_medians
    rows = [
        StateComparison(s.state, s.name, s.value, medians.national, s.guide_claim, s.verdict) for s in medians.values
    ]
    return sorted(rows, key=lambda row: row.median, reverse=True)


def compare_state(state: str, bls: BlsData | None = None) -> StateComparison:
    """One state's comparison, by two-letter code or full name (case-insensitive)."""
    wanted = state.strip().casefold()
    rows = state_comparisons(bls)
    for row in rows:
        if wanted in (row.state.casefold(), row.name.casefold()):
            return row
    known = ", ".join(row.state for row in rows)
    raise UnknownStateError(f"No reported median for {state!r}; choose one of: {known}.")


@dataclass(frozen=True)
class GrowthRow:
    """One ten-year projection and what the guide said about it."""

    period: str
    growth_percent: float
    guide_value: str | None
    verdict: str
    openings_per_year: float | None
    source: str


def growth_rows(bls: BlsData | None = None) -> list[GrowthRow]:
    """The BLS projections in period order."""
    bls = bls or load_bls()
    rows = [
        GrowthRow(p.period, p.growth_percent, p.guide_value, p.verdict, p.openings_per_year, p.source)
        for p in bls.projections
    ]
    return sorted(rows, key=lambda row: row.period)


def growth_table(bls: BlsData | None = None):  # -> pandas.DataFrame (pandas imported lazily)
    """Projections as a table with the guide's figure and the verdict beside each."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "Period": r.period,
                "BLS growth": f"{r.growth_percent:g}%",
                "Openings a year": "" if r.openings_per_year is None else f"{r.openings_per_year:,.0f}",
                "Guide said": r.guide_value or "(not in guide)",
                "Verdict on guide": r.verdict,
            }
            for r in growth_rows(bls)
        ]
    ).set_index("Period")


def wage_table(bls: BlsData | None = None):  # -> pandas.DataFrame
    """The wage percentiles with the guide's figure and verdict beside each."""
    import pandas as pd

    bls = bls or load_bls()
    return pd.DataFrame(
        [
            {
                "Percentile": f.label,
                "Reported wage": f"${f.value:,.0f}",
                "Guide said": "" if f.guide_value is None else f"${f.guide_value:,.0f}",
                "Verdict on guide": f.verdict,
            }
            for f in bls.percentiles.values
        ]
    ).set_index("Percentile")
