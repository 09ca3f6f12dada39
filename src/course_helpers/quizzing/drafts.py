"""Exam answers saved before the exam is finished, so a kernel that dies loses nothing.

A draft is not an attempt: it holds the answers only (no grades), so mastery and review never see an
unfinished exam. It lives in the progress store's settings, one per learner and exam, and is cleared
when the exam is finished.
"""

from __future__ import annotations

import json
from typing import Any

from course_helpers.quizzing.session import QuizError, QuizSession


def _key(learner: str, quiz_id: str) -> str:
    return f"exam-draft:{learner}:{quiz_id}"


def save_draft(store: Any, learner: str, session: QuizSession) -> None:
    """Write the sitting's answers so far (committed before this returns)."""
    payload = {
        "session": session.session_id,
        "questions": [item.id for item in session.items],
        "responses": session.responses,
    }
    store.set_setting(_key(learner, session.quiz_id), json.dumps(payload))


def clear_draft(store: Any, learner: str, quiz_id: str) -> None:
    """Forget the draft (after the exam is finished)."""
    store.set_setting(_key(learner, quiz_id), "")


def restore_draft(store: Any, learner: str, session: QuizSession) -> int:
    """Put a saved draft's answers back into a new sitting of the same paper; return how many."""
    raw = store.get_setting(_key(learner, session.quiz_id))
    if not raw:
        return 0
    try:
        data = json.loads(raw)
    except ValueError:
        return 0
    if data.get("questions") != [item.id for item in session.items]:
        return 0  # a different paper (another seed, or the bank changed): start afresh
    if any(a.session == data.get("session") for a in store.attempts(learner=learner, bank=session.quiz_id)):
        return 0  # its answers were recorded by a finish that could not complete: that sitting is over
    session.session_id = str(data.get("session") or session.session_id)
    restored = 0
    for question_id, response in (data.get("responses") or {}).items():
        try:
            session.answer(question_id, response)
        except QuizError:
            continue
        restored += 1
    return restored
