"""The collection service: a small tornado app that JupyterHub runs as a managed service.

Every request carries a hub token (`Authorization: token ...`; a learner's kernel has one in
`JUPYTERHUB_API_TOKEN`). jupyterhub's own `HubAuth` asks the hub who the token belongs to, so the learner
id is the hub's user name, never one the caller chose. The hub must grant `access:services!service=NAME`
(checked by `HubAuthenticated`), and two course scopes, given to hub groups through roles, decide the rest:

- `custom:course:submit` (the learner group): hand in; read one's own receipts and submissions.
- `custom:course:review` (the instructor group): list and download every learner's submissions.

HTTP API under the service prefix (`/services/course-submissions/` by default):
`GET api/health`, `GET api/whoami`, `POST api/submissions` (the submission JSON as the body),
`GET api/submissions[?user=NAME&latest=1]`, `GET api/submissions/ID` (the JSON exactly as sent).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from typing import Any

from jupyterhub.services.auth import HubAuth, HubAuthenticated
from jupyterhub.utils import url_path_join
from pydantic import ValidationError
from tornado import web
from tornado.httpserver import HTTPServer

from course_helpers.classroom.storage import DEFAULT_MAX_BYTES, SubmissionStore
from course_helpers.records.submission import FORMAT, SUPPORTED_VERSIONS, SubmissionV1

log = logging.getLogger("course_helpers.classroom")

SERVICE_NAME = "course-submissions"
SUBMIT_SCOPE = "custom:course:submit"
REVIEW_SCOPE = "custom:course:review"


@dataclass(frozen=True)
class ServiceSettings:
    """What the handlers need: the store, the size limit and the two course scopes."""

    store: SubmissionStore
    max_bytes: int = DEFAULT_MAX_BYTES
    submit_scope: str = SUBMIT_SCOPE
    review_scope: str = REVIEW_SCOPE


class _Handler(HubAuthenticated, web.RequestHandler):
    """Identify the caller with the hub (asynchronously, so one slow lookup never stalls the others)."""

    def initialize(self, settings: ServiceSettings, hub_auth: HubAuth) -> None:
        self.course = settings
        self.hub_auth = hub_auth

    def check_xsrf_cookie(self) -> None:  # token-authenticated API: no cookies, no XSRF
        return None

    async def prepare(self) -> None:
        model = await self.hub_auth.get_user(self, sync=False)
        if not model:
            raise web.HTTPError(401, "no valid hub token: send 'Authorization: token $JUPYTERHUB_API_TOKEN'")
        try:
            self._hub_auth_user_cache = self.check_hub_user(model)
        except Exception as exc:  # jupyterhub's UserNotAllowed: authenticated, but no access to this service
            name = model.get("name", "?")
            raise web.HTTPError(403, f"hub user {name!r} may not use this service (no access scope)") from exc

    @property
    def user(self) -> dict[str, Any]:
        return self._hub_auth_user_cache

    def has(self, scope: str) -> bool:
        return bool(self.hub_auth.check_scopes({scope}, self.user))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        message = self._reason
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, web.HTTPError) and exc.log_message:
            message = exc.log_message
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status_code, "message": message}))

    def send_json(self, value: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(value))


class HealthHandler(web.RequestHandler):
    def get(self) -> None:
        self.finish({"ok": True, "pid": os.getpid()})  # the pid lets a supervisor (or a test) stop it by id


class WhoAmIHandler(_Handler):
    def get(self) -> None:
        s = self.course
        self.send_json(
            {"name": self.user["name"], "submit": self.has(s.submit_scope), "review": self.has(s.review_scope)}
        )


def _claims(body: bytes, hub_user: str, max_bytes: int) -> tuple[str, SubmissionV1]:
    """Check a submission body; return its text and model, or raise HTTPError with a one-line reason."""
    if len(body) > max_bytes:
        raise web.HTTPError(
            413, f"submission is {len(body):,} bytes; the limit is {max_bytes:,} bytes (ask your instructor)"
        )
    try:
        text = body.decode("utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise web.HTTPError(400, f"the body is not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise web.HTTPError(400, f"not a course submission: 'format' must be {FORMAT!r}")
    if data.get("schema_version") not in SUPPORTED_VERSIONS:
        raise web.HTTPError(400, f"submission schema_version {data.get('schema_version')!r} is not supported")
    try:
        model = SubmissionV1.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        raise web.HTTPError(400, f"invalid submission at {where}: {first['msg']}") from exc
    if model.learner != hub_user:
        raise web.HTTPError(
            403,
            f"this file records learner {model.learner!r} but you are signed in to the hub as {hub_user!r}: "
            "you can hand in only your own work",
        )
    return text, model


class SubmissionsHandler(_Handler):
    def post(self) -> None:
        s = self.course
        name = self.user["name"]
        if not self.has(s.submit_scope):
            raise web.HTTPError(403, f"hub user {name!r} is not in the course's learner group: cannot hand in")
        named = self.get_query_argument("learner", None)
        if named is not None and named != name:
            raise web.HTTPError(403, f"you are signed in as {name!r}: you cannot hand in as {named!r}")
        text, model = _claims(self.request.body, name, s.max_bytes)
        stored = s.store.add(
            name, text, claimed_learner=model.learner, claimed_exported_at=model.exported_at.isoformat()
        )
        log.info("stored submission %s version %s for %s", stored.id, stored.version, name)
        self.send_json(stored.receipt(), status=201)

    def get(self) -> None:
        s = self.course
        name = self.user["name"]
        wanted = self.get_query_argument("user", None)
        latest = self.get_query_argument("latest", "0") in {"1", "true", "yes"}
        if not self.has(s.review_scope):
            if not self.has(s.submit_scope):
                raise web.HTTPError(403, f"hub user {name!r} is in neither the learner nor the instructor group")
            if wanted not in (None, name):
                raise web.HTTPError(403, f"you are {name!r}: you may list only your own submissions")
            wanted = name
        items = s.store.list(wanted, latest_only=latest)
        self.send_json({"submissions": [item.receipt() for item in items]})


class SubmissionHandler(_Handler):
    def get(self, submission_id: str) -> None:
        s = self.course
        name = self.user["name"]
        item = s.store.get(int(submission_id))
        if self.has(s.review_scope):
            if item is None:
                raise web.HTTPError(404, f"no submission {submission_id}")
        elif not self.has(s.submit_scope) or item is None or item.hub_user != name:
            # the same answer whether it exists or not: a learner learns nothing about others' hand-ins
            raise web.HTTPError(403, f"you are {name!r}: you may read only your own submissions")
        self.set_header("Content-Type", "application/json")
        self.set_header("X-Course-Hub-User", item.hub_user)
        self.set_header("X-Course-Received-At", item.received_at.isoformat())
        self.finish(item.raw)


def make_app(settings: ServiceSettings, prefix: str | None = None, hub_auth: HubAuth | None = None) -> web.Application:
    """The tornado application, routed under the service prefix the hub gives (`JUPYTERHUB_SERVICE_PREFIX`)."""
    prefix = prefix or os.environ.get("JUPYTERHUB_SERVICE_PREFIX") or f"/services/{SERVICE_NAME}/"
    if hub_auth is None:
        name = os.environ.get("JUPYTERHUB_SERVICE_NAME") or SERVICE_NAME
        hub_auth = HubAuth(cache_max_age=60, access_scopes={f"access:services!service={name}"})
    args = {"settings": settings, "hub_auth": hub_auth}
    # live sessions (class view, polls, learners' streamed answers): classroom/live_handlers.py
    from course_helpers.classroom.live_handlers import LiveService

    live = LiveService(settings.store.db_url, prefix, hub_auth)
    app = web.Application(
        [
            (url_path_join(prefix, "api/health"), HealthHandler),
            (url_path_join(prefix, "api/whoami"), WhoAmIHandler, args),
            (url_path_join(prefix, "api/submissions"), SubmissionsHandler, args),
            (url_path_join(prefix, r"api/submissions/(\d+)"), SubmissionHandler, args),
            *live.routes(),
        ],
        **live.app_settings(),
    )
    app.settings["course_live"] = live
    return app


def listen(app: web.Application, host: str, port: int, max_bytes: int) -> HTTPServer:
    """Start listening; bodies a little over the limit still arrive, so the handler can say why it refuses."""
    server = HTTPServer(app, max_body_size=max_bytes + 1_000_000, xheaders=True)
    server.listen(port, host)
    return server


def bind_address(ip: str | None, port: int | None) -> tuple[str, int]:
    """Where to listen: explicit values, else the URL the hub gives a managed service, else 127.0.0.1:10101."""
    from urllib.parse import urlparse

    hub_url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", ""))
    return (ip or hub_url.hostname or "127.0.0.1", port or hub_url.port or 10101)


def serve(db_url: str, ip: str | None = None, port: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Run the service until interrupted (the hub starts and stops it when it is a managed service)."""
    import asyncio

    logging.basicConfig(level=logging.INFO, format="[course-submissions %(asctime)s] %(message)s")
    host, port_ = bind_address(ip, port)

    async def main() -> None:
        store = SubmissionStore(db_url)
        app = make_app(ServiceSettings(store=store, max_bytes=max_bytes))
        listen(app, host, port_, max_bytes)
        log.info("listening on http://%s:%s%s", host, port_, os.environ.get("JUPYTERHUB_SERVICE_PREFIX", ""))
        await asyncio.Event().wait()

    asyncio.run(main())
