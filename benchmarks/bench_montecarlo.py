"""Monte Carlo throughput of the decision margin, against a memory-bandwidth bound; Dask scaling.

1. **One core.** BLAS and OpenMP pools are pinned to one thread before NumPy
   loads. The seed scenario's Russia/US-offer problem (K = 5 saliences,
   F = 10 factors, P = 15 parameters) is evaluated on N pre-drawn inputs:
   ``DecisionProblem.margin`` alone, and a whole chunk task (draws by LHS +
   inverse CDF, margin, logit, decisive-term decomposition).
   Throughput is reported in draws·parameters per second.
2. **Bound.** The margin must at least read its N x P float64 inputs once, so
   a streaming read rate B (bytes/s, from ``a.sum()`` over a 256 MiB array,
   best of 5; a copy is timed too) implies at most B / 8 draws·parameters per
   second. The ratio measured / bound says how far the evaluation is from
   memory-bound (it does several passes: utility interpolation per issue,
   matrix products, clip). The chunk task is timed with uncached draws.
3. **Dask.** The same Monte Carlo (same seed, identical result asserted) on a
   ``LocalCluster`` of 1 and of 2 single-threaded worker processes; scaling
   efficiency T1 / (2 T2). The machine has 2 cores shared with other work, so
   efficiency is a noisy lower bound.

Run: ``python benchmarks/bench_montecarlo.py`` (writes ``benchmarks/results/montecarlo.json``).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import platform  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from _timing import best_wall_time  # noqa: E402  (sibling module of this script)

from realpolitik import load  # noqa: E402
from realpolitik.analysis.decision import decision_problem  # noqa: E402
from realpolitik.analysis.sampling import parameter_table, plan_chunks  # noqa: E402
from realpolitik.analysis.uncertainty import decisive_terms, monte_carlo  # noqa: E402
from realpolitik.engines.decision import acceptance_probability  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "montecarlo.json"
SCENARIO = ROOT / "scenarios" / "ukraine-2025-07.yaml"
N = 200_000


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    return best_wall_time(fn, repeat)


def bandwidth() -> dict[str, float]:
    a = np.ones(32 * 2**20)  # 256 MiB of float64
    b = np.empty_like(a)
    t_sum = best(a.sum)
    t_copy = best(lambda: np.copyto(b, a))
    return {"read_bytes_per_s": a.nbytes / t_sum, "copy_bytes_per_s": 2 * a.nbytes / t_copy}


def one_core() -> dict[str, float]:
    s = load(SCENARIO)
    prob = decision_problem(s, "russia", "us-2025")
    table = parameter_table(prob)
    x = table.sample(N, rng=0)
    sal, val = table.split(x)
    t_margin = best(lambda: prob.margin(sal, val))
    chunk = plan_chunks(N, 0, chunk_size=N)[0]

    def chunk_task() -> None:  # uncached draws: what a chunk costs the first time it is seen
        s_, v_ = table.split(table._draw(chunk, "lhs"))
        acceptance_probability(prob.margin(s_, v_), prob.temperature)
        decisive_terms(prob, s_, v_)

    t_chunk = best(chunk_task, repeat=3)
    p = table.size
    return {
        "draws": N,
        "parameters": p,
        "margin_s": t_margin,
        "margin_draw_params_per_s": N * p / t_margin,
        "chunk_task_s": t_chunk,
        "chunk_task_draw_params_per_s": N * p / t_chunk,
    }


def dask_scaling(draws: int = 500_000, chunk: int = 15_625) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from realpolitik.analysis.ensemble import DaskExecutor

    s = load(SCENARIO)
    serial = monte_carlo(s, "russia", "us-2025", draws=draws, rng=1, chunk_size=chunk)
    times = {}
    for n in (1, 2):
        with (
            LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as cl,
            Client(cl) as client,
        ):
            ex = DaskExecutor(client)
            monte_carlo(
                s, "russia", "us-2025", draws=chunk * 2, rng=1, chunk_size=chunk, executor=ex
            )  # warm-up

            seeds = iter(range(1, 4))  # a new seed each repeat: workers memoize the draws they made

            def run(ex: DaskExecutor = ex, seeds=seeds) -> None:
                seed = next(seeds)
                r = monte_carlo(s, "russia", "us-2025", draws=draws, rng=seed, chunk_size=chunk, executor=ex)
                if seed == 1:
                    assert r.to_dict() == serial.to_dict(), "Dask result differs from the serial one"

            times[n] = best(run, repeat=3)
    return {
        "draws": draws,
        "chunk_size": chunk,
        "t1_s": times[1],
        "t2_s": times[2],
        "speedup": times[1] / times[2],
        "efficiency": times[1] / (2 * times[2]),
    }


def main() -> None:
    bw = bandwidth()
    core = one_core()
    bound = bw["read_bytes_per_s"] / 8
    result = {
        "machine": {"python": platform.python_version(), "numpy": np.__version__, "cpus": os.cpu_count()},
        "bandwidth": bw,
        "one_core": core,
        "bound_draw_params_per_s": bound,
        "margin_share_of_bound": core["margin_draw_params_per_s"] / bound,
        "dask": dask_scaling(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    d = result["dask"]
    rows = [
        ("streaming read (a.sum), GB/s", f"{bw['read_bytes_per_s'] / 1e9:.2f}"),
        ("copy (read+write), GB/s", f"{bw['copy_bytes_per_s'] / 1e9:.2f}"),
        ("bound: draws·params/s (read / 8 B)", f"{bound:.3g}"),
        ("margin only: draws·params/s", f"{core['margin_draw_params_per_s']:.3g}"),
        ("margin share of bound", f"{result['margin_share_of_bound']:.1%}"),
        (
            "chunk task (sample+margin+decisive): draws·params/s",
            f"{core['chunk_task_draw_params_per_s']:.3g}",
        ),
        (f"Dask {d['draws']:,} draws, 1 worker, s", f"{d['t1_s']:.2f}"),
        (f"Dask {d['draws']:,} draws, 2 workers, s", f"{d['t2_s']:.2f}"),
        ("Dask scaling efficiency 1→2", f"{d['efficiency']:.0%}"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
