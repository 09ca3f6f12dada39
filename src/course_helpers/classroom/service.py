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

A good citizen of a shared hub: the token (in the `Authorization` header only; `?token=` is refused and never
logged) is checked before any of the body is read, bodies are capped and timed out, database calls run in a
small thread pool with a short timeout (a paused or locked database gives 503, and `api/health` keeps
answering), and each learner has a rate limit and a storage quota (`course-helpers serve --help`).
Answers are 200/201, or one JSON line `{"status": N, "message": "..."}` with 400, 401, 403, 404, 413, 429
or 503.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import time
from collections import defaultdict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jupyterhub.services.auth import HubAuth, HubAuthenticated
from jupyterhub.utils import url_path_join
from sqlalchemy.exc import SQLAlchemyError
from tornado import web
from tornado.httpserver import HTTPServer

from course_helpers.classroom.hand_in_record import DEFAULT_RATE
from course_helpers.classroom.storage import (
    DEFAULT_MAX_BYTES,
    DEFAULT_QUOTA_BYTES,
    QuotaError,
    StorageError,
    SubmissionStore,
)
from course_helpers.records.submission import SubmissionError, SubmissionV1, parse_submission

log = logging.getLogger("course_helpers.classroom")

SERVICE_NAME = "course-submissions"
SUBMIT_SCOPE = "custom:course:submit"
REVIEW_SCOPE = "custom:course:review"
STORAGE_TIMEOUT = 10.0
"""Seconds a request waits for the database before answering 503 (the call may still finish afterwards)."""
BODY_TIMEOUT = 30.0
"""Seconds a client may take to send a whole request body (5 MB at 1.3 Mbit/s)."""
IDLE_TIMEOUT = 60.0
"""Seconds an idle kept-alive connection stays open."""
TOKEN_CACHE_SECONDS = 10
"""How long the hub's answer about a token is reused: a revoked token keeps working at most this long."""
_ID_DIGITS = 18  # a submission id past this is no id the database can hold

T = TypeVar("T")


class RateLimit:
    """At most `per_minute` events per key in any 60 seconds (in this process's memory)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.events: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str, now: float | None = None) -> bool:
        """True (and counted) when `key` is under its limit; False when it must wait."""
        now = time.monotonic() if now is None else now
        seen = self.events[key]
        while seen and now - seen[0] >= 60:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return False
        seen.append(now)
        return True


@dataclass(frozen=True)
class ServiceSettings:
    """What the handlers need: the store, the limits and the two course scopes."""

    store: SubmissionStore
    max_bytes: int = DEFAULT_MAX_BYTES
    submit_scope: str = SUBMIT_SCOPE
    review_scope: str = REVIEW_SCOPE
    rate_per_minute: int = DEFAULT_RATE
    quota_bytes: int = DEFAULT_QUOTA_BYTES
    storage_timeout: float = STORAGE_TIMEOUT
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=4, thread_name_prefix="course-storage")
    )
    rate: RateLimit = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", RateLimit(self.rate_per_minute))


class _NoQueryInLogs(web.RequestHandler):
    """Tornado's warning lines name the request by its path only: a token put in the URL is never logged."""

    def _request_summary(self) -> str:
        return f"{self.request.method} {self.request.path} ({self.request.remote_ip})"


@web.stream_request_body
class _Handler(HubAuthenticated, _NoQueryInLogs):
    """Identify the caller with the hub (asynchronously, so one slow lookup never stalls the others), before a
    byte of the body is read; then collect the body up to the size limit."""

    def initialize(self, settings: ServiceSettings, hub_auth: HubAuth) -> None:
        self.course = settings
        self.hub_auth = hub_auth
        self.body = bytearray()
        self.too_large = False

    def check_xsrf_cookie(self) -> None:  # token-authenticated API: no cookies, no XSRF
        return None

    async def prepare(self) -> None:
        if "token" in self.request.query_arguments:
            raise web.HTTPError(400, "send the token in the Authorization header, never in the URL (?token=)")
        if not self.request.headers.get("Authorization", "").strip():
            raise web.HTTPError(401, "no hub token: send 'Authorization: token $JUPYTERHUB_API_TOKEN'")
        model = await self.hub_auth.get_user(self, sync=False)
        if not model:
            raise web.HTTPError(401, "no valid hub token: send 'Authorization: token $JUPYTERHUB_API_TOKEN'")
        try:
            self._hub_auth_user_cache = self.check_hub_user(model)
        except Exception as exc:  # jupyterhub's UserNotAllowed: authenticated, but no access to this service
            name = model.get("name", "?")
            raise web.HTTPError(403, f"hub user {name!r} may not use this service (no access scope)") from exc
        declared = self.request.headers.get("Content-Length", "0")
        if not declared.isdigit() or int(declared) > self.course.max_bytes:
            raise web.HTTPError(
                413, f"submission is {declared} bytes; the limit is {self.course.max_bytes:,} bytes (ask your "
                "instructor)"
            )

    def data_received(self, chunk: bytes) -> None:
        if self._finished or self.too_large:
            return
        if len(self.body) + len(chunk) > self.course.max_bytes:
            self.too_large = True
            self.body = bytearray()
            return
        self.body.extend(chunk)

    async def storage(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a database call in the service's thread pool, off the event loop; 503 when it is slow or down."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.course.executor, functools.partial(call, *args, **kwargs))
        try:
            return await asyncio.wait_for(future, self.course.storage_timeout)
        except TimeoutError:
            log.warning("the database did not answer in %.0f s (%s)", self.course.storage_timeout, call.__name__)
            raise web.HTTPError(
                503, "the hand-in database is busy; try again in a minute (a hand-in may still have been stored: "
                "submit again, versions are kept)"
            ) from None
        except QuotaError as exc:
            raise web.HTTPError(413, str(exc)) from None
        except (StorageError, SQLAlchemyError) as exc:
            log.warning("database error in %s: %s", call.__name__, str(exc).splitlines()[0])
            raise web.HTTPError(503, "the hand-in database cannot be used right now; try again later") from None

    @property
    def user(self) -> dict[str, Any]:
        return self._hub_auth_user_cache

    def has(self, scope: str) -> bool:
        return bool(self.hub_auth.check_scopes({scope}, self.user))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        _one_line_error(self, status_code, **kwargs)

    def send_json(self, value: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(value))


def _one_line_error(handler: web.RequestHandler, status_code: int, **kwargs: Any) -> None:
    """Every error as one JSON line, never a traceback or an HTML page."""
    message = handler._reason
    exc = kwargs.get("exc_info", (None, None, None))[1]
    if isinstance(exc, web.HTTPError) and exc.log_message:
        message = exc.log_message
    handler.set_header("Content-Type", "application/json")
    handler.finish(json.dumps({"status": status_code, "message": message}))


@web.stream_request_body
class HealthHandler(_NoQueryInLogs):
    """`GET api/health`: answers at once, without the hub or the database (for the hub and for monitoring)."""

    def prepare(self) -> None:
        if self.request.method != "GET":
            raise web.HTTPError(405, "api/health answers GET only")

    def data_received(self, chunk: bytes) -> None:
        return None

    def get(self) -> None:
        self.finish({"ok": True, "pid": os.getpid()})  # the pid lets a supervisor (or a test) stop it by id

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        _one_line_error(self, status_code, **kwargs)


@web.stream_request_body
class NotFoundHandler(_NoQueryInLogs):
    """Any other path: 404 at once, without reading the body."""

    def prepare(self) -> None:
        raise web.HTTPError(404, "no such endpoint of the course's hand-in service")

    def data_received(self, chunk: bytes) -> None:
        return None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        _one_line_error(self, status_code, **kwargs)


class WhoAmIHandler(_Handler):
    def get(self) -> None:
        s = self.course
        self.send_json(
            {"name": self.user["name"], "submit": self.has(s.submit_scope), "review": self.has(s.review_scope)}
        )


def _claims(body: bytes, hub_user: str, max_bytes: int) -> tuple[str, SubmissionV1]:
    """Check a submission body at the edge (`parse_submission`); return its text and model, or raise HTTPError
    with a one-line reason."""
    try:
        model = parse_submission(bytes(body), max_bytes=max_bytes)
        text = body.decode("utf-8")
    except SubmissionError as exc:
        status = 413 if exc.kind == "too large" else 400
        message = f"the body is not JSON: it {exc}" if exc.kind == "not JSON" else f"submission {exc}"
        raise web.HTTPError(status, message) from None
    except UnicodeDecodeError as exc:
        raise web.HTTPError(400, f"the body is not JSON ({exc})") from None
    if model.learner != hub_user:
        raise web.HTTPError(
            403,
            f"this file records learner {model.learner!r} but you are signed in to the hub as {hub_user!r}: "
            "you can hand in only your own work",
        )
    return text, model


class SubmissionsHandler(_Handler):
    async def post(self) -> None:
        s = self.course
        name = self.user["name"]
        if not self.has(s.submit_scope):
            raise web.HTTPError(403, f"hub user {name!r} is not in the course's learner group: cannot hand in")
        named = self.get_query_argument("learner", None)
        if named is not None and named != name:
            raise web.HTTPError(403, f"you are signed in as {name!r}: you cannot hand in as {named!r}")
        if self.too_large:
            raise web.HTTPError(413, f"submission is over the limit of {s.max_bytes:,} bytes (ask your instructor)")
        if not s.rate.allow(name):
            raise web.HTTPError(
                429, f"{name!r} handed in {s.rate_per_minute} times in the last minute; wait a minute and try again"
            )
        text, model = _claims(bytes(self.body), name, s.max_bytes)
        stored = await self.storage(
            s.store.add, name, text, claimed_learner=model.learner,
            claimed_exported_at=model.exported_at.isoformat(), quota_bytes=s.quota_bytes,
        )
        log.info("stored submission %s version %s for %s", stored.id, stored.version, name)
        self.send_json(stored.receipt(), status=201)

    async def get(self) -> None:
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
        items = await self.storage(s.store.list, wanted, latest_only=latest)
        self.send_json({"submissions": [item.receipt() for item in items]})


class SubmissionHandler(_Handler):
    async def get(self, submission_id: str) -> None:
        s = self.course
        name = self.user["name"]
        if len(submission_id) > _ID_DIGITS:
            raise web.HTTPError(404, f"no submission {submission_id[:_ID_DIGITS]}...")
        item = await self.storage(s.store.get, int(submission_id))
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
        hub_auth = HubAuth(
            cache_max_age=TOKEN_CACHE_SECONDS, access_scopes={f"access:services!service={name}"}
        )
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
        log_function=log_request,
        default_handler_class=NotFoundHandler,
        **live.app_settings(),
    )
    app.settings["course_live"] = live
    return app


def log_request(handler: web.RequestHandler) -> None:
    """One access-log line without the query string (a token put in the URL never reaches the log)."""
    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    took = 1000 * handler.request.request_time()
    log.log(level, "%d %s %s %.0fms", status, handler.request.method, handler.request.path, took)


def listen(app: web.Application, host: str, port: int, max_bytes: int) -> HTTPServer:
    """Start listening; a body over the limit (with its headers) is cut off, a slow one times out."""
    server = HTTPServer(
        app, max_body_size=max_bytes + 65_536, xheaders=True, body_timeout=BODY_TIMEOUT,
        idle_connection_timeout=IDLE_TIMEOUT,
    )
    server.listen(port, host)
    return server


def bind_address(ip: str | None, port: int | None) -> tuple[str, int]:
    """Where to listen: explicit values, else the URL the hub gives a managed service, else 127.0.0.1:10101."""
    from urllib.parse import urlparse

    hub_url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", ""))
    return (ip or hub_url.hostname or "127.0.0.1", port or hub_url.port or 10101)


def serve(
    db_url: str,
    ip: str | None = None,
    port: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    rate_per_minute: int = DEFAULT_RATE,
    quota_bytes: int = DEFAULT_QUOTA_BYTES,
) -> None:
    """Run the service until interrupted (the hub starts and stops it when it is a managed service)."""
    logging.basicConfig(level=logging.INFO, format="[course-submissions %(asctime)s] %(message)s")
    host, port_ = bind_address(ip, port)

    async def main() -> None:
        store = SubmissionStore(db_url)
        settings = ServiceSettings(
            store=store, max_bytes=max_bytes, rate_per_minute=rate_per_minute, quota_bytes=quota_bytes
        )
        app = make_app(settings)
        listen(app, host, port_, max_bytes)
        log.info("listening on http://%s:%s%s", host, port_, os.environ.get("JUPYTERHUB_SERVICE_PREFIX", ""))
        await asyncio.Event().wait()

    asyncio.run(main())
