"""Paths x steps per second of the war-as-a-process simulation, on one core.

The seed scenario (2 parties, 5 issues, 14 factors), the baseline schedule,
36 monthly steps, through :func:`realpolitik.analysis.dynamics.simulate` as
``realpolitik simulate`` calls it, two ways:

* ``central``: every estimate at its central value, so the time is the
  dynamics engine (:func:`realpolitik.engines.dynamics.simulate_war`) plus
  setup;
* ``sampled``: every estimate drawn per path by Latin hypercube and inverse
  CDF (:mod:`realpolitik.engines.sampling`) first, then the engine.

Thread pools are pinned to one thread before NumPy is imported, so the figures
are for one core. Best of three runs.

Then 10^5 and 10^6 sampled paths on a Dask ``LocalCluster`` of 1 and of 2
single-threaded worker processes (``--workers N`` of ``realpolitik
simulate``: blocks reduced to counts and sums on the workers,
``keep_paths=False``), asserting the result equals the one-process run bit for
bit, and recording the efficiency T1 / (2 T2) (wall clock, best of 2; the
machine's two cores are shared, so the load average is recorded with it).

Run: ``python benchmarks/bench_dynamics.py [--dask-only]`` (writes ``benchmarks/results/dynamics.json``).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402  (the thread pins above must precede NumPy)
import platform  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from _timing import best_wall_time  # noqa: E402  (sibling module of this script)

import realpolitik as rp  # noqa: E402
from realpolitik.analysis.dynamics import simulate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "ukraine-2025-07.yaml"
OUT = Path(__file__).resolve().parent / "results" / "dynamics.json"
STEPS = 36
PATHS = (10_000, 100_000)
REPEATS = 3


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    return best_wall_time(fn, repeats)


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--dask-only", action="store_true", help="only the 1 -> 2 worker scaling")
    args = ap.parse_args()
    scenario = rp.load(SEED)
    rows = []
    for n in () if args.dask_only else PATHS:
        for sampled in (False, True):
            def run(n: int = n, sampled: bool = sampled) -> None:
                simulate(scenario, [], steps=STEPS, paths=n, uncertain=sampled, rng=1)

            seconds = best_of(run)
            tracemalloc.start()
            run()
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            rows.append(
                {
                    "paths": n,
                    "steps": STEPS,
                    "estimates": "sampled" if sampled else "central",
                    "seconds": round(seconds, 4),
                    "path_steps_per_second": round(n * STEPS / seconds),
                    "peak_mib": round(peak, 1),
                }
            )
    dask = dask_scaling(scenario)
    result = {
        "benchmark": "dynamics",
        "dask": dask,
        "scenario": str(SEED.relative_to(ROOT)),
        "what": "analysis.dynamics.simulate, baseline schedule, 36 steps, one core, best of 3",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "rows": rows,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'paths':>8} {'steps':>6} {'estimates':>9} {'seconds':>9} {'path-steps/s':>13} {'peak MiB':>9}")
    for r in rows:
        print(f"{r['paths']:>8,} {r['steps']:>6} {r['estimates']:>9} {r['seconds']:>9.3f} "
              f"{r['path_steps_per_second']:>13,} {r['peak_mib']:>9.1f}")
    for d in dask or []:
        print(f"Dask, {d['paths']:,} sampled paths x 36 steps: 1 worker {d['t1_s']:.2f} s, 2 workers "
              f"{d['t2_s']:.2f} s, efficiency {d['efficiency']:.0%} (results identical to one process; "
              f"load average {d['load_before']:.1f})")
    print(f"wrote {OUT.relative_to(ROOT)}")


def dask_scaling(
    scenario: rp.Scenario, sizes: tuple[int, ...] = (100_000, 1_000_000)
) -> list[dict[str, Any]] | None:
    """Wall-clock seconds on local clusters of 1 and 2 worker processes, results asserted identical.

    Best of 2 per size; the load average before and after is recorded, since the 2 cores are shared.
    """
    try:
        from distributed import Client
    except ImportError:
        return None
    from realpolitik.analysis.ensemble import DaskExecutor, local_cluster

    serial = {
        n: simulate(scenario, [], steps=STEPS, paths=n, rng=1, keep_paths=False).to_dict() for n in sizes
    }
    times: dict[tuple[int, int], float] = {}
    load = os.getloadavg()[0]
    for workers in (1, 2):
        with local_cluster(workers) as cl, Client(cl) as client:
            ex = DaskExecutor(client)
            # warm-up: imports and PERT tables on the workers
            simulate(scenario, [], steps=STEPS, paths=8192, rng=0, executor=ex, keep_paths=False)
            for n in sizes:

                def run(ex: DaskExecutor = ex, n: int = n) -> None:
                    r = simulate(scenario, [], steps=STEPS, paths=n, rng=1, executor=ex, keep_paths=False)
                    assert r.to_dict() == serial[n], "Dask result differs from the one-process run"

                times[(workers, n)] = best_wall_time(run, 2)
    return [
        {
            "paths": n,
            "steps": STEPS,
            "t1_s": times[(1, n)],
            "t2_s": times[(2, n)],
            "speedup": times[(1, n)] / times[(2, n)],
            "efficiency": times[(1, n)] / (2 * times[(2, n)]),
            "load_before": load,
            "load_after": os.getloadavg()[0],
        }
        for n in sizes
    ]


if __name__ == "__main__":
    main()
