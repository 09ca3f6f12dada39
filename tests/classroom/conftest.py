"""Shared by the classroom tests: submission files and a service running against a stand-in hub."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

if os.environ.get("COURSE_REQUIRE_HUB") == "1":  # CI: a missing extra fails here instead of skipping
    import jupyterhub  # noqa: F401
    import sqlalchemy  # noqa: F401
pytest.importorskip("jupyterhub", reason="the hand-in service needs the [hub] extra: pip install -e '.[hub]'")
pytest.importorskip("sqlalchemy", reason="the hand-in service needs the [hub] extra: pip install -e '.[hub]'")

from jupyterhub.services.auth import HubAuth  # noqa: E402
from tornado.httpserver import HTTPServer  # noqa: E402

from course_helpers.classroom.hub_stub import (  # noqa: E402
    ACCESS,
    INSTRUCTOR_SCOPES,
    LEARNER_SCOPES,
    make_stub_hub,
    user_model,
)
from course_helpers.classroom.service import ServiceSettings, listen, make_app  # noqa: E402
from course_helpers.classroom.storage import SubmissionStore  # noqa: E402
from course_helpers.records.store import Attempt, ProgressStore  # noqa: E402
from course_helpers.records.submission import build_submission  # noqa: E402

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
PREFIX = "/services/course-submissions/"
TOKENS = {
    "tok-ann": user_model("ann", LEARNER_SCOPES, ["learners"]),
    "tok-ben": user_model("ben", LEARNER_SCOPES, ["learners"]),
    "tok-ivy": user_model("ivy", INSTRUCTOR_SCOPES, ["instructors"]),
    "tok-guest": user_model("guest", [ACCESS]),  # may reach the service, is in neither group
    "tok-outsider": user_model("outsider", ["read:users:name!user"]),  # no access to the service at all
}


def submission_json(tmp: Path, learner: str, answers: dict[str, object], bank: str = "01_the_role") -> str:
    """A real submission file's text for `learner`, built by the package from a throwaway progress store."""
    with ProgressStore(tmp / f"{learner}-{len(answers)}.sqlite3") as store:
        for i, (question, answer) in enumerate(answers.items()):
            store.record(Attempt(learner, bank, question, answer, True, 1.0, 1.0, "h1", at=T0 + timedelta(minutes=i)))
        return build_submission(store, learner, {}).model_dump_json()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningService:
    url: str
    store: SubmissionStore
    max_bytes: int


@pytest.fixture
def service(tmp_path: Path) -> Iterator[RunningService]:
    """The collection service and a stand-in hub, on 127.0.0.1, in a background event loop."""
    store = SubmissionStore(f"sqlite:///{tmp_path / 'subs.sqlite'}")
    hub_port, port = free_port(), free_port()
    loop = asyncio.new_event_loop()
    servers: list[HTTPServer] = []
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)

        async def start() -> None:
            hub = HTTPServer(make_stub_hub(TOKENS))
            hub.listen(hub_port, "127.0.0.1")
            auth = HubAuth(api_url=f"http://127.0.0.1:{hub_port}/hub/api", api_token="svc", access_scopes={ACCESS})
            app = make_app(ServiceSettings(store=store, max_bytes=20_000), prefix=PREFIX, hub_auth=auth)
            servers.extend([hub, listen(app, "127.0.0.1", port, 20_000)])
            ready.set()

        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10), "the service did not start"
    yield RunningService(f"http://127.0.0.1:{port}{PREFIX}", store, 20_000)
    for server in servers:
        loop.call_soon_threadsafe(server.stop)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    store.close()
