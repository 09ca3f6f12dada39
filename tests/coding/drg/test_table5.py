"""Table 5 is read from the drg package (cp1252, tab-separated) with the FY2026 values."""

from __future__ import annotations

import pytest

from course_helpers.coding.drg.table5 import load_table5, table5_row


def test_every_drg_row_is_loaded() -> None:
    rows = load_table5()
    assert len(rows) == 772
    assert all(r.drg == k for k, r in rows.items())


def test_heart_failure_family_matches_cms_fy2026() -> None:
    rows = load_table5()
    assert [rows[d].weight for d in (291, 292, 293)] == [1.2838, 0.8490, 0.5660]
    assert [rows[d].gmlos for d in (291, 292, 293)] == [3.8, 2.9, 2.1]
    assert rows[291].title == "HEART FAILURE AND SHOCK WITH MCC"
    assert rows[291].mdc == "05" and rows[291].drg_type == "MED"


def test_pre_mdc_and_unpaid_drgs() -> None:
    assert table5_row(1).mdc == "PRE"
    ungroupable = table5_row(999)
    assert ungroupable.title == "UNGROUPABLE"
    assert ungroupable.weight is None and ungroupable.gmlos is None


def test_titles_decode_cp1252_without_quotes() -> None:
    assert all('"' not in r.title and "\ufffd" not in r.title for r in load_table5().values())


def test_unknown_drg_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="MS-DRG 1234"):
        table5_row(1234)
