"""Load the salary, career and BLS data files into validated, read-only pydantic models."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field

from course_helpers.coding.drg.payment import DEFAULT_BASE_RATE
from course_helpers.data import StrictModel, Verified, load_yaml


class Sourced(StrictModel):
    """Anything that carries where it came from and the fact-check's verdict."""

    source: str
    verdict: str
    note: str | None = None
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


class Level(Sourced):
    """A salary band for one experience level (the guide's entry, mid, senior, lead)."""

    key: str
    label: str
    low: float = Field(gt=0)
    high: float = Field(gt=0)
    min_years: float = Field(ge=0)
    span_years: float = Field(ge=0, description="Years past the level's start that still add pay.")

    @property
    def typical(self) -> float:
        """The band's midpoint."""
        return (self.low + self.high) / 2


class Option(Sourced):
    """One choice for a percent factor, such as 'evening shift', with its low/typical/high effect."""

    key: str
    label: str
    low: float
    typical: float
    high: float


class Factor(Sourced):
    """A pay factor named by the guide, applied in file order."""

    key: str
    label: str
    kind: Literal["per_year", "percent"]
    low: float | None = None
    typical: float | None = None
    high: float | None = None
    applies_to: list[str] | None = None


class Headline(Sourced):
    """The guide's headline average salary range."""

    average_low: float
    average_high: float


class InpatientVsOutpatient(Sourced):
    """The guide's inpatient-over-outpatient pay claim."""

    guide_low: float
    guide_high: float


class SalaryData(StrictModel):
    """Everything the salary estimate needs: bands, factors in order, and each factor's options."""

    schema_version: Literal[1]
    guide_section: str
    levels: list[Level]
    factors: list[Factor]
    options: dict[str, list[Option]]
    headline: Headline
    inpatient_vs_outpatient: InpatientVsOutpatient

    def level(self, key: str) -> Level:
        """Return the level with this key (KeyError if unknown)."""
        for level in self.levels:
            if level.key == key:
                return level
        raise KeyError(key)

    def factor(self, key: str) -> Factor:
        """Return the factor with this key (KeyError if unknown)."""
        for factor in self.factors:
            if factor.key == key:
                return factor
        raise KeyError(key)

    def option(self, factor: str, key: str) -> Option:
        """Return one option of a percent factor (KeyError if unknown)."""
        for option in self.options[factor]:
            if option.key == key:
                return option
        raise KeyError(key)


class Role(Sourced):
    """A role on the career ladder or a lateral move, with the guide's pay band."""

    key: str
    label: str
    group: Literal["ladder", "specialization", "lateral", "level"]
    low: float = Field(gt=0)
    high: float = Field(gt=0)


class UnpricedRole(StrictModel):
    """A role the guide names without a pay figure."""

    label: str
    group: str
    guide: str
    verified: Verified | None = None


class PathStep(StrictModel):
    """One step of a career path: a role held for some years."""

    role: str
    years: float = Field(gt=0)
    verified: Verified | None = None


class ExamplePath(StrictModel):
    """A worked example path for the projector's defaults."""

    certify_after_years: float | None
    steps: list[PathStep]


class PaybackDefaults(Sourced):
    """Starting values for the certification payback calculator."""

    program_cost: float
    exam_cost: float
    study_months: int
    current_salary: float
    premium: float
    horizon_months: int


class ProductivityDefaults(Sourced):
    """Starting values for the productivity calculator."""

    charts_per_day: float
    accuracy: float
    working_days_per_month: float
    base_rate: float = Field(default_factory=lambda: DEFAULT_BASE_RATE, description="data/drg_payment.yaml")
    drg_error_share: float


class DrgScenario(StrictModel):
    """A missed CC or MCC: the DRG coded versus the DRG the record supported."""

    key: str
    label: str
    coded_drg: int
    correct_drg: int
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


class CareerData(StrictModel):
    """The career ladder, lateral moves and calculator defaults."""

    schema_version: Literal[1]
    guide_section: str
    roles: list[Role]
    unpriced_roles: list[UnpricedRole]
    example_path: ExamplePath
    payback_defaults: PaybackDefaults
    productivity_defaults: ProductivityDefaults
    drg_error_scenarios: list[DrgScenario]


class BlsFigure(StrictModel):
    """One wage percentile with the guide's figure beside it (None where the guide gives none)."""

    key: str
    label: str
    value: float
    guide_value: float | None
    verdict: str
    source: str
    verified: Verified
    note: str | None = None


class Percentiles(StrictModel):
    """The occupation's wage distribution (10th to 90th percentile)."""

    reference: str
    values: list[BlsFigure]

    def get(self, key: str) -> BlsFigure:
        """Return one percentile by key ('p10', 'p25', 'median', 'p75', 'p90')."""
        for figure in self.values:
            if figure.key == key:
                return figure
        raise KeyError(key)


class SingleFigure(Sourced):
    """A single sourced number."""

    value: float
    verified: Verified


class StateMedian(StrictModel):
    """A state's reported median wage and what the guide claimed for it."""

    state: str
    name: str
    value: float
    guide_claim: str | None
    verdict: str


class StateMedians(StrictModel):
    """Reported state medians against the national median."""

    reference: str
    source: str
    verified: Verified
    national: float
    values: list[StateMedian]

    def get(self, state: str) -> StateMedian:
        """Return one state's median by its two-letter code."""
        for item in self.values:
            if item.state == state:
                return item
        raise KeyError(state)


class GrowthProjection(StrictModel):
    """A BLS ten-year employment projection with the guide's claim beside it."""

    period: str
    growth_percent: float
    guide_value: str | None
    verdict: str
    description: str | None
    openings_per_year: float | None
    source: str
    verified: Verified
    note: str | None = None


class BlsData(StrictModel):
    """BLS figures for Medical Records Specialists (29-2072), each with source and verdict."""

    schema_version: Literal[1]
    occupation: str
    soc: str
    guide_occupation: str
    occupation_verdict: str
    occupation_source: str
    verified: Verified | None = None
    percentiles: Percentiles
    median_may_2024: SingleFigure
    state_medians: StateMedians
    projections: list[GrowthProjection]


def _read(name: str) -> dict:
    return load_yaml(name)


@cache
def load_bls() -> BlsData:
    """Return the BLS percentiles, state medians and projections from data/bls.yaml."""
    return BlsData.model_validate(_read("bls.yaml"))


@cache
def load_salary() -> SalaryData:
    """Return the salary bands and factors, with a region option for each BLS state."""
    raw = _read("salary.yaml")
    bls = load_bls()
    national = bls.state_medians.national
    for state in bls.state_medians.values:
        share = round(state.value / national - 1, 4)
        raw["options"]["region"].append(
            {
                "key": state.state,
                "label": f"{state.name} (reported state median)",
                "low": share,
                "typical": share,
                "high": share,
                "source": (
                    f"{bls.state_medians.source}: {state.name} ${state.value:,.0f} vs national ${national:,.0f}"
                ),
                "verdict": state.verdict,
            }
        )
    return SalaryData.model_validate(raw)


@cache
def load_careers() -> CareerData:
    """Return the career ladder, lateral moves and calculator defaults from data/salary_careers.yaml."""
    return CareerData.model_validate(_read("salary_careers.yaml"))
