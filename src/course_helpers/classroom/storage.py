"""Where hand-ins are kept: one row per submission, every version, through SQLAlchemy.

The learner id is the hub user name the hub vouched for and `received_at` is the service's clock; the
file's own learner name and export time are kept beside them only as claims. The raw JSON is stored as
the learner sent it, so an instructor regrades from what was handed in, never from a reported score.
SQLite by default; `postgresql+psycopg://user@host/db` for a hub with several service replicas (the
version number is unique per learner, so two replicas racing on one learner retry instead of colliding).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from course_helpers.classroom.hand_in_record import DEFAULT_MAX_BYTES, DEFAULT_QUOTA_BYTES, StoredSubmission
from course_helpers.errors import CourseInputError
from course_helpers.install_profile import install_line

__all__ = [
    "CONNECT_TIMEOUT", "DEFAULT_MAX_BYTES", "DEFAULT_QUOTA_BYTES", "QuotaError", "StoredSubmission", "StorageError",
    "SubmissionStore", "default_db_url",
]

CONNECT_TIMEOUT = 5
"""Seconds to wait for the database (a SQLite lock, a PostgreSQL connection) before giving up."""


class StorageError(CourseInputError):
    """The submission database cannot be opened or used; the message names it and says why."""


class QuotaError(StorageError):
    """A learner's hand-ins would take more room than the per-learner quota allows."""


class _Base(DeclarativeBase):
    pass


class SubmissionRow(_Base):
    """One hand-in as received."""

    __tablename__ = "course_submissions"
    __table_args__ = (UniqueConstraint("hub_user", "version", name="uq_course_submissions_user_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hub_user: Mapped[str] = mapped_column(String(255), index=True)
    version: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    claimed_learner: Mapped[str | None] = mapped_column(String(255), nullable=True)
    claimed_exported_at: Mapped[str | None] = mapped_column(String(64), nullable=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)


def _as_utc(at: datetime) -> datetime:
    """SQLite gives naive datetimes back; every time here is UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _stored(row: SubmissionRow) -> StoredSubmission:
    return StoredSubmission(
        id=row.id,
        hub_user=row.hub_user,
        version=row.version,
        received_at=_as_utc(row.received_at),
        claimed_learner=row.claimed_learner,
        claimed_exported_at=row.claimed_exported_at,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        raw=row.payload,
    )


def default_db_url(directory: Path | str = ".") -> str:
    """SQLite in `directory` (the service's working folder by default), as JupyterHub keeps its own db."""
    return f"sqlite:///{Path(directory).resolve() / 'course_submissions.sqlite'}"


def make_engine(db_url: str) -> Engine:
    """An engine for `db_url`; a malformed URL or a missing driver raises StorageError naming it."""
    try:
        url = make_url(db_url)
    except ArgumentError as exc:
        hint = "try sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        raise StorageError(f"{db_url!r} is not a database URL ({hint})") from exc
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, the [hub] extra
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": CONNECT_TIMEOUT})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(
                url, pool_pre_ping=True, pool_timeout=CONNECT_TIMEOUT,
                connect_args={"connect_timeout": CONNECT_TIMEOUT},
            )
    except ModuleNotFoundError as exc:
        raise StorageError(
            f"no database driver for {url.drivername} ({exc.name} is missing): {install_line('hub')}"
        ) from exc
    return engine


def _sqlite_pragmas(connection: object, _record: object) -> None:
    """Write-ahead log, still synced on every commit: a receipt means the hand-in is on disk (and a commit
    costs about 4 ms instead of 15 ms with the default rollback journal; benchmarks/bench_service.py)."""
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


class SubmissionStore:
    """The service's table of hand-ins."""

    def __init__(self, db_url: str, *, create: bool = True) -> None:
        self.db_url = db_url
        self.engine = make_engine(db_url)
        if create:
            try:
                _Base.metadata.create_all(self.engine)
            except SQLAlchemyError as exc:
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                raise StorageError(f"cannot open the submission database {_shown(db_url)}: {reason}") from None

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def add(
        self,
        hub_user: str,
        raw: str,
        *,
        claimed_learner: str | None = None,
        claimed_exported_at: str | None = None,
        now: datetime | None = None,
        quota_bytes: int | None = None,
    ) -> StoredSubmission:
        """Store a new version for `hub_user` (never replaces an earlier one) and return it.

        With `quota_bytes`, a version that would take the learner's stored bytes past it raises QuotaError."""
        data = raw.encode("utf-8")
        for tries in range(100):  # another replica may take the same version number first: take the next one
            if tries:
                time.sleep(random.uniform(0, 0.002 * min(tries, 10)))  # jitter, so racing writers spread out
            try:
                with self._session() as session:
                    latest, used = session.execute(
                        select(func.max(SubmissionRow.version), func.coalesce(func.sum(SubmissionRow.size_bytes), 0))
                        .where(SubmissionRow.hub_user == hub_user)
                    ).one()
                    if quota_bytes is not None and used + len(data) > quota_bytes:
                        raise QuotaError(
                            f"{hub_user!r} already keeps {used:,} bytes of hand-ins; this one ({len(data):,} bytes) "
                            f"would pass the quota of {quota_bytes:,}: ask your instructor to prune old versions"
                        )
                    row = SubmissionRow(
                        hub_user=hub_user,
                        version=(latest or 0) + 1,
                        received_at=now or datetime.now(UTC),
                        claimed_learner=claimed_learner,
                        claimed_exported_at=claimed_exported_at,
                        size_bytes=len(data),
                        sha256=hashlib.sha256(data).hexdigest(),
                        payload=raw,
                    )
                    session.add(row)
                    session.flush()
                    return _stored(row)
            except IntegrityError:
                continue
        raise StorageError(f"could not store a submission for {hub_user!r}: too many concurrent writers")

    def list(self, hub_user: str | None = None, *, latest_only: bool = False) -> list[StoredSubmission]:
        """Submissions, oldest first; for one user, or only each user's newest version."""
        with self._session() as session:
            query = select(SubmissionRow)
            if hub_user is not None:
                query = query.where(SubmissionRow.hub_user == hub_user)
            if latest_only:
                newest = (
                    select(SubmissionRow.hub_user, func.max(SubmissionRow.version).label("version"))
                    .group_by(SubmissionRow.hub_user)
                    .subquery()
                )
                query = query.join(
                    newest,
                    (SubmissionRow.hub_user == newest.c.hub_user) & (SubmissionRow.version == newest.c.version),
                )
            rows = session.scalars(query.order_by(SubmissionRow.id)).all()
            return [_stored(row) for row in rows]

    def prune(self, keep: int, hub_user: str | None = None) -> int:
        """Delete all but each learner's newest `keep` versions (or one learner's); return how many went.

        Version numbers are never reused: the next hand-in still gets the next number."""
        if keep < 1:
            raise StorageError("keep at least 1 version per learner (--keep N, N >= 1)")
        with self._session() as session:
            query = select(SubmissionRow.hub_user, func.max(SubmissionRow.version)).group_by(SubmissionRow.hub_user)
            if hub_user is not None:
                query = query.where(SubmissionRow.hub_user == hub_user)
            gone = 0
            for user, newest in session.execute(query).all():
                doomed = session.scalars(
                    select(SubmissionRow).where(
                        SubmissionRow.hub_user == user, SubmissionRow.version <= newest - keep
                    )
                ).all()
                for row in doomed:
                    session.delete(row)
                gone += len(doomed)
            return gone

    def get(self, submission_id: int) -> StoredSubmission | None:
        """One submission by id, or None."""
        with self._session() as session:
            row = session.get(SubmissionRow, submission_id)
            return _stored(row) if row is not None else None

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> SubmissionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def stored_submissions(db_url: str, *, latest_only: bool = True) -> list[StoredSubmission]:
    """For the instructor's grader: every learner's newest submission (or all versions) from the database.

    Each item carries the raw JSON as sent (`raw`), the hub user name (`hub_user`) and the service's
    receive time (`received_at`).
    """
    where = _shown(db_url)
    try:
        with SubmissionStore(db_url, create=False) as store:
            return store.list(latest_only=latest_only)
    except SQLAlchemyError as exc:  # down, locked, damaged, not the service's database
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StorageError(f"cannot read submissions from {where}: {reason}") from None


def _shown(db_url: str) -> str:
    """A database URL with its password hidden, for messages and logs."""
    try:
        return make_url(db_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"
