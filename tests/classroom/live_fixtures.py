"""A course service with live sessions, on 127.0.0.1 against a stand-in hub, for the live-session tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyterhub.services.auth import HubAuth
from tornado.httpserver import HTTPServer

from course_helpers.classroom.hub_stub import ACCESS, make_stub_hub, user_model
from course_helpers.classroom.service import SUBMIT_SCOPE, ServiceSettings, listen, make_app
from course_helpers.classroom.storage import SubmissionStore
from tests.classroom.conftest import PREFIX, free_port

TEACH_A = "custom:course:teach!group=class-a"
TOKENS = {
    "tok-ann": user_model("ann", [ACCESS, SUBMIT_SCOPE], ["class-a"]),
    "tok-ben": user_model("ben", [ACCESS, SUBMIT_SCOPE], ["class-a"]),
    "tok-cat": user_model("cat", [ACCESS, SUBMIT_SCOPE], ["class-b"]),
    "tok-ivy": user_model("ivy", [ACCESS, TEACH_A], ["instructors"]),
    "tok-olga": user_model("olga", [ACCESS, "custom:course:teach!group=class-b"], ["instructors"]),
}


@dataclass
class LiveService:
    url: str
    db_url: str
    app: Any
    loop: asyncio.AbstractEventLoop


@contextmanager
def running_service(
    tmp: Path, tokens: dict[str, dict] | None = None, db_url: str | None = None
) -> Iterator[LiveService]:
    """The course service (hand-ins and live sessions) and a stand-in hub, in a background event loop."""
    db_url = db_url or f"sqlite:///{tmp / 'live.sqlite'}"
    store = SubmissionStore(db_url)
    hub_port, port = free_port(), free_port()
    loop = asyncio.new_event_loop()
    servers: list[HTTPServer] = []
    apps: list[Any] = []
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)

        async def start() -> None:
            hub = HTTPServer(make_stub_hub(tokens or TOKENS))
            hub.listen(hub_port, "127.0.0.1")
            auth = HubAuth(api_url=f"http://127.0.0.1:{hub_port}/hub/api", api_token="svc", access_scopes={ACCESS})
            app = make_app(ServiceSettings(store=store), prefix=PREFIX, hub_auth=auth)
            apps.append(app)
            servers.extend([hub, listen(app, "127.0.0.1", port, 100_000)])
            ready.set()

        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), "the service did not start"
    try:
        yield LiveService(f"http://127.0.0.1:{port}{PREFIX}", db_url, apps[0], loop)
    finally:
        for server in servers:
            loop.call_soon_threadsafe(server.stop)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        apps[0].settings["course_live"].close()
        store.close()
