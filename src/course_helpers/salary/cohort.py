"""The salary estimate over a whole table of profiles at once (vectorised with numpy/pandas)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_helpers.errors import SalaryInputError
from course_helpers.salary.estimate import MAX_YEARS, SCENARIOS, Profile, compute_steps
from course_helpers.salary.pay_data import SalaryData, load_salary

COLUMNS = ("level", "years", "certified", "region", "hospital", "specialty", "shift", "remote", "bonus")


def _option_column(frame: pd.DataFrame, factor: str) -> np.ndarray:
    """Return a factor's option keys, filling a missing column with the default profile's choice."""
    if factor not in frame:
        default = Profile().option_key(factor)
        return np.full(len(frame), default, dtype=object)
    column = frame[factor]
    if column.dtype == bool:
        return np.array([Profile(**{factor: v}).option_key(factor) for v in (False, True)], dtype=object)[
            column.to_numpy(dtype=int)
        ]
    return column.astype(str).to_numpy(dtype=object)


def _check(frame: pd.DataFrame, data: SalaryData, options: dict[str, np.ndarray]) -> None:
    """Raise SalaryInputError naming the first bad field and row."""
    for name in ("level", "years"):
        if name not in frame:
            raise SalaryInputError(name, f"the cohort table needs a '{name}' column")
    levels = [lv.key for lv in data.levels]
    bad = ~frame["level"].astype(str).isin(levels).to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise SalaryInputError(
            "level",
            f"row {row}: unknown level {frame['level'].iloc[row]!r}; choose one of {', '.join(levels)}",
        )
    years = pd.to_numeric(frame["years"], errors="coerce").to_numpy(dtype=float)
    bad = ~((years >= 0) & (years <= MAX_YEARS))
    if bad.any():
        row = int(np.argmax(bad))
        raise SalaryInputError(
            "years", f"row {row}: years must be between 0 and {MAX_YEARS} (got {frame['years'].iloc[row]})"
        )
    for factor, keys in options.items():
        allowed = [o.key for o in data.options[factor]]
        bad = ~np.isin(keys.astype(str), allowed)
        if bad.any():
            row = int(np.argmax(bad))
            raise SalaryInputError(
                factor, f"row {row}: unknown {factor} {keys[row]!r}; choose one of {', '.join(allowed)}"
            )


def estimate_cohort(frame: pd.DataFrame, data: SalaryData | None = None) -> pd.DataFrame:
    """Return the profiles with `low`, `typical` and `high` columns added, one estimate per row.

    Columns are Profile's fields; only `level` and `years` are required, the rest default as Profile does.
    """
    data = data or load_salary()
    options = {f: _option_column(frame, f) for f in data.options}
    _check(frame, data, options)
    certified = frame["certified"].to_numpy(dtype=bool) if "certified" in frame else np.zeros(len(frame), dtype=bool)
    steps = compute_steps(
        data,
        frame["level"].astype(str).to_numpy(dtype=object),
        frame["years"].to_numpy(dtype=float),
        certified,
        options,
    )
    result = frame.copy()
    for scenario in SCENARIOS:
        result[scenario] = steps[scenario][-1].astype(np.int64)
    return result


def random_cohort(n: int, seed: int = 0, data: SalaryData | None = None) -> pd.DataFrame:
    """Return n random but valid profiles (for demonstrations and benchmarks)."""
    data = data or load_salary()
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "level": rng.choice([lv.key for lv in data.levels], n),
            "years": rng.integers(0, MAX_YEARS + 1, n),
            "certified": rng.random(n) < 0.5,
            "remote": rng.random(n) < 0.3,
            "bonus": rng.random(n) < 0.2,
        }
    )
    for factor in ("region", "hospital", "specialty", "shift"):
        frame[factor] = rng.choice([o.key for o in data.options[factor]], n)
    return frame
