"""A stand-in for the one hub endpoint the service calls (`GET /hub/api/user`), for the load benchmark and
fast tests of the access rules. It answers as JupyterHub does: a known token gives that user's model with
its scopes, an unknown one a 403. The real-hub test (tests/classroom/test_real_hub.py) proves the same
rules against JupyterHub itself.
"""

from __future__ import annotations

import json
from typing import Any

from tornado import web

from course_helpers.classroom.service import REVIEW_SCOPE, SERVICE_NAME, SUBMIT_SCOPE

ACCESS = f"access:services!service={SERVICE_NAME}"
LEARNER_SCOPES = [ACCESS, SUBMIT_SCOPE]
INSTRUCTOR_SCOPES = [ACCESS, REVIEW_SCOPE]


def user_model(name: str, scopes: list[str], groups: list[str] | None = None) -> dict[str, Any]:
    """A user model shaped like the hub's answer to `GET /hub/api/user`."""
    return {"kind": "user", "name": name, "admin": False, "groups": groups or [], "scopes": scopes}


class _UserHandler(web.RequestHandler):
    def initialize(self, tokens: dict[str, dict[str, Any]]) -> None:
        self.tokens = tokens

    def get(self) -> None:
        header = self.request.headers.get("Authorization", "")
        token = header.split(" ", 1)[1] if " " in header else ""
        model = self.tokens.get(token)
        if model is None:
            self.set_status(403)
            self.finish(json.dumps({"status": 403, "message": "invalid token"}))
            return
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(model))


def make_stub_hub(tokens: dict[str, dict[str, Any]]) -> web.Application:
    """A tornado app serving `/hub/api/user` for the given token -> user model table."""
    return web.Application([(r"/hub/api/user", _UserHandler, {"tokens": tokens})])
