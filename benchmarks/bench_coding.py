"""Time the coding lab's hot paths and print a Markdown table (run by `make bench`).

Goals (issue 5): word search over all ICD-10-CM and ICD-10-PCS titles, median under 5 ms and 99th
percentile under 20 ms per query once the index is built, against a naive scan of every title in the same
run; index build under 2 s; grouping one case under 5 ms; the lab kernel under 500 MB resident.
"""

from __future__ import annotations

import pickle
import random
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable

from timing import machine_line  # noqa: E402

from course_helpers.coding.codes import icd10cm, icd10pcs, lookup
from course_helpers.coding.codes.search_index import words
from course_helpers.coding.drg.grouper import group_case

N_QUERIES = 300
FIXED_QUERIES = [
    "acute systolic heart failure",
    "type 2 diabetes without complications",
    "sepsis unspecified organism",
    "fracture neck femur right initial",
    "replacement right hip joint",
    "resection appendix percutaneous endoscopic",
    "pneumonia",
    "acute kidney failure",
    "hyponatremia",
    "pressure ulcer sacral region stage 3",
]


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def sample_queries(titles: list[str], n: int, seed: int = 7) -> list[str]:
    """Realistic queries: 1-3 words (4+ letters) taken from random titles, plus the fixed ones."""
    rng = random.Random(seed)
    out = list(FIXED_QUERIES)
    while len(out) < n:
        candidates = [w for w in words(rng.choice(titles)) if len(w) >= 4]
        if candidates:
            out.append(" ".join(rng.sample(candidates, min(len(candidates), rng.randint(1, 3)))))
    return out


def naive_search(titles_lower: list[str], query: str) -> list[int]:
    """Scan every title for every query word (the baseline)."""
    qwords = words(query)
    return [i for i, title in enumerate(titles_lower) if all(w in title for w in qwords)]


RSS_SCRIPT = textwrap.dedent(
    """
    import importlib.util, psutil
    import course_helpers as ch
    panel = ch.code_lookup("acute systolic heart failure")
    panel.system.value = "both"
    panel.query.value = "replacement right hip"
    panel.show("I50.21")
    panel.show("0SR9019")
    what = ch.drg_whatif()
    what.group_button.click()
    what.drop.value = tuple(v for _, v in what.drop.options)
    what.compare_button.click()
    if importlib.util.find_spec("course_helpers.coding.views.case_player_view"):
        try:
            ch.case_player()
        except Exception:
            pass
    import matplotlib.pyplot, pandas  # a lab kernel has these loaded too
    print(psutil.Process().memory_info().rss)
    """
)


def main() -> None:
    """Run every benchmark and print the table."""
    rows: list[tuple[str, str, str, str]] = []

    from course_helpers.coding.codes.index_cache import cache_path
    from course_helpers.coding.codes.search_index import IndexEntry, WordIndex, paused_gc

    t_cm_read = timed(icd10cm.cm_entries)
    t_cm_index = timed(lambda: WordIndex(icd10cm.cm_entries()))
    t_pcs_read = timed(icd10pcs.pcs_titles)
    t_pcs_index = timed(lambda: WordIndex(IndexEntry(c, t) for c, t in icd10pcs.pcs_titles().items()))
    t_cm, t_pcs = t_cm_read + t_cm_index, t_pcs_read + t_pcs_index
    icd10cm.cm_index(), icd10pcs.pcs_index()  # writes the cache files if missing
    with paused_gc():  # as cached_index loads it
        t_load = sum(timed(lambda n=n: pickle.loads(cache_path(n).read_bytes())) for n in ("cm", "pcs"))
    n_cm, n_pcs = len(icd10cm.cm_index()), len(icd10pcs.pcs_index())
    rows.append(
        (
            "index build, cold: ICD-10-CM",
            f"{t_cm:.2f} s",
            "< 2 s",
            f"parse tabular XML {t_cm_read:.2f} s + index {t_cm_index:.2f} s; {n_cm:,} codes",
        )
    )
    rows.append(
        (
            "index build, cold: ICD-10-PCS",
            f"{t_pcs:.2f} s",
            "< 2 s",
            f"read titles {t_pcs_read:.2f} s + index {t_pcs_index:.2f} s; {n_pcs:,} codes",
        )
    )
    rows.append(("index build, cold: both", f"{t_cm + t_pcs:.2f} s", "< 2 s", "once per machine and data version"))
    rows.append(("index load from the user cache: both", f"{t_load:.2f} s", "< 2 s", "every later kernel"))

    titles = [e.title for e in icd10cm.cm_entries()] + list(icd10pcs.pcs_titles().values())
    titles_lower = [t.lower() for t in titles]
    queries = sample_queries(titles, N_QUERIES)
    lookup.search_codes("warm up", "both")
    indexed = [timed(lambda q=q: lookup.search_codes(q, "both", 50)) * 1000 for q in queries]
    naive = [timed(lambda q=q: naive_search(titles_lower, q)) * 1000 for q in queries]
    med_i, p99_i = statistics.median(indexed), percentile(indexed, 99)
    med_n, p99_n = statistics.median(naive), percentile(naive, 99)
    note = f"{len(queries)} queries, CM + PCS ({len(titles):,} titles), top 50"
    rows.append(("word search, index: median", f"{med_i:.2f} ms", "< 5 ms", note))
    rows.append(("word search, index: p99", f"{p99_i:.2f} ms", "< 20 ms", note))
    rows.append(("word search, naive scan: median", f"{med_n:.1f} ms", "baseline", "substring test on every title"))
    rows.append(("word search, naive scan: p99", f"{p99_n:.1f} ms", "baseline", ""))
    rows.append(("speed-up (naive / index, median)", f"{med_n / med_i:.0f}x", "report", ""))

    def one_case() -> None:
        group_case("I50.21", [("N17.9", "Y"), ("E87.1", "Y")], ["0SR9019"], age=70, sex="F")

    one_case()
    group_times = [timed(one_case) * 1000 for _ in range(300)]
    rows.append(
        (
            "group one case (grouper + code editor + Table 5)",
            f"{statistics.median(group_times):.2f} ms",
            "< 5 ms",
            f"median of 300; p99 {percentile(group_times, 99):.2f} ms",
        )
    )

    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RSS_SCRIPT], capture_output=True, text=True, check=True)
    rss_mb = int(done.stdout.strip().splitlines()[-1]) / 2**20
    rows.append(
        (
            "lab kernel resident memory",
            f"{rss_mb:.0f} MB",
            "< 500 MB",
            f"fresh process, both panels used, notes loaded ({time.perf_counter() - start:.1f} s)",
        )
    )

    print(machine_line())
    print()
    print("| benchmark | measured | goal | note |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
