"""The course's facts as data files shipped in the package, and the one way to read them.

Every figure a lesson states (a wage, a weight, a base rate, a date) lives in a YAML file here with its
source; code reads it with `load_yaml` and validates it with a `StrictModel`, never as a literal.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

# libyaml's C parser is about ten times faster; PyYAML falls back to pure Python where it is missing.
YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


Verified = Literal["primary", "secondary"]
"""How a figure was checked: `primary` against its owner's own page or file (CMS, BLS, AHIMA, the code sets),
`secondary` only through a page that reports it. A graded key never rests on a `secondary` figure the learner
is not given (tests/course/test_graded_keys_verified.py)."""


class StrictModel(BaseModel):
    """Base for every schema model: unknown fields (typos such as `answr:`) are errors; values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def data_file(name: str) -> Traversable:
    """A file or folder shipped in `course_helpers/data/` (works from a wheel as from a checkout)."""
    return resources.files(__name__).joinpath(name)


def data_dir(name: str) -> Path:
    """A folder shipped in `course_helpers/data/`, as a filesystem path."""
    return Path(str(data_file(name)))


def parse_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (libyaml when present)."""
    return yaml.load(text, Loader=YamlLoader)  # noqa: S506 - YamlLoader is a SafeLoader


def load_yaml(name: str) -> Any:
    """Parse one YAML data file shipped in the package, e.g. ``load_yaml("bls.yaml")``."""
    return parse_yaml(data_file(name).read_text(encoding="utf-8"))


PASS_MARK: float = float(load_yaml("course_policy.yaml")["pass_mark"])
"""The pass mark in percent, defined once (course_policy.yaml): a bank that sets none, a review, a case."""
