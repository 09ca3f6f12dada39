"""Submission storage on SQLite and on a real PostgreSQL server (started here, stopped by its pid)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="storage needs the [hub] extra: pip install -e '.[hub]'")

from course_helpers.classroom.storage import StorageError, SubmissionStore, stored_submissions  # noqa: E402
from tests.classroom import hub_harness as hh  # noqa: E402


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if found:
        return found[-1].parent
    on_path = shutil.which("postgres")
    return Path(on_path).parent if on_path else None


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (as the postgres user when the tests run as root)."""
    pytest.importorskip("psycopg", reason="PostgreSQL storage needs psycopg: pip install -e '.[hub]'")
    bin_dir = _pg_bin()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        if hh.hub_required():
            pytest.fail(f"{hh.REQUIRE_VAR}=1 but {hh.POSTGRES_TO_INSTALL}")
        pytest.skip(hh.POSTGRES_TO_INSTALL)
    root = Path(tempfile.mkdtemp(prefix="course-pg-"))
    as_user: dict[str, str] = {}
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        as_user = {"user": "postgres", "group": "postgres"}
    data = root / "data"
    subprocess.run(
        [str(bin_dir / "initdb"), "-D", str(data), "-U", "course", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True, capture_output=True, **as_user,
    )
    (port,) = hh.free_ports(1)
    server = subprocess.Popen(
        [str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
         "-c", f"unix_socket_directories={root}", "-c", "fsync=off"],
        stdout=subprocess.DEVNULL, stderr=(root / "log").open("w") if not as_user else subprocess.DEVNULL,
        start_new_session=True, **as_user,
    )
    url = f"postgresql+psycopg://course@127.0.0.1:{port}/postgres"
    try:
        deadline = time.monotonic() + 30
        while True:
            probe = [str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)]
            ready = subprocess.run(probe, capture_output=True)
            if ready.returncode == 0:
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start (exit {server.poll()})")
            time.sleep(0.2)
        yield url
    finally:
        server.send_signal(signal.SIGINT)  # fast shutdown, by the pid we started
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.hub)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'subs.sqlite'}"
        return
    url = request.getfixturevalue("postgres_url")
    with SubmissionStore(url) as store:  # a clean table per test
        from course_helpers.classroom.storage import SubmissionRow

        SubmissionRow.__table__.drop(store.engine)
    yield url


def _raw(learner: str, n: int) -> str:
    return json.dumps({"learner": learner, "n": n})


def test_every_version_is_kept_and_the_newest_is_found(db_url: str) -> None:
    clock = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    with SubmissionStore(db_url) as store:
        for n, user in enumerate(["ann", "ben", "ann", "ann"]):
            store.add(user, _raw(user, n), claimed_learner=user, claimed_exported_at="1999-01-01T00:00:00+00:00",
                      now=clock)
        rows = store.list()
        assert [(r.hub_user, r.version) for r in rows] == [("ann", 1), ("ben", 1), ("ann", 2), ("ann", 3)]
        assert [json.loads(r.raw)["n"] for r in store.list("ann")] == [0, 2, 3]
        assert rows[0].received_at == clock and rows[0].claimed_exported_at.startswith("1999")
        assert store.get(rows[1].id).raw == _raw("ben", 1)
        assert store.get(10_000) is None
    newest = stored_submissions(db_url)
    assert [(s.hub_user, s.version, json.loads(s.raw)["n"]) for s in newest] == [("ben", 1, 1), ("ann", 3, 3)]
    assert len(stored_submissions(db_url, latest_only=False)) == 4


def test_concurrent_writers_on_one_learner_get_distinct_versions(db_url: str) -> None:
    """Like several service replicas sharing one database: no version is lost or given twice."""
    stores = [SubmissionStore(db_url) for _ in range(6)]
    errors: list[BaseException] = []

    def write(store: SubmissionStore, k: int) -> None:
        try:
            for i in range(15):
                store.add("ann", _raw("ann", k * 100 + i))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, k)) for k, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores:
        s.close()
    assert errors == []
    rows = stored_submissions(db_url, latest_only=False)
    assert sorted(r.version for r in rows) == list(range(1, 91))
    assert sorted(json.loads(r.raw)["n"] for r in rows) == sorted(k * 100 + i for k in range(6) for i in range(15))


def test_bad_database_urls_are_refused_with_one_line() -> None:
    with pytest.raises(StorageError, match="is not a database URL"):
        SubmissionStore("not a url")
    with pytest.raises(StorageError, match="cannot open the submission database"):
        SubmissionStore("sqlite:////nonexistent-dir/for/sure/subs.sqlite")
