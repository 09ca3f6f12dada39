"""Hand in from a learner's server on JupyterHub: `submit()` in a notebook, `course-helpers submit` in a terminal.

The kernel proves who it is with the token JupyterHub gives every single-user server
(`JUPYTERHUB_API_TOKEN`); the service asks the hub whose token it is. Where the service is:

1. `COURSE_SUBMIT_URL`, the service's base URL (set it for every learner in the hub config:
   `c.Spawner.environment = {"COURSE_SUBMIT_URL": "http://127.0.0.1:10101/services/course-submissions/"}`);
2. else the hub's public URL (`JUPYTERHUB_PUBLIC_HUB_URL`, set when the hub has `public_url`) +
   `/services/<COURSE_SUBMIT_SERVICE or course-submissions>/`.

Outside a hub there is no token: the answer is a one-line message saying to use `course-helpers export`.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse, urlunparse

from course_helpers.classroom.hand_in_record import DEFAULT_MAX_BYTES, StoredSubmission
from course_helpers.errors import CourseInputError
from course_helpers.quizzing.bank_questions import NoBanksError, load_bank_questions
from course_helpers.records.store import ProgressError, ProgressStore, default_path
from course_helpers.records.submission import SubmissionError, build_submission, read_submission

URL_VAR = "COURSE_SUBMIT_URL"
SERVICE_VAR = "COURSE_SUBMIT_SERVICE"
TOKEN_VAR = "JUPYTERHUB_API_TOKEN"
DEFAULT_SERVICE = "course-submissions"
OUTSIDE_HUB = (
    "Not on a JupyterHub (no JUPYTERHUB_API_TOKEN), so there is nothing to hand in to: run "
    "`course-helpers export -o results.json` and give the file to your instructor."
)


class HandInError(CourseInputError):
    """A hand-in could not be made; the message says why in one line."""


@dataclass(frozen=True)
class HandIn:
    """The result of `submit()`: a one-line message, and the service's receipt when it worked."""

    ok: bool
    message: str
    receipt: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message


def service_url(env: dict[str, str] | None = None) -> str | None:
    """The collection service's base URL (ending in '/'), or None when nothing says where it is."""
    env = dict(os.environ) if env is None else env
    url = env.get(URL_VAR, "").strip()
    if not url:
        public = env.get("JUPYTERHUB_PUBLIC_HUB_URL", "").strip()
        if not public:
            return None
        parts = urlparse(public)
        base = env.get("JUPYTERHUB_BASE_URL", "/") or "/"
        name = env.get(SERVICE_VAR, "").strip() or DEFAULT_SERVICE
        url = urlunparse((parts.scheme, parts.netloc, f"{base.rstrip('/')}/services/{name}/", "", "", ""))
    return url if url.endswith("/") else url + "/"


def _request(
    method: str, url: str, token: str, body: bytes | None = None, timeout: float = 30, *, raw: bool = False
) -> Any:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", f"token {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8")
            return text if raw else json.loads(text)
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read().decode("utf-8")).get("message") or exc.reason
        except (ValueError, AttributeError):
            message = exc.reason
        raise HandInError(f"the collection service refused ({exc.code}): {message}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HandInError(f"cannot reach the collection service at {url}: {reason}") from exc


def current_submission_json(learner: str | None = None) -> tuple[str, str, int]:
    """The learner's submission from this server's progress store: (json text, learner, attempts)."""
    from course_helpers.records.learner import resolve_learner

    try:
        banks = load_bank_questions()
    except NoBanksError:
        banks = {}
    with ProgressStore(default_path()) as store:
        name = resolve_learner(store, learner)
        submission = build_submission(store, name, banks)
    return submission.model_dump_json(), name, len(submission.attempts)


def read_token(token_file: Path | str | None = None, env: dict[str, str] | None = None) -> str:
    """The hub API token, read one way everywhere: `token_file` (one token on one line), else $JUPYTERHUB_API_TOKEN.

    Raises HandInError with one line for a missing, unreadable or malformed file, or no token at all.
    """
    if token_file is not None:
        path = Path(token_file)
        try:
            token = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise HandInError(f"token file {path} does not exist") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise HandInError(f"cannot read token file {path}: {getattr(exc, 'strerror', None) or exc}") from None
        if not token or any(c.isspace() for c in token):
            raise HandInError(f"token file {path} should hold one hub token on one line")
        return token
    token = (os.environ if env is None else env).get(TOKEN_VAR, "").strip()
    if not token:
        raise HandInError(
            f"no hub token: set {TOKEN_VAR} or pass --token-file FILE (create a token on the hub's token page)"
        )
    return token


def hand_in(
    *,
    file: Path | str | None = None,
    url: str | None = None,
    token: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> HandIn:
    """Send this learner's progress (or a submission file) to the service; raise HandInError with one line."""
    token = token or os.environ.get(TOKEN_VAR, "").strip()
    if not token:
        return HandIn(False, OUTSIDE_HUB)
    base = url or service_url()
    if base is None:
        raise HandInError(
            f"this hub does not say where the collection service is: ask your instructor to set {URL_VAR}"
        )
    if file is not None:
        submission = read_submission(file)  # refuses anything that is not a course submission, naming the file
        text, name, attempts = Path(file).read_text(encoding="utf-8"), submission.learner, len(submission.attempts)
    else:
        text, name, attempts = current_submission_json()
    body = text.encode("utf-8")
    if len(body) > max_bytes:
        raise HandInError(f"the submission is {len(body):,} bytes; the service takes at most {max_bytes:,} bytes")
    receipt = _request("POST", base + "api/submissions", token, body)
    return HandIn(
        True,
        f"Handed in {attempts} answer{'' if attempts == 1 else 's'} for {receipt['hub_user']!r}: "
        f"version {receipt['version']}, "
        f"received {receipt['received_at']} (keep this receipt: submission {receipt['id']}).",
        receipt,
    )


def submit(file: Path | str | None = None) -> HandIn:
    """Hand in your progress to the instructor (on JupyterHub); elsewhere, say how to export instead."""
    try:
        return hand_in(file=file)
    except (HandInError, ProgressError, SubmissionError) as exc:
        return HandIn(False, f"Not handed in: {exc}")


def list_submissions(url: str, token: str, user: str | None = None, latest: bool = False) -> list[dict[str, Any]]:
    """Receipts the caller may see (an instructor: everyone's; a learner: their own)."""
    query = {**({"user": user} if user else {}), **({"latest": "1"} if latest else {})}
    suffix = ("?" + urlencode(query)) if query else ""
    return _request("GET", url + "api/submissions" + suffix, token)["submissions"]


def download_submission(url: str, token: str, submission_id: int) -> Any:
    """One submission's JSON exactly as it was sent."""
    return _request("GET", f"{url}api/submissions/{submission_id}", token)


def download_submission_text(url: str, token: str, submission_id: int) -> str:
    """One submission's JSON text byte for byte as it was sent (for saving to a file)."""
    url = url if url.endswith("/") else url + "/"
    return _request("GET", f"{url}api/submissions/{submission_id}", token, raw=True)


def service_submissions(url: str, token: str, *, latest_only: bool = True) -> list[StoredSubmission]:
    """For the instructor's grader, over HTTP (`grade --from-service URL`): each learner's newest submission
    (or every version), with the JSON exactly as sent, the hub user name and the service's receive time."""
    from datetime import datetime

    url = url if url.endswith("/") else url + "/"
    items = []
    for receipt in list_submissions(url, token, latest=latest_only):
        claims = receipt.get("claims") or {}
        items.append(
            StoredSubmission(
                id=receipt["id"],
                hub_user=receipt["hub_user"],
                version=receipt["version"],
                received_at=datetime.fromisoformat(receipt["received_at"]),
                claimed_learner=claims.get("learner"),
                claimed_exported_at=claims.get("exported_at"),
                size_bytes=receipt["size_bytes"],
                sha256=receipt["sha256"],
                raw=_request("GET", f"{url}api/submissions/{receipt['id']}", token, raw=True),
            )
        )
    return items
