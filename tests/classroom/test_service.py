"""The collection service's rules, against a stand-in for the hub's token check (the real hub: test_real_hub.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_helpers.classroom.client import HandInError, download_submission, hand_in, list_submissions
from tests.classroom.conftest import RunningService, submission_json


def _send(service: RunningService, token: str, text: str) -> dict:
    path = Path(service.store.db_url.removeprefix("sqlite:///")).parent / f"send-{token}.json"
    path.write_text(text, encoding="utf-8")
    return hand_in(file=path, url=service.url, token=token).receipt


def test_learners_hand_in_under_their_hub_names_and_keep_every_version(service: RunningService, tmp_path) -> None:
    first = _send(service, "tok-ann", submission_json(tmp_path, "ann", {"q1": 1}))
    second = _send(service, "tok-ann", submission_json(tmp_path, "ann", {"q1": 1, "q2": "x"}))
    ben = _send(service, "tok-ben", submission_json(tmp_path, "ben", {"q1": 0}))
    assert (first["hub_user"], first["version"]) == ("ann", 1)
    assert (second["hub_user"], second["version"]) == ("ann", 2)
    assert (ben["hub_user"], ben["version"]) == ("ben", 1)
    assert first["received_at"] <= second["received_at"]
    everything = list_submissions(service.url, "tok-ivy")
    assert [(s["hub_user"], s["version"]) for s in everything] == [("ann", 1), ("ann", 2), ("ben", 1)]
    newest = list_submissions(service.url, "tok-ivy", latest=True)
    assert [(s["hub_user"], s["version"]) for s in newest] == [("ann", 2), ("ben", 1)]
    raw = download_submission(service.url, "tok-ivy", second["id"])
    assert [a["question"] for a in raw["attempts"]] == ["q1", "q2"]


def test_the_service_clock_not_the_file_decides_the_time(service: RunningService, tmp_path) -> None:
    data = json.loads(submission_json(tmp_path, "ann", {"q1": 1}))
    data["exported_at"] = "2099-01-01T00:00:00Z"  # a claimed time the reader accepts (after every attempt)
    receipt = _send(service, "tok-ann", json.dumps(data))
    assert receipt["claims"]["exported_at"].startswith("2099-01-01")
    assert "2026-01-01" < receipt["received_at"] < "2099-01-01"


def test_a_learner_cannot_hand_in_as_another(service: RunningService, tmp_path) -> None:
    with pytest.raises(HandInError, match=r"403.*records learner 'ben' but you are signed in to the hub as 'ann'"):
        _send(service, "tok-ann", submission_json(tmp_path, "ben", {"q1": 1}))
    assert service.store.list() == []


def test_a_learner_sees_only_their_own(service: RunningService, tmp_path) -> None:
    ann = _send(service, "tok-ann", submission_json(tmp_path, "ann", {"q1": 1}))
    assert [s["hub_user"] for s in list_submissions(service.url, "tok-ben")] == []
    with pytest.raises(HandInError, match="403.*only your own"):
        list_submissions(service.url, "tok-ben", user="ann")
    with pytest.raises(HandInError, match="403.*only your own"):
        download_submission(service.url, "tok-ben", ann["id"])
    with pytest.raises(HandInError, match="403.*only your own"):  # same answer for an id that does not exist
        download_submission(service.url, "tok-ben", 999)
    assert download_submission(service.url, "tok-ann", ann["id"])["learner"] == "ann"


def test_only_the_learner_group_submits_and_only_members_may_call(service: RunningService, tmp_path) -> None:
    with pytest.raises(HandInError, match="403.*'ivy' is not in the course's learner group"):
        _send(service, "tok-ivy", submission_json(tmp_path, "ivy", {"q1": 1}))
    with pytest.raises(HandInError, match="403.*neither the learner nor the instructor group"):
        list_submissions(service.url, "tok-guest")
    with pytest.raises(HandInError, match="403.*'outsider' may not use this service"):
        list_submissions(service.url, "tok-outsider")
    with pytest.raises(HandInError, match="401.*no valid hub token"):
        list_submissions(service.url, "not-a-token")


def test_oversized_and_malformed_submissions_are_refused_with_a_reason(service: RunningService, tmp_path) -> None:
    data = json.loads(submission_json(tmp_path, "ann", {"q1": 1}))
    data["attempts"][0]["answer"] = "x" * service.max_bytes
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(HandInError, match=r"bytes; the service takes at most 20,000 bytes"):  # caught before sending
        hand_in(file=path, url=service.url, token="tok-ann", max_bytes=service.max_bytes)
    with pytest.raises(HandInError, match=r"413.*the limit is 20,000 bytes"):  # and by the service itself
        hand_in(file=path, url=service.url, token="tok-ann", max_bytes=10**9)
    data = json.loads(submission_json(tmp_path, "ann", {"q1": 1}))
    data["attempts"][0]["points"] = "many"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(Exception, match="attempts.0.points"):  # refused locally by the file reader
        hand_in(file=path, url=service.url, token="tok-ann")
    assert service.store.list() == []


def test_the_service_itself_refuses_what_is_not_a_submission(service: RunningService) -> None:
    from course_helpers.classroom.client import _request

    for body, reason in [
        (b"{not json", "400.*not JSON"),
        (b'{"format": "something-else"}', "400.*not a course submission"),
        (b'{"format": "inpatient-coder-course/submission", "schema_version": 9}', "400.*schema_version 9"),
    ]:
        with pytest.raises(HandInError, match=reason):
            _request("POST", service.url + "api/submissions", "tok-ann", body)
    with pytest.raises(HandInError, match="403.*cannot hand in as 'ben'"):
        _request("POST", service.url + "api/submissions?learner=ben", "tok-ann", b"{}")
    assert service.store.list() == []


def test_the_grader_gets_the_newest_files_byte_for_byte_over_http(service: RunningService, tmp_path) -> None:
    import hashlib

    from course_helpers.classroom.client import service_submissions

    _send(service, "tok-ann", submission_json(tmp_path, "ann", {"q1": 1}))
    newest_text = submission_json(tmp_path, "ann", {"q1": 1, "q2": 2})
    _send(service, "tok-ann", newest_text)
    _send(service, "tok-ben", submission_json(tmp_path, "ben", {"q1": 0}))
    items = {s.hub_user: s for s in service_submissions(service.url, "tok-ivy")}
    assert sorted(items) == ["ann", "ben"] and items["ann"].version == 2
    assert items["ann"].raw == newest_text
    assert hashlib.sha256(items["ann"].raw.encode()).hexdigest() == items["ann"].sha256
    assert items["ann"].received_at.tzinfo is not None
    assert len(service_submissions(service.url, "tok-ivy", latest_only=False)) == 3
    with pytest.raises(HandInError, match="403"):
        service_submissions(service.url, "tok-guest")
