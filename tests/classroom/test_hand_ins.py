"""`course-helpers grade --from-service URL` and `--from-db DB_URL`: grade what the hand-in service stored.

The learner id is the hub user, the receive time the service's; the file's own claims change neither.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course_helpers.classroom.storage import SubmissionStore
from course_helpers.cli import main
from course_helpers.instructor.gradebook import learner_totals, problems_frame, responses_frame
from course_helpers.instructor.release import load_key, release
from tests.classroom.conftest import RunningService, submission_json
from tests.classroom.test_service import _send

RIGHT = "ICD-10-CM for diagnoses and ICD-10-PCS for procedures"
WRONG = "ICD-10-CM for diagnoses and CPT for procedures"


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> Path:
    return release(tmp_path_factory.mktemp("release")).key_path


def _submissions(book: Path) -> dict[str, tuple[str, str, str]]:
    """learner -> (source, exported_at, received_at) as the gradebook stored them."""
    with closing(sqlite3.connect(book)) as conn:
        rows = conn.execute(
            "SELECT l.learner, s.source, s.exported_at, s.received_at FROM submissions s "
            "JOIN learners l ON l.id = s.learner_id"
        ).fetchall()
    return {learner: (source, exported, received) for learner, source, exported, received in rows}


def test_grade_from_service_uses_hub_users_the_newest_hand_in_and_the_service_clock(
    service: RunningService, tmp_path: Path, key: Path, monkeypatch, capsys
) -> None:
    _send(service, "tok-ann", submission_json(tmp_path, "ann", {"role-facility-codes": WRONG}))
    newest = json.loads(submission_json(tmp_path, "ann", {"role-facility-codes": RIGHT, "x": 1}))
    newest["attempts"] = newest["attempts"][:1]
    newest["exported_at"] = "2099-01-01T00:00:00Z"  # a claim: the grader keeps the service's time
    receipt = _send(service, "tok-ann", json.dumps(newest))
    _send(service, "tok-ben", submission_json(tmp_path, "ben", {"role-facility-codes": WRONG}))
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ivy")
    out = tmp_path / "gb.sqlite3"
    assert main(["grade", "--from-service", service.url, "--key", str(key), "-o", str(out), "--no-progress"]) == 0
    assert "Graded 2 learner(s)" in capsys.readouterr().out
    counted = responses_frame(out, "latest").set_index(["learner", "question"])["score"]
    assert counted[("ann", "role-facility-codes")] == 1.0  # version 2, right
    assert counted[("ben", "role-facility-codes")] == 0.0
    stored = _submissions(out)
    assert set(stored) == {"ann", "ben"}
    source, exported, received = stored["ann"]
    assert "ann v2" in source and exported.startswith("2099-01-01")
    assert received[:19] == receipt["received_at"][:19] and received < "2099"
    assert len(learner_totals(out)) == 2 * len(load_key(key).banks)


def test_grade_from_service_token_file_and_refusals_are_one_line(
    service: RunningService, tmp_path: Path, key: Path, monkeypatch, capsys
) -> None:
    _send(service, "tok-ann", submission_json(tmp_path, "ann", {"role-facility-codes": RIGHT}))
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    out = tmp_path / "gb.sqlite3"
    args = ["grade", "--from-service", service.url, "--key", str(key), "-o", str(out)]
    assert main(args) == 1
    assert capsys.readouterr().err.strip() == (
        "course-helpers grade: no hub token: set JUPYTERHUB_API_TOKEN or pass --token-file FILE (create a token on "
        "the hub's token page)"
    )
    guest = tmp_path / "guest-token"
    guest.write_text("tok-guest\n", encoding="utf-8")
    assert main([*args, "--token-file", str(guest)]) == 1
    err = capsys.readouterr().err.strip()
    assert "refused (403)" in err and len(err.splitlines()) == 1 and not out.exists()
    ivy = tmp_path / "ivy-token"
    ivy.write_text("tok-ivy\n", encoding="utf-8")
    assert main([*args, "--token-file", str(ivy)]) == 0
    assert set(_submissions(out)) == {"ann"}


def test_grade_from_db_trusts_the_hub_user_not_the_file(tmp_path: Path, key: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'service.sqlite'}"
    when = datetime(2026, 11, 20, 15, 30, 5, tzinfo=UTC)
    claims = json.loads(submission_json(tmp_path, "mallory", {"role-facility-codes": RIGHT}))
    with SubmissionStore(url) as store:
        store.add("carol", json.dumps(claims), claimed_learner="mallory", now=when)
        store.add("dan", submission_json(tmp_path, "dan", {"role-facility-codes": WRONG}), now=when)
    out = tmp_path / "gb.sqlite3"
    assert main(["grade", "--from-db", url, "--key", str(key), "-o", str(out), "--no-progress"]) == 0
    stored = _submissions(out)
    assert set(stored) == {"carol", "dan"}  # never "mallory"
    assert stored["carol"][2] == "2026-11-20T15:30:05.000000Z"
    problems = problems_frame(out)
    named = problems[problems["kind"] == "name differs"]
    assert list(named["learner"]) == ["carol"]
    assert "the file says learner 'mallory'; graded as the hub user 'carol'" in named["message"].iloc[0]
    assert "problem: db: carol v1 [carol]: name differs" in capsys.readouterr().out


def test_grade_from_db_one_line_errors(tmp_path: Path, key: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    SubmissionStore(url).close()
    out = tmp_path / "gb.sqlite3"
    assert main(["grade", "--from-db", url, "--key", str(key), "-o", str(out)]) == 1
    assert "the service has no hand-ins yet" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--from-db", url, "--key", str(key), "-o", str(out)]) == 1
    assert "one of them" in capsys.readouterr().err
    assert main(["grade", "--key", str(key), "-o", str(out)]) == 1
    assert "one of them" in capsys.readouterr().err
    assert main(["grade", "--from-db", url, "--token-file", str(key), "--key", str(key), "-o", str(out)]) == 1
    assert "--token-file goes with --from-service" in capsys.readouterr().err
    assert main(["grade", "--from-db", "not a url", "--key", str(key), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert "is not a database URL" in err and len(err.splitlines()) == 1


def test_one_token_reader_for_both_verbs(tmp_path, monkeypatch, capsys):
    """`grade --from-service` and `submissions list` read a token file the same way (one reader)."""
    from course_helpers.cli import main

    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    two_lines = tmp_path / "token"
    two_lines.write_text("tok-ivy\nsomething else\n", encoding="utf-8")
    url = "http://127.0.0.1:9/services/s/"
    key = tmp_path / "key.json"
    assert main(["grade", "--from-service", url, "--token-file", str(two_lines), "--key", str(key),
                 "-o", str(tmp_path / "g.sqlite3")]) == 1
    graded = capsys.readouterr().err.strip().split(": ", 1)[1]
    assert main(["submissions", "list", "--service", url, "--token-file", str(two_lines)]) == 1
    listed = capsys.readouterr().err.strip().split(": ", 1)[1]
    assert graded == listed == f"token file {two_lines} should hold one hub token on one line"
