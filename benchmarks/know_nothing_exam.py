"""The know-nothing learner on the released final exam, for 5 seeds: a Markdown table (issue 19's measure).

For each seed the course is released into a temporary folder exactly as an instructor would (`release`, the
exam's `draw.seed` set to that seed), and each released paper (one per allowed attempt) is scored with the key:

- **random guess**: the exact expected score of a learner who picks uniformly among the shown options (one
  choice; each box ticked or not; true or false; a random order of ordering items) and leaves a code, number
  or text blank (a random code out of 74,000 scores nothing);
- **always the first**: the first shown choice, the first box only, "true", the items in the order shown, the
  rest blank, on the choice order `release` wrote.

Run: `PYTHONPATH=src python benchmarks/know_nothing_exam.py [SEED ...]` (default 2026 1 2 3 4).
"""

from __future__ import annotations

import itertools
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from course_helpers.instructor.release import load_key, release
from course_helpers.quizzing.bank import load_all, quizzes_dir
from course_helpers.quizzing.exam_pool import item_kind
from course_helpers.quizzing.grading import AnswerError, grade

EXAM = "13_final_exam"


def _points(question, response) -> float:
    try:
        return grade(question, response).points
    except AnswerError:
        return 0.0


def expected_random(question, shown) -> float:
    """The exact expected points of a uniform random guess (0 for a code, number or text)."""
    if question.type == "single_choice":
        return sum(_points(question, c) for c in shown.choices) / len(shown.choices)
    if question.type == "true_false":
        return (_points(question, True) + _points(question, False)) / 2
    if question.type == "multiple_select":
        subsets = [list(s) for n in range(1, len(shown.choices) + 1) for s in itertools.combinations(shown.choices, n)]
        return sum(_points(question, s) for s in subsets) / (len(subsets) + 1)  # + ticking nothing: 0
    if question.type == "ordering":
        orders = list(itertools.permutations(shown.items))
        return sum(_points(question, list(o)) for o in orders) / len(orders)
    return 0.0


def always_first(question, shown) -> float:
    """Points for the first shown option (first box only, "true", the order shown); blank elsewhere."""
    response = {"single_choice": lambda: shown.choices[0], "multiple_select": lambda: [shown.choices[0]],
                "true_false": lambda: True, "ordering": lambda: list(shown.items)}.get(question.type)
    return _points(question, response()) if response else 0.0


def measure(seed: int, work: Path) -> list[dict[str, object]]:
    """Release the course with this exam seed and score each released paper."""
    folder = work / f"quizzes-{seed}"
    shutil.copytree(quizzes_dir(), folder)
    exam_file = folder / f"{EXAM}.yaml"
    data = yaml.safe_load(exam_file.read_text(encoding="utf-8"))
    data["draw"]["seed"] = seed
    exam_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = release(work / f"release-{seed}", quizzes=folder)
    key = {q.id: q for q in load_key(result.key_path).banks[EXAM].questions}
    released = load_all(result.learner_dir)[EXAM].bank
    rows = []
    for number, paper in enumerate(released.papers, start=1):
        shown = [released.question(qid) for qid in paper]
        total = sum(key[q.id].points for q in shown)
        coding = sum(key[q.id].points for q in shown if item_kind(key[q.id]) == "coding-work")
        rows.append({"seed": seed, "paper": number, "questions": len(shown), "points": total,
                     "coding": coding,
                     "random": 100 * sum(expected_random(key[q.id], q) for q in shown) / total,
                     "first": 100 * sum(always_first(key[q.id], q) for q in shown) / total,
                     "pass": released.pass_mark})
    return rows


def main(argv: list[str]) -> None:
    """Print the table for the seeds given (default 2026 1 2 3 4)."""
    seeds = [int(s) for s in argv] or [2026, 1, 2, 3, 4]
    print("| Seed | Paper (attempt) | Questions | Coding points | Random guess (expected) | Always the first shown |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            for row in measure(seed, Path(tmp)):
                print(f"| {row['seed']} | {row['paper']} | {row['questions']} | "
                      f"{row['coding']:g} of {row['points']:g} ({100 * row['coding'] / row['points']:.0f}%) | "
                      f"{row['random']:.1f}% | {row['first']:.1f}% |")
    print(f"\nPass mark: {row['pass']:g}%.")


if __name__ == "__main__":
    main(sys.argv[1:])
