"""A released course and a generated class, shared by the instructor tests (built once per module)."""

from __future__ import annotations

import pytest

from course_helpers.instructor.release import load_key, release
from course_helpers.instructor.simulate import simulate_class


@pytest.fixture(scope="session")
def course_key(tmp_path_factory):
    out = tmp_path_factory.mktemp("course")
    result = release(out)
    return result.key_path


@pytest.fixture(scope="session")
def generated_class(tmp_path_factory, course_key):
    folder = tmp_path_factory.mktemp("class") / "submissions"
    return simulate_class(load_key(course_key), folder, 40, seed=3)
