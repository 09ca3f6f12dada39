"""Who is learning: the hub user, else the name given in lesson 00, else the system user name."""

from __future__ import annotations

import getpass
import os
import warnings

from course_helpers.display.text import printable
from course_helpers.errors import CourseInputError
from course_helpers.records.store import NOT_SAVING, ProgressError, ProgressStore, open_store

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
        return validate_name(getpass.getuser())
    except (OSError, KeyError, InvalidLearnerName):  # no (usable) login name in some containers
        return "learner"


_noticed: set[str] = set()
"""Unusable $JUPYTERHUB_USER values already reported in this process (each is reported once)."""


def hub_user() -> str | None:
    """$JUPYTERHUB_USER if it is set and a usable name; an unusable one is ignored with a one-line notice."""
    raw = os.environ.get(HUB_VAR, "").strip()
    if not raw:
        return None
    try:
        return validate_name(raw)
    except InvalidLearnerName as exc:
        if raw not in _noticed:
            _noticed.add(raw)
            shown = printable(raw if len(raw) <= 40 else raw[:40] + "...")
            warnings.warn(
                f"{HUB_VAR} is '{shown}', which cannot be a learner name: {exc}. It is ignored; progress "
                "is recorded under the name saved in lesson 00, else the system user name.",
                RuntimeWarning,
                stacklevel=3,
            )
        return None


def saved_name(store: ProgressStore | None = None) -> str | None:
    """The name saved on this computer, or None (also when the progress store cannot be used)."""
    try:
        saved = (store or open_store()).get_setting(SETTING)
    except ProgressError:
        return None
    try:
        return validate_name(saved) if saved else None
    except InvalidLearnerName:  # written by hand into the store: not trusted
        return None


def current_learner(store: ProgressStore | None = None) -> str:
    """Return the learner id: $JUPYTERHUB_USER, else the saved name, else the system user name. Never raises."""
    return hub_user() or saved_name(store) or _system_user()


def set_learner(name: str, store: ProgressStore | None = None) -> str:
    """Save the learner's name for this computer and return a one-line confirmation (or why it was not saved).

    A bad name raises InvalidLearnerName; a progress store that cannot be used never raises: the line says so.
    """
    cleaned = validate_name(name)
    try:
        (store or open_store()).set_setting(SETTING, cleaned)
    except ProgressError as exc:
        return f"⚠ Your name was not saved, and {NOT_SAVING}: {exc}"
    hub = hub_user()
    if hub and hub != cleaned:
        return (
            f"Saved the name {cleaned!r}, but on this JupyterHub your progress is recorded "
            f"under your hub user name {hub!r}."
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
