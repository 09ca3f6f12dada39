"""The corrected path into inpatient coding: steps, a personal timeline, and checklists (pure model).

Data comes from data/career_path.yaml; the widgets that show it live in
`course_helpers.career.entry_path_view`. The timeline encodes the fact-check's correction: AHIMA's CCS needs
only a high school diploma, so months of experience before the exam are the learner's choice, not a rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from pydantic import Field

from course_helpers.data import StrictModel, Verified, load_yaml
from course_helpers.errors import CourseInputError

Verdict = Literal["Correct", "Wrong", "Outdated", "Partly correct", "Unverified"]

GUIDE_YEARS_TO_CERTIFIED = (4, 6)
"""The guide's FAQ: 'expect 4-6 years total' before certification (wrong: fact-check A3)."""

MONTH_LIMITS: dict[str, tuple[int, int]] = {"program": (0, 48), "experience": (0, 120), "study": (0, 24)}
"""Accepted range, in months, for each timeline input."""


class PathInputError(CourseInputError):
    """A timeline or checklist input the learner can fix; the message says how."""


class Step(StrictModel):
    """One of the guide's six steps, with the corrected wording and its fact-check records."""

    key: str
    title: str
    guide: str
    corrected: str
    verdict: Verdict
    source: str
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""
    fact_checks: list[str] = Field(default_factory=list)


class ChecklistItem(StrictModel):
    """One thing to do, with why it matters."""

    key: str
    text: str
    why: str
    verdict: Verdict | None = None
    source: str | None = None
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


class RelatedCareer(StrictModel):
    """A neighbouring career from the guide's 'Related Healthcare Careers'."""

    title: str
    work: str
    code_sets: str
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""


class CareerPathData(StrictModel):
    """The contents of data/career_path.yaml."""

    schema_version: Literal[1]
    steps: list[Step] = Field(min_length=1)
    action_items: list[ChecklistItem] = Field(min_length=1)
    related_careers: list[RelatedCareer] = Field(min_length=1)


@cache
def load_career_path() -> CareerPathData:
    """Return the corrected steps, action items and related careers."""
    return CareerPathData.model_validate(load_yaml("career_path.yaml"))


@dataclass(frozen=True)
class Milestone:
    """A stretch of the plan, in months from the start."""

    label: str
    start: int
    end: int

    @property
    def months(self) -> int:
        """How long the stretch lasts."""
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """A learner's plan from the first day of training to sitting the CCS."""

    milestones: tuple[Milestone, ...]
    experience_months: int

    @property
    def total_months(self) -> int:
        """Months from starting the program to sitting the CCS."""
        return self.milestones[-1].end

    @property
    def total_years(self) -> float:
        """The same, in years (one decimal)."""
        return round(self.total_months / 12, 1)

    def versus_guide(self) -> str:
        """One sentence comparing the plan with the guide's (wrong) '4-6 years'."""
        low, high = GUIDE_YEARS_TO_CERTIFIED
        return (
            f"Your plan reaches the CCS exam in {self.total_months} months ({self.total_years} years). "
            f"The guide's {low}-{high} years assumed an experience requirement AHIMA does not have: "
            "a high school diploma is the only requirement, so the "
            f"{self.experience_months} months of experience in your plan are your choice (recommended, not required)."
        )


def _months(name: str, value: object) -> int:
    """Check one timeline input and return it as whole months."""
    low, high = MONTH_LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise PathInputError(f"{name} months must be a whole number between {low} and {high}; got {value!r}.")
    months = int(value)
    if not low <= months <= high:
        raise PathInputError(f"{name} months must be between {low} and {high}; got {months}.")
    return months


def plan_timeline(program_months: int = 9, experience_months: int = 12, study_months: int = 3) -> Timeline:
    """Lay out training, optional experience and exam study end to end, in months."""
    program = _months("program", program_months)
    experience = _months("experience", experience_months)
    study = _months("study", study_months)
    stretches = [
        ("Coding program (CAHIIM-accredited or AHIMA PCAP-approved)", program),
        ("Coding inpatient charts under supervision (recommended, not required)", experience),
        ("Study for the CCS (AHIMA) and sit the exam", study),
    ]
    milestones: list[Milestone] = []
    start = 0
    for label, months in stretches:
        milestones.append(Milestone(label, start, start + months))
        start += months
    return Timeline(tuple(milestones), experience)


@dataclass
class Checklist:
    """Which items of a checklist are done; keeps the items' order."""

    items: tuple[ChecklistItem, ...]
    done: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        keys = [item.key for item in self.items]
        if not keys:
            raise PathInputError("a checklist needs at least one item.")
        if len(set(keys)) != len(keys):
            raise PathInputError("checklist item keys must be unique.")

    def _check_key(self, key: str) -> None:
        if key not in {item.key for item in self.items}:
            known = ", ".join(item.key for item in self.items)
            raise PathInputError(f"unknown checklist item {key!r}; choose one of: {known}.")

    def mark(self, key: str, done: bool = True) -> None:
        """Mark one item done (or not done)."""
        self._check_key(key)
        if done:
            self.done.add(key)
        else:
            self.done.discard(key)

    def mark_all(self, keys: Iterable[str]) -> None:
        """Mark exactly these items done and every other item not done."""
        wanted = set(keys)
        for key in wanted:
            self._check_key(key)
        self.done = wanted

    @property
    def fraction_done(self) -> float:
        """Share of items done, 0 to 1."""
        return len(self.done) / len(self.items)

    def next_item(self) -> ChecklistItem | None:
        """The first item, in list order, that is not done yet (None when all are done)."""
        return next((item for item in self.items if item.key not in self.done), None)

    def summary(self) -> str:
        """A one-line progress report that names the next thing to do."""
        count = f"{len(self.done)} of {len(self.items)} done"
        upcoming = self.next_item()
        if upcoming is None:
            return f"{count}. All done: well prepared."
        return f"{count}. Next: {upcoming.text}"


def action_checklist_model() -> Checklist:
    """A fresh checklist of the corrected 'Getting Started' action items."""
    return Checklist(tuple(load_career_path().action_items))


def steps_table():  # -> pandas.DataFrame (pandas imported lazily)
    """The six steps as a table: the guide's wording, the corrected step, verdict and source."""
    import pandas as pd

    rows = [
        {
            "Step": number,
            "Corrected step": step.title,
            "What to do": step.corrected,
            "Guide's verdict": step.verdict,
            "Source": step.source,
        }
        for number, step in enumerate(load_career_path().steps, start=1)
    ]
    return pd.DataFrame(rows).set_index("Step")


def related_careers_table():  # -> pandas.DataFrame
    """Related careers with the work and the code sets each uses."""
    import pandas as pd

    rows = [
        {"Career": c.title, "The work": c.work, "Code sets": c.code_sets} for c in load_career_path().related_careers
    ]
    return pd.DataFrame(rows)
