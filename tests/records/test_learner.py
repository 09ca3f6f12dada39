"""Who the learner is: hub user, saved name, system user; and the name form in lesson 00."""

from __future__ import annotations

import getpass

import pytest

from course_helpers.records.learner import InvalidLearnerName, current_learner, set_learner
from course_helpers.records.learner_view import learner_name_form
from course_helpers.records.store import open_store


def test_without_a_hub_or_a_saved_name_the_system_user_is_used() -> None:
    assert current_learner() == getpass.getuser()


def test_a_saved_name_is_used_and_confirmed_in_words() -> None:
    message = set_learner("  Sam Rivera ")
    assert message == "Saved: your progress will be recorded under the name 'Sam Rivera'."
    assert current_learner() == "Sam Rivera"
    assert open_store().get_setting("learner") == "Sam Rivera"


def test_the_hub_user_wins_and_the_confirmation_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "srivera")
    message = set_learner("Sam")
    assert current_learner() == "srivera"
    assert "hub user name 'srivera'" in message and "\n" not in message


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("", "empty"), ("   ", "empty"), ("x" * 65, "at most 64"), ("Sam\tR", "control character"), (42, "text")],
)
def test_bad_names_are_refused_and_nothing_is_saved(name: object, fragment: str) -> None:
    with pytest.raises(InvalidLearnerName, match=fragment):
        set_learner(name)  # type: ignore[arg-type]
    assert open_store().get_setting("learner") is None


def test_a_64_character_name_is_accepted() -> None:
    set_learner("y" * 64)
    assert current_learner() == "y" * 64


def _parts(form):  # label, text, button, status
    label, row, status = form.children[:3]  # then the (invisible) keyboard helper
    text, button = row.children
    return label, text, button, status


def test_the_form_saves_the_name_and_says_so() -> None:
    form = learner_name_form()
    label, text, button, status = _parts(form)
    assert "name" in label.value.lower()
    text.value = "Ana <b>Lopez</b>"
    button.click()
    assert current_learner() == "Ana <b>Lopez</b>"
    assert "Saved" in status.value and "&lt;b&gt;" in status.value  # shown as text, not markup


def test_the_form_shows_a_bad_name_as_a_message_not_a_traceback() -> None:
    set_learner("Before")
    _, text, button, status = _parts(learner_name_form())
    assert text.value == "Before"  # pre-filled with the saved name
    text.value = "   "
    button.click()
    assert "Not saved" in status.value and "empty" in status.value
    assert current_learner() == "Before"
