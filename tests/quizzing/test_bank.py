"""Loading and validating banks: every kind of damage is a located one-line problem, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course_helpers.cli import main
from course_helpers.quizzing.bank import BankError, load_bank, read_bank, validate
from tests.quizzing.bank_samples import GOOD


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def located(problem: str, name: str, line: int) -> bool:
    """True when the problem names this file (bare or with a folder) and line."""
    return re.search(rf"(^|/){re.escape(name)}:{line}: ", problem) is not None


def problems_for(folder: Path, name: str, text: str | bytes) -> list[str]:
    _, problems = read_bank(write(folder, name, text))
    return [str(p) for p in problems]


def test_good_bank_loads_with_hash(tmp_path: Path) -> None:
    loaded, problems = read_bank(write(tmp_path, "90_sample.yaml", GOOD))
    assert problems == []
    assert loaded is not None
    assert [q.id for q in loaded.bank.questions] == ["s-one", "s-two"]
    assert len(loaded.version_hash) == 12
    changed, _ = read_bank(write(tmp_path, "90_sample.yaml", GOOD.replace("Sample", "Sample 2")))
    assert changed is not None and changed.version_hash != loaded.version_hash


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("answer: ICD-10-PCS", "answer: CPT4", 10, "question 's-one': answer 'CPT4' is not one of the choices"),
        ("answer: ICD-10-PCS", "answr: ICD-10-PCS", 10, "unknown field 'answr' (did you mean 'answer'?)"),
        ("type: true_false", "type: yes_no", 15, "question 's-two': unknown type 'yes_no'"),
        (
            "choices: [CPT, ICD-10-PCS, HCPCS Level II]",
            "choices: [CPT, ICD-10-PCS, cpt]",
            9,
            "choice 'cpt' appears twice",
        ),
        ("choices: [CPT, ICD-10-PCS, HCPCS Level II]", "choices: [CPT, '', ICD-10-PCS]", 9, "choices[2]"),
        ("    explanation: Inpatient status", "    points: many\n    explanation: Inpatient status", 18, "points:"),
        (
            "    explanation: Inpatient status starts with a formal admission order.\n",
            "",
            14,
            "missing field 'explanation'",
        ),
        ("answer: false", "answer: false\n    answer: true", 18, "key 'answer' appears twice (first on line 17)"),
        ("id: s-two", "id: s-one", 14, "question 's-one': question id is used twice in this bank (first on line 6)"),
        ("schema_version: 1", "schema_version: 7", 1, "schema_version 7 is not supported"),
        ("id: 90_sample", "id: 91_other", 2, "id '91_other' must match the file name '90_sample'"),
        (
            "    guide_section: What Is an Inpatient Coder?\n    feedback",
            "    guide_section: Salary\n    feedback",
            12,
            "guide_section 'Salary' is not a heading of the career guide",
        ),
    ],
)
def test_each_problem_is_located(tmp_path: Path, old: str, new: str, line: int, expected: str) -> None:
    assert old in GOOD
    found = problems_for(tmp_path, "90_sample.yaml", GOOD.replace(old, new, 1))
    assert any(located(p, "90_sample.yaml", line) and expected in p for p in found), found


def test_numeric_tolerance_below_zero(tmp_path: Path) -> None:
    text = (
        GOOD
        + """\
  - id: s-three
    type: numeric
    prompt: Percent?
    answer: 9
    tolerance: -0.5
    explanation: Nine percent.
    guide_section: What Is an Inpatient Coder?
"""
    )
    found = problems_for(tmp_path, "90_sample.yaml", text)
    assert any(
        located(p, "90_sample.yaml", 24) and "tolerance" in p and "greater than or equal to 0" in p for p in found
    ), found


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"- a\n- b\n", "the file is a list, not a mapping"),
        (b"just a sentence\n", "the file is str 'just a sentence', not a mapping"),
        (b"id: caf\xe9\n", "is not UTF-8 (byte 0xe9)"),
        (b"title: [unclosed\n", "YAML syntax error"),
        (b"--- {}\n--- {}\n", "YAML syntax error"),
        (b"schema_version: 1\nid: 90_sample\n", "missing field 'title'"),
    ],
)
def test_damaged_files_give_messages(tmp_path: Path, content: bytes, expected: str) -> None:
    found = problems_for(tmp_path, "90_sample.yaml", content)
    assert found and any(expected in p for p in found), found
    assert all(re.search(r"(^|/)90_sample\.yaml:\d+: bank: ", p) for p in found), found


def test_yaml_booleans_need_quotes(tmp_path: Path) -> None:
    text = GOOD.replace("choices: [CPT, ICD-10-PCS, HCPCS Level II]", "choices: [CPT, ICD-10-PCS, no]")
    found = problems_for(tmp_path, "90_sample.yaml", text)
    assert any("YAML read False: put the value in quotes" in p for p in found), found


def test_duplicate_ids_across_banks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "90_sample.yaml", GOOD)
    write(tmp_path, "91_other.yaml", GOOD.replace("90_sample", "91_other"))
    _, problems = validate(sorted(tmp_path.glob("*.yaml")))
    messages = [str(p) for p in problems]
    assert any(m.startswith("91_other.yaml:6: question 's-one': question id is also used at") for m in messages)
    assert len(messages) == 2


def test_load_bank_unknown_id_suggests(tmp_path: Path) -> None:
    write(tmp_path, "90_sample.yaml", GOOD)
    with pytest.raises(BankError, match="did you mean '90_sample'"):
        load_bank("90_sampel", tmp_path)


def test_cli_validate_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "90_sample.yaml", GOOD)
    assert main(["validate", "90_sample.yaml"]) == 0
    assert "OK: 1 bank(s), 2 question(s)" in capsys.readouterr().out
    write(tmp_path, "91_bad.yaml", b"- not a bank\n")
    assert main(["validate", "."]) == 1
    out = capsys.readouterr().out
    assert "91_bad.yaml:1: bank: the file is a list" in out
    assert "Traceback" not in out


def test_every_course_bank_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["validate"])
    out = capsys.readouterr().out
    assert status == 0, out
