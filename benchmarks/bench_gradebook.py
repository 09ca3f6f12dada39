"""Grade a generated class into the gradebook, analyse its items, and print a Markdown table (`make bench`).

Goal: 10,000 learners x 200 questions (2 million attempts) regraded into the gradebook AND item-analysed
in under 30 s in all, each step under 2 GB resident, on this project's shared two-core machine. Grading and
item analysis each run in a child process that reports its own peak resident memory (and its workers').
The baseline is what an instructor could do with pandas alone: read the same files into one DataFrame and
`groupby` the scores the files report (no regrading, no checks, no statistics).
Usage: bench_gradebook.py [LEARNERS] (default 10,000).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from timing import machine_line  # noqa: E402

from course_helpers.instructor.gradebook import learner_totals
from course_helpers.instructor.release import load_key, release
from course_helpers.instructor.simulate import simulate_class

GOAL_SECONDS = 30.0
GOAL_RSS_GB = 2.0

_PEAK = """
import resource
def peak_gb():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own / 1024**2, kids / 1024**2
"""

GRADE_CHILD = _PEAK + """
import json, sys
from pathlib import Path
from course_helpers.instructor.regrade import grade_submissions
report = grade_submissions([Path(sys.argv[1])], sys.argv[2], Path(sys.argv[3]), progress=False,
                            workers=int(sys.argv[4]))
own, kids = peak_gb()
print(json.dumps({"timings": report.timings, "graded": report.graded, "responses": report.responses,
                  "problems": len(report.problems), "rss_gb": own, "worker_rss_gb": kids}))
"""

ITEMS_CHILD = _PEAK + """
import json, sys, time
start = time.perf_counter()
from course_helpers.instructor.item_analysis import analyse_gradebook
from course_helpers.instructor.gradebook_arrays import bank_matrices
imported = time.perf_counter()
analysis = analyse_gradebook(sys.argv[1])
done = time.perf_counter()
own, _ = peak_gb()
print(json.dumps({"import": imported - start, "analyse": done - imported, "items": len(analysis.items),
                  "flagged": len(analysis.flagged()), "rss_gb": own}))
"""


def pandas_baseline(folder: Path) -> tuple[float, float, int]:
    """Seconds to read every file into a DataFrame, seconds to group it, and the rows read."""
    start = time.perf_counter()
    frames = []
    for path in sorted(folder.glob("*.json")):
        doc = json.loads(path.read_bytes())
        frame = pd.DataFrame.from_records(doc["attempts"], columns=["bank", "question", "points"])
        frame["learner"] = doc["learner"]
        frames.append(frame)
    attempts = pd.concat(frames, ignore_index=True)
    read = time.perf_counter() - start
    start = time.perf_counter()
    attempts.groupby(["learner", "bank"], sort=False)["points"].sum()
    return read, time.perf_counter() - start, len(attempts)


def run_child(code: str, *args: str) -> tuple[dict, float]:
    """Run `code` in a child process; return its JSON answer (plus "cpu": CPU seconds of the child and its
    workers) and the wall seconds, start-up included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {**json.loads(child.stdout), "cpu": cpu}, wall


STAGES = ("key", "read", "parse", "regrade", "wait for workers", "write", "index")


def main(learners: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        key_path = release(root / "release").key_path
        start = time.perf_counter()
        made = simulate_class(load_key(key_path), root / "class", learners, seed=1, exam_share=1.0, tamper=False)
        generate = time.perf_counter() - start
        out = root / "gradebook.sqlite3"
        runs = {}
        for workers in (1, 2):
            out.unlink(missing_ok=True)
            runs[workers] = run_child(GRADE_CHILD, str(made.folder), str(key_path), str(out), str(workers))
        items, items_wall = run_child(ITEMS_CHILD, str(out))
        start = time.perf_counter()
        totals = learner_totals(out)
        totals_s = time.perf_counter() - start
        read_s, group_s, rows = pandas_baseline(made.folder)
        size_mb = out.stat().st_size / 1e6

    baseline = read_s + group_s
    responses = runs[1][0]["responses"]
    print(f"## Gradebook: {learners:,} learners, {responses:,} attempts regraded and item-analysed")
    print()
    print(machine_line() + f"; load average at the end {os.getloadavg()[0]:.1f} (other sessions share the cores)")
    print()
    print("| stage (seconds, wall) | 1 process | 2 worker processes + writer |")
    print("|---|---:|---:|")
    print(f"| generate the class (not part of the goal) | {generate:.1f} | |")
    for name in STAGES:
        cells = [f"{runs[w][0]['timings'][name]:.2f}" if name in runs[w][0]["timings"] else "" for w in (1, 2)]
        label = f"grade: {name}" + (" (summed over workers)" if name in ("parse", "regrade") else "")
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    print(f"| **grade: whole child process, start-up included** | {runs[1][1]:.2f} | {runs[2][1]:.2f} |")
    print(f"| grade: CPU seconds (workers included) | {runs[1][0]['cpu']:.2f} | {runs[2][0]['cpu']:.2f} |")
    print(f"| item analysis: imports (pandas, numpy, the banks) | {items['import']:.2f} | |")
    print(f"| item analysis: analyse_gradebook ({items['items']} items, {items['flagged']} flagged) "
          f"| {items['analyse']:.2f} | |")
    print(f"| **item analysis: whole child process, start-up included** | {items_wall:.2f} | |")
    print(f"| item analysis: CPU seconds | {items['cpu']:.2f} | |")
    print(f"| learner_totals (latest policy, {len(totals):,} rows; not part of the goal) | {totals_s:.2f} | |")
    print(f"| pandas baseline: read {rows:,} attempts into a DataFrame | {read_s:.2f} | |")
    print(f"| pandas baseline: groupby learner, bank | {group_s:.2f} | |")
    print()
    for workers, (run, wall) in runs.items():
        ours = wall + items_wall
        verdict = "meets" if ours < GOAL_SECONDS else "MISSES"
        print(
            f"- {workers} process(es): grade {wall:.1f} s + item analysis {items_wall:.1f} s = {ours:.1f} s wall "
            f"({verdict} the {GOAL_SECONDS:.0f} s goal); {ours / baseline:.1f}x the plain pandas read + groupby "
            f"({baseline:.1f} s, which trusts the files' scores and computes no statistics); "
            f"CPU {run['cpu'] + items['cpu']:.1f} s"
        )
    for label, gb in (
        ("grading, 1 process", runs[1][0]["rss_gb"]),
        ("grading with 2 workers: the writer", runs[2][0]["rss_gb"]),
        ("grading with 2 workers: the largest worker", runs[2][0]["worker_rss_gb"]),
        ("item analysis", items["rss_gb"]),
    ):
        verdict = "meets" if gb < GOAL_RSS_GB else "MISSES"
        print(f"- peak resident memory, {label}: {gb:.2f} GB ({verdict} the {GOAL_RSS_GB:.0f} GB goal)")
    print(f"- gradebook file {size_mb:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
