"""Lesson 02 helpers: published productivity ranges and audit accuracy counted three ways."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from course_helpers.coding.cases.productivity_benchmarks import load_benchmarks
from course_helpers.workplace.audit import AuditInputError, audit_accuracy
from course_helpers.workplace.audit_view import (
    audit_accuracy_explorer,
    productivity_benchmarks,
    productivity_figure,
)


def test_guide_rate_is_converted_from_charts_per_day() -> None:
    guide = next(b for b in load_benchmarks() if b.label.startswith("Guide"))
    assert (guide.low, guide.high) == (12 / 8, 15 / 8)
    assert "Unverified" in guide.verdict
    icd10 = next(b for b in load_benchmarks() if "ICD-10" in b.label)
    assert icd10.low <= guide.low <= guide.high <= icd10.high  # fact-check E1: inside the range, low end


def test_audit_accuracy_worked_example() -> None:
    acc = audit_accuracy(records=20, codes=300, codes_wrong=12, records_with_error=6, drgs_changed=2)
    assert acc.per_code == pytest.approx(96.0)
    assert acc.per_record == pytest.approx(70.0)
    assert acc.per_drg == pytest.approx(90.0)


@pytest.mark.parametrize(
    "counts",
    [
        dict(records=0, codes=10, codes_wrong=0, records_with_error=0, drgs_changed=0),
        dict(records=5, codes=20, codes_wrong=21, records_with_error=5, drgs_changed=0),
        dict(records=5, codes=20, codes_wrong=0, records_with_error=1, drgs_changed=0),
        dict(records=5, codes=20, codes_wrong=3, records_with_error=1, drgs_changed=2),
    ],
)
def test_impossible_audits_are_rejected(counts: dict[str, int]) -> None:
    with pytest.raises(AuditInputError):
        audit_accuracy(**counts)


@given(st.integers(1, 200), st.integers(1, 20), st.integers(0, 200), st.integers(0, 200), st.integers(0, 200))
def test_accuracies_are_percentages_and_drg_is_most_forgiving_per_record(records, per, wrong, with_error, drg) -> None:
    codes = records * per
    assume(with_error <= records and drg <= with_error and with_error <= wrong <= codes)
    assume((wrong == 0) == (with_error == 0))
    acc = audit_accuracy(records, codes, wrong, with_error, drg)
    assert 0 <= acc.per_record <= acc.per_drg <= 100
    assert 0 <= acc.per_code <= 100


def test_figure_and_alt_text() -> None:
    fig = productivity_figure()
    ax = fig.axes[0]
    assert "no national standard" in ax.get_title()
    assert ax.get_xlabel() == "Inpatient records coded per hour"
    assert len(ax.patches) == len(load_benchmarks())
    assert "1 to 4 records per hour" in productivity_benchmarks().alt


def test_explorer_shows_an_error_instead_of_a_traceback() -> None:
    box = audit_accuracy_explorer()
    assert "70.0%" in box.result.value
    box.fields["codes_wrong"].value = 0
    assert 'role="alert"' in box.result.value
    box.fields["records_with_error"].value = 0
    box.fields["drgs_changed"].value = 0
    assert "100.0%" in box.result.value
