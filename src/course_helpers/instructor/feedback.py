"""Per-learner feedback files: a short summary (score per quiz as the LMS shows it, what to review, with links
to the lessons), then only the questions the learner missed or got partly right: their answer, the right
answer and why. Questions left blank are counted as "not answered", never listed as mistakes.

Markdown, not HTML: it reads as plain text in an e-mail or an LMS comment box, renders in JupyterLab, on
GitHub and in most LMS file previews, and carries no script. The learner's own text is shown inside code
spans, so nothing they typed is rendered as Markdown or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from course_helpers.display.file_names import file_stem, file_stems
from course_helpers.display.safe_text import markdown_text
from course_helpers.errors import CourseInputError
from course_helpers.instructor.gradebook import banks_frame, learner_totals, responses_frame, sittings_frame
from course_helpers.instructor.lms_export import LMS_PLACES
from course_helpers.instructor.release import Key, KeyBank, load_key
from course_helpers.output_files import write_text
from course_helpers.quizzing.exam_pool import item_domain
from course_helpers.quizzing.grading import expected_answer


class FeedbackError(CourseInputError):
    """Feedback cannot be written; the message says why."""


@dataclass
class FeedbackResult:
    folder: Path
    files: list[Path]


def _code(text: str) -> str:
    """`text` as an inline code span that survives backticks in the text."""
    text = " ".join(str(text).split())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _answer_text(raw: str) -> str:
    import json

    value = json.loads(raw)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def is_blank(raw: str | None) -> bool:
    """True for an answer left empty (no value, empty text, nothing selected): "not answered", not a problem."""
    import json

    if raw is None:
        return True
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return False
    return value is None or (isinstance(value, str | list | dict) and not (value.strip() if isinstance(value, str)
                                                                              else value))


def score_text(value: float) -> str:
    """A score as an LMS shows it: rounded to 2 places, no trailing zeros ("2.77", "10")."""
    return f"{round(float(value), LMS_PLACES):g}"


def file_name(learner: str) -> str:
    """A learner's feedback file name on its own (see `display.file_names`; a class uses `file_stems`)."""
    return file_stem(learner) + ".md"


def _lessons(key: Key) -> dict[str, str]:
    """question id -> the lesson bank that teaches it (an exam item goes back to its `domain:` lesson)."""
    home: dict[str, str] = {}
    for bank in key.banks.values():
        for q in bank.questions:
            domain = item_domain(q) if bank.mode == "exam" else bank.id
            if domain in key.banks:
                home.setdefault(q.id, domain)
    return home


def _lesson_link(key: Key, bank_id: str) -> str:
    bank = key.banks.get(bank_id)
    title = bank.title if bank is not None else bank_id
    return f"[{title}](notebooks/{bank_id}.ipynb)"


def exam_key_shown(bank: KeyBank, sittings: int, released: bool = False) -> bool:
    """Whether a learner's feedback may show this bank's right answers: always for practice; for an exam only
    once the instructor releases its key or the learner has no attempt left (never before they sat it)."""
    if bank.mode != "exam":
        return True
    if released:
        return True
    return bank.attempts_allowed is not None and sittings >= bank.attempts_allowed


def learner_markdown(learner: str, key: Key, totals: pd.DataFrame, answers: pd.DataFrame, policy: str,
                     sittings: dict[str, int] | None = None, exam_key_released: bool = False) -> str:
    """One learner's feedback as Markdown: a summary (score per quiz, what to review, with links to the
    lessons), then only the questions missed or partly right. Blank answers are "not answered", never listed
    as mistakes. An exam's questions and answers appear only as `exam_key_shown` allows."""
    sittings = sittings or {}
    hidden = [b for b in key.banks.values() if not exam_key_shown(b, sittings.get(b.id, 0), exam_key_released)]
    home = _lessons(key)
    mine = {(r.bank, r.question): r for r in answers.itertuples(index=False)}
    missed: list[tuple[Any, Any, Any]] = []  # (bank, question, row)
    unanswered: dict[str, int] = {}
    taken = set(totals.loc[totals["attempted"], "bank"]) if "attempted" in totals.columns else set(totals["bank"])
    for bank in key.banks.values():
        if bank in hidden:  # the exam's key stays back while the learner may still sit it
            continue
        for question in bank.questions:
            row = mine.get((bank.id, question.id))
            if row is None or is_blank(row.answer):
                # a quiz never opened is "not taken" in the summary, not 40 blanks; a drawn exam's pool is larger
                # than the paper sat, so its blanks are not counted
                if bank.id in taken and not bank.papers:
                    unanswered[bank.id] = unanswered.get(bank.id, 0) + 1
                continue
            if not row.correct:
                missed.append((bank, question, row))
    lines = [f"# Quiz feedback for {markdown_text(learner)}", "", "## Summary", ""]
    lines += [
        "| Quiz | Score | Percent | Result |",
        "|---|---:|---:|---|",
    ]
    by_bank = totals.set_index("bank")
    for bank in key.banks.values():
        if bank.id not in by_bank.index:
            continue
        row = by_bank.loc[bank.id]
        if "attempted" in by_bank.columns and not bool(row.attempted):
            lines.append(f"| {bank.title} | not taken | | |")
            continue
        result = "✓ passed" if row.passed else "✗ not passed"
        lines.append(f"| {bank.title} | {score_text(row.score)} / {score_text(row.max_score)} | "
                     f"{row.percent:.0f}% | {result} |")
    review: dict[str, list[str]] = {}
    for bank, question, _ in missed:
        lesson = home.get(question.id, bank.id)
        review.setdefault(lesson, [])
        if question.guide_section not in review[lesson]:
            review[lesson].append(question.guide_section)
    lines += ["", "**What to review**", ""]
    if review:
        counts: dict[str, int] = {}
        for bank, question, _ in missed:
            lesson = home.get(question.id, bank.id)
            counts[lesson] = counts.get(lesson, 0) + 1
        for lesson, sections in review.items():
            lines.append(f"- {_lesson_link(key, lesson)}: {counts[lesson]} question(s) to look at again "
                         f"(on {', '.join(sections)})")
    else:
        lines.append("- Nothing: every question you answered was right.")
    if unanswered:
        total = sum(unanswered.values())
        lines += ["", f"Not answered: {total} question(s) in "
                  f"{', '.join(key.banks[b].title if b in key.banks else b for b in unanswered)} (0 points each)."]
    for bank in hidden:
        used = sittings.get(bank.id, 0)
        left = f"{bank.attempts_allowed - used} attempt(s) left" if bank.attempts_allowed else "attempts left"
        lines += ["", f"{bank.title}: your score is above. Its questions and right answers are shown once you have "
                  f"no attempt left or your instructor releases them ({'not sat yet' if not used else left})."]
    which = {"latest": "most recent", "first": "first"}.get(policy, "best")
    lines += ["", f"Every answer was regraded by your instructor with the answer key; a question counts with your "
              f"{which} answer. Scores are rounded to 2 places, as the course's LMS shows them."]
    current = None
    if missed:
        lines += ["", "## Questions to look at again"]
    for n, (bank, question, row) in enumerate(missed, start=1):
        if bank.id != current:
            current = bank.id
            lines += ["", f"### {bank.title}", ""]
        prompt = " ".join(question.prompt.split())
        symbol, verdict = ("◐", "partly right") if row.score > 0 else ("✗", "not right")
        lines.append(f"#### {n}. {prompt}")
        lines.append("")
        lines.append(f"- Your answer: {_code(_answer_text(row.answer))} {symbol} {verdict} "
                     f"({score_text(row.score)}/{score_text(row.max_points)} points)")
        lines.append(f"- Right answer: {_code(expected_answer(question))}")
        lines.append(f"- Why: {' '.join(question.explanation.split())}")
        lines.append(f"- Review: {_lesson_link(key, home.get(question.id, bank.id))}, on *{question.guide_section}*")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_feedback(
    gradebook: Path | str,
    key_path: Path | str,
    out: Path | str,
    *,
    policy: str = "latest",
    learners: list[str] | None = None,
    force: bool = False,
    exam_key_released: bool = False,
) -> FeedbackResult:
    """Write one Markdown file per learner into `out`; existing files are replaced only with `force`."""
    key = load_key(key_path)
    known = set(banks_frame(gradebook)["bank"])
    if known != set(key.banks):
        raise FeedbackError(f"{key_path} is not the key this gradebook was graded with (their banks differ)")
    totals = learner_totals(gradebook, policy=policy)
    answers = responses_frame(gradebook, policy=policy)
    everyone = sorted(set(totals["learner"]))
    wanted = everyone if not learners else learners
    missing = [w for w in wanted if w not in everyone]
    if missing:
        raise FeedbackError(f"no learner {', '.join(map(repr, missing))} in {gradebook}")
    folder = Path(out)
    names = {w: f"{stem}.md" for w, stem in file_stems(everyone).items() if w in set(wanted)}
    clashes = [folder / n for n in names.values() if (folder / n).exists()]
    if clashes and not force:
        raise FeedbackError(f"{clashes[0]} exists ({len(clashes)} file(s) would be replaced); pass --force")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    t_groups = dict(tuple(totals.groupby("learner")))
    a_groups = dict(tuple(answers.groupby("learner")))
    sat: dict[str, dict[str, int]] = {}
    for row in sittings_frame(gradebook).itertuples(index=False):
        sat.setdefault(row.learner, {})[row.bank] = int(row.sittings)
    empty = answers.iloc[0:0]
    for learner in wanted:
        text = learner_markdown(learner, key, t_groups[learner], a_groups.get(learner, empty), policy,
                                sat.get(learner, {}), exam_key_released)
        path = write_text(folder / names[learner], text, force=force)  # never a device, FIFO or link
        written.append(path)
    return FeedbackResult(folder, written)
