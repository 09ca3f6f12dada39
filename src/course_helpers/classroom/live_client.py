"""The learner's side of a live session: `live()` joins (and shows the marker), `poll()` answers the room's poll.

Consent and role: nothing is sent until the learner runs `live()` in their notebook, and the service takes
answers only from a learner in a hub group whose instructor started a session. While joined, every answer a
quiz records is also sent (in the background: a slow network never slows the quiz) and the marker says so;
`live(False)` stops. Uses only the standard library: a learner's kernel needs no hub packages.

The service is found as for hand-ins (`client.service_url`: `COURSE_SUBMIT_URL`, else the hub's public
URL); the token is the server's `JUPYTERHUB_API_TOKEN`.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html import escape
from typing import Any

from course_helpers.classroom.client import service_url
from course_helpers.display.html import no_math
from course_helpers.errors import CourseInputError
from course_helpers.quizzing import answer_hooks

REFRESH = 30.0
"""Seconds between checks of which lesson the session is on (and whether it still runs)."""
OUTSIDE_HUB = "Not on a JupyterHub (no JUPYTERHUB_API_TOKEN): live sessions run on the course's hub."


class LiveClientError(CourseInputError):
    """A live-session request failed; the message says why in one line."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def request(method: str, url: str, token: str, body: Any = None, timeout: float = 10) -> Any:
    """One JSON request to the service; LiveClientError with the service's own one-line reason on failure."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8") or "null")
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read().decode("utf-8")).get("message") or exc.reason
        except (ValueError, AttributeError):
            message = exc.reason
        raise LiveClientError(f"the course service refused ({exc.code}): {message}", exc.code) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise LiveClientError(f"cannot reach the course service at {url}: {getattr(exc, 'reason', exc)}") from exc


@dataclass
class LiveLink:
    """A joined kernel: sends each recorded answer in a background thread, in order."""

    url: str
    token: str
    status: dict[str, Any]
    sent: int = 0
    problem: str | None = None
    stopped: bool = False
    _queue: queue.Queue = field(default_factory=queue.Queue)
    _checked: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._send_loop, name="course-live-answers", daemon=True)
        self._thread.start()

    def listener(self, bank: str, question: str, response: Any) -> None:
        """The quiz's answer hook: queue the answer (never blocks the quiz)."""
        if not self.stopped:
            self._queue.put({"bank": bank, "question": question, "response": response})

    def notice(self, bank: str) -> str | None:
        """The marker a quiz of `bank` shows while its answers are being shared."""
        if self.stopped or bank != self.status.get("lesson"):
            return None
        return (f"your answers here also go to {self.status.get('instructor')}'s session "
                f"({self.status.get('group')}); live(False) stops.")

    def _current_lesson(self) -> str | None:
        """The session's lesson, asked again at most every `REFRESH` seconds (the instructor may change it)."""
        now = time.monotonic()
        if now - self._checked >= REFRESH:
            self._checked = now
            try:
                self.status = request("GET", self.url + "api/live/status", self.token)
            except LiveClientError as exc:
                self.problem = str(exc)
            if not self.status.get("live"):
                self.stopped = True
                self.problem = "the live session has ended: nothing more is sent"
        return None if self.stopped else self.status.get("lesson")

    def _send_loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                return
            if item["bank"] != self._current_lesson():  # only the session's lesson is shared
                self._queue.task_done()
                continue
            for attempt in range(3):
                try:
                    request("POST", self.url + "api/live/answers", self.token, item)
                    self.sent += 1
                    self.problem = None
                    break
                except LiveClientError as exc:
                    self.problem = str(exc)
                    if exc.status == 409:  # the session ended (or this kernel is no longer joined): stop sending
                        self.stopped = True
                        break
                    if exc.status is not None and exc.status < 500:  # refused for a reason a retry will not change
                        break
                    threading.Event().wait(0.5 * (attempt + 1))
            self._queue.task_done()

    def flush(self, timeout: float = 10) -> bool:
        """Wait until queued answers are sent (or given up); True when the queue is empty."""
        done = threading.Event()
        threading.Thread(target=lambda: (self._queue.join(), done.set()), daemon=True).start()
        return done.wait(timeout)

    def close(self) -> None:
        """Stop listening and end the sending thread once the queue is sent."""
        answer_hooks.remove_listener(self.listener)
        self._queue.put(None)


_link: LiveLink | None = None


@dataclass(frozen=True)
class LiveMarker:
    """What `live()` shows: whether answers are going to the instructor, and how to stop."""

    on: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        style = ("border:2px solid #A84500;background:#FFF4EC;color:#000;padding:.4em .7em;border-radius:4px"
                 if self.on else "border:1px solid #555;padding:.4em .7em;border-radius:4px;color:#000")
        dot = "● " if self.on else ""
        return no_math(f'<p role="status" style="{style}"><b>{dot}{"Live session" if self.on else "Not live"}</b>'
                       f"<br>{escape(self.message)}</p>")


def live(on: bool = True, *, url: str | None = None, token: str | None = None) -> LiveMarker:
    """Join your class's live session: your answers to its lesson's checks go to your instructor as you answer."""
    global _link
    if not on:
        if _link is not None:
            _link.close()
            _link = None
        return LiveMarker(False, "You left the live session: your answers stay on this server only.")
    token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "").strip()
    if not token:
        return LiveMarker(False, OUTSIDE_HUB)
    base = url or service_url()
    if base is None:
        return LiveMarker(False, "This hub does not say where the course service is: ask your instructor.")
    try:
        status = request("POST", base + "api/live/join", token, {})
    except LiveClientError as exc:
        if exc.status == 409:
            return LiveMarker(False, "No live session is running for your class now; nothing is sent.")
        return LiveMarker(False, f"Not joined: {exc}")
    if _link is not None:
        _link.close()
    _link = LiveLink(base, token, status)
    answer_hooks.add_listener(_link.listener, _link.notice)
    return LiveMarker(
        True,
        f"You are in {status['instructor']}'s live session ({status['group']}, lesson {status['lesson']}). "
        "Your answers to this lesson's checks go to your instructor as you answer. Run live(False) to stop.",
    )


def live_link() -> LiveLink | None:
    """The kernel's joined session, if any (for tests and the marker)."""
    return _link


@dataclass(frozen=True)
class PollCard:
    """What `poll()` shows: the room's poll question and choices, a vote's receipt, or why there is none."""

    message: str
    poll: dict[str, Any] | None = None

    def __repr__(self) -> str:
        if not self.poll:
            return self.message
        p = self.poll
        lines = [f"Poll (round {p['round']}, {p['state']}): {' '.join(p['prompt'].split())}"]
        lines += [f"  - {c}" for c in p.get("choices") or []]
        if p.get("revealed"):
            lines.append(f"Answer: {'; '.join(p.get('answer') or [])}. {p.get('explanation') or ''}")
        lines.append(self.message)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        if not self.poll:
            return no_math(f'<p role="status">{escape(self.message)}</p>')
        p = self.poll
        choices = "".join(f"<li>{escape(c)}</li>" for c in p.get("choices") or [])
        reveal = ""
        if p.get("revealed"):
            reveal = (f"<p><b>Answer:</b> {escape('; '.join(p.get('answer') or []))}. "
                      f"{escape(p.get('explanation') or '')}</p>")
        return no_math(
            f"<section aria-label='Poll'><p><b>Poll</b> (round {p['round']}, {escape(p['state'])}): "
            f"{escape(' '.join(p['prompt'].split()))}</p><ul>{choices}</ul>{reveal}"
            f"<p role='status'>{escape(self.message)}</p></section>"
        )


def poll(answer: Any = None, *, url: str | None = None, token: str | None = None) -> PollCard:
    """Show the room's poll; `poll("your choice")` votes in its open round (vote again to change your vote)."""
    token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "").strip()
    if not token:
        return PollCard(OUTSIDE_HUB)
    base = url or service_url()
    if base is None:
        return PollCard("This hub does not say where the course service is: ask your instructor.")
    try:
        status = request("GET", base + "api/live/status", token)
    except LiveClientError as exc:
        return PollCard(f"No poll: {exc}")
    current = status.get("poll")
    if not status.get("live") or not current:
        return PollCard("No poll is open in your class right now.")
    if answer is None:
        hint = 'Answer with poll("your choice").' if current["state"] == "open" else "This poll is closed."
        return PollCard(hint, current)
    try:
        receipt = request("POST", f"{base}api/live/polls/{current['id']}/votes", token, {"response": answer})
    except LiveClientError as exc:
        return PollCard(f"Not counted: {exc}", current)
    return PollCard(f"Vote counted for round {receipt['round']}: {receipt['answer']}.", current)
