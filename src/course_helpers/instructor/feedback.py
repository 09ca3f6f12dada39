"""Per-learner feedback files: for each question, what the learner answered, the right answer and why.

Markdown, not HTML: it reads as plain text in an e-mail or an LMS comment box, renders in JupyterLab, on
GitHub and in most LMS file previews, and carries no script. The learner's own text is shown inside code
spans, so nothing they typed is rendered as Markdown or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from course_helpers.errors import CourseInputError
from course_helpers.instructor.gradebook import banks_frame, learner_totals, responses_frame
from course_helpers.instructor.release import Key, load_key
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


def file_name(learner: str) -> str:
    """A safe file name for a learner id."""
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", learner).strip("._") or "learner") + ".md"


def learner_markdown(learner: str, key: Key, totals: pd.DataFrame, answers: pd.DataFrame, policy: str) -> str:
    """One learner's feedback as Markdown."""
    lines = [f"# Quiz feedback for {learner}", ""]
    lines += [
        f"Every answer was regraded by your instructor with the answer key; a question counts with your "
        f"{'most recent' if policy == 'latest' else 'best'} answer.",
        "",
        "| Quiz | Score | Percent | Result |",
        "|---|---:|---:|---|",
    ]
    by_bank = totals.set_index("bank")
    for bank in key.banks.values():
        if bank.id not in by_bank.index:
            continue
        row = by_bank.loc[bank.id]
        result = "✓ passed" if row.passed else "✗ not passed"
        lines.append(f"| {bank.title} | {row.score:g} / {row.max_score:g} | {row.percent:.0f}% | {result} |")
    mine = {(r.bank, r.question): r for r in answers.itertuples(index=False)}
    for bank in key.banks.values():
        if not bank.questions:
            continue
        lines += ["", f"## {bank.title}", ""]
        for n, question in enumerate(bank.questions, start=1):
            prompt = " ".join(question.prompt.split())
            lines.append(f"### {n}. {prompt}")
            lines.append("")
            row = mine.get((bank.id, question.id))
            if row is None:
                lines.append("- Your answer: not answered (0 points)")
            else:
                symbol = "✓" if row.correct else ("◐" if row.score > 0 else "✗")
                verdict = "correct" if row.correct else ("partly correct" if row.score > 0 else "incorrect")
                lines.append(f"- Your answer: {_code(_answer_text(row.answer))} {symbol} {verdict} "
                             f"({row.score:g}/{row.max_points:g} points)")
            lines.append(f"- Right answer: {_code(expected_answer(question))}")
            lines.append(f"- Why: {' '.join(question.explanation.split())}")
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
    names = {w: file_name(w) for w in wanted}
    if len(set(names.values())) != len(names):
        raise FeedbackError("two learner ids give the same file name; pick learners with --learner")
    clashes = [folder / n for n in names.values() if (folder / n).exists()]
    if clashes and not force:
        raise FeedbackError(f"{clashes[0]} exists ({len(clashes)} file(s) would be replaced); pass --force")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    t_groups = dict(tuple(totals.groupby("learner")))
    a_groups = dict(tuple(answers.groupby("learner")))
    empty = answers.iloc[0:0]
    for learner in wanted:
        text = learner_markdown(learner, key, t_groups[learner], a_groups.get(learner, empty), policy)
        path = folder / names[learner]
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return FeedbackResult(folder, written)
