"""Lesson 13: the final exam's blueprint and papers, so an instructor can check a seed before the class sits it.

Pure: uses the quiz engine's own draw (`course_helpers.quizzing.assemble`) without touching the progress
store, so the blueprint always matches the papers learners see for the same seed and attempt.
"""

from __future__ import annotations

from collections import Counter

from course_helpers.quizzing.assemble import build_quiz, draw_items
from course_helpers.quizzing.bank import load_bank
from course_helpers.quizzing.exam_pool import CODING_WORK, KINDS, blueprint, cell_of, item_kind
from course_helpers.quizzing.withheld import WithheldBank

EXAM_ID = "13_final_exam"
BLUEPRINT_START = "<!-- exam-blueprint:start -->"
BLUEPRINT_END = "<!-- exam-blueprint:end -->"
"""The markers around the generated blueprint table in docs/authoring.md (scripts/refresh_exam_blueprint.py)."""


def exam_settings(exam_id: str = EXAM_ID) -> dict[str, object]:
    """The exam's rules as set in its bank: questions a paper, seed, minimum per lesson, pass mark, attempts."""
    bank = load_bank(exam_id).bank
    if bank.draw is None:  # a released copy: the papers were drawn by the instructor's `release`
        papers = bank.papers if isinstance(bank, WithheldBank) else []
        return {
            "Questions": len(papers[0]) if papers else len(bank.questions),
            "Paper": (f"{len(papers)} papers, one per attempt, fixed by your instructor's release (answers kept back)"
                      if len(papers) > 1 else "fixed by your instructor's release (answers kept back)"),
            "Pass mark (%)": bank.pass_mark,
            "Attempts allowed": bank.attempts_allowed or "unlimited",
            "Feedback": "from your instructor" if bank.graded else "at the end",
        }
    return {
        "Questions a paper": bank.draw.count,
        "Questions in the pool": len(bank.questions),
        "Default seed": bank.draw.seed,
        "At least per lesson": bank.draw.per_domain_min,
        "Pass mark (%)": bank.pass_mark,
        "Attempts allowed": bank.attempts_allowed or "unlimited",
        "Retake": "a different paper with the same blueprint",
        "Feedback": "at the end" if bank.mode == "exam" else "after each question",
    }


def _paper(seed: int | None, attempt: int, exam_id: str) -> list:
    """Attempt N's paper as quiz items (a released copy: its paper N), without touching the progress store."""
    loaded = load_bank(exam_id)
    if loaded.bank.draw is not None:
        return draw_items(loaded, loaded.bank.draw.seed if seed is None else seed, attempt)
    return build_quiz(exam_id, seed=seed, learner="blueprint", use_store=False).items


def draw_counts(seed: int | None = None, exam_id: str = EXAM_ID, attempt: int = 1) -> dict[str, int]:
    """How many questions each lesson (`domain:`) gives attempt N's paper drawn with this seed (lesson order)."""
    counts = Counter(item.lesson[0] if item.lesson else item.bank_id for item in _paper(seed, attempt, exam_id))
    return dict(sorted(counts.items()))


def question_ids(seed: int | None = None, exam_id: str = EXAM_ID, attempt: int = 1) -> list[str]:
    """The question ids of attempt N's paper drawn with this seed, in the order learners see them."""
    return [item.id for item in _paper(seed, attempt, exam_id)]


def exam_blueprint(seed: int | None = None, exam_id: str = EXAM_ID, attempt: int = 1):  # -> pandas.DataFrame
    """A table of attempt N's paper drawn with this seed: questions per lesson and per kind (coding work,
    application, recall). The counts are the same for every seed and attempt (the draw is stratified)."""
    import pandas as pd

    rows: dict[str, dict[str, object]] = {}
    for item in _paper(seed, attempt, exam_id):
        lesson, title = item.lesson or (item.bank_id, item.bank_title)
        row = rows.setdefault(lesson, {"Title": title, "Questions": 0} | dict.fromkeys(KINDS, 0))
        row["Questions"] = int(row["Questions"]) + 1  # type: ignore[call-overload]
        row[item_kind(item.question)] = int(row[item_kind(item.question)]) + 1  # type: ignore[call-overload]
    table = pd.DataFrame.from_dict(dict(sorted(rows.items())), orient="index")
    table.index.name = "Lesson"
    return table


def blueprint_markdown(exam_id: str = EXAM_ID) -> str:
    """The exam's blueprint as a Markdown table (items and points per lesson and kind, the pool beside each
    count, and the share of points from coding work): what docs/authoring.md shows, generated from the pool."""
    bank = load_bank(exam_id).bank
    if bank.draw is None:
        raise ValueError(f"{exam_id} does not draw from a pool")
    pool = bank.questions
    plan = blueprint(pool, bank.draw.count, bank.draw.per_domain_min)
    points = {cell_of(q): q.points for q in pool}
    sizes = Counter(cell_of(q) for q in pool)
    domains = sorted({d for d, _ in sizes})
    lines = ["| Lesson | " + " | ".join(f"{k} (pool)" for k in KINDS) + " | Paper points |",
             "|---|" + "---:|" * (len(KINDS) + 1)]
    total = coding = 0.0
    for domain in domains:
        cells = [f"{plan.get((domain, k), 0)} ({sizes.get((domain, k), 0)})" for k in KINDS]
        worth = sum(points[(domain, k)] * n for (d, k), n in plan.items() if d == domain)
        total += worth
        coding += points.get((domain, CODING_WORK), 0) * plan.get((domain, CODING_WORK), 0)
        lines.append(f"| {domain} | " + " | ".join(cells) + f" | {worth:g} |")
    kinds = [f"{sum(n for (_, k), n in plan.items() if k == kind)} "
             f"({sum(v for (_, k), v in sizes.items() if k == kind)})" for kind in KINDS]
    lines.append("| **All** | " + " | ".join(f"**{c}**" for c in kinds) + f" | **{total:g}** |")
    lines.append("")
    lines.append(f"A paper: {sum(plan.values())} questions, {total:g} points, {coding:g} from coding work "
                 f"({coding / total:.0%}); pool: {len(pool)} items in {len(domains)} lessons.")
    return "\n".join(lines) + "\n"

