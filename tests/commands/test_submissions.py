# ruff: noqa: F811  (the `service` fixture is imported from tests/classroom/conftest.py)
"""`course-helpers submissions list|download`: an instructor lists and saves hand-ins from the service
(against the stand-in hub of tests/classroom/conftest.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

pytest.importorskip("jupyterhub", reason="the hand-in service needs the [hub] extra: pip install -e '.[hub]'")

from course_helpers.classroom.client import hand_in  # noqa: E402
from course_helpers.cli import main  # noqa: E402
from course_helpers.records.submission import read_submission  # noqa: E402
from tests.classroom.conftest import RunningService, service, submission_json  # noqa: E402, F401


def _hand_in(service: RunningService, tmp: Path, token: str, learner: str, answers: dict) -> tuple[dict, str]:  # noqa: F811
    text = submission_json(tmp, learner, answers)
    path = tmp / f"{learner}-{len(answers)}.json"
    path.write_text(text, encoding="utf-8")
    return hand_in(file=path, url=service.url, token=token).receipt, text


@pytest.fixture
def three(service: RunningService, tmp_path: Path) -> dict[str, tuple[dict, str]]:  # noqa: F811
    return {
        "ann1": _hand_in(service, tmp_path, "tok-ann", "ann", {"q1": 1}),
        "ann2": _hand_in(service, tmp_path, "tok-ann", "ann", {"q1": 1, "q2": "x"}),
        "ben1": _hand_in(service, tmp_path, "tok-ben", "ben", {"q1": 0}),
    }


def test_list_shows_every_version_or_the_newest(
    service: RunningService,
    three,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # noqa: F811
) -> None:
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ivy")
    assert main(["submissions", "list", "--service", service.url]) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines[0].split()[:3] == ["id", "hub", "user"] and lines[-1] == "3 hand-ins"
    rows = [line.split()[:3] for line in lines[1:-1]]
    assert [(r[1], r[2]) for r in rows] == [("ann", "1"), ("ann", "2"), ("ben", "1")]
    assert main(["submissions", "list", "--service", service.url.rstrip("/"), "--latest", "--json"]) == 0
    receipts = json.loads(capsys.readouterr().out)
    assert [(r["hub_user"], r["version"]) for r in receipts] == [("ann", 2), ("ben", 1)]
    assert main(["submissions", "list", "--service", service.url, "--user", "ben", "--json"]) == 0
    assert [r["hub_user"] for r in json.loads(capsys.readouterr().out)] == ["ben"]


def test_download_saves_the_newest_byte_for_byte(
    service: RunningService,
    three,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # noqa: F811
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("tok-ivy\n", encoding="utf-8")
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    out_dir = tmp_path / "handins"
    assert (
        main(["submissions", "download", "--service", service.url, "--token-file", str(token_file), "-o", str(out_dir)])
        == 0
    )
    assert "Saved 2 hand-ins" in capsys.readouterr().out
    assert sorted(p.name for p in out_dir.iterdir()) == ["ann.v2.json", "ben.v1.json"]
    ann = (out_dir / "ann.v2.json").read_bytes()
    assert ann == three["ann2"][1].encode("utf-8")
    assert hashlib.sha256(ann).hexdigest() == three["ann2"][0]["sha256"]
    assert read_submission(out_dir / "ben.v1.json").learner == "ben"  # a file the grader reads
    every = tmp_path / "every"
    assert (
        main(
            [
                "submissions",
                "download",
                "--service",
                service.url,
                "--token-file",
                str(token_file),
                "-o",
                str(every),
                "--all-versions",
            ]
        )
        == 0
    )
    assert sorted(p.name for p in every.iterdir()) == ["ann.v1.json", "ann.v2.json", "ben.v1.json"]
    one = tmp_path / "one"
    first_id = str(three["ann1"][0]["id"])
    assert (
        main(
            [
                "submissions",
                "download",
                "--service",
                service.url,
                "--token-file",
                str(token_file),
                "-o",
                str(one),
                "--id",
                first_id,
            ]
        )
        == 0
    )
    assert [p.name for p in one.iterdir()] == ["ann.v1.json"]
    capsys.readouterr()
    assert (
        main(
            [
                "submissions",
                "download",
                "--service",
                service.url,
                "--token-file",
                str(token_file),
                "-o",
                str(one),
                "--id",
                "999",
            ]
        )
        == 1
    )
    assert "no submission 999 among those this token may see" in capsys.readouterr().err


def test_a_learner_token_sees_only_their_own(
    service: RunningService,
    three,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # noqa: F811
) -> None:
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-ben")
    assert main(["submissions", "list", "--service", service.url, "--json"]) == 0
    assert [r["hub_user"] for r in json.loads(capsys.readouterr().out)] == ["ben"]
    assert main(["submissions", "list", "--service", service.url, "--user", "ann"]) == 1
    assert "403" in capsys.readouterr().err
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok-guest")
    assert main(["submissions", "download", "--service", service.url, "-o", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "403" in err and not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["list", "--service", "URL"], None, "no hub token: set JUPYTERHUB_API_TOKEN or pass --token-file"),
        (
            ["list", "--service", "URL", "--token-file", "/nonexistent/token"],
            "tok-ivy",
            "token file /nonexistent/token does not exist",
        ),
        (["list", "--service", "ftp://hub/"], "tok-ivy", "--service should be the service's http(s) URL"),
        (["list", "--service", "http://127.0.0.1:9/"], "tok-ivy", "cannot reach the collection service"),
        (["list", "--service", "URL"], "not-a-token", "401"),
    ],
)
def test_bad_input_gets_one_line(
    service: RunningService,
    argv,
    env,
    message,
    monkeypatch: pytest.MonkeyPatch,
    capsys,  # noqa: F811
) -> None:
    if env is None:
        monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    else:
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", env)
    argv = [service.url if a == "URL" else a for a in argv]
    assert main(["submissions", *argv]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("course-helpers submissions: ") and message in err
