"""Timing shared by the benchmark scripts (imported as a sibling module when a script runs)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_wall_time(fn: Callable[[], object], repeats: int) -> float:
    """Shortest wall-clock time of ``repeats`` calls: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)
