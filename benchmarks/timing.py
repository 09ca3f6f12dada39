"""Shared by the benchmark scripts: the machine line every table starts with, and a median timer."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable


def machine_line() -> str:
    """One line naming the machine, so a table is never read without it."""
    return f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def median_ms(action: Callable[[], object], repeat: int, warm_up: bool = False) -> float:
    """Median wall time of `action` in milliseconds over `repeat` runs (optionally after one warm-up run)."""
    if warm_up:
        action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
