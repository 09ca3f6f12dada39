"""Grade what the JupyterHub hand-in service stored: over its HTTP API or straight from its database.

`course-helpers grade --from-service URL` (an instructor's token from `JUPYTERHUB_API_TOKEN` or
`--token-file`) or `--from-db DB_URL` (the service's SQLAlchemy URL). Each learner's newest hand-in is
regraded like any submission file, with two differences that come from the channel: the learner id is the
hub user the service recorded (the hub vouched for it; a different id written in the file is reported as
`name differs`), and the receive time is the service's clock, never a time the file claims.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from course_helpers.classroom.client import HandInError, read_token
from course_helpers.errors import CourseInputError
from course_helpers.install_profile import require
from course_helpers.instructor.collect import Received
from course_helpers.instructor.regrade import Report, grade_submissions

if TYPE_CHECKING:
    from course_helpers.classroom.hand_in_record import StoredSubmission



class HandInSourceError(CourseInputError):
    """The hand-ins cannot be fetched (no token, an unreachable service, a database that is not the service's)."""


def received_from(items: Iterable[StoredSubmission], origin: str) -> list[Received]:
    """Stored hand-ins as the grader's input: the hub user is the learner, the service's time the receive time."""
    return [
        Received(
            source=f"{origin}: {item.hub_user} v{item.version}",
            data=item.raw.encode("utf-8"),
            name=f"{item.hub_user}.json",
            received_at=item.received_at,
            learner=item.hub_user,
        )
        for item in items
    ]


def from_service(url: str, token: str) -> list[Received]:
    """Each learner's newest hand-in, downloaded from the service at `url` (an instructor's token)."""
    from course_helpers.classroom.client import service_submissions  # standard library only: every profile

    return received_from(service_submissions(url, token, latest_only=True), "service")


def from_db(db_url: str) -> list[Received]:
    """Each learner's newest hand-in, read from the service's database."""
    require("hub", "grading --from-db")  # SQLAlchemy and the database drivers come with [hub]
    from course_helpers.classroom.storage import stored_submissions

    return received_from(stored_submissions(db_url, latest_only=True), "db")


def prune_versions(db_url: str, keep: int, hub_user: str | None = None) -> int:
    """Delete all but each learner's newest `keep` versions from the service's database; return how many went."""
    require("hub", "submissions prune")
    from course_helpers.classroom.storage import SubmissionStore

    with SubmissionStore(db_url, create=False) as store:
        return store.prune(keep, hub_user=hub_user)


def grade_hand_ins(
    key_path: Path | str,
    out: Path | str,
    *,
    service: str | None = None,
    token: str | None = None,
    token_file: Path | str | None = None,
    db_url: str | None = None,
    force: bool = False,
    progress: bool | None = None,
    workers: int | None = 1,
) -> Report:
    """Regrade the newest hand-in of every learner from the service (`service` + `token`) or its database
    (`db_url`) into a new gradebook at `out`; see `instructor.regrade.grade_submissions`.

    The token is `token`, else `token_file`, else `JUPYTERHUB_API_TOKEN` (`client.read_token`, the one reader)."""
    if (service is None) == (db_url is None):
        raise HandInSourceError("give exactly one of --from-service URL and --from-db DB_URL")
    target = Path(out)
    if target.exists() and not force:  # say it before downloading anything
        raise HandInSourceError(f"{target} exists; pass --force to replace it (nothing was changed)")
    if service is not None:
        try:
            token = token if token is not None else read_token(token_file)
        except HandInError as exc:
            raise HandInSourceError(str(exc)) from None
        items = from_service(service, token)
    else:
        items = from_db(str(db_url))
    if not items:
        raise HandInSourceError(f"the service has no hand-ins yet ({service or db_url}); nothing was graded")
    return grade_submissions([], key_path, target, force=force, progress=progress, workers=workers, received=items)
