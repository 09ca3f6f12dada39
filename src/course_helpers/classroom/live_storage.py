"""Where live sessions are kept: sessions, polls and every event (join, answer, vote), through SQLAlchemy.

Same database as the hand-ins (SQLite by default, PostgreSQL for a larger hub). A room's state is rebuilt
from these rows when the service restarts, so a crash loses no answer that was acknowledged.

Writes go through one writer thread that commits whatever has queued up in a single transaction ("group
commit"): fifty learners answering in the same second cost a few synced commits, not fifty, and the event
loop never waits on the disk. The events of a batch go in as one multi-row INSERT (SQLAlchemy Core, no ORM
objects: the writer holds the interpreter lock for as little as it can). A caller gets its row id only
after the commit.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Integer, String, Text, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from course_helpers.classroom.storage import StorageError, make_engine


class _Base(DeclarativeBase):
    pass


class LiveSessionRow(_Base):
    """One instructor-led session of a hub group on a lesson."""

    __tablename__ = "course_live_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hub_group: Mapped[str] = mapped_column(String(255), index=True)
    lesson: Mapped[str] = mapped_column(String(64))
    started_by: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LivePollRow(_Base):
    """A question opened to the room."""

    __tablename__ = "course_live_polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(Integer, index=True)
    bank: Mapped[str] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(String(255))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(16), default="open")
    round: Mapped[int] = mapped_column(Integer, default=1)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)


class LiveEventRow(_Base):
    """A learner joined, answered a check or voted (the verdict is the service's own regrade)."""

    __tablename__ = "course_live_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(8))  # join | answer | vote
    hub_user: Mapped[str] = mapped_column(String(255))
    bank: Mapped[str | None] = mapped_column(String(64), nullable=True)
    question: Mapped[str | None] = mapped_column(String(255), nullable=True)
    response: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, as coerced by the grader
    label: Mapped[str | None] = mapped_column(String(255), nullable=True)
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    poll_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    round: Mapped[int | None] = mapped_column(Integer, nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Event:
    """An event to store (and, once stored, to replay)."""

    session_id: int
    kind: str
    hub_user: str
    at: datetime
    bank: str | None = None
    question: str | None = None
    response: Any = None
    label: str | None = None
    correct: bool | None = None
    poll_id: int | None = None
    round: int | None = None


def _event_row(event: Event) -> dict[str, Any]:
    return {
        "session_id": event.session_id, "kind": event.kind, "hub_user": event.hub_user, "bank": event.bank,
        "question": event.question, "response": None if event.response is None else json.dumps(event.response),
        "label": event.label, "correct": event.correct, "poll_id": event.poll_id, "round": event.round,
        "at": event.at,
    }


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class LiveStore:
    """The live tables, with a group-committing writer thread."""

    def __init__(self, db_url: str) -> None:
        self.engine = make_engine(db_url)
        try:
            _Base.metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot create the live-session tables in {db_url}: {exc}") from exc
        self._queue: queue.Queue[tuple[Callable[[Session], Any] | Event, Future] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._write_loop, name="course-live-writer", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ writing

    def _write_loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < 500:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)
                    break
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[tuple[Callable[[Session], Any] | Event, Future]]) -> None:
        try:
            with Session(self.engine) as session, session.begin():
                results: list[Any] = []
                events: list[tuple[int, Event]] = []
                for n, (work, _) in enumerate(batch):
                    if isinstance(work, Event):
                        events.append((n, work))
                        results.append(None)
                    else:
                        results.append(work(session))
                if events:  # one INSERT for the batch's events, ids returned in the order given
                    ids = session.connection().execute(
                        insert(LiveEventRow.__table__).returning(LiveEventRow.id, sort_by_parameter_order=True),
                        [_event_row(event) for _, event in events],
                    ).scalars().all()
                    for (n, _), row_id in zip(events, ids, strict=True):
                        results[n] = row_id
                session.flush()
                values = [r() if callable(r) else r for r in results]
        except Exception as exc:  # the whole batch failed: every caller hears why, none is told "stored"
            if len(batch) > 1:  # one bad item must not sink the others: retry them one by one
                for item in batch:
                    self._commit([item])
                return
            batch[0][1].set_exception(StorageError(f"the live-session database refused a write: {exc}"))
            return
        for (_, future), value in zip(batch, values, strict=True):
            future.set_result(value)

    def submit(self, work: Callable[[Session], Any]) -> Future:
        """Queue `work(session)` for the next commit; the future holds its result once committed."""
        future: Future = Future()
        self._queue.put((work, future))
        return future

    def add_event(self, event: Event) -> Future:
        """Store an event; the future's result is its row id."""
        future: Future = Future()
        self._queue.put((event, future))
        return future

    def start_session(self, group: str, lesson: str, started_by: str, at: datetime) -> Future:
        """End the group's running session (if any) and start a new one; the future's result is its id."""

        def work(session: Session) -> Callable[[], int]:
            session.execute(
                update(LiveSessionRow)
                .where(LiveSessionRow.hub_group == group, LiveSessionRow.ended_at.is_(None))
                .values(ended_at=at)
            )
            row = LiveSessionRow(hub_group=group, lesson=lesson, started_by=started_by, started_at=at)
            session.add(row)
            return lambda: row.id

        return self.submit(work)

    def end_session(self, session_id: int, at: datetime) -> Future:
        """Mark a session ended."""
        return self.submit(
            lambda s: s.execute(update(LiveSessionRow).where(LiveSessionRow.id == session_id).values(ended_at=at))
            and None
        )

    def add_poll(self, session_id: int, bank: str, question: str, at: datetime) -> Future:
        """Store a new poll; the future's result is its id."""

        def work(session: Session) -> Callable[[], int]:
            session.execute(
                update(LivePollRow).where(LivePollRow.session_id == session_id).values(state="closed")
            )
            row = LivePollRow(session_id=session_id, bank=bank, question=question, opened_at=at)
            session.add(row)
            return lambda: row.id

        return self.submit(work)

    def set_poll(self, poll_id: int, *, state: str, round: int, revealed: bool) -> Future:
        """Record a poll's state change (second round, closed, revealed)."""
        return self.submit(
            lambda s: s.execute(
                update(LivePollRow).where(LivePollRow.id == poll_id).values(state=state, round=round, revealed=revealed)
            )
            and None
        )

    # ------------------------------------------------------------------ reading (at start-up)

    def running_sessions(self) -> list[LiveSessionRow]:
        """Sessions not yet ended, oldest first."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(LiveSessionRow).where(LiveSessionRow.ended_at.is_(None)).order_by(LiveSessionRow.id)
            ).all()
            session.expunge_all()
            for row in rows:
                row.started_at = _utc(row.started_at)
            return list(rows)

    def polls(self, session_id: int) -> list[LivePollRow]:
        """A session's polls, oldest first."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(LivePollRow).where(LivePollRow.session_id == session_id).order_by(LivePollRow.id)
            ).all()
            session.expunge_all()
            for row in rows:
                row.opened_at = _utc(row.opened_at)
            return list(rows)

    def events(self, session_id: int) -> list[Event]:
        """A session's events in the order they were stored."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(LiveEventRow).where(LiveEventRow.session_id == session_id).order_by(LiveEventRow.id)
            ).all()
            return [
                Event(
                    session_id=r.session_id, kind=r.kind, hub_user=r.hub_user, at=_utc(r.at), bank=r.bank,
                    question=r.question, response=None if r.response is None else json.loads(r.response),
                    label=r.label, correct=r.correct, poll_id=r.poll_id, round=r.round,
                )
                for r in rows
            ]

    def close(self) -> None:
        """Finish queued writes and release the connection pool."""
        self._queue.put(None)
        self._thread.join(30)
        self.engine.dispose()
