"""Grade a generated class into the gradebook and print a Markdown table (run by `make bench`).

Goal: 10,000 learners x 200 questions (2 million attempts) regraded into the gradebook in under 30 s and
under 2 GB resident. The grading runs in a child process, so its peak memory is measured alone. The
baseline is what an instructor could do with pandas alone: read the same files into one DataFrame and
`groupby` the scores the files report (no regrading, no checks). Usage: bench_gradebook.py [LEARNERS].
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

from course_helpers.instructor.gradebook import learner_totals, responses_frame
from course_helpers.instructor.release import load_key, release
from course_helpers.instructor.simulate import simulate_class

GOAL_SECONDS = 30.0
GOAL_RSS_GB = 2.0

CHILD = """
import json, sys
from pathlib import Path
from course_helpers.instructor.regrade import grade_submissions
report = grade_submissions([Path(sys.argv[1])], sys.argv[2], Path(sys.argv[3]), progress=False,
                            workers=int(sys.argv[4]))
print(json.dumps({"timings": report.timings, "graded": report.graded, "responses": report.responses,
                  "problems": len(report.problems)}))
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


def run_grading(folder: Path, key_path: Path, out: Path, workers: int) -> dict:
    """Grade in a child process; return its report, wall seconds, CPU seconds (with its workers), peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(key_path), str(out), str(workers)],
        check=True, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {**json.loads(child.stdout), "wall": wall, "cpu": cpu, "rss_gb": after.ru_maxrss / (1024 * 1024)}


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
            runs[workers] = run_grading(made.folder, key_path, out, workers)
        start, cpu = time.perf_counter(), time.process_time()
        totals = learner_totals(out)
        totals_s, totals_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        frame = responses_frame(out, policy="latest")
        frame_s, frame_cpu = time.perf_counter() - start, time.process_time() - cpu
        read_s, group_s, rows = pandas_baseline(made.folder)
        size_mb = out.stat().st_size / 1e6

    baseline = read_s + group_s
    print(f"## Gradebook: {learners:,} learners, {runs[1]['responses']:,} attempts regraded")
    print()
    print(machine_line() + f"; load average at the end {os.getloadavg()[0]:.1f} (other sessions share the cores)")
    print()
    print("| stage (seconds) | 1 process | 2 worker processes + writer |")
    print("|---|---:|---:|")
    print(f"| generate the class (not part of the goal) | {generate:.1f} | |")
    for name in STAGES:
        cells = [f"{runs[w]['timings'][name]:.2f}" if name in runs[w]["timings"] else "" for w in (1, 2)]
        label = f"grade: {name}" + (" (summed over workers)" if name in ("parse", "regrade") else "")
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    print(f"| grade: whole child process, start-up included (wall) | {runs[1]['wall']:.2f} | {runs[2]['wall']:.2f} |")
    print(f"| grade: CPU time, workers included | {runs[1]['cpu']:.2f} | {runs[2]['cpu']:.2f} |")
    print(f"| learner_totals (latest policy, {len(totals):,} rows): wall / CPU | {totals_s:.2f} / {totals_cpu:.2f} | |")
    print(f"| responses_frame (latest, {len(frame):,} rows): wall / CPU | {frame_s:.2f} / {frame_cpu:.2f} | |")
    print(f"| pandas baseline: read {rows:,} attempts into a DataFrame | {read_s:.2f} | |")
    print(f"| pandas baseline: groupby learner, bank | {group_s:.2f} | |")
    print()
    rss_gb = max(r["rss_gb"] for r in runs.values())
    for workers, run in runs.items():
        ours = run["wall"] + totals_s
        verdict = "meets" if ours < GOAL_SECONDS else "MISSES"
        print(
            f"- {workers} process(es): grade + totals {ours:.1f} s wall ({verdict} the {GOAL_SECONDS:.0f} s goal), "
            f"{run['cpu'] + totals_cpu:.1f} s CPU; "
            f"{ours / baseline:.1f}x the plain pandas read + groupby (which trusts the files' scores)"
        )
    verdict_m = "meets" if rss_gb < GOAL_RSS_GB else "MISSES"
    print(
        f"- peak resident memory of the largest grading process {rss_gb:.2f} GB ({verdict_m} the "
        f"{GOAL_RSS_GB:.0f} GB goal; with workers, each of the 3 processes stays under it); gradebook {size_mb:.0f} MB"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
