"""`course-helpers submit` and `course-helpers serve`: one line on bad input, a receipt on success."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("jupyterhub", reason="the hand-in service needs the [hub] extra: pip install -e '.[hub]'")

from course_helpers.cli import main  # noqa: E402
from tests.classroom.conftest import RunningService, service, submission_json  # noqa: E402, F401


def test_submit_outside_a_hub_says_to_export(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert main(["submit"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "course-helpers export -o results.json" in err


def test_submit_on_a_hub_without_a_service_url_says_whom_to_ask(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok")
    for var in ("COURSE_SUBMIT_URL", "JUPYTERHUB_PUBLIC_HUB_URL"):
        monkeypatch.delenv(var, raising=False)
    assert main(["submit"]) == 1
    assert "ask your instructor to set COURSE_SUBMIT_URL" in capsys.readouterr().err


def test_submit_a_file_prints_the_receipt(
    service: RunningService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys  # noqa: F811
) -> None:
    path = tmp_path / "results.json"
    path.write_text(submission_json(tmp_path, "ann", {"q1": 1}), encoding="utf-8")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ann")
    monkeypatch.setenv("COURSE_SUBMIT_URL", service.url)
    assert main(["submit", "--file", str(path)]) == 0
    assert "Handed in 1 answer for 'ann': version 1" in capsys.readouterr().out
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ben")
    assert main(["submit", "--file", str(path)]) == 1
    assert "signed in to the hub as 'ben'" in capsys.readouterr().err
    assert [s.hub_user for s in service.store.list()] == ["ann"]


def test_submit_from_this_servers_progress(
    service: RunningService, monkeypatch: pytest.MonkeyPatch, capsys  # noqa: F811
) -> None:
    from course_helpers import quiz

    monkeypatch.setenv("JUPYTERHUB_USER", "ben")
    q = quiz("01_the_role")
    q.answer(q.question_ids[0], 0)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ben")
    monkeypatch.setenv("COURSE_SUBMIT_URL", service.url)
    assert main(["submit"]) == 0
    assert "for 'ben': version 1" in capsys.readouterr().out
    (stored,) = service.store.list()
    assert stored.hub_user == "ben" and stored.claimed_learner == "ben"


def test_serve_refuses_a_bad_database_url_or_limit(capsys) -> None:
    assert main(["serve", "--db-url", "nonsense"]) == 1
    assert "is not a database URL" in capsys.readouterr().err
    assert main(["serve", "--max-bytes", "0"]) == 1
    assert "--max-bytes must be a positive" in capsys.readouterr().err
