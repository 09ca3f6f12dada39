"""HTTP for live sessions, served by the course's hub service beside the hand-ins.

Who may do what (the hub decides; the service only checks):

- An instructor of hub group G holds `custom:course:teach!group=G` (or unfiltered `custom:course:teach`
  for every group): starts and ends G's session, opens its class view and its polls.
- A learner holds `custom:course:submit` and is a member of G (the hub's user model lists the groups):
  answers stream only while G has a running session and only after the learner's kernel joined (`live()`).

Learners' kernels authenticate with their server token; the instructor's browser with the hub's OAuth
cookie (the page sends the hub's XSRF token with every change). Routes under the service prefix:

`GET live/class/GROUP[?projector=1]` the class view · `GET live/notes/LESSON` facilitator notes ·
`GET api/live/status` · `POST api/live/join` · `POST api/live/answers` · `POST api/live/polls/ID/votes` ·
`POST|DELETE api/live/groups/GROUP/session` · `GET api/live/groups/GROUP/state` · `GET .../events` (SSE) ·
`POST api/live/groups/GROUP/polls` · `POST api/live/groups/GROUP/polls/ID` (`{"action": "again"|"close"|"reveal"}`).
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

from jupyterhub.services.auth import HubAuth, HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.iostream import StreamClosedError

from course_helpers.classroom.live import STUCK_AFTER
from course_helpers.classroom.live_page import class_view_html, notes_html
from course_helpers.classroom.live_rooms import LiveError, LiveRooms
from course_helpers.classroom.live_storage import LiveStore
from course_helpers.classroom.storage import StorageError

TEACH_SCOPE = "custom:course:teach"
LEARN_SCOPE = "custom:course:submit"
MAX_BODY = 16_000
"""Largest live request body (an answer is a few hundred bytes)."""
HEARTBEAT = 15.0
"""Seconds between updates of an idle class view (idle times and "stuck" change with the clock)."""
COALESCE = 0.15
"""At most one update of the class view per this many seconds: a burst of answers is gathered into one."""
SECRET_VAR = "COURSE_LIVE_COOKIE_SECRET"


class _LiveHandler(HubOAuthenticated, web.RequestHandler):
    """Identify the caller (token or the hub's OAuth cookie, with XSRF checked for cookie writes)."""

    page = False  # pages redirect a signed-out browser to the hub's login; the API answers 401

    def initialize(self, rooms: LiveRooms, hub_auth: HubOAuth) -> None:
        self.rooms = rooms
        self.hub_auth = hub_auth

    async def prepare(self) -> None:
        model = await self.hub_auth.get_user(self, sync=False)
        if not model:
            if self.page and self.request.method == "GET":
                self.redirect(self.get_login_url())
                return
            raise web.HTTPError(401, "no valid hub token: send 'Authorization: token $JUPYTERHUB_API_TOKEN'")
        try:
            self._hub_auth_user_cache = self.check_hub_user(model)
        except Exception as exc:  # jupyterhub's UserNotAllowed: signed in, but no access to this service
            raise web.HTTPError(403, f"hub user {model.get('name', '?')!r} may not use this service") from exc

    @property
    def user(self) -> dict[str, Any]:
        return self._hub_auth_user_cache

    @property
    def name(self) -> str:
        return self.user["name"]

    def teaches(self, group: str) -> bool:
        """True when the caller is an instructor of `group` (`custom:course:teach!group=GROUP`)."""
        return bool(self.hub_auth.check_scopes({f"{TEACH_SCOPE}!group={group}"}, self.user))

    def require_teacher(self, group: str) -> None:
        if not self.teaches(group):
            raise web.HTTPError(403, f"hub user {self.name!r} is not an instructor of group {group!r}")

    def require_learner(self) -> list[str]:
        if not self.hub_auth.check_scopes({LEARN_SCOPE}, self.user):
            raise web.HTTPError(403, f"hub user {self.name!r} is not in the course's learner group")
        return list(self.user.get("groups") or [])

    def body(self) -> dict[str, Any]:
        raw = self.request.body
        if len(raw) > MAX_BODY:
            raise web.HTTPError(413, f"the request is {len(raw):,} bytes; a live request takes at most {MAX_BODY:,}")
        try:
            data = json.loads(raw.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise web.HTTPError(400, f"the body is not JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise web.HTTPError(400, "the body must be a JSON object")
        return data

    def field(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > 255:
            raise web.HTTPError(400, f"give {key!r} as a non-empty string")
        return value

    def send_json(self, value: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(value))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        message = self._reason
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, web.HTTPError) and exc.log_message:
            message = exc.log_message
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status_code, "message": message}))

    async def run(self, work: Any) -> Any:
        try:
            return await work
        except LiveError as exc:
            raise web.HTTPError(exc.status, str(exc)) from None
        except StorageError as exc:  # nothing was applied to the room: the caller may send it again
            raise web.HTTPError(503, f"not stored, try again: {exc}") from None


# ---------------------------------------------------------------------- learners


class StatusHandler(_LiveHandler):
    def get(self) -> None:
        groups = self.require_learner()
        self.send_json(self.rooms.status(self.name, groups))


class JoinHandler(_LiveHandler):
    async def post(self) -> None:
        groups = self.require_learner()
        self.send_json(await self.run(self.rooms.join(self.name, groups)))


class AnswerHandler(_LiveHandler):
    async def post(self) -> None:
        groups = self.require_learner()
        data = self.body()
        if "response" not in data:
            raise web.HTTPError(400, "give 'response': the answer as the quiz recorded it")
        result = self.rooms.answer(
            self.name, groups, self.field(data, "bank"), self.field(data, "question"), data["response"]
        )
        self.send_json(await self.run(result), status=201)


class VoteHandler(_LiveHandler):
    async def post(self, poll_id: str) -> None:
        groups = self.require_learner()
        data = self.body()
        if "response" not in data:
            raise web.HTTPError(400, "give 'response': your answer")
        self.send_json(await self.run(self.rooms.vote(self.name, groups, int(poll_id), data["response"])), 201)


# ---------------------------------------------------------------------- instructors


def _snapshot(rooms: LiveRooms, group: str, projector: bool, stuck_minutes: float) -> dict[str, Any]:
    room = rooms.room_for(group)
    if room is None:
        return {"live": False, "group": group, "projector": projector}
    snap = room.snapshot(datetime.now(UTC), names=not projector, stuck_after=timedelta(minutes=stuck_minutes))
    return {"live": True, "projector": projector, "stuck_minutes": stuck_minutes, **snap}


def _view_options(handler: _LiveHandler) -> tuple[bool, float]:
    """`?projector=1` and `?stuck=N` (minutes without progress before a learner looks stuck, 1-120)."""
    projector = handler.get_query_argument("projector", "0") == "1"
    raw = handler.get_query_argument("stuck", str(STUCK_AFTER.total_seconds() / 60))
    try:
        minutes = float(raw)
    except ValueError:
        raise web.HTTPError(400, f"stuck={raw!r}: give the minutes as a number, e.g. stuck=5") from None
    if not 1 <= minutes <= 120:
        raise web.HTTPError(400, f"stuck={raw}: give between 1 and 120 minutes")
    return projector, minutes


class SessionHandler(_LiveHandler):
    async def post(self, group: str) -> None:
        self.require_teacher(group)
        lesson = self.field(self.body(), "lesson")
        room = await self.run(self.rooms.start(group, lesson, self.name))
        self.send_json({"group": group, "lesson": room.lesson, "started_by": room.started_by}, status=201)

    async def delete(self, group: str) -> None:
        self.require_teacher(group)
        await self.run(self.rooms.end(group))
        self.send_json({"group": group, "live": False})


class StateHandler(_LiveHandler):
    def get(self, group: str) -> None:
        self.require_teacher(group)
        self.send_json(_snapshot(self.rooms, group, *_view_options(self)))


class EventsHandler(_LiveHandler):
    """Server-sent events: the room's snapshot now, then again after every change (bursts gathered)."""

    async def get(self, group: str) -> None:
        self.require_teacher(group)
        projector, stuck = _view_options(self)
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Accel-Buffering", "no")  # nginx in front of the hub must not hold events back
        last = None
        sent_at = 0.0
        loop = asyncio.get_running_loop()
        while True:
            text = json.dumps(_snapshot(self.rooms, group, projector, stuck))
            # unchanged: a "ping" event the page can hear (a comment line never reaches its script), so a view
            # whose stream went silent (the service restarted behind the proxy) knows to connect again
            self.write(f"event: room\ndata: {text}\n\n" if text != last else "event: ping\ndata: {}\n\n")
            last = text
            sent_at = loop.time()
            try:
                await self.flush()
            except StreamClosedError:
                return
            if self.request.connection.stream.closed():  # type: ignore[union-attr]
                return
            await self.rooms.wait(group, HEARTBEAT)
            # a change after a quiet spell goes out at once; changes in a burst wait to go out together,
            # at most one snapshot per COALESCE seconds (the view is re-rendered per burst, not per answer)
            await asyncio.sleep(max(0.0, sent_at + COALESCE - loop.time()))


class PollsHandler(_LiveHandler):
    async def post(self, group: str) -> None:
        self.require_teacher(group)
        data = self.body()
        poll = await self.run(self.rooms.open_poll(group, self.field(data, "bank"), self.field(data, "question")))
        self.send_json(poll, status=201)


class PollHandler(_LiveHandler):
    async def post(self, group: str, poll_id: str) -> None:
        self.require_teacher(group)
        action = self.field(self.body(), "action")
        self.send_json(await self.run(self.rooms.change_poll(group, int(poll_id), action)))


PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)
"""The pages' Content-Security-Policy: no outside assets, and only pages of the hub's own origin (JupyterLab
on the same hub: `class_view()`) may show them in a frame; any other site's frame is refused."""


class ClassViewHandler(_LiveHandler):
    page = True

    def set_default_headers(self) -> None:  # on every answer, error pages included
        self.set_header("Content-Security-Policy", PAGE_POLICY)
        self.set_header("X-Frame-Options", "SAMEORIGIN")  # the same rule for browsers without frame-ancestors

    def get(self, group: str) -> None:
        self.require_teacher(group)
        projector, stuck = _view_options(self)
        lessons = [
            (bank_id, loaded.bank.title)
            for bank_id, loaded in sorted(self.rooms.banks.items())
            if loaded.bank.draw is None
        ]
        prefix = self.settings["course_live_prefix"]
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(class_view_html(group=group, prefix=prefix, xsrf=self.xsrf_token.decode("ascii"),
                                    projector=projector, lessons=lessons, user=self.name, stuck=stuck,
                                    heartbeat=HEARTBEAT,
                                    lesson=self.get_query_argument("lesson", None)))

    def write_error(self, status_code: int, **kwargs: Any) -> None:  # a page: a readable page, still the status
        exc = kwargs.get("exc_info", (None, None, None))[1]
        message = exc.log_message if isinstance(exc, web.HTTPError) and exc.log_message else self._reason
        from html import escape

        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(f"<!doctype html><html lang='en'><title>{status_code}</title><main><h1>{status_code}</h1>"
                    f"<p>{escape(message)}</p></main></html>")


class NotesHandler(ClassViewHandler):
    def get(self, lesson: str) -> None:  # type: ignore[override]
        if not self.hub_auth.check_scopes({TEACH_SCOPE}, self.user) and not any(
            s.startswith(TEACH_SCOPE + "!") for s in self.user.get("scopes", [])
        ):
            raise web.HTTPError(403, f"hub user {self.name!r} is not an instructor")
        try:
            page = notes_html(lesson, self.rooms.banks)
        except LiveError as exc:
            raise web.HTTPError(exc.status, str(exc)) from None
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page)


class _OAuthCallback(HubOAuthCallbackHandler):
    def initialize(self, hub_auth: HubOAuth) -> None:
        self.hub_auth = hub_auth


# ---------------------------------------------------------------------- wiring


class LiveService:
    """The live-session part of the service: its store, rooms, routes and the tornado settings it needs."""

    def __init__(self, db_url: str, prefix: str, hub_auth: HubAuth) -> None:
        self.prefix = prefix
        if isinstance(hub_auth, HubOAuth):
            self.hub_auth = hub_auth
        else:  # the same hub, token and access rules, plus the OAuth login a browser needs
            try:
                self.hub_auth = HubOAuth(
                    api_url=hub_auth.api_url,
                    api_token=hub_auth.api_token,
                    cache_max_age=hub_auth.cache_max_age,
                    access_scopes=hub_auth.access_scopes,
                    base_url=prefix,
                )
            except ValueError:  # not started by a hub (no service token): token callers only, no browser login
                self.hub_auth = hub_auth  # type: ignore[assignment]
        self.store = LiveStore(db_url)
        self.rooms = LiveRooms(self.store)
        self.rooms.restore()

    def routes(self) -> list[tuple]:
        """The tornado routes, under the service prefix."""
        args = {"rooms": self.rooms, "hub_auth": self.hub_auth}
        p = self.prefix
        group = r"([A-Za-z0-9][A-Za-z0-9._@-]{0,254})"
        return [
            (url_path_join(p, "oauth_callback"), _OAuthCallback, {"hub_auth": self.hub_auth}),
            (url_path_join(p, f"live/class/{group}"), ClassViewHandler, args),
            (url_path_join(p, r"live/notes/([0-9]{2}_[a-z0-9_]+)"), NotesHandler, args),
            (url_path_join(p, "api/live/status"), StatusHandler, args),
            (url_path_join(p, "api/live/join"), JoinHandler, args),
            (url_path_join(p, "api/live/answers"), AnswerHandler, args),
            (url_path_join(p, r"api/live/polls/(\d+)/votes"), VoteHandler, args),
            (url_path_join(p, f"api/live/groups/{group}/session"), SessionHandler, args),
            (url_path_join(p, f"api/live/groups/{group}/state"), StateHandler, args),
            (url_path_join(p, f"api/live/groups/{group}/events"), EventsHandler, args),
            (url_path_join(p, f"api/live/groups/{group}/polls"), PollsHandler, args),
            (url_path_join(p, rf"api/live/groups/{group}/polls/(\d+)"), PollHandler, args),
        ]

    def app_settings(self) -> dict[str, Any]:
        """Tornado settings: the cookie secret for the OAuth cookie (set one for several replicas)."""
        secret = os.environ.get(SECRET_VAR, "").encode() or os.urandom(32)
        return {"cookie_secret": secret, "course_live_prefix": self.prefix}

    def close(self) -> None:
        """Finish queued writes and close the database."""
        self.store.close()
