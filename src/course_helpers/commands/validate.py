"""`course-helpers validate [PATH ...]`: check question banks and report every problem by file and line."""

from __future__ import annotations

import argparse
from pathlib import Path

from course_helpers.quizzing import item_quality
from course_helpers.quizzing.bank import QUIZZES_ENV, Problem, bank_paths, display_path, quizzes_dir, validate


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `validate` verb."""
    parser = subparsers.add_parser("validate", help="check question banks (default: every bank in quizzes/)")
    parser.add_argument("paths", nargs="*", type=Path, help="bank files or folders of banks")
    parser.add_argument(
        "--strict", action="store_true", help="treat item-quality warnings as errors (exit 1); see docs/authoring.md"
    )
    parser.set_defaults(run=run)


def expand(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Turn files and folders into a list of bank files; a missing path is a problem."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths or [quizzes_dir()]:
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a name too long for the system, a path through a file...
            shown = str(path) if len(str(path)) <= 80 else str(path)[:80] + "..."
            problems.append(Problem(shown, 0, None, f"cannot be read: {exc.strerror or exc}"))
            continue
        if is_dir:
            files.extend(bank_paths(path))
        elif exists:
            files.append(path)  # read_bank refuses anything that is not a regular file
        else:
            where = f" (the banks folder: set {QUIZZES_ENV} to change it)" if not paths else ""
            problems.append(Problem(str(path), 0, None, f"no such file or folder{where}"))
    return files, problems


def run(args: argparse.Namespace) -> int:
    """Validate and print; exit 1 if anything is wrong."""
    files, problems = expand(args.paths)
    loaded, found = validate(files)
    problems.extend(found)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {len(files)} file(s)")
        return 1
    if not files:
        print(f"no banks found in {', '.join(str(p) for p in args.paths) or quizzes_dir()}")
        return 1
    questions = sum(len(item.bank.questions) for item in loaded)
    found = item_quality.check(item_quality.from_loaded(loaded, display_path), item_quality.data_numbers_by_file())
    notes = [f for f in found if f.rule in item_quality.NOTE_RULES]
    findings = [f for f in found if f.rule not in item_quality.NOTE_RULES]
    for note in notes:
        print(f"note: {note}")
    kind = "error" if args.strict else "warning"
    for finding in findings:
        print(f"{kind}: {finding}")
    if findings and args.strict:
        print(f"{len(findings)} item-quality problem(s) in {len(files)} file(s) (--strict)")
        return 1
    note = f", {len(findings)} item-quality warning(s)" if findings else ""
    note += f", {len(notes)} note(s)" if notes else ""
    print(f"OK: {len(loaded)} bank(s), {questions} question(s), no problems{note}")
    return 0
