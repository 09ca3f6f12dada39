"""Practice mode's view: a start button, the case player, a running count, and the summary."""

from __future__ import annotations

import html
import random

import ipywidgets as widgets

from course_helpers.coding.cases.coverage import filter_cases
from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.cases.practice import PracticeSession
from course_helpers.coding.cases.scoring import CaseGrade
from course_helpers.coding.views.case_player_view import MISS, CasePlayer
from course_helpers.display.a11y import live_region, with_keyboard_support
from course_helpers.errors import CaseInputError, CourseInputError


class PracticeMode:
    """Wires a PracticeSession to a CasePlayer: each graded case is timed and the next one is loaded."""

    def __init__(self, session: PracticeSession | None = None, record: bool = True) -> None:
        self.session = session or PracticeSession.shuffled()
        self.player = CasePlayer(self.session.order[0], record=record, on_graded=self._graded)
        self.player.case_picker.options = self.player._picker_options(list(self.session.order))
        self.player.case_picker.value = self.session.order[0]
        self.player.case_picker.disabled = True  # practice chooses the next case
        self.player.topic_filter.disabled = self.player.difficulty_filter.disabled = True  # chosen at the start
        self.start = widgets.Button(description="Start the timer", tooltip="Start (or restart) a timed practice run")
        self.finish = widgets.Button(description="Show my pace", tooltip="Show cases per hour so far")
        self.next_case = widgets.Button(description="Next case", tooltip="Load the next case in the run")
        self.status = live_region(
            widgets.HTML("<p>Press <b>Start the timer</b>, then code each case and grade it.</p>")
        )
        self.summary = live_region(widgets.HTML())
        self._pending: str | None = None
        self.start.on_click(lambda _b: self._start())
        self.finish.on_click(lambda _b: self.show_summary())
        self.next_case.on_click(lambda _b: self._advance())
        buttons = widgets.HBox([self.start, self.next_case, self.finish], layout={"flex_flow": "row wrap"})
        self.widget = with_keyboard_support(widgets.VBox([buttons, self.status, self.player.widget, self.summary]))

    def _start(self) -> None:
        first = self.session.start()
        self.player.case_picker.disabled = False
        self.player.load(first)
        self.player.case_picker.disabled = True
        self.summary.value = ""
        self.status.value = "<p>⏱ Timer running. Cases graded: 0.</p>"

    def _graded(self, grade: CaseGrade) -> None:
        if not self.session.running:
            self.status.value = "<p>✘ The timer is not running: press <b>Start the timer</b> to count this run.</p>"
            return
        self._pending = self.session.add(grade)
        done = len(self.session.results)
        after = "Press <b>Next case</b> when ready." if self._pending else "That was the last case."
        self.status.value = f"<p>⏱ Cases graded: {done}. {after}</p>"

    def _advance(self) -> None:
        if self._pending is None:
            self.status.value = "<p>Grade this case first (or you have finished every case).</p>"
            return
        self.player.load(self._pending)
        self._pending = None

    def show_summary(self) -> None:
        """Render the pace and the comparison with published figures."""
        if not self.session.running:
            self.summary.value = "<p>✘ Start the timer first.</p>"
            return
        s = self.session.summary()
        mean = f"{s.mean_percent:.0f}%" if s.mean_percent is not None else "-"
        items = "".join(f"<li>{html.escape(line)}</li>" for line in s.lines)
        self.summary.value = (
            f"<p><b>{s.cases} case(s) in {s.minutes:.1f} minutes; mean score {mean}.</b></p><ul>{items}</ul>"
        )


def practice_session(
    seed: int | None = None, topic: str | None = None, difficulty: str | None = None
) -> PracticeSession:
    """A practice run over the cases matching ``topic`` (a coverage id) and ``difficulty``, shuffled by ``seed``."""
    order = filter_cases(load_cases(), topic, difficulty)
    if not order:
        raise CaseInputError(f"no case teaches {topic!r} at difficulty {difficulty!r}: widen the filter")
    random.Random(seed).shuffle(order)
    return PracticeSession(order=order)


def practice_mode(seed: int | None = None, topic: str | None = None, difficulty: str | None = None) -> widgets.Widget:
    """Show practice mode: timed cases (optionally one topic or difficulty), then your pace against
    published (non-standard) ranges."""
    try:
        return PracticeMode(practice_session(seed, topic, difficulty)).widget
    except CourseInputError as exc:
        return widgets.HTML(f"<p>{MISS} {html.escape(str(exc))}</p>")
