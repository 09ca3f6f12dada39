"""A real JupyterHub on 127.0.0.1: two learners on the installed course hand in; the instructor grades both.

The hub runs the dummy authenticator and the simple local process spawner, with the course's collection
service as a managed service and hub groups granting the course scopes. Each learner's server runs the
course installed from a freshly built wheel into a throwaway environment (not this checkout). Skips with
what to install when jupyterhub or configurable-http-proxy is missing, unless COURSE_REQUIRE_HUB=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.classroom import hub_harness as hh
from tests.paths import REPO

pytestmark = pytest.mark.hub

ACCESS = "access:services!service=course-submissions"


def _require_hub() -> str:
    missing = []
    try:
        import jupyterhub  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        missing.append("jupyterhub/sqlalchemy")
    proxy = hh.find_proxy()
    if proxy is None:
        missing.append("configurable-http-proxy")
    if missing:
        message = f"missing {', '.join(missing)}: {hh.WHAT_TO_INSTALL}"
        if hh.hub_required():
            pytest.fail(f"{hh.REQUIRE_VAR}=1 but {message}")
        pytest.skip(message)
    return proxy  # type: ignore[return-value]


@pytest.fixture(scope="session")
def installed_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway environment with the course installed from a wheel built now; returns its python.

    Its dependencies come from this test environment (a .pth line), the course itself only from the wheel.
    """
    _require_hub()
    root = tmp_path_factory.mktemp("installed")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "wheel"), str(REPO)],
        check=True, capture_output=True,
    )
    wheel = next((root / "wheel").glob("course_helpers-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    # without PYTHONPATH: a checkout's src/ on it (with its egg-info) makes pip think the course is installed
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True, capture_output=True, env=clean,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    (Path(site) / "_course_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


@pytest.fixture
def hub(installed_course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[hh.Hub]:
    proxy = _require_hub()
    running = hh.write_config(tmp_path_factory.mktemp("hub"), installed_course, proxy)
    with hh.running(running):
        yield running


def _result(output: str) -> dict:
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    assert lines, f"no result in the kernel's output:\n{output}"
    return json.loads(lines[-1].removeprefix("RESULT "))


ANSWER_AND_SUBMIT = """
import json, course_helpers
from course_helpers import quiz, submit
from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.grading import correct_response
from course_helpers.records.store import default_path
questions = {{q.id: q for q in load_bank("01_the_role").bank.questions}}
q = quiz("01_the_role")
ids = q.question_ids[:{count}]
for qid in ids:
    q.answer(qid, correct_response(questions[qid]))
receipts = [submit() for _ in range({times})]
print("RESULT " + json.dumps({{
    "module": course_helpers.__file__, "db": str(default_path()), "ids": ids,
    "ok": [r.ok for r in receipts], "messages": [r.message for r in receipts],
    "receipts": [r.receipt for r in receipts]}}))
"""

IMPERSONATE = """
import json, os
from course_helpers import submit
from course_helpers.classroom.client import HandInError, download_submission
os.environ["JUPYTERHUB_USER"] = "ann"   # the learner's own kernel claims to be ann ...
as_ann = submit()
os.environ["JUPYTERHUB_USER"] = "ben"
try:                                     # ... and tries to read ann's hand-in
    download_submission(os.environ["COURSE_SUBMIT_URL"], os.environ["JUPYTERHUB_API_TOKEN"], {ann_id})
    read = "read it"
except HandInError as exc:
    read = str(exc)
print("RESULT " + json.dumps({{"ok": as_ann.ok, "message": as_ann.message, "read": read}}))
"""


def _regrade(raw: dict) -> float:
    """The instructor's side: regrade what was sent (newest answer per question) with the pure grader."""
    from course_helpers.quizzing.bank import load_bank
    from course_helpers.quizzing.grading import grade

    questions = {q.id: q for q in load_bank("01_the_role").bank.questions}
    newest = {a["question"]: a["answer"] for a in raw["attempts"] if a["bank"] == "01_the_role"}
    return sum(grade(questions[qid], answer).points for qid, answer in newest.items())


def test_two_learners_hand_in_through_the_hub_and_the_instructor_grades_both(
    hub: hh.Hub, installed_course: Path
) -> None:
    from course_helpers.classroom.client import HandInError, download_submission, list_submissions
    from course_helpers.quizzing.bank import load_bank
    from course_helpers.records.store import ProgressStore

    hub.start_server("ann")
    hub.start_server("ben")
    assert {"hub", "service", "server-ann", "server-ben"} <= set(hub.pids), hub.pids  # each stopped by its id
    ann = _result(hh.run_in_kernel(hub, "ann", ANSWER_AND_SUBMIT.format(count=3, times=2)))
    ben = _result(hh.run_in_kernel(hub, "ben", ANSWER_AND_SUBMIT.format(count=1, times=1)))

    # each server ran the installed course, not this checkout
    venv = str(installed_course.parent.parent)
    assert ann["module"].startswith(venv) and ben["module"].startswith(venv), (ann["module"], venv)
    assert ann["ok"] == [True, True] and ben["ok"] == [True], (ann["messages"], ben["messages"])
    assert [r["version"] for r in ann["receipts"]] == [1, 2]
    assert all(r["hub_user"] == "ann" for r in ann["receipts"]) and ben["receipts"][0]["hub_user"] == "ben"

    # progress kept apart: one store per learner, each holding only that learner
    assert ann["db"] != ben["db"]
    with ProgressStore(ann["db"]) as store:
        assert store.learners() == ["ann"] and store.count() == 3
    with ProgressStore(ben["db"]) as store:
        assert store.learners() == ["ben"] and store.count() == 1

    # impersonation refused, another learner's hand-in unreadable
    attempt = _result(hh.run_in_kernel(hub, "ben", IMPERSONATE.format(ann_id=ann["receipts"][1]["id"])))
    assert attempt["ok"] is False
    assert "403" in attempt["message"] and "signed in to the hub as 'ben'" in attempt["message"], attempt
    assert "403" in attempt["read"] and "only your own" in attempt["read"], attempt

    # the instructor (hub group "instructors") lists and grades both, through the hub's proxy
    ivy = hub.token_for("ivy", [ACCESS, "custom:course:review"])
    url = f"{hub.url}/services/course-submissions/"
    every = list_submissions(url, ivy)
    assert sorted((s["hub_user"], s["version"]) for s in every) == [("ann", 1), ("ann", 2), ("ben", 1)]
    newest = {s["hub_user"]: s for s in list_submissions(url, ivy, latest=True)}
    assert set(newest) == {"ann", "ben"}
    assert newest["ann"]["version"] == 2
    questions = {q.id: q for q in load_bank("01_the_role").bank.questions}
    scores = {user: _regrade(download_submission(url, ivy, s["id"])) for user, s in newest.items()}
    assert scores == {
        "ann": sum(questions[i].points for i in ann["ids"]),
        "ben": sum(questions[i].points for i in ben["ids"]),
    }
    assert scores["ann"] > scores["ben"] > 0
    # ... and may not hand in (not in the learner group)
    with pytest.raises(HandInError, match="403"):
        from course_helpers.classroom.client import _request

        _request("POST", url + "api/submissions", hub.token_for("ivy", [ACCESS]), b"{}")
    # the service's own database holds both, under the hub's names, with the service's receive times
    from course_helpers.classroom.storage import stored_submissions

    stored = stored_submissions(f"sqlite:///{hub.root / 'submissions.sqlite'}")
    assert sorted(s.hub_user for s in stored) == ["ann", "ben"]
    assert all(json.loads(s.raw)["learner"] == s.hub_user for s in stored)


def test_a_missing_proxy_skips_with_what_to_install_unless_ci_requires_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hh, "find_proxy", lambda: None)
    monkeypatch.delenv(hh.REQUIRE_VAR, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"configurable-http-proxy.*make hub-deps"):
        _require_hub()
    monkeypatch.setenv(hh.REQUIRE_VAR, "1")
    with pytest.raises(pytest.fail.Exception, match="COURSE_REQUIRE_HUB=1 but missing configurable-http-proxy"):
        _require_hub()
