"""The learners' build, from the outside: `release` in the grader's (core) profile writes a learners' wheel; that
wheel installed with `[lab]` in a fresh venv holds no graded answer in any file under the venv or any object a
learner's exam reaches, still opens the exam and records answers that the instructor's key grades, refuses an
answered graded bank, gives a retake the second paper, and runs every lesson against its released banks (every
lesson check opens whole: the exam has its own pool).
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.install.profiles import ProfileEnv, install_profile
from tests.paths import REPO

pytestmark = pytest.mark.install


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _file_text(path: Path) -> str:
    """A file's text with whitespace collapsed, plus the strings inside it when it is YAML, JSON or a notebook
    (so a folded YAML line or a notebook's split source cannot hide a sentence)."""
    raw = path.read_bytes()
    if b"\0" in raw[:1024] and path.suffix not in (".yaml", ".json", ".ipynb"):
        return ""
    text = raw.decode("utf-8", "replace")
    parts = [text]
    try:
        if path.suffix in (".yaml", ".yml"):
            parts += list(_strings(yaml.safe_load(text)))
        elif path.suffix in (".json", ".ipynb"):
            parts += list(_strings(json.loads(text)))
    except Exception:  # noqa: BLE001 - not every file of that name parses; its raw text is still searched
        pass
    return _flat(" ".join(parts))


def _graded_secrets(key: dict) -> tuple[dict[str, dict], list[tuple[str, str, str]]]:
    """Graded questions by id, and (question, kind, text) for every explanation and per-choice feedback."""
    graded = {q["id"]: q for bank in key["banks"] if bank["graded"] for q in bank["questions"]}
    secrets = [(qid, "explanation", _flat(q["explanation"])) for qid, q in graded.items()]
    secrets += [(qid, "feedback", _flat(text)) for qid, q in graded.items()
                for text in (q.get("feedback") or {}).values()]
    # an accepted spelling is sought only when it is distinctive: a one-word term ("query") is in any dictionary
    secrets += [(qid, "accept", _flat(text)) for qid, q in graded.items() for text in q.get("accept") or []
                if len(text) >= 20]
    return graded, secrets


@pytest.fixture(scope="module")
def learners(profile: Callable[[str], ProfileEnv], tmp_path_factory: pytest.TempPathFactory):
    """A release made in the core profile, and its learners' wheel installed with [lab] in a fresh venv."""
    core = profile("core")
    out = core.home / "release-2026"
    done = core.cli("release", "--out", str(out))
    assert done.returncode == 0, done.stderr
    (wheel,) = (out / "learner").glob("*.whl")
    env = install_profile("lab", wheel, tmp_path_factory.mktemp("learners"))
    key = json.loads((out / "instructor" / "key.json").read_text(encoding="utf-8"))
    return env, key, out, wheel


def test_the_learners_wheel_carries_the_course_wheel_with_released_banks(learners, wheel: Path) -> None:
    _, _, out, learners_wheel = learners
    def names_of(archive: zipfile.ZipFile) -> set[str]:  # the .data folder is named by each wheel's version
        return {re.sub(r"^course_helpers-[^/]+\.data/", "course_helpers.data/", n) for n in archive.namelist()
                if ".dist-info/" not in n}

    full = names_of(zipfile.ZipFile(wheel))
    mine = zipfile.ZipFile(learners_wheel)
    names = names_of(mine)
    assert "course_helpers.data/data/share/jupyter/voila/templates/course/index.html.j2" in names  # the apps' template
    assert names - full == {"course_helpers/learners_build.json"}
    assert full - names == {n for n in full if n.startswith("course_helpers/lessons/instructor/")}
    for bank in (out / "learner" / "quizzes").glob("*.yaml"):
        assert mine.read(f"course_helpers/quizzes/{bank.name}") == bank.read_bytes(), bank.name
    env = learners[0]
    assert (env.root / "share/jupyter/voila/templates/course/index.html.j2").is_file()  # where Voila finds it


def test_no_graded_answer_anywhere_in_the_learners_venv(learners) -> None:
    env, key, _, _ = learners
    graded, secrets = _graded_secrets(key)
    exam = next(b for b in key["banks"] if b["id"] == "13_final_exam")
    assert len(graded) == len(exam["questions"]) > 40 and len(secrets) > 40  # the exam's whole pool
    found: dict[str, list[str]] = {}
    scanned = 0
    for path in env.root.rglob("*"):
        if not path.is_file() or path.is_symlink() or path.suffix in (".pyc", ".so") or path.stat().st_size > 20e6:
            continue
        text = _file_text(path)
        scanned += 1
        hits = [f"{qid} {kind}" for qid, kind, secret in secrets if secret in text]
        if hits:
            found[str(path.relative_to(env.root))] = hits[:5]
        if path.suffix in (".yaml", ".json"):  # no mapping anywhere names a graded question with its answer
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except Exception:  # noqa: BLE001
                continue
            stack = [data]
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    qid = item.get("id")
                    if isinstance(qid, str) and qid in graded and {"answer", "explanation", "feedback"} & set(item):
                        found.setdefault(str(path), []).append(f"{item['id']} answer")
                    stack += list(item.values())
                elif isinstance(item, list):
                    stack += item
    assert scanned > 5000, scanned  # the whole venv, not a corner of it
    assert not found, json.dumps(found, indent=1)[:3000]


def test_the_exam_opens_hides_every_answer_and_records_what_the_key_grades(learners,
                                                                          profile: Callable[[str], ProfileEnv]) -> None:
    env, key, out, _ = learners
    graded, secrets = _graded_secrets(key)
    script = (
        "import gc, json\n"
        "from course_helpers import quiz\n"
        "q = quiz('13_final_exam', learner='lee')\n"
        "texts = set()\n"
        "seen, stack = set(), [q]\n"
        "while stack:\n"
        "    o = stack.pop()\n"
        "    if id(o) in seen: continue\n"
        "    seen.add(id(o))\n"
        "    if isinstance(o, str): texts.add(' '.join(o.split())); continue\n"
        "    if isinstance(o, (type, type(gc))): continue\n"
        "    stack += gc.get_referents(o)\n"
        "answers = {}\n"
        "for item in q.session.items:\n"
        "    question = item.question\n"
        "    assert question.answer is None and question.explanation is None, question.id\n"
        "    value = {'single_choice': lambda: question.choices[0], 'multiple_select': lambda: [question.choices[0]],\n"
        "             'true_false': lambda: True,\n"
        "             'numeric': lambda: 1, 'short_text': lambda: 'x', 'code': lambda: 'I10',\n"
        "             'ordering': lambda: list(question.items)}[question.type]()\n"
        "    q.answer(item.id, value)\n"
        "summary = q.finish()\n"
        "retake = quiz('13_final_exam', learner='lee')\n"
        "print(json.dumps({'ids': q.question_ids, 'texts': sorted(texts), 'headline': summary.headline(),\n"
        "                  'retake': retake.question_ids}))\n"
    )
    done = env.run([str(env.python), "-c", script])
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    papers = next(b for b in key["banks"] if b["id"] == "13_final_exam")["papers"]
    assert result["ids"] == papers[0] and result["retake"] == papers[1]  # attempt 2: another paper
    reachable = " ".join(result["texts"])
    assert not [qid for qid, _, secret in secrets if secret in reachable]
    assert "Saved: 40 of 40 answered" in result["headline"]
    with sqlite3.connect(env.home / "progress.sqlite3") as db:
        rows = db.execute("SELECT COUNT(*) FROM attempts WHERE bank = '13_final_exam'").fetchone()[0]
        ungraded = db.execute("SELECT COUNT(*) FROM attempts WHERE bank = '13_final_exam' AND graded = 0").fetchone()[0]
    assert rows == ungraded == 40  # recorded, not graded: never shown to the learner as wrong
    # the learner's export, regraded with the instructor's key in the grader's profile
    export = env.cli("export", "-o", str(env.home / "lee.json"), "--learner", "lee")
    assert export.returncode == 0, export.stderr
    core = profile("core")
    graded_book = core.cli("grade", str(env.home / "lee.json"), "--key", str(out / "instructor" / "key.json"),
                           "-o", str(env.home / "gradebook.sqlite3"))
    assert graded_book.returncode == 0, graded_book.stdout + graded_book.stderr
    with sqlite3.connect(env.home / "gradebook.sqlite3") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables


def test_an_answered_graded_bank_is_refused_in_a_learners_build(learners, profile: Callable[[str], ProfileEnv]
                                                               ) -> None:
    env, _, _, _ = learners
    authoring = profile("core").run([str(profile("core").python), "-c",
                                     "from course_helpers.quizzing.bank import quizzes_dir; print(quizzes_dir())"])
    folder = authoring.stdout.strip()
    done = env.run([str(env.python), "-c", "from course_helpers import quiz; print(repr(quiz('13_final_exam')))"],
                   COURSE_QUIZZES_DIR=folder)
    assert done.returncode == 0, done.stderr
    assert "cannot open" in done.stdout and "learners' build" in done.stdout, done.stdout


def test_every_lesson_runs_against_the_released_banks(learners) -> None:
    env, _, _, _ = learners
    assert env.cli("lab", "--kernel-only").returncode == 0
    copy = env.run([str(env.python), "-c", (
        "from course_helpers.commands.lab import lessons_folder\n"
        "folder, copied = lessons_folder(None)\n"
        "print(folder, copied)\n"
    )])
    assert copy.returncode == 0, copy.stderr
    folder = Path(copy.stdout.split()[0])
    lessons = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    assert len(lessons) == len(list((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    assert not (folder / "instructor").exists()  # the teachers' notebooks stay out of a learners' build
    done = env.run([str(env.python), str(Path(__file__).with_name("run_notebooks.py")), "inpatient-coder",
                    *map(str, lessons)], timeout=3600)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    failed = {r["notebook"]: r["errors"] + r["stderr"] for r in results if r["errors"] or r["stderr"]}
    assert not failed and done.returncode == 0, json.dumps(failed, indent=1)[:6000] + done.stderr[-2000:]
    refused = {r["notebook"]: r["notices"] for r in results if any("cannot open" in n for n in r["notices"])}
    assert not refused, json.dumps(refused, indent=1)[:4000]
    assert len(results) == len(lessons)
