"""docs/deployment.md, "Backing up and restoring the hand-ins": the commands it gives, run for real.

SQLite: an online backup (Python's `sqlite3` backup API, what `sqlite3 DB ".backup FILE"` runs) while the
service is up, restored into a fresh service that the instructor then grades from over HTTP. PostgreSQL:
`pg_dump --format=custom` and `pg_restore` into a new database, graded with `--from-db`.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from course_helpers.classroom.hand_ins import grade_hand_ins
from course_helpers.classroom.storage import SubmissionStore
from course_helpers.instructor.release import load_key, release
from course_helpers.instructor.simulate import simulate_class
from tests.classroom.test_service_hostile import running
from tests.classroom.test_storage import _pg_bin, postgres_url  # noqa: F401 - the fixture, shared


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    key = release(tmp_path_factory.mktemp("course")).key_path
    folder = tmp_path_factory.mktemp("class")
    simulate_class(load_key(key), folder, 3, seed=11, tamper=False)
    hand_ins = {}
    for n, path in enumerate(sorted(folder.glob("*.json"))):
        name = ["ann", "ben", "ivy"][n]
        data = json.loads(path.read_text())
        data["learner"] = name
        hand_ins[name] = json.dumps(data)
    return {"key": key, "hand_ins": hand_ins}


def _fill(store: SubmissionStore, hand_ins: dict[str, str]) -> None:
    for name, text in hand_ins.items():
        store.add(name, text, claimed_learner=name)


def test_sqlite_backup_restored_into_a_fresh_service_grades_the_same(course: dict, tmp_path: Path) -> None:
    live = tmp_path / "live"
    live.mkdir()
    with running(live) as (_, store):
        _fill(store, course["hand_ins"])
        backup = tmp_path / "backup.sqlite"
        with sqlite3.connect(live / "subs.sqlite") as source, sqlite3.connect(backup) as target:
            source.backup(target)  # online, while the service is running: what `.backup` does
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(backup, fresh / "subs.sqlite")  # restore: the service stopped, the file put in place
    with running(fresh) as (url, store):
        assert len(store.list()) == 3
        report = grade_hand_ins(course["key"], tmp_path / "g.sqlite3", service=url, token="tok-ivy")
    assert report.graded == 3 and not [p for p in report.problems if p.kind != "name differs"]


@pytest.mark.hub
def test_postgresql_dump_restored_into_a_new_database_grades_the_same(
    course: dict, tmp_path: Path, postgres_url: str  # noqa: F811
) -> None:
    bin_dir = _pg_bin()
    assert bin_dir is not None
    with SubmissionStore(postgres_url) as store:
        _fill(store, course["hand_ins"])
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    dump = tmp_path / "course.dump"
    subprocess.run([str(bin_dir / "pg_dump"), "--format=custom", f"--file={dump}", plain], check=True)
    subprocess.run([str(bin_dir / "createdb"), f"--maintenance-db={plain}", "restored"], check=True)
    restored = plain.rsplit("/", 1)[0] + "/restored"
    subprocess.run([str(bin_dir / "pg_restore"), "--no-owner", f"--dbname={restored}", str(dump)], check=True)
    db_url = restored.replace("postgresql://", "postgresql+psycopg://")
    report = grade_hand_ins(course["key"], tmp_path / "g.sqlite3", db_url=db_url)
    assert report.graded == 3
