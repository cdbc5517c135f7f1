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


def best_times(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Shortest (wall-clock, CPU) seconds of ``repeats`` calls; CPU time is this process's only.

    On a machine shared with other work the CPU time (``time.process_time``) is the steadier
    figure: it does not count time spent waiting for a core.
    """
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - w, time.process_time() - c), key=lambda t: t[1])
    return best
