"""Time the progress store's hot paths and print a Markdown table (run by `make bench`).

Goals: recording 10,000 attempts, each committed on its own, at 5,000 or more per second; the mastery
summary over 100,000 attempts in under 100 ms.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import machine_line  # noqa: E402

from course_helpers.records.mastery import BankQuestions, lesson_mastery, summarize
from course_helpers.records.schedule import schedule
from course_helpers.records.store import Attempt, ProgressStore

BANK_IDS = [f"{n:02d}_lesson" for n in range(2, 14)]
QUESTIONS_PER_BANK = 20
BANKS = {b: BankQuestions(b, tuple(f"{b}-q{i}" for i in range(QUESTIONS_PER_BANK))) for b in BANK_IDS}
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def synthetic(n: int, learner: str = "bench", seed: int = 1) -> list[Attempt]:
    """`n` attempts by one learner over the course's banks, spread over 90 days."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        bank = rng.choice(BANK_IDS)
        correct = rng.random() < 0.7
        at = T0 + timedelta(seconds=i * 90 * 86400 // n)
        out.append(
            Attempt(
                learner,
                bank,
                rng.choice(BANKS[bank].questions),
                "answer",
                correct,
                float(correct),
                1.0,
                "abc123",
                at=at,
            )
        )
    return out


def best_of(runs: int, fn) -> float:
    """Median seconds of `runs` calls (the first call warms caches and is not counted)."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(Path(tmp) / "record.sqlite3")
        attempts = synthetic(10_000)
        start = time.perf_counter()
        for attempt in attempts:
            store.record(attempt)
        elapsed = time.perf_counter() - start
        rate = len(attempts) / elapsed
        rows.append(
            (
                "record 10,000 attempts, each committed",
                f"{rate:,.0f} /s ({elapsed:.2f} s)",
                ">= 5,000 /s",
                "PASS" if rate >= 5000 else "FAIL",
            )
        )
        store.close()

        store = ProgressStore(Path(tmp) / "summary.sqlite3")
        big = synthetic(100_000)
        store.record_many(big)
        store.record_many(synthetic(20_000, learner="other", seed=2))
        latency = best_of(7, lambda: summarize(store.latest_results("bench"), BANKS))
        rows.append(
            (
                "mastery summary, SQL (100,000 attempts)",
                f"{latency * 1000:.1f} ms",
                "< 100 ms",
                "PASS" if latency < 0.1 else "FAIL",
            )
        )
        reference = best_of(3, lambda: lesson_mastery(big, BANKS))
        rows.append(
            (
                "mastery summary, Python reference (100,000 in memory)",
                f"{reference * 1000:.1f} ms",
                "-",
                "reference for the property test",
            )
        )
        load = best_of(3, lambda: store.attempts(learner="bench"))
        rows.append(("read 100,000 attempts back", f"{load * 1000:.0f} ms", "-", "export, review"))
        due = best_of(1, lambda: schedule(big))
        rows.append(
            (
                "review schedule, FSRS replay (100,000 attempts)",
                f"{due * 1000:.0f} ms",
                "-",
                f"{len(BANKS) * QUESTIONS_PER_BANK} questions",
            )
        )
        store.close()
        opened = best_of(3, lambda: ProgressStore(Path(tmp) / "summary.sqlite3").close())
        rows.append(
            ("open the store (integrity check, 120,000 attempts)", f"{opened * 1000:.0f} ms", "-", "once per kernel")
        )

    print(machine_line())
    print()
    print("| benchmark | measured | goal | note |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
