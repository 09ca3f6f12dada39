"""Who is learning: the hub user, else the name given in lesson 00, else the system user name."""

from __future__ import annotations

import getpass
import os

from course_helpers.errors import CourseInputError
from course_helpers.records.store import ProgressError, ProgressStore, open_store

HUB_VAR = "JUPYTERHUB_USER"
SETTING = "learner"
MAX_LENGTH = 64


class InvalidLearnerName(CourseInputError):
    """The name cannot be used as a learner id; the message says why."""


def validate_name(name: object) -> str:
    """Return the cleaned name, or raise InvalidLearnerName saying what to fix."""
    if not isinstance(name, str):
        raise InvalidLearnerName(f"the name must be text, not {type(name).__name__}")
    cleaned = name.strip()
    if not cleaned:
        raise InvalidLearnerName("the name is empty: type the name you want your progress saved under")
    if len(cleaned) > MAX_LENGTH:
        raise InvalidLearnerName(f"the name is {len(cleaned)} characters long; use at most {MAX_LENGTH}")
    if not cleaned.isprintable():
        raise InvalidLearnerName("the name contains a control character (such as a tab or new line); remove it")
    return cleaned


def _system_user() -> str:
    try:
        return getpass.getuser() or "learner"
    except (OSError, KeyError):  # no login name in some containers
        return "learner"


def current_learner(store: ProgressStore | None = None) -> str:
    """Return the learner id: $JUPYTERHUB_USER, else the saved name, else the system user name."""
    hub_user = os.environ.get(HUB_VAR, "").strip()
    if hub_user:
        return hub_user
    saved = (store or open_store()).get_setting(SETTING)
    return saved or _system_user()


def set_learner(name: str, store: ProgressStore | None = None) -> str:
    """Save the learner's name for this computer and return a one-line confirmation."""
    cleaned = validate_name(name)
    (store or open_store()).set_setting(SETTING, cleaned)
    hub_user = os.environ.get(HUB_VAR, "").strip()
    if hub_user and hub_user != cleaned:
        return (
            f"Saved the name {cleaned!r}, but on this JupyterHub your progress is recorded "
            f"under your hub user name {hub_user!r}."
        )
    return f"Saved: your progress will be recorded under the name {cleaned!r}."


def resolve_learner(store: ProgressStore, learner: str | None) -> str:
    """Return the learner to report on; an explicit id must have records (else say which learners do)."""
    if learner is None:
        return current_learner(store)
    known = store.learners()
    if learner not in known:
        names = ", ".join(known) if known else "none yet"
        raise ProgressError(f"no progress recorded for learner {learner!r} in {store.path}; learners: {names}")
    return learner
