"""Time per round of the vectorised EUM against a pure-Python loop of the same equations.

The loop below is written for this benchmark only: the equations of
``realpolitik.engines.eum`` (default reading: pairwise probability, r = 1 in
the votes, receiver perspective, least-move offers) coded the obvious way, with
one Python loop per actor index.  Results are asserted equal first, then
timed.  The loop's third-party sum is cubic in the number of actors, so at
1,000 actors it is not run: its time is extrapolated from the 300-actor
measurement by (1000/300)^3 and marked as such in the table and the JSON.

Run: ``python benchmarks/bench_eum.py`` (writes ``benchmarks/results/eum.json``).
"""

from __future__ import annotations

import json
import platform
import tracemalloc
from pathlib import Path

import numpy as np
from _timing import best_wall_time  # sibling module of this script

from realpolitik.engines.eum import run_eum

SIZES = (10, 100, 300, 1000)
LOOP_MEASURED = (10, 100, 300)  # the loop at 1,000 actors would take about half an hour
OUT = Path(__file__).resolve().parent / "results" / "eum.json"


def loop_round(x: list[float], c: list[float], s: list[float], span: float) -> list[float]:
    """One EUM round, pure Python: (E1)–(E9) with the default reading."""
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]
    median = _loop_median(x, w)
    P = _loop_probabilities(x, w, span)
    eu0 = [[_loop_eu(x, s, P, median, span, i, j, 1.0) for j in range(n)] for i in range(n)]
    security = [sum(eu0[j][i] for j in range(n) if j != i) for i in range(n)]
    hi, lo = max(security), min(security)
    r = [1.0] * n
    if hi > lo:
        for i in range(n):
            R = (2 * security[i] - hi - lo) / (hi - lo)
            r[i] = (1 - R / 3) / (1 + R / 3)
    new_x = list(x)
    for i in range(n):
        best = None
        for j in range(n):
            if j == i or x[i] == x[j]:
                continue
            u = _loop_eu(x, s, P, median, span, i, j, r[i])
            v = _loop_eu(x, s, P, median, span, j, i, r[i])  # i's view of j's challenge
            target = _loop_offer(x[i], x[j], u, v)
            if target is not None:
                key = (abs(target - x[i]), target)
                best = key if best is None or key < best else best
        if best is not None:
            new_x[i] = best[1]
    return new_x


def _loop_median(x: list[float], w: list[float]) -> float:
    D = [sum(w[i] * abs(x[i] - xj) for i in range(len(x))) for xj in x]
    low = min(D)
    ties = sorted({x[j] for j in range(len(x)) if D[j] <= low + 1e-12 * max(1.0, abs(low))})
    if len(ties) == 1:
        return ties[0]
    mean = sum(wi * xi for wi, xi in zip(w, x, strict=True)) / sum(w)
    return min(ties, key=lambda p: abs(p - mean))


def _loop_probabilities(x: list[float], w: list[float], span: float) -> list[list[float]]:
    n = len(x)
    P = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            support = total = 0.0
            for k in range(n):
                vote = w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i])) / span
                support += max(vote, 0.0)
                total += abs(vote)
            P[i][j] = support / total if total > 0 else 0.0
    return P


def _loop_eu(x, s, P, median, span, i, j, r) -> float:
    if i == j:
        return 0.0
    d = abs(x[i] - x[j]) / span
    u_s = 2 - 4 * (0.5 - 0.5 * d) ** r
    u_f = 2 - 4 * (0.5 + 0.5 * d) ** r
    u_sq = 2 - 4 * 0.5**r
    return s[j] * (P[i][j] * u_s + (1 - P[i][j]) * u_f) + (1 - s[j]) * u_s - u_sq  # Q = 1


def _loop_offer(xi: float, xj: float, u: float, v: float) -> float | None:
    if v <= 0:
        return None
    if u > 0:
        return xj if v > u else None  # conflict i expects to lose
    if abs(u) >= v:
        return xj  # capitulation
    return xi + abs(u) / v * (xj - xi)  # compromise


def actors(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 100, n), rng.uniform(0.1, 1, n), rng.uniform(0.1, 1, n)


def peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def measure(n: int, loop_times: dict[int, float]) -> dict:
    """Assert loop and engine agree on one round, then time both (best of several)."""
    x, c, s = actors(n, seed=n)
    xl, cl, sl = x.tolist(), c.tolist(), s.tolist()

    def vectorised() -> np.ndarray:
        return run_eum(x, c, s, rounds=1, scale=(0, 100)).positions[1]

    if n in LOOP_MEASURED:
        np.testing.assert_allclose(vectorised(), loop_round(xl, cl, sl, 100.0), rtol=0, atol=1e-9)
        loop_times[n] = best_wall_time(lambda: loop_round(xl, cl, sl, 100.0), 3 if n <= 100 else 1)
        loop_s, measured = loop_times[n], True
    else:
        loop_s, measured = loop_times[300] * (n / 300) ** 3, False
    vec_s = best_wall_time(vectorised, 50 if n <= 100 else 5)
    return {
        "actors": n,
        "vectorised_s_per_round": vec_s,
        "loop_s_per_round": loop_s,
        "loop_measured": measured,
        "speedup": loop_s / vec_s,
        "vectorised_peak_mib": peak_mib(vectorised),
    }


def main() -> None:
    loop_times: dict[int, float] = {}
    _report([measure(n, loop_times) for n in SIZES])


def _report(rows: list[dict]) -> None:
    print(f"{'actors':>6} {'vectorised s/round':>19} {'loop s/round':>14} {'speed-up':>9} {'peak MiB':>9}")
    for r in rows:
        mark = "" if r["loop_measured"] else " (extrapolated)"
        print(
            f"{r['actors']:>6} {r['vectorised_s_per_round']:>19.5f} {r['loop_s_per_round']:>14.5f}"
            f" {r['speedup']:>9.0f} {r['vectorised_peak_mib']:>9.1f}{mark}"
        )
    growth = np.polyfit(
        np.log([r["actors"] for r in rows[1:]]), np.log([r["vectorised_s_per_round"] for r in rows[1:]]), 1
    )[0]
    print(f"vectorised cost grows as n^{growth:.2f} between 100 and 1000 actors")
    at100 = next(r for r in rows if r["actors"] == 100)
    assert at100["speedup"] >= 100, f"speed-up at 100 actors is only {at100['speedup']:.0f}x"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "numpy": np.__version__, "machine": platform.machine()}
    OUT.write_text(json.dumps({"rows": rows, "growth_exponent": growth, **meta}, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
