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
report = grade_submissions([Path(sys.argv[1])], sys.argv[2], Path(sys.argv[3]), progress=False, workers=None)
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


def main(learners: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        key_path = release(root / "release").key_path
        start = time.perf_counter()
        made = simulate_class(load_key(key_path), root / "class", learners, seed=1, exam_share=1.0, tamper=False)
        generate = time.perf_counter() - start
        out = root / "gradebook.sqlite3"
        start = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(made.folder), str(key_path), str(out)],
            check=True, capture_output=True, text=True,
        )
        grade_wall = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        rss_gb = usage.ru_maxrss / (1024 * 1024)
        grade_cpu = usage.ru_utime + usage.ru_stime
        result = json.loads(child.stdout)
        start = time.perf_counter()
        totals = learner_totals(out)
        totals_s = time.perf_counter() - start
        start = time.perf_counter()
        frame = responses_frame(out, policy="latest")
        frame_s = time.perf_counter() - start
        read_s, group_s, rows = pandas_baseline(made.folder)
        size_mb = out.stat().st_size / 1e6

    stages = result["timings"]
    ours = grade_wall + totals_s
    baseline = read_s + group_s
    print(f"## Gradebook: {learners:,} learners, {result['responses']:,} attempts regraded")
    print()
    print(machine_line() + f"; load average at the end {os.getloadavg()[0]:.1f}")
    print()
    print("| stage | seconds |")
    print("|---|---:|")
    print(f"| generate the class (not timed against the goal) | {generate:.1f} |")
    workers = int(stages.get("workers", 1))
    for name in ("key", "read", "parse", "regrade", "wait for workers", "write", "index"):
        if name in stages:
            summed = workers > 1 and name in ("parse", "regrade")
            note = f" (seconds summed over {workers} workers)" if summed else ""
            print(f"| grade: {name}{note} | {stages[name]:.2f} |")
    print(f"| grade: whole child process (start-up included) | {grade_wall:.2f} |")
    print(f"| grade: CPU time of the process and its workers | {grade_cpu:.2f} |")
    print(f"| learner_totals (latest policy, {len(totals):,} rows) | {totals_s:.2f} |")
    print(f"| responses_frame (latest, {len(frame):,} rows) | {frame_s:.2f} |")
    print(f"| pandas baseline: read {rows:,} attempts into a DataFrame | {read_s:.2f} |")
    print(f"| pandas baseline: groupby learner, bank | {group_s:.2f} |")
    print()
    verdict_t = "meets" if ours < GOAL_SECONDS else "MISSES"
    verdict_m = "meets" if rss_gb < GOAL_RSS_GB else "MISSES"
    print(
        f"Grade + totals: {ours:.1f} s ({verdict_t} the {GOAL_SECONDS:.0f} s goal, {workers} regrading process(es)); "
        f"peak resident memory of the largest grading process {rss_gb:.2f} GB "
        f"({verdict_m} the {GOAL_RSS_GB:.0f} GB goal); gradebook {size_mb:.0f} MB."
    )
    print(f"Ratio to the plain pandas read + groupby (which trusts the files' scores): {ours / baseline:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
