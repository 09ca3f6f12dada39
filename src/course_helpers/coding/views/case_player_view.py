"""The case player widget: the record on one side, code entry on the other, graded on submit.

A view only: checking, regrouping and grading live in ``attempt`` and ``grading``; the topic and
difficulty filters come from ``coverage``. Each procedure entry can open the PCS table builder
(``coding.views.pcs_builder_view.pcs_table_builder``) at the code typed there.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets

from course_helpers.coding.cases.attempt import check_answer, grade_answer, record_grade
from course_helpers.coding.cases.coverage import DIFFICULTIES, filter_cases, load_coverage
from course_helpers.coding.cases.feedback import MISS, OK
from course_helpers.coding.cases.model import POA_LABELS, Case, get_case, load_cases
from course_helpers.coding.cases.scoring import CaseGrade
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.drg.grouper import DEFAULT_BASE_RATE
from course_helpers.coding.views.pcs_builder_view import pcs_table_builder
from course_helpers.display.a11y import focus_on_click, live_region, sync_before_submit, with_keyboard_support
from course_helpers.errors import CaseInputError, CourseInputError

SECONDARY_ROWS = 6
PROCEDURE_ROWS = 3
_WIDE = {"description_width": "initial"}
# Fits from a 1280 px window down to 200% zoom: the record and the entry column each want about 26em and
# wrap (record above the fields) when there is no room for both; fields shrink instead of overflowing.
_COLUMN = {"flex": "1 1 26em", "min_width": "0", "width": "auto"}
_FIELD = {"width": "100%", "max_width": "40em", "min_width": "0"}
_POA_OPTIONS = [("(choose POA)", "")] + [(label, key) for key, label in POA_LABELS.items()]
# a Procedure box keeps room for its label and about 12 characters beside its builder button; the row wraps
_PROCEDURE = {"flex": "1 1 24em", "min_width": "min(100% - 4px, 22em)", "width": "auto", "max_width": "40em"}


@dataclass
class Draft:
    """What a learner has entered for one case, kept when they move to another case and restored on return."""

    principal: str
    secondary: list[tuple[str, str]]
    procedures: list[str]
    query_choice: int | None
    query_sent: bool
    feedback: str
    last_grade: CaseGrade | None

    @property
    def empty(self) -> bool:
        """True when nothing was typed or chosen."""
        return not (
            self.principal.strip()
            or any(code.strip() or poa for code, poa in self.secondary)
            or any(p.strip() for p in self.procedures)
            or self.query_choice is not None
        )


def _paragraphs(text: str) -> str:
    """Case text as HTML paragraphs: a blank line starts a paragraph; single line breaks are only wrapping."""
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return "".join(f"<p>{html.escape(block)}</p>" for block in blocks if block)


def record_html(case: Case, show_response: bool = False) -> str:
    """The case's record as HTML (text escaped); the physician's query answer once the query is sent."""
    p = case.patient
    parts = [
        f"<h3>{html.escape(case.title)}</h3>",
        f"<p><b>Patient:</b> {p.age}-year-old {'woman' if p.sex == 'F' else 'man'} · "
        f"<b>Discharge status:</b> {p.discharge_status} · <b>Case:</b> {html.escape(case.id)} · "
        f"{FISCAL_YEAR.label}</p>",
    ]
    sections = [("History", case.record.history), ("Findings", case.record.findings)]
    sections += [(note.title, note.text) for note in case.record.notes]  # in the order written
    sections += [("Procedures", case.record.procedures), ("Discharge summary", case.record.discharge_summary)]
    for heading, text in sections:
        parts.append(f"<h4>{html.escape(heading)}</h4>{_paragraphs(text)}")
    if case.query is not None:
        parts.append(f"<h4>Documentation gap</h4><p>{html.escape(case.query.situation)}</p>")
        if show_response:
            parts.append(f"<h4>Physician's answer</h4><p>{html.escape(case.query.physician_response)}</p>")
    return "\n".join(parts)


def grade_html(grade: CaseGrade) -> str:
    """Feedback lines as an HTML list; each line starts with a symbol and says its verdict in words."""
    verdict = "Passed" if grade.passed else "Not yet passed"
    symbol = OK if grade.passed else MISS
    items = "".join(f"<li>{html.escape(line)}</li>" for line in grade.feedback[1:])
    return f"<p><b>{symbol} {verdict}: {html.escape(grade.feedback[0])}</b></p><ul>{items}</ul>"


def query_order(case: Case) -> list[int]:
    """The query wordings' display order: shuffled, but the same every time for a given case."""
    if case.query is None:
        return []
    order = list(range(len(case.query.options)))
    random.Random(case.id).shuffle(order)
    return order


def query_options_html(case: Case, order: list[int]) -> str:
    """The query wordings, lettered A, B, C ... in display order."""
    if case.query is None:
        return ""
    items = "".join(
        f"<li><b>Wording {chr(65 + pos)}:</b> {html.escape(case.query.options[i].text)}</li>"
        for pos, i in enumerate(order)
    )
    return f"<p>Which query would you send?</p><ul>{items}</ul>"


class CasePlayer:
    """One case on screen: entry fields, a grade button, feedback, and the last grade for tests and notebooks."""

    def __init__(
        self,
        case_id: str | None = None,
        base_rate: float = DEFAULT_BASE_RATE,
        record: bool = True,
        on_graded: Callable[[CaseGrade], None] | None = None,
        topic: str | None = None,
        difficulty: str | None = None,
    ) -> None:
        self.base_rate = base_rate
        self.record_attempts = record
        self.on_graded = on_graded
        self.last_grade: CaseGrade | None = None
        self.message = ""
        self.query_sent = False
        self.drafts: dict[str, Draft] = {}  # each case's entries, kept while another case is on screen
        self._on_screen: str | None = None
        if case_id is not None:
            get_case(case_id)  # CaseInputError with the valid ids, before the dropdown rejects it
        ids = filter_cases(load_cases(), topic, difficulty)  # CaseInputError for an unknown topic or difficulty
        if not ids:
            raise CaseInputError(f"no case teaches {topic!r} at difficulty {difficulty!r}: widen the filter")
        if case_id is not None and case_id not in ids:
            ids = [case_id, *ids]
        self.topic_filter = widgets.Dropdown(
            # "" means any: ipywidgets reads a None value as "nothing selected" and shows an empty box
            options=[("(any topic)", "")] + [(f"{t.label} ({t.id})", t.id) for t in load_coverage().topics],
            value=topic or "",
            description="Topic",
            style=_WIDE,
            layout=widgets.Layout(width="60%"),
        )
        self.difficulty_filter = widgets.Dropdown(
            options=[("(any difficulty)", "")] + [(d, d) for d in DIFFICULTIES],
            value=difficulty or "",
            description="Difficulty",
            style=_WIDE,
        )
        self.case_picker = widgets.Dropdown(
            options=self._picker_options(ids),
            value=case_id if case_id is not None else ids[0],
            description="Case",
            style=_WIDE,
            layout=widgets.Layout(width="98%"),
        )
        self.record_view = widgets.HTML(layout=widgets.Layout(padding="0 12px 0 0", **_COLUMN))
        self.query_choice = widgets.RadioButtons(
            options=[], description="Query wording", style=_WIDE, layout=widgets.Layout(width="98%")
        )
        self.send_query = widgets.Button(description="Send this query", tooltip="Send the chosen query wording")
        self.principal = widgets.Text(
            description="Principal diagnosis (ICD-10-CM)", placeholder="e.g. I50.23", style=_WIDE, layout=_FIELD
        )
        self.secondary = [
            (
                widgets.Text(
                    description=f"Secondary {i + 1}",
                    placeholder="ICD-10-CM",
                    style=_WIDE,
                    layout={"flex": "1 1 16em", "min_width": "0", "width": "auto"},  # label and box stay on one line
                ),
                widgets.Dropdown(
                    options=_POA_OPTIONS,
                    value="",
                    description=f"POA {i + 1}",
                    style=_WIDE,
                    # room for the longest label, "N: not present on admission": the row wraps instead of cutting it
                    layout={"flex": "1 1 20em", "min_width": "min(20em, 100% - 4px)", "width": "auto"},
                ),
            )
            for i in range(SECONDARY_ROWS)
        ]
        self.procedures = [
            widgets.Text(
                description=f"Procedure {i + 1} (ICD-10-PCS)",
                placeholder="7 characters",
                style=_WIDE,
                layout=_PROCEDURE,
            )
            for i in range(PROCEDURE_ROWS)
        ]
        self.pcs_buttons = [
            widgets.Button(
                description="Open the PCS table builder",
                layout={"width": "auto", "min_width": "max-content"},  # the whole label, never "Open the PC..."
                tooltip=f"Build procedure {i + 1} from the ICD-10-PCS tables (starts from what is typed)",
            )
            for i in range(PROCEDURE_ROWS)
        ]
        self.pcs_builder_box = widgets.VBox()
        self.submit = widgets.Button(
            description="Grade my coding",
            button_style="primary",
            tooltip="Check the codes, regroup them and compare with the key",
        )
        self.status = live_region(widgets.HTML())
        self.feedback = live_region(widgets.HTML())
        self.notice = live_region(widgets.HTML())  # says a case's work is kept / restored
        self.query_text = widgets.HTML()
        self.query_box = widgets.VBox(
            [widgets.HTML("<b>Step 1: query the physician</b>"), self.query_text, self.query_choice, self.send_query]
        )
        entry = widgets.VBox(
            [
                self.query_box,
                widgets.HTML("<b>Codes</b> (with or without dots)"),
                self.principal,
                *[
                    widgets.HBox([code, poa], layout={"flex_flow": "row wrap", "width": "100%"})
                    for code, poa in self.secondary
                ],
                *[
                    widgets.HBox([box, button], layout={"flex_flow": "row wrap", "width": "100%"})
                    for box, button in zip(self.procedures, self.pcs_buttons, strict=True)
                ],
                self.pcs_builder_box,
                self.submit,
                self.status,
                self.feedback,
            ],
            layout=widgets.Layout(**_COLUMN),
        )
        self.filter_message = live_region(widgets.HTML())
        for box in [self.principal, *(code for code, _poa in self.secondary), *self.procedures]:
            sync_before_submit(box)  # "Grade my coding" right after fast typing grades what is shown
        self.widget = with_keyboard_support(
            widgets.VBox(
                [
                    widgets.HBox([self.topic_filter, self.difficulty_filter], layout={"flex_flow": "row wrap"}),
                    self.filter_message,
                    self.case_picker,
                    self.notice,
                    widgets.HBox([self.record_view, entry], layout={"flex_flow": "row wrap", "width": "100%"}),
                ]
            )
        )
        self.widget.add_class("course-case-player")
        self.case_picker.observe(lambda change: self.load(change["new"]), names="value")
        self.topic_filter.observe(lambda _c: self.apply_filters(), names="value")
        self.difficulty_filter.observe(lambda _c: self.apply_filters(), names="value")
        for index, button in enumerate(self.pcs_buttons):
            button.on_click(lambda _b, i=index: self.open_pcs_builder(i))
        self.send_query.on_click(lambda _b: self._reveal_response())
        self.submit.on_click(lambda _b: self.grade())
        self.load(self.case_picker.value)

    @property
    def case(self) -> Case:
        """The case on screen."""
        return get_case(self.case_picker.value)

    @staticmethod
    def _picker_options(ids: list[str]) -> list[tuple[str, str]]:
        cases = load_cases()
        return [(f"{cid} · {cases[cid].title} ({cases[cid].difficulty})", cid) for cid in ids]

    def apply_filters(self) -> list[str]:
        """Offer only the cases matching the topic and difficulty filters; returns their ids."""
        ids = filter_cases(load_cases(), self.topic_filter.value or None, self.difficulty_filter.value or None)
        if not ids:
            self.filter_message.value = f"<p role='status'>{MISS} No case matches these filters: widen one.</p>"
            return ids
        self.filter_message.value = f"<p role='status'>{len(ids)} case(s) match.</p>"
        current = self.case_picker.value
        self.case_picker.options = self._picker_options(ids)  # may reset the value (the observer loads it)
        if current in ids:
            self.case_picker.value = current
        elif self.case_picker.value != ids[0]:
            self.case_picker.value = ids[0]
        return ids

    def open_pcs_builder(self, index: int) -> widgets.Widget | None:
        """Open the PCS table builder below the entries, starting from procedure ``index``'s text (or none)."""
        start = self.procedures[index].value.strip().upper() or None
        try:
            builder = pcs_table_builder(
                start or "", on_use=lambda code: self.use_code(index, code), use_label=f"procedure {index + 1}"
            )
        except CourseInputError as exc:
            self.pcs_builder_box.children = [widgets.HTML(f"<p role='alert'>{MISS} {html.escape(str(exc))}</p>")]
            return None
        self.pcs_builder_box.children = [builder]
        # after "Use <code>", the keyboard script puts focus in the box that received the code
        focus_on_click(builder.use_button, self.procedures[index])
        return builder

    def use_code(self, index: int, code: str) -> None:
        """Put a code built in the PCS table builder into procedure ``index``'s box."""
        self.procedures[index].value = code

    def draft(self) -> Draft:
        """What is entered for the case on screen."""
        return Draft(
            principal=self.principal.value,
            secondary=[(code.value, poa.value) for code, poa in self.secondary],
            procedures=[p.value for p in self.procedures],
            query_choice=self.query_choice.value,
            query_sent=self.query_sent,
            feedback=self.feedback.value,
            last_grade=self.last_grade,
        )

    def _restore(self, draft: Draft) -> None:
        self.principal.value = draft.principal
        for (code, poa), (code_value, poa_value) in zip(self.secondary, draft.secondary, strict=True):
            code.value, poa.value = code_value, poa_value
        for proc, value in zip(self.procedures, draft.procedures, strict=True):
            proc.value = value
        self.query_choice.value = draft.query_choice
        if draft.query_sent:
            self._reveal_response()
        self.feedback.value = draft.feedback
        self.last_grade = draft.last_grade

    def load(self, case_id: str) -> None:
        """Show a case and clear the entry fields."""
        if self.case_picker.value != case_id:
            self.case_picker.value = case_id  # the observer calls load again
            return
        case = get_case(case_id)
        left = self._on_screen
        kept = False
        if left is not None and left != case_id:
            draft = self.draft()
            if not draft.empty:
                self.drafts[left] = draft  # never lost: restored when the learner comes back to it
                kept = True
        self._on_screen = case_id
        self.query_sent = False
        self.record_view.value = record_html(case)
        has_query = case.query is not None
        self.query_box.layout.display = None if has_query else "none"
        order = query_order(case)
        self.query_text.value = query_options_html(case, order)
        self.query_choice.options = [(f"Wording {chr(65 + pos)}", i) for pos, i in enumerate(order)]
        self.query_choice.value = None
        self.principal.value = ""
        for code, poa in self.secondary:
            code.value, poa.value = "", ""
        for proc in self.procedures:
            proc.value = ""
        self.pcs_builder_box.children = []
        self.last_grade = None
        self._say("")
        self.feedback.value = ""
        restored = self.drafts.pop(case_id, None)
        if restored is not None:
            self._restore(restored)
        notes = []
        if kept:
            notes.append(f"Your work on case {html.escape(left or '')} is kept: choose it again to continue.")
        if restored is not None:
            notes.append("Your earlier work on this case is restored.")
        self.notice.value = f"<p>{OK} {' '.join(notes)}</p>" if notes else ""

    def _say(self, message: str) -> None:
        self.message = message
        self.status.value = f"<p role='alert'>{MISS} {html.escape(message)}</p>" if message else ""

    def _reveal_response(self) -> None:
        if self.query_choice.value is None:
            self._say("choose a query wording first")
            return
        self.query_sent = True
        self._say("")
        self.record_view.value = record_html(self.case, show_response=True)

    def grade(self) -> CaseGrade | None:
        """Check the entries, grade them and show the feedback; bad input gets a one-line message."""
        case = self.case
        rows = [(c.value.strip(), p.value) for c, p in self.secondary if c.value.strip()]
        procs = [p.value.strip() for p in self.procedures if p.value.strip()]
        if case.query is not None and self.query_choice.value is None:
            self._say("this record has a documentation gap: choose and send a query wording first")
            return None
        try:
            entry = check_answer(self.principal.value, rows, procs, self.query_choice.value if case.query else None)
        except CourseInputError as exc:
            self._say(str(exc))
            return None
        try:
            grade = grade_answer(case, entry, self.base_rate)
        except CourseInputError as exc:
            self._say(str(exc))
            return None
        self._say("")
        self.last_grade = grade
        self.feedback.value = grade_html(grade) + self._rationale_html(case)
        if self.record_attempts:
            try:
                record_grade(grade, entry)
            except CourseInputError as exc:  # a store that cannot be used: grading still shows
                self.status.value = f"<p>{MISS} Not saved to your progress: {html.escape(str(exc))}</p>"
        if self.on_graded is not None:
            self.on_graded(grade)
        return grade

    @staticmethod
    def _rationale_html(case: Case) -> str:
        key = case.key
        codes = ", ".join([f"{key.principal.code} (principal)", *(f"{d.code} POA {d.poa}" for d in key.secondary)])
        procs = ", ".join(key.procedures) or "none"
        optional = ", ".join([*key.optional_diagnoses, *key.optional_procedures])
        extra = f"<br><b>Also codable (optional):</b> {html.escape(optional)}" if optional else ""
        for alt in key.alternatives:
            extra += (
                f"<br><b>Also accepted:</b> principal {html.escape(alt.principal.code)}, MS-DRG {alt.drg}: "
                f"{html.escape(alt.why)} <i>({html.escape(alt.cite)})</i>"
            )
        points = "".join(f"<li>{html.escape(r.point)} <i>({html.escape(r.cite)})</i></li>" for r in key.rationale)
        query = ""
        if case.query is not None:
            query = "".join(
                f"<li>{'Compliant' if o.compliant else 'Not compliant'}: {html.escape(o.why)}</li>"
                for o in case.query.options
            )
            query = f"<p><b>The query wordings</b></p><ul>{query}</ul>"
        return (
            f"<details><summary>Answer key and rationale</summary><p><b>Diagnoses:</b> {html.escape(codes)}<br>"
            f"<b>Procedures:</b> {html.escape(procs)}<br><b>MS-DRG:</b> {key.drg}{extra}</p><ul>{points}</ul>{query}"
            "</details>"
        )


def case_player(
    case_id: str | None = None,
    base_rate: float = DEFAULT_BASE_RATE,
    topic: str | None = None,
    difficulty: str | None = None,
) -> widgets.Widget:
    """Show the case player (one case, or a picker over the cases matching ``topic`` and ``difficulty``).

    ``topic`` is a coverage id (see ``coverage_topics()``), ``difficulty`` one of foundation, intermediate,
    advanced. Attempts go to the progress store.
    """
    try:
        return CasePlayer(case_id, base_rate, topic=topic, difficulty=difficulty).widget
    except CourseInputError as exc:
        return widgets.HTML(f"<p>{MISS} {html.escape(str(exc))}</p>")
