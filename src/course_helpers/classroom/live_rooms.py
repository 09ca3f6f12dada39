"""The service's live rooms: one `Room` per hub group with a running session, kept in step with the database.

Every change is stored first (the writer thread commits it) and applied to the room after, on the event
loop, so what the class view shows has always been stored. Answers are regraded here from the course's own
banks: the learner sends only what they answered. Views waiting for a change are woken by `notify`.
Runs in one service process (the hub's managed service); rooms are rebuilt from the database on start.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from course_helpers.classroom.live import Answer, Check, Room, response_label
from course_helpers.classroom.live_storage import Event, LiveStore
from course_helpers.errors import CourseInputError
from course_helpers.quizzing.bank import LoadedBank, load_all
from course_helpers.quizzing.grading import AnswerError, coerce, grade
from course_helpers.quizzing.model import AnyQuestion


class LiveError(CourseInputError):
    """A live-session request that cannot be done; `status` is the HTTP status the service answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_of(question: AnyQuestion) -> Check:
    """A bank question as the room sees it (the labels that count as correct come from the grader)."""
    choices = tuple(getattr(question, "choices", ()) or ())
    if question.type == "true_false":
        choices = ("True", "False")
    correct = response_label(question.type, coerce(question, _right(question)))
    return Check(
        id=question.id,
        prompt=plain_text(question.prompt),
        type=question.type,
        choices=choices,
        correct_labels=(correct,),
        explanation=" ".join(question.explanation.split()),
    )


def plain_text(markdown: str) -> str:
    """A prompt's Markdown as one line of plain text (emphasis and code marks dropped; the view shows text)."""
    text = re.sub(r"(\*\*|__|`)", "", markdown)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])", r"\1", text)
    return " ".join(text.split())


def _right(question: AnyQuestion) -> Any:
    return list(question.answer) if isinstance(question.answer, list) else question.answer


@dataclass
class _Live:
    session_id: int
    room: Room


class LiveRooms:
    """Rooms by hub group, the banks they grade from, and the views waiting for changes."""

    def __init__(self, store: LiveStore, banks: dict[str, LoadedBank] | None = None) -> None:
        self.store = store
        self._banks = banks
        self.live: dict[str, _Live] = {}
        self._waiters: dict[str, list[asyncio.Future]] = {}
        self.version: dict[str, int] = {}

    @property
    def banks(self) -> dict[str, LoadedBank]:
        """The course's banks (loaded once, on first use)."""
        if self._banks is None:
            self._banks = load_all()
        return self._banks

    def question(self, bank: str, question: str) -> AnyQuestion:
        """A question of the course, or LiveError 404 naming what is missing."""
        loaded = self.banks.get(bank)
        if loaded is None:
            raise LiveError(404, f"no lesson {bank!r} in this course")
        try:
            return loaded.bank.question(question)
        except KeyError:
            raise LiveError(404, f"lesson {bank!r} has no question {question!r}") from None

    def _room(self, group: str, lesson: str, by: str, at: datetime) -> Room:
        loaded = self.banks.get(lesson)
        if loaded is None:
            raise LiveError(404, f"no lesson {lesson!r} in this course")
        if loaded.bank.draw is not None:
            raise LiveError(400, f"{lesson!r} is a drawn exam: run a live session on a lesson instead")
        checks = [check_of(q) for q in loaded.bank.questions]
        return Room(group, lesson, loaded.bank.title, checks, by, at)

    # ------------------------------------------------------------------ waking the views

    def notify(self, group: str) -> None:
        """Wake every view of `group`."""
        self.version[group] = self.version.get(group, 0) + 1
        for future in self._waiters.pop(group, []):
            if not future.done():
                future.set_result(None)

    async def wait(self, group: str, timeout: float) -> None:
        """Until `group` changes or `timeout` seconds pass."""
        future = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(group, []).append(future)
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            pass
        finally:
            waiters = self._waiters.get(group, [])
            if future in waiters:
                waiters.remove(future)

    # ------------------------------------------------------------------ sessions

    def room_for(self, group: str) -> Room | None:
        """The running room of `group`, if any."""
        live = self.live.get(group)
        return live.room if live else None

    def room_of_learner(self, groups: list[str]) -> tuple[str, _Live] | None:
        """The newest running session among the learner's hub groups."""
        found = [(g, self.live[g]) for g in groups if g in self.live]
        return max(found, key=lambda item: item[1].session_id) if found else None

    async def start(self, group: str, lesson: str, by: str) -> Room:
        """Start (or restart) a session of `group` on `lesson`."""
        now = datetime.now(UTC)
        room = self._room(group, lesson, by, now)
        session_id = await asyncio.wrap_future(self.store.start_session(group, lesson, by, now))
        self.live[group] = _Live(session_id, room)
        self.notify(group)
        return room

    async def end(self, group: str) -> None:
        """End `group`'s session: learners' answers stop streaming."""
        live = self.live.get(group)
        if live is None:
            raise LiveError(404, f"group {group!r} has no live session")
        await asyncio.wrap_future(self.store.end_session(live.session_id, datetime.now(UTC)))
        del self.live[group]
        self.notify(group)

    def _learner_room(self, user: str, groups: list[str]) -> tuple[str, _Live]:
        found = self.room_of_learner(groups)
        if found is None:
            raise LiveError(
                409, f"no live session for {user!r}: none of your hub groups has one running, so nothing is sent"
            )
        return found

    async def join(self, user: str, groups: list[str]) -> dict[str, Any]:
        """A learner's kernel joins the session of their group; returns what the learner's marker shows."""
        group, live = self._learner_room(user, groups)
        now = datetime.now(UTC)
        await asyncio.wrap_future(self.store.add_event(Event(live.session_id, "join", user, now)))
        live.room.join(user, now)
        self.notify(group)
        return self.status(user, groups)

    def status(self, user: str, groups: list[str]) -> dict[str, Any]:
        """Whether a session is live for this learner, and on what."""
        found = self.room_of_learner(groups)
        if found is None:
            return {"live": False, "user": user}
        group, live = found
        poll = live.room.current_poll
        return {
            "live": True,
            "user": user,
            "group": group,
            "lesson": live.room.lesson,
            "lesson_title": live.room.lesson_title,
            "instructor": live.room.started_by,
            "joined": user in live.room.learners,
            "poll": poll.for_learner() if poll is not None else None,
        }

    def _grade(self, bank: str, question_id: str, value: Any) -> tuple[AnyQuestion, Any, str, bool]:
        question = self.question(bank, question_id)
        try:
            result = grade(question, value)
            response = coerce(question, value)
        except AnswerError as exc:
            raise LiveError(400, f"question {question_id!r}: {exc}") from None
        return question, response, response_label(question.type, response), result.correct

    async def answer(self, user: str, groups: list[str], bank: str, question_id: str, value: Any) -> dict[str, Any]:
        """A learner answered a check: regrade, store, update the room. Answers outside the lesson are refused."""
        group, live = self._learner_room(user, groups)
        if user not in live.room.learners:  # consent: only a learner who joined (ran live()) streams answers
            raise LiveError(409, f"{user!r} has not joined this live session: run live() in your notebook first")
        if bank != live.room.lesson or not live.room.has_check(question_id):
            raise LiveError(
                400, f"the live session is on {live.room.lesson}; {bank}/{question_id} is not one of its checks"
            )
        _, response, label, correct = self._grade(bank, question_id, value)
        now = datetime.now(UTC)
        event = Event(live.session_id, "answer", user, now, bank, question_id, response, label, correct)
        event_id = await asyncio.wrap_future(self.store.add_event(event))
        live.room.answer(Answer(user, question_id, label, correct, now))
        self.notify(group)
        return {"stored": event_id, "group": group, "question": question_id}

    # ------------------------------------------------------------------ polls

    async def open_poll(self, group: str, bank: str, question_id: str) -> dict[str, Any]:
        """Open any course question to the room."""
        live = self._instructor_room(group)
        question = self.question(bank, question_id)
        now = datetime.now(UTC)
        poll_id = await asyncio.wrap_future(self.store.add_poll(live.session_id, bank, question_id, now))
        poll = live.room.open_poll(poll_id, bank, check_of(question), now)
        self.notify(group)
        return poll.summary()

    def _instructor_room(self, group: str) -> _Live:
        live = self.live.get(group)
        if live is None:
            raise LiveError(409, f"group {group!r} has no live session: start one first")
        return live

    async def change_poll(self, group: str, poll_id: int, action: str) -> dict[str, Any]:
        """`again` (discuss and vote again), `close` or `reveal` a poll."""
        live = self._instructor_room(group)
        poll = live.room.poll(poll_id)
        if poll is None:
            raise LiveError(404, f"no poll {poll_id} in {group!r}'s session")
        if action == "again":
            try:
                poll.again()
            except ValueError as exc:
                raise LiveError(409, str(exc)) from None
        elif action == "close":
            poll.close()
        elif action == "reveal":
            poll.reveal()
        else:
            raise LiveError(400, f"unknown poll action {action!r}: use again, close or reveal")
        await asyncio.wrap_future(
            self.store.set_poll(poll_id, state=poll.state, round=poll.round, revealed=poll.revealed)
        )
        self.notify(group)
        return poll.summary()

    async def vote(self, user: str, groups: list[str], poll_id: int, value: Any) -> dict[str, Any]:
        """A learner's vote in the open round of a poll of their group's session."""
        group, live = self._learner_room(user, groups)
        poll = live.room.poll(poll_id)
        if poll is None:
            raise LiveError(404, f"no poll {poll_id} in your session")
        if poll.state != "open":
            raise LiveError(409, "this poll is closed: your instructor is no longer taking answers")
        _, response, label, correct = self._grade(poll.bank, poll.check.id, value)
        now = datetime.now(UTC)
        event = Event(live.session_id, "vote", user, now, poll.bank, poll.check.id, response, label, correct,
                      poll_id, poll.round)
        await asyncio.wrap_future(self.store.add_event(event))
        live.room.join(user, now)
        round_ = poll.vote(Answer(user, poll.check.id, label, correct, now))
        self.notify(group)
        return {"poll": poll_id, "round": round_, "answer": label}

    # ------------------------------------------------------------------ start-up

    def restore(self) -> int:
        """Rebuild every running session's room from the database; returns how many."""
        for row in self.store.running_sessions():
            try:
                room = self._room(row.hub_group, row.lesson, row.started_by, row.started_at)
            except LiveError:
                continue  # the lesson left the course since: nothing to show
            polls = {}
            for p in self.store.polls(row.id):
                try:
                    check = check_of(self.question(p.bank, p.question))
                except LiveError:
                    continue
                poll = room.open_poll(p.id, p.bank, check, p.opened_at)
                polls[p.id] = poll
            for event in self.store.events(row.id):
                if event.kind == "join":
                    room.join(event.hub_user, event.at)
                elif event.kind == "answer":
                    room.answer(Answer(event.hub_user, event.question or "", event.label or "", bool(event.correct),
                                       event.at))
                elif event.kind == "vote" and event.poll_id in polls:
                    poll = polls[event.poll_id]
                    poll.votes.setdefault(event.round or 1, {})[event.hub_user] = Answer(
                        event.hub_user, event.question or "", event.label or "", bool(event.correct), event.at
                    )
                    room.join(event.hub_user, event.at)
            for p in self.store.polls(row.id):  # states last: votes above went into their recorded rounds
                if p.id in polls:
                    polls[p.id].state, polls[p.id].round, polls[p.id].revealed = p.state, p.round, p.revealed
            self.live[row.hub_group] = _Live(row.id, room)
        return len(self.live)
