"""docs/graded-keys.md lists every graded key with its primary source, and is current with the banks."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from course_helpers.course.graded_keys import graded_keys, graded_keys_markdown, key_in_short
from tests.paths import REPO

DOC = REPO / "docs" / "graded-keys.md"
BANKS = REPO / "quizzes"


def test_the_page_is_current():
    assert DOC.exists(), "docs/graded-keys.md is missing: run scripts/graded_keys.py"
    assert DOC.read_text(encoding="utf-8") == graded_keys_markdown(BANKS), (
        "docs/graded-keys.md is stale: run scripts/graded_keys.py"
    )


def test_every_question_of_every_bank_has_a_row_with_its_sources():
    page = graded_keys_markdown(BANKS)
    for path in sorted(BANKS.glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8")).get("questions") or []:
            assert f"| `{q['id']}` |" in page, q["id"]
    row = next(line for line in page.splitlines() if line.startswith("| `codes-do-pcs-knee` |"))
    assert "0SRC0J9" in row and "ICD-10-PCS FY2026 code set" in row and "Guidelines B3.1a" in row


def test_a_changed_tag_makes_the_page_stale(tmp_path: Path):
    """The page follows the tags: an exam item added at run time, or a tag edited, changes it."""
    shutil.copytree(BANKS, tmp_path / "quizzes")
    before = graded_keys_markdown(tmp_path / "quizzes")
    exam = tmp_path / "quizzes" / "13_final_exam.yaml"
    data = yaml.safe_load(exam.read_text(encoding="utf-8"))
    data.setdefault("questions", [])
    data["questions"] = list(data["questions"]) + [
        {"id": "exam-zz-probe", "type": "code", "prompt": "p", "answer": "J18.9", "explanation": "e",
         "tags": ["source:codeset:icd10cm"]}
    ]
    exam.write_text(yaml.safe_dump(data), encoding="utf-8")
    after = graded_keys_markdown(tmp_path / "quizzes")
    assert after != before
    assert "| `exam-zz-probe` | J18.9 | ICD-10-CM FY2026 code set |" in after
    assert any(k.question_id == "exam-zz-probe" for k in graded_keys(tmp_path / "quizzes"))


def test_keys_in_short():
    assert key_in_short({"type": "true_false", "answer": False}) == "False"
    assert key_in_short({"type": "numeric", "answer": 94, "unit": "%"}) == "94 %"
    assert key_in_short({"type": "ordering", "answer": ["a", "b"]}) == "a → b"
    assert key_in_short({"type": "single_choice", "answer": "x" * 200}).endswith("…")


def test_the_script_check_mode_passes_now(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.syspath_prepend(str(REPO / "scripts"))
    sys.modules.pop("graded_keys", None)
    import graded_keys  # type: ignore[import-not-found]

    assert graded_keys.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out
