"""scripts/write_blind_records.py: what a coder sees of each case for held-out coding, and never the key."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.codes.normalize import format_cm

ROOT = Path(__file__).resolve().parents[3]


def test_each_record_is_written_with_no_title_drg_rationale_or_key_code(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    sys.modules.pop("write_blind_records", None)
    import write_blind_records  # type: ignore[import-not-found]

    assert write_blind_records.main([str(tmp_path)]) == 0
    cases = load_cases()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{cid[:3]}.txt" for cid in cases)
    for cid, case in cases.items():
        text = (tmp_path / f"{cid[:3]}.txt").read_text(encoding="utf-8")
        key = case.key
        assert case.title not in text and cid not in text
        assert case.record.discharge_summary.split()[0] in text  # the record is there
        assert f"DRG {key.drg}" not in text
        assert not any(r.point[:60] in text for r in key.rationale)
        seen = " ".join([case.record.history, case.record.findings, case.record.procedures])
        seen += " ".join([case.record.discharge_summary, *(n.text for n in case.record.notes)])
        if case.query is not None:
            seen += " ".join(
                [case.query.situation, case.query.physician_response, *(o.text for o in case.query.options)]
            )
            assert not any(o.why[:60] in text for o in case.query.options)
        codes = [key.principal.code, *key.secondary_codes, *key.procedures]
        leaked = [c for c in codes if c in text and format_cm(c) not in seen and c not in seen]
        assert leaked == [], f"{cid}: key codes in the blind record: {leaked}"
