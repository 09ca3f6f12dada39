"""The salary estimate: a level's band adjusted by the guide's factors, explained factor by factor.

Pure: plain values in, dataclasses out. The arithmetic lives in `compute_steps`, which works on numpy
arrays so that one profile (`estimate`) and a whole cohort (`cohort.estimate_cohort`) share one code path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from course_helpers.errors import SalaryInputError
from course_helpers.salary.pay_data import SalaryData, load_salary

MAX_YEARS = 50
SCENARIOS = ("low", "typical", "high")
# Percent factors whose choice is a yes/no on the profile, and the option keys for no and yes.
_BOOLEAN_OPTIONS = {"remote": ("onsite", "remote"), "bonus": ("none", "bonus")}


@dataclass(frozen=True)
class Profile:
    """A coder's situation: the inputs of one estimate."""

    level: str = "entry"
    years: float = 0
    certified: bool = False
    region: str = "national"
    hospital: str = "community"
    specialty: str = "general"
    shift: str = "day"
    remote: bool = False
    bonus: bool = False

    def option_key(self, factor: str) -> str:
        """Return the option chosen for a percent factor, e.g. 'evening' for 'shift'."""
        if factor in _BOOLEAN_OPTIONS:
            return _BOOLEAN_OPTIONS[factor][bool(getattr(self, factor))]
        return str(getattr(self, factor))


@dataclass(frozen=True)
class Contribution:
    """One line of the breakdown: what a factor added, in dollars, for the low, typical and high case."""

    factor: str
    label: str
    detail: str
    low: int
    typical: int
    high: int
    source: str
    verdict: str


@dataclass(frozen=True)
class Estimate:
    """A salary estimate with its breakdown; the breakdown's rows sum to low, typical and high."""

    profile: Profile
    low: int
    typical: int
    high: int
    breakdown: tuple[Contribution, ...] = field(default_factory=tuple)

    def to_frame(self):  # -> pandas.DataFrame (pandas imported lazily)
        """Return the breakdown as a table, one row per factor plus a total row."""
        import pandas as pd

        rows = [
            {
                "factor": c.label,
                "detail": c.detail,
                "low": c.low,
                "typical": c.typical,
                "high": c.high,
                "verdict": c.verdict,
            }
            for c in self.breakdown
        ]
        rows.append(
            {
                "factor": "Estimate",
                "detail": "",
                "low": self.low,
                "typical": self.typical,
                "high": self.high,
                "verdict": "",
            }
        )
        return pd.DataFrame(rows)


def check_profile(profile: Profile, data: SalaryData | None = None) -> None:
    """Raise SalaryInputError naming the first bad field of a profile."""
    data = data or load_salary()
    levels = [lv.key for lv in data.levels]
    if profile.level not in levels:
        raise SalaryInputError("level", f"unknown level {profile.level!r}; choose one of {', '.join(levels)}")
    try:
        years = float(profile.years)
    except (TypeError, ValueError):
        raise SalaryInputError("years", f"years must be a number from 0 to {MAX_YEARS}") from None
    if not 0 <= years <= MAX_YEARS:
        raise SalaryInputError("years", f"years must be between 0 and {MAX_YEARS} (got {profile.years})")
    for factor in data.options:
        key = profile.option_key(factor)
        keys = [o.key for o in data.options[factor]]
        if key not in keys:
            raise SalaryInputError(factor, f"unknown {factor} {key!r}; choose one of {', '.join(keys)}")


def _factorize(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (codes, uniques) for an array of keys; hash-based, so fast on large object arrays."""
    if len(keys) == 1:
        return np.zeros(1, dtype=np.intp), np.asarray(keys, dtype=object)
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(keys, dtype=object))
    return codes, np.asarray(uniques, dtype=object)


def compute_steps(
    data: SalaryData,
    level: np.ndarray,
    years: np.ndarray,
    certified: np.ndarray,
    options: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Return, per scenario, the running totals after each factor: an array (factors + 1, profiles).

    Inputs must already be valid (`level` and each `options[f]` hold known keys). Totals are rounded to
    whole dollars at every step, so each contribution (a difference of totals) is exact.
    """
    lv = {lv.key: lv for lv in data.levels}
    level = np.asarray(level, dtype=object)
    years = np.asarray(years, dtype=float)
    certified = np.asarray(certified, dtype=bool)

    def lookup(mapping: dict[str, float], keys: np.ndarray) -> np.ndarray:
        codes, uniq = _factorize(keys)
        return np.array([mapping[str(k)] for k in uniq], dtype=float)[codes]

    min_years = lookup({k: v.min_years for k, v in lv.items()}, level)
    span = lookup({k: v.span_years for k, v in lv.items()}, level)
    counted = np.clip(years - min_years, 0, span)
    out: dict[str, np.ndarray] = {}
    for scenario in SCENARIOS:
        base = lookup({k: getattr(v, scenario) for k, v in lv.items()}, level)
        totals = [np.round(base)]
        running = totals[0]
        for factor in data.factors:
            if factor.kind == "per_year":
                running = np.round(running + counted * getattr(factor, scenario))
            elif factor.key == "certification":
                eligible = {k: float(k in (factor.applies_to or list(lv))) for k in lv}
                applies = (lookup(eligible, level) > 0) & certified
                running = np.round(running * (1 + np.where(applies, getattr(factor, scenario), 0.0)))
            else:
                share = lookup(
                    {o.key: getattr(o, scenario) for o in data.options[factor.key]},
                    np.asarray(options[factor.key], dtype=object),
                )
                running = np.round(running * (1 + share))
            totals.append(running)
        out[scenario] = np.vstack(totals)
    return out


def _years(value: float) -> str:
    return f"{value:g} year" + ("" if value == 1 else "s")


def _detail(data: SalaryData, factor_key: str, profile: Profile, counted: float) -> tuple[str, str, str, str]:
    """Return (label, detail, source, verdict) for one breakdown line."""
    factor = data.factor(factor_key)
    if factor.kind == "per_year":
        detail = f"{_years(counted)} x ${factor.low:,.0f}-${factor.high:,.0f}"
        level = data.level(profile.level)
        entered = float(profile.years)
        if entered > level.min_years + level.span_years:
            detail += (
                f" (you entered {_years(entered)}; the guide's {level.label} band counts only the first "
                f"{_years(level.span_years)} past its start at {_years(level.min_years)}: choose a higher level "
                "for more)"
            )
        elif entered < level.min_years:
            detail += f" (you entered {_years(entered)}; this level starts at {_years(level.min_years)})"
        return factor.label, detail, factor.source, factor.verdict
    if factor_key == "certification":
        if not profile.certified:
            return factor.label, "not certified", factor.source, factor.verdict
        return factor.label, f"+{factor.low:.0%} to +{factor.high:.0%}", factor.source, factor.verdict
    option = data.option(factor_key, profile.option_key(factor_key))
    if option.low == option.high:
        detail = f"{option.label}: {option.typical:+.1%}"
    else:
        detail = f"{option.label}: {option.low:+.1%} to {option.high:+.1%}"
    return factor.label, detail, option.source, option.verdict


def estimate(profile: Profile, data: SalaryData | None = None) -> Estimate:
    """Estimate low, typical and high salary for a profile, with each factor's dollar contribution."""
    data = data or load_salary()
    check_profile(profile, data)
    options = {f: np.array([profile.option_key(f)], dtype=object) for f in data.options}
    steps = compute_steps(
        data,
        np.array([profile.level], dtype=object),
        np.array([float(profile.years)]),
        np.array([profile.certified]),
        options,
    )
    level = data.level(profile.level)
    counted = min(max(float(profile.years) - level.min_years, 0.0), level.span_years)
    band = f"guide band ${level.low:,.0f}-${level.high:,.0f}"
    rows = [
        Contribution(
            factor="base",
            label=f"Base: {level.label}",
            detail=band,
            low=int(steps["low"][0, 0]),
            typical=int(steps["typical"][0, 0]),
            high=int(steps["high"][0, 0]),
            source=level.source,
            verdict=level.verdict,
        )
    ]
    for i, factor in enumerate(data.factors, start=1):
        label, detail, source, verdict = _detail(data, factor.key, profile, counted)
        diffs = {s: int(steps[s][i, 0] - steps[s][i - 1, 0]) for s in SCENARIOS}
        rows.append(
            Contribution(factor.key, label, detail, diffs["low"], diffs["typical"], diffs["high"], source, verdict)
        )
    final = {s: int(steps[s][-1, 0]) for s in SCENARIOS}
    return Estimate(profile, final["low"], final["typical"], final["high"], tuple(rows))
