"""Benchmark: Pareto frontier + Nash point over large package spaces, and against NegMAS.

    python benchmarks/bench_bargaining.py            # realpolitik alone
    make bench-negmas                                # side by side with NegMAS (own venv)

Part 1 times :func:`realpolitik.engines.bargaining.bargain` (ZOPA, gap, exact
Pareto frontier, Nash and Kalai–Smorodinsky packages, streamed in blocks) on
10^6 packages x 3 parties, and streams 10^7 packages recording peak memory.
Part 1b samples 10^6 packages of a 10^12-package space (12 issues x 10
positions; ``engines.package_sampling``), as ``realpolitik deals`` does past
its enumeration cap.
Part 2 (when ``negmas`` imports) builds the same additive utilities as NegMAS
``LinearAdditiveUtilityFunction`` objects and runs
``negmas.preferences.ops.pareto_frontier`` + ``nash_points`` on the same
outcome spaces, asserting identical frontiers and Nash points, and records the
time ratios. Timings are CPU seconds (best of a few runs) on one thread.
Writes ``benchmarks/results/bargaining.json``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: set before NumPy loads its BLAS

import argparse  # noqa: E402 - after the thread settings above
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from realpolitik.engines.bargaining import PackageSpace, bargain  # noqa: E402
from realpolitik.engines.package_sampling import sample_packages  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "bargaining.json"


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best CPU time of ``repeat`` runs (process time: single-threaded, so one core, and robust to
    other load on a shared machine), and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.process_time()
        out = fn()
        times.append(time.process_time() - t0)
    return min(times), out


def random_space(sizes: list[int], n_parties: int, seed: int, opposed: bool = False) -> PackageSpace:
    """Random additive utilities; ``opposed`` makes party 2 want the reverse of party 1 (a long frontier)."""
    rng = np.random.default_rng(seed)
    tables = [rng.random((n_parties, size)) for size in sizes]
    if opposed:
        for t in tables:
            t[1] = 1.0 - t[0] + 0.1 * t[1]
    U_quantile = 0.3 * len(sizes)  # reservation values low enough that a ZOPA exists
    return PackageSpace(tables, np.full(n_parties, U_quantile))


def part1(repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, opposed in (("independent", False), ("opposed", True)):
        space = random_space([10] * 6, 3, seed=1, opposed=opposed)
        t, res = best_of(lambda s=space: bargain(s), repeat)
        out[f"1e6_{label}"] = {
            "packages": space.n_packages,
            "parties": 3,
            "cpu_seconds": t,
            "frontier": int(res.pareto.size),
            "zopa": res.zopa_size,
            "nash": res.nash,
        }
        print(f"10^6 packages x 3 parties ({label}): {t:.3f} s CPU, frontier {res.pareto.size}")
    space = random_space([10] * 7, 3, seed=2)
    tracemalloc.start()
    t0 = time.process_time()
    res = bargain(space)
    elapsed = time.process_time() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    out["1e7_streamed"] = {
        "packages": space.n_packages,
        "parties": 3,
        "cpu_seconds_with_tracemalloc": elapsed,
        "peak_traced_mib": peak / 2**20,
        "max_rss_mib": rss,
        "frontier": int(res.pareto.size),
    }
    print(
        f"10^7 packages x 3 parties streamed: {elapsed:.2f} s CPU (under tracemalloc), "
        f"peak traced {peak / 2**20:.0f} MiB, max RSS {rss:.0f} MiB"
    )
    return out


def part_sampled(repeat: int) -> dict[str, Any]:
    """Draw 10^6 distinct packages of 10^12 and bargain over them (the sample's ZOPA, frontier, Nash)."""
    space = random_space([10] * 12, 3, seed=3)
    n = 10**6
    t_draw, idx = best_of(lambda: sample_packages(space.n_packages, n, rng=0), repeat)
    t_bargain, res = best_of(lambda: bargain(space, packages=idx), repeat)
    print(
        f"10^12 packages x 3 parties, sample of 10^6: draw {t_draw:.3f} s + bargain {t_bargain:.3f} s CPU, "
        f"frontier {res.pareto.size}, ZOPA {res.zopa_size} of the sample"
    )
    return {
        "packages": space.n_packages,
        "sampled": n,
        "parties": 3,
        "draw_cpu_seconds": t_draw,
        "bargain_cpu_seconds": t_bargain,
        "frontier": int(res.pareto.size),
        "zopa_in_sample": res.zopa_size,
    }


def negmas_case(sizes: list[int], repeat: int, opposed: bool) -> dict[str, Any]:
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import nash_points, pareto_frontier

    space = random_space(sizes, 3, seed=sum(sizes), opposed=opposed)
    U = space.utilities(np.arange(space.n_packages))
    r = np.quantile(U, 0.3, axis=1)  # NegMAS keeps rational outcomes only: same r on both sides
    space = PackageSpace(space.tables, r)
    issues = [make_issue(size, f"issue{k}") for k, size in enumerate(sizes)]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[{v: float(t[i, v]) for v in range(t.shape[1])} for t in space.tables],
            weights=[1.0] * len(sizes),
            issues=issues,
            reserved_value=float(r[i]),
        )
        for i in range(3)
    ]

    def run_negmas() -> tuple[Any, Any, Any]:
        utils, indices = pareto_frontier(ufuns, issues=issues)
        return utils, indices, nash_points(ufuns, utils, issues=issues)

    t_neg, (utils, indices, nash) = best_of(run_negmas, max(1, repeat if space.n_packages <= 10**4 else 1))
    negmas_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux: the process
    t_rp, res = best_of(lambda: bargain(space), repeat)
    tracemalloc.start()
    bargain(space)
    rp_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    # Identical frontiers: NegMAS's frontier of the rational outcomes is ours within the ZOPA
    # (NegMAS enumerates outcomes in the same mixed-radix order, so indices are comparable).
    ours = res.pareto[np.all(res.pareto_margins() >= 0, axis=0)]
    assert sorted(indices) == ours.tolist(), "frontiers differ"
    assert np.array_equal(np.array(utils).T, space.utilities(np.array(indices))), "utilities differ"
    nash_idx = {int(indices[i]) for _, i in nash}
    assert res.nash in nash_idx, f"Nash points differ: {res.nash} vs {nash_idx}"
    kind = "opposed" if opposed else "independent"
    print(
        f"{kind:>11} {space.n_packages:>8} packages: NegMAS {t_neg:8.3f} s, "
        f"realpolitik {t_rp:7.4f} s CPU, ratio {t_neg / t_rp:6.0f}x, "
        f"frontier {len(indices)} (identical), Nash identical, realpolitik peak {rp_peak:.0f} MiB "
        f"(process max RSS after NegMAS {negmas_rss:.0f} MiB)"
    )
    return {
        "utilities": kind,
        "packages": space.n_packages,
        "parties": 3,
        "negmas_cpu_seconds": t_neg,
        "realpolitik_cpu_seconds": t_rp,
        "ratio": t_neg / t_rp,
        "realpolitik_peak_traced_mib": rp_peak,
        "process_max_rss_mib_after_negmas": negmas_rss,
        "frontier": len(indices),
        "identical_frontier": True,
        "identical_nash": True,
    }


def part2(repeat: int, max_packages: int, min_packages: int = 0) -> dict[str, Any] | None:
    try:
        import negmas
    except ImportError:
        print("negmas is not installed here; run `make bench-negmas` for the comparison.")
        return None
    cases = [[10] * k for k in (3, 4, 5, 6, 7)]
    rows = [
        negmas_case(sizes, repeat, opposed)
        for opposed in (False, True)
        for sizes in cases
        if min_packages <= int(np.prod(sizes)) <= max_packages
    ]
    return {"negmas_version": negmas.__version__, "cases": rows, "load_average_after": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--negmas-max", type=int, default=10**7, help="largest space given to NegMAS")
    parser.add_argument("--negmas-min", type=int, default=0, help="smallest space given to NegMAS")
    parser.add_argument("--skip-large", action="store_true", help="skip the 10^6/10^7 runs")
    args = parser.parse_args()
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "numpy": np.__version__, "threads": 1},
        "realpolitik": previous.get("realpolitik") if args.skip_large else part1(args.repeat),
        "sampled": part_sampled(args.repeat),
    }
    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    comparison = part2(args.repeat, args.negmas_max, args.negmas_min)
    results["negmas"] = comparison if comparison is not None else previous.get("negmas")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
