"""Published ranges of inpatient records coded per hour (data/productivity_benchmarks.yaml, fact-check E1)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, model_validator

from course_helpers.data import StrictModel, Verified, load_yaml


class Benchmark(StrictModel):
    """A published range of inpatient records coded per hour."""

    label: str
    low: float = Field(gt=0)
    high: float = Field(gt=0)
    source: str
    verdict: str
    verified: Verified | None = None
    """primary: checked on the owner's own page or file; secondary: only through a page that reports it."""

    @model_validator(mode="after")
    def _ordered(self) -> Benchmark:
        if self.low > self.high:
            raise ValueError(f"{self.label}: low is above high")
        return self


@lru_cache(maxsize=1)
def load_benchmarks() -> tuple[Benchmark, ...]:
    """Load the productivity figures shipped with the package."""
    return tuple(Benchmark.model_validate(b) for b in load_yaml("productivity_benchmarks.yaml")["benchmarks"])
