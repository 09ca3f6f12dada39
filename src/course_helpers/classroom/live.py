"""The room during an instructor-led session, as plain values: who is in the lesson and how far, each check's
answers as they fill, the most-missed check, who looks stuck, and polls with a second round (peer instruction).

Pure model: events in (a learner joined, answered a check, voted in a poll), snapshots out (plain dicts the
class view draws). The service regrades every answer from the course's own bank before it gets here, so a
verdict is never one the learner reported. Nothing here stores, serves or draws.

A learner's typed text (short-text and code answers) is kept as a plain string cut to `LABEL_LIMIT`
characters; the class view writes it with `textContent` only, and the projector never shows it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

LABEL_LIMIT = 80
"""Longest answer label shown (a learner's typed text is cut here, with an ellipsis)."""
STUCK_AFTER = timedelta(minutes=5)
"""No answer for this long while the lesson is under way: the learner looks stuck."""
REPEAT_MISSES = 2
"""The same check missed this many times in a row: the learner looks stuck on it."""
TYPED = frozenset({"short_text", "code", "numeric"})
"""Question types whose answers are typed by the learner (never shown on the projector)."""


@dataclass(frozen=True)
class Check:
    """A course question as the room sees it: no answer key beyond the labels that count as correct."""

    id: str
    prompt: str
    type: str
    choices: tuple[str, ...] = ()
    correct_labels: tuple[str, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class Answer:
    """One graded answer to a check (the service's verdict), or one poll vote."""

    user: str
    question: str
    label: str
    correct: bool
    at: datetime


def response_label(question_type: str, response: Any) -> str:
    """A learner's (already coerced) response as one short label, the key of an answer distribution."""
    if isinstance(response, bool) or question_type == "true_false":
        text = "True" if response else "False"
    elif isinstance(response, list | tuple):
        text = (" → " if question_type == "ordering" else " + ").join(str(item) for item in response)
    elif isinstance(response, float):
        text = f"{response:g}"
    else:
        text = " ".join(str(response).split())
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "…"


def _distribution(latest: dict[str, Answer], check: Check, *, show_typed: bool, show_correct: bool) -> list[dict]:
    """Counts per answer (newest per learner), choices first in the bank's order, then typed answers by count."""
    counts = Counter(a.label for a in latest.values())
    right = {a.label for a in latest.values() if a.correct} | set(check.correct_labels)
    order = [c for c in check.choices] if check.type in {"single_choice"} else []
    if check.type == "true_false":
        order = ["True", "False"]
    rows = [{"label": label, "count": counts.pop(label, 0)} for label in order]
    rest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if check.type in TYPED and not show_typed:
        right_n = sum(n for label, n in rest if label in right)
        rows += [r for r in ({"label": "correct", "count": right_n}, {"label": "other answers",
                                                                        "count": sum(n for _, n in rest) - right_n})]
        return [{**r, "correct": (r["label"] == "correct") if show_correct else None} for r in rows]
    rows += [{"label": label, "count": n} for label, n in rest]
    return [{**r, "correct": (r["label"] in right) if show_correct else None} for r in rows]


@dataclass
class Learner:
    """What the room knows about one learner in this session."""

    name: str
    joined_at: datetime
    last_activity: datetime
    answers: list[Answer] = field(default_factory=list)


@dataclass
class Room:
    """One live session: a hub group working through one lesson's checks."""

    group: str
    lesson: str
    lesson_title: str
    checks: list[Check]
    started_by: str
    started_at: datetime
    learners: dict[str, Learner] = field(default_factory=dict)
    polls: list[Poll] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index = {c.id: i for i, c in enumerate(self.checks)}

    def has_check(self, question: str) -> bool:
        """True when `question` is one of this lesson's checks."""
        return question in self._index

    def join(self, user: str, at: datetime) -> None:
        """A learner's kernel joined the session (the learner ran `live()`)."""
        learner = self.learners.get(user)
        if learner is None:
            self.learners[user] = Learner(user, at, at)
        else:
            learner.last_activity = max(learner.last_activity, at)

    def answer(self, answer: Answer) -> None:
        """A graded answer to one of this lesson's checks (answers to other questions are ignored)."""
        if answer.question not in self._index:
            return
        self.join(answer.user, answer.at)
        learner = self.learners[answer.user]
        learner.answers.append(answer)
        learner.last_activity = max(learner.last_activity, answer.at)

    # ------------------------------------------------------------------ what the view shows

    def _latest(self, question: str) -> dict[str, Answer]:
        out: dict[str, Answer] = {}
        for learner in self.learners.values():
            for a in learner.answers:
                if a.question == question:
                    out[learner.name] = a
        return out

    def _stuck(self, learner: Learner, now: datetime, stuck_after: timedelta, repeat: int) -> str | None:
        run: dict[str, int] = {}
        for a in learner.answers:  # consecutive misses per check, reset by a right answer
            run[a.question] = 0 if a.correct else run.get(a.question, 0) + 1
        worst = max(run.items(), key=lambda kv: (kv[1], -self._index[kv[0]]), default=(None, 0))
        if worst[0] is not None and worst[1] >= repeat:
            return f"missed {worst[0]} {worst[1]} times in a row"
        answered = {a.question for a in learner.answers}
        if len(answered) < len(self.checks) and now - learner.last_activity >= stuck_after:
            minutes = int((now - learner.last_activity).total_seconds() // 60)
            return f"no progress for {minutes} min"
        return None

    def snapshot(
        self,
        now: datetime,
        *,
        names: bool = True,
        stuck_after: timedelta = STUCK_AFTER,
        repeat_misses: int = REPEAT_MISSES,
    ) -> dict[str, Any]:
        """Everything the class view draws; with `names=False` (projector) no learner name or typed text."""
        checks = []
        most: tuple[int, int, str] | None = None  # (missed, -position, id)
        for position, check in enumerate(self.checks):
            latest = self._latest(check.id)
            missed = sum(not a.correct for a in latest.values())
            checks.append(
                {
                    "id": check.id,
                    "prompt": check.prompt,
                    "type": check.type,
                    "answered": len(latest),
                    "correct": len(latest) - missed,
                    "missed": missed,
                    "distribution": _distribution(latest, check, show_typed=names, show_correct=names),
                }
            )
            if missed and (most is None or (missed, -position) > most[:2]):
                most = (missed, -position, check.id)
        learners = []
        stuck = 0
        for learner in sorted(self.learners.values(), key=lambda item: item.name):
            reached = max((self._index[a.question] for a in learner.answers), default=-1)
            reason = self._stuck(learner, now, stuck_after, repeat_misses)
            stuck += reason is not None
            done = {a.question: a.correct for a in learner.answers}
            learners.append(
                {
                    "name": learner.name,
                    "last_check": self.checks[reached].id if reached >= 0 else None,
                    "reached": reached + 1,
                    "answered": len(done),
                    "correct": sum(done.values()),
                    "idle_seconds": int((now - learner.last_activity).total_seconds()),
                    "stuck": reason,
                }
            )
        most_missed = None
        if most is not None:
            row = next(c for c in checks if c["id"] == most[2])
            most_missed = {"id": row["id"], "prompt": row["prompt"], "missed": row["missed"],
                           "answered": row["answered"]}
        reached_counts = Counter(item["reached"] for item in learners)
        return {
            "group": self.group,
            "lesson": self.lesson,
            "lesson_title": self.lesson_title,
            "started_at": self.started_at.isoformat(),
            "in_lesson": len(learners),
            "answers": sum(len(item.answers) for item in self.learners.values()),
            "stuck": stuck,
            "most_missed": most_missed,
            "checks": checks,
            "progress": [{"reached": n, "learners": reached_counts.get(n, 0)} for n in range(len(self.checks) + 1)],
            "learners": learners if names else None,
            "poll": self.polls[-1].summary(names=names) if self.polls else None,
        }

    # ------------------------------------------------------------------ polls

    def open_poll(self, poll_id: int, bank: str, check: Check, at: datetime) -> Poll:
        """Open a course question to the room (any open poll is closed first)."""
        for poll in self.polls:
            poll.state = "closed"
        poll = Poll(poll_id, bank, check, at)
        self.polls.append(poll)
        return poll

    def poll(self, poll_id: int) -> Poll | None:
        """The poll with this id, if it belongs to this session."""
        return next((p for p in self.polls if p.id == poll_id), None)

    @property
    def current_poll(self) -> Poll | None:
        """The newest poll (open, closed or revealed), if any."""
        return self.polls[-1] if self.polls else None


@dataclass
class Poll:
    """A question opened to the room; round 2 is "discuss and vote again" (Mazur's peer instruction)."""

    id: int
    bank: str
    check: Check
    opened_at: datetime
    state: str = "open"
    round: int = 1
    revealed: bool = False
    votes: dict[int, dict[str, Answer]] = field(default_factory=lambda: {1: {}})

    def vote(self, answer: Answer) -> int:
        """Record a vote in the current round (a new vote replaces the learner's earlier one); returns the round."""
        self.votes.setdefault(self.round, {})[answer.user] = answer
        return self.round

    def again(self) -> None:
        """Close round 1 and open round 2: learners discuss, then vote again."""
        if self.round >= 2:
            raise ValueError("this poll already has its second round")
        self.round = 2
        self.votes.setdefault(2, {})
        self.state = "open"

    def close(self) -> None:
        """Stop taking votes."""
        self.state = "closed"

    def reveal(self) -> None:
        """Close the poll and show the answer to the room."""
        self.state = "closed"
        self.revealed = True

    def summary(self, *, names: bool = True) -> dict[str, Any]:
        """Distribution per round and how answers moved between rounds; the answer only once revealed (projector)."""
        show_correct = names or self.revealed
        rounds = []
        for number in sorted(self.votes):
            votes = self.votes[number]
            rounds.append(
                {
                    "round": number,
                    "votes": len(votes),
                    "correct": sum(a.correct for a in votes.values()) if show_correct else None,
                    "distribution": _distribution(votes, self.check, show_typed=names, show_correct=show_correct),
                }
            )
        moves: list[dict[str, Any]] = []
        if 2 in self.votes:
            pairs = Counter(
                (self.votes[1][user].correct, second.correct)
                for user, second in self.votes[2].items()
                if user in self.votes[1]
            )
            for (before, after), n in sorted(pairs.items(), key=lambda kv: (not kv[0][0], not kv[0][1])):
                if show_correct:
                    moves.append({"from": "right" if before else "wrong", "to": "right" if after else "wrong",
                                  "learners": n})
            if not show_correct:
                changed = sum(
                    1 for user, second in self.votes[2].items()
                    if user in self.votes[1] and self.votes[1][user].label != second.label
                )
                moves.append({"changed": changed, "kept": sum(pairs.values()) - changed})
        return {
            "id": self.id,
            "bank": self.bank,
            "question": self.check.id,
            "prompt": self.check.prompt,
            "type": self.check.type,
            "state": self.state,
            "round": self.round,
            "revealed": self.revealed,
            "answer": list(self.check.correct_labels) if show_correct else None,
            "explanation": self.check.explanation if self.revealed else None,
            "rounds": rounds,
            "moves": moves,
        }

    def for_learner(self) -> dict[str, Any]:
        """What a learner's `poll()` receives: the question and its choices, the answer only once revealed."""
        return {
            "id": self.id,
            "bank": self.bank,
            "question": self.check.id,
            "prompt": self.check.prompt,
            "type": self.check.type,
            "choices": list(self.check.choices),
            "state": self.state,
            "round": self.round,
            "revealed": self.revealed,
            "answer": list(self.check.correct_labels) if self.revealed else None,
            "explanation": self.check.explanation if self.revealed else None,
        }
