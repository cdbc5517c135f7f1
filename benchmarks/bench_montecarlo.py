"""Monte Carlo against the random-number bound: sampling, cost per draw, Dask scaling.

The seed scenario's Russia/US-offer problem: K = 5 saliences and F = 10 factor
values, P = 15 uncertain parameters, every one PERT. BLAS and OpenMP pools are
pinned to one thread before NumPy loads; times are best of several runs, CPU
time (``time.process_time``) next to wall-clock time, because the machine's
two cores are shared with other work and CPU time does not count waiting.

1. **RNG bound.** NumPy's ``Generator.standard_normal`` numbers per second
   (2**22 at once): no Monte Carlo can draw its inputs faster than its random
   numbers come.
2. **Sampling.** Draws x parameters per second of ``ParameterTable._draw``
   (a block's uniform design + every inverse CDF), 2**17 draws in blocks of
   ``BLOCK``, for the Latin hypercube (the default) and plain random designs;
   the ratio to the RNG bound.
3. **Margin** alone on pre-drawn inputs (``DecisionProblem.margin`` and the
   fused one-matrix-product form), the levers chunk task (draws + margin +
   logit + sums) and the uncertainty chunk task (draws + margin + logit +
   decisive terms) on fresh draws.
4. **Cost per draw** of a Monte Carlo: ``LeverEnsemble.evaluate`` at one
   intensity (draws, margin, logit, sums per chunk), draw memo cleared first,
   at 10**4, 10**6 and 10**7 draws, and at 10**8 draws on every 100th chunk of
   the 10**8 plan (1 % of it, spread over the whole seed range; ``--full``
   runs all of it). A repeat evaluation (draws memoized) is timed too.
5. **Dask.** ``LeverEnsemble.evaluate`` over the 31-point grid of one lever
   at 10**5 and 10**6 draws, on a local cluster of 1 and of 2 single-threaded
   worker processes, each result asserted identical to the one-process one;
   efficiency T1 / (2 T2). Skipped with ``--no-dask``.

Run: ``python benchmarks/bench_montecarlo.py`` (writes ``benchmarks/results/montecarlo.json``).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from _timing import best_times  # noqa: E402  (sibling module of this script)

from realpolitik import load  # noqa: E402
from realpolitik.analysis import levers as lv  # noqa: E402
from realpolitik.analysis import sampling as asm  # noqa: E402
from realpolitik.analysis import uncertainty as unc  # noqa: E402
from realpolitik.analysis.decision import decision_problem  # noqa: E402
from realpolitik.analysis.ensemble import keep_freed_memory  # noqa: E402
from realpolitik.analysis.sampling import BLOCK  # noqa: E402
from realpolitik.engines.decision import margin_from_sums  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "montecarlo.json"
SCENARIO = ROOT / "scenarios" / "ukraine-2025-07.yaml"
ACTOR, OFFER, LEVER = "russia", "us-2025", "us.secondary_tariffs"


def rng_bound() -> dict[str, float]:
    gen = np.random.default_rng(0)
    n = 2**22
    wall, cpu = best_times(lambda: gen.standard_normal(n), 5)
    return {"numbers": n, "numbers_per_s_cpu": n / cpu, "numbers_per_s_wall": n / wall}


def sampling(table: asm.ParameterTable) -> dict[str, Any]:
    n = 2**17
    blocks = asm.plan_blocks(n, 0)
    table._draw(blocks[0], "lhs")  # build the PERT tables once (cached per process)
    out: dict[str, Any] = {"draws": n, "parameters": table.size, "block": asm.BLOCK}
    for design in ("lhs", "random"):
        wall, cpu = best_times(lambda d=design: [table._draw(b, d) for b in blocks], 5)
        out[design] = {
            "draw_params_per_s_cpu": n * table.size / cpu,
            "draw_params_per_s_wall": n * table.size / wall,
        }
    return out


def margin_and_chunk_task(scenario: Any, table: asm.ParameterTable) -> dict[str, float]:
    prob = decision_problem(scenario, ACTOR, OFFER)
    n = 200_000
    x = table.sample(n, rng=0)
    sal, val = table.split(x)
    _, t_margin = best_times(lambda: prob.margin(sal, val), 5)
    xt = np.ascontiguousarray(x.T)
    rows = prob.margin_rows()
    _, t_fused = best_times(
        lambda: margin_from_sums(*(rows @ xt), prob.horizon, prob.discount), 5
    )
    chunks = asm.plan_chunks(n, 0)
    ens = lv.ensemble(scenario, ACTOR, OFFER, draws=n, rng=0)
    effect = lv.lever_effect(scenario, ens.problem, LEVER)
    t = np.array([[effect.current]])
    asm._CACHE.clear()
    budget = asm._CACHE_BYTES
    asm._CACHE_BYTES = 0  # fresh draws every time: the task as a first evaluation runs it
    try:
        _, t_lever = best_times(
            lambda: [lv._chunk_task(prob, table, "lhs", (effect,), t, c) for c in chunks], 3
        )
        _, t_unc = best_times(lambda: [unc._chunk_task(prob, table, "lhs", c) for c in chunks], 3)
        # the same without the analysts' pools (each factor its reference estimate only)
        alone = replace(table, mixtures=())
        _, t_alone = best_times(
            lambda: [lv._chunk_task(prob, alone, "lhs", (effect,), t, c) for c in chunks], 3
        )
    finally:
        asm._CACHE_BYTES = budget
    p = table.size
    return {
        "draws": n,
        "margin_draw_params_per_s_cpu": n * p / t_margin,
        "fused_margin_draw_params_per_s_cpu": n * p / t_fused,
        "lever_task_draw_params_per_s_cpu": n * p / t_lever,
        "pooled_parameters": len(table.mixtures),
        "lever_task_without_pools_draw_params_per_s_cpu": n * p / t_alone,
        "chunk_task_draw_params_per_s_cpu": n * p / t_unc,
    }


def per_draw(scenario: Any, full: bool) -> list[dict[str, Any]]:
    rows = []
    for n in (10**4, 10**6, 10**7, 10**8):
        ens = lv.ensemble(scenario, ACTOR, OFFER, draws=n, rng=1)
        effect = lv.lever_effect(scenario, ens.problem, LEVER)
        t = np.array([[effect.current]])
        share = 1.0
        if n == 10**8 and not full:
            ens = replace(ens, chunks=ens.chunks[::100])
            share = ens.draws / n
        asm._CACHE.clear()
        w0, c0 = best_times(lambda e=ens, ef=effect, t=t: e.evaluate((ef,), t), 1)
        repeat = best_times(lambda e=ens, ef=effect, t=t: e.evaluate((ef,), t), 1 if n >= 10**7 else 3)
        asm._CACHE.clear()
        rows.append(
            {
                "draws": n,
                "evaluated_draws": ens.draws,
                "share_of_plan": share,
                "first_s_cpu": c0,
                "first_s_wall": w0,
                "first_ns_per_draw_cpu": c0 / ens.draws * 1e9,
                "first_draw_params_per_s_cpu": ens.draws * ens.table.size / c0,
                "repeat_ns_per_draw_cpu": repeat[1] / ens.draws * 1e9,
            }
        )
        print(
            f"  {n:>11,} draws: {rows[-1]['first_ns_per_draw_cpu']:.0f} ns/draw (first), "
            f"{rows[-1]['repeat_ns_per_draw_cpu']:.0f} ns/draw (repeat)",
            flush=True,
        )
    return rows


def dask_scaling(scenario: Any) -> dict[str, Any]:
    from distributed import Client

    from realpolitik.analysis.ensemble import DaskExecutor, local_cluster

    out: dict[str, Any] = {"load_before": os.getloadavg()[0], "rows": []}
    seeds = (3, 4)  # a fresh seed per timed run: no worker has its draws memoized (a first evaluation)
    serial = {}
    for n in (10**5, 10**6):
        for seed in seeds:
            ens = lv.ensemble(scenario, ACTOR, OFFER, draws=n, rng=seed)
            effect = lv.lever_effect(scenario, ens.problem, LEVER)
            serial[(n, seed)] = ens.evaluate((effect,), effect.grid(31)[:, None])
    times: dict[tuple[int, int], float] = {}
    overhead = 0.0
    for workers in (1, 2):
        t0 = time.perf_counter()
        with local_cluster(workers) as cluster, Client(cluster) as client:
            ex = DaskExecutor(client)
            ens = lv.ensemble(scenario, ACTOR, OFFER, draws=BLOCK, rng=2, executor=ex)
            effect = lv.lever_effect(scenario, ens.problem, LEVER)
            ens.evaluate((effect,), effect.grid(31)[:, None])  # the smallest job: start-up and warm-up
            if workers == 2:
                overhead = time.perf_counter() - t0
            for n in (10**5, 10**6):
                best = float("inf")
                for seed in seeds:
                    ens = lv.ensemble(scenario, ACTOR, OFFER, draws=n, rng=seed, executor=ex)
                    effect = lv.lever_effect(scenario, ens.problem, LEVER)
                    t = time.perf_counter()
                    got = ens.evaluate((effect,), effect.grid(31)[:, None])
                    best = min(best, time.perf_counter() - t)
                    assert all(np.array_equal(a, b) for a, b in zip(got, serial[(n, seed)], strict=True)), (
                        "Dask differs"
                    )
                times[(workers, n)] = best
    for n in (10**5, 10**6):
        t1, t2 = times[(1, n)], times[(2, n)]
        out["rows"].append({"draws": n, "t1_s": t1, "t2_s": t2, "efficiency": t1 / (2 * t2)})
    out["load_after"] = os.getloadavg()[0]
    out["cluster_overhead_s"] = overhead  # start, warm (one block), and the time to stop is not in it
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true", help="evaluate all 10**8 draws, not 1 %% of the chunks")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--dask-only", action="store_true", help="only the 1 -> 2 worker scaling")
    args = ap.parse_args()
    if args.dask_only:
        keep_freed_memory()
        d = dask_scaling(load(SCENARIO))
        for r in d["rows"]:
            print(f"Dask levers {r['draws']:.0e} draws: 1 / 2 workers {r['t1_s']:.2f} / {r['t2_s']:.2f} s, "
                  f"efficiency {r['efficiency']:.0%}")
        print(f"cluster start + warm-up + stop (2 workers): {d['cluster_overhead_s']:.2f} s; "
              f"load average before / after {d['load_before']:.1f} / {d['load_after']:.1f}")
        previous = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
        OUT.write_text(json.dumps({**previous, "dask": d}, indent=2) + "\n", encoding="utf-8")
        return
    keep_freed_memory()  # as every executor does before running chunks (docs/speed.md)
    scenario = load(SCENARIO)
    table = asm.parameter_table(decision_problem(scenario, ACTOR, OFFER))
    bound = rng_bound()
    smp = sampling(table)
    core = margin_and_chunk_task(scenario, table)
    print("cost per draw of a one-intensity lever evaluation (CPU time):")
    rows = per_draw(scenario, args.full)
    result: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "numpy": np.__version__, "cpus": os.cpu_count()},
        "rng_bound": bound,
        "sampling": smp,
        "one_core": core,
        "per_draw": rows,
    }
    if not args.no_dask:
        result["dask"] = dask_scaling(scenario)
    result["load_at_end"] = os.getloadavg()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    rng = bound["numbers_per_s_cpu"]
    lines = [
        ("standard_normal, numbers/s (RNG bound)", f"{rng:.3g}"),
        ("sampling, LHS, draws·params/s", f"{smp['lhs']['draw_params_per_s_cpu']:.3g}"),
        ("  ratio to the RNG bound", f"{smp['lhs']['draw_params_per_s_cpu'] / rng:.2f}"),
        ("sampling, random design, draws·params/s", f"{smp['random']['draw_params_per_s_cpu']:.3g}"),
        ("  ratio to the RNG bound", f"{smp['random']['draw_params_per_s_cpu'] / rng:.2f}"),
        ("margin alone (DecisionProblem.margin), draws·params/s",
         f"{core['margin_draw_params_per_s_cpu']:.3g}"),
        ("margin alone (one matrix product), draws·params/s",
         f"{core['fused_margin_draw_params_per_s_cpu']:.3g}"),
        (
            "levers task (draws+margin+logit+sums), draws·params/s",
            f"{core['lever_task_draw_params_per_s_cpu']:.3g}",
        ),
        ("  ratio to the RNG bound", f"{core['lever_task_draw_params_per_s_cpu'] / rng:.2f}"),
        (f"levers task without the {core['pooled_parameters']} analysts' pools, draws·params/s",
         f"{core['lever_task_without_pools_draw_params_per_s_cpu']:.3g}"),
        ("  ratio to the RNG bound", f"{core['lever_task_without_pools_draw_params_per_s_cpu'] / rng:.2f}"),
        (
            "uncertainty task (draws+margin+logit+decisive), draws·params/s",
            f"{core['chunk_task_draw_params_per_s_cpu']:.3g}",
        ),
    ]
    for r in rows:
        lines.append(
            (
                f"lever evaluation, {r['draws']:.0e} draws: ns/draw, draws·params/s",
                f"{r['first_ns_per_draw_cpu']:.0f}, {r['first_draw_params_per_s_cpu']:.3g}",
            )
        )
    ten7 = next(r for r in rows if r["draws"] == 10**7)
    lines.append(
        (
            "10^7 draws, one evaluation, CPU s (wall s)",
            f"{ten7['first_s_cpu']:.1f} ({ten7['first_s_wall']:.1f})",
        )
    )
    for r in result.get("dask", {}).get("rows", []):
        lines.append(
            (f"Dask levers {r['draws']:.0e} draws: 1 / 2 workers, s", f"{r['t1_s']:.2f} / {r['t2_s']:.2f}")
        )
        lines.append(("  efficiency 1→2", f"{r['efficiency']:.0%}"))
    at_end = ", ".join(f"{x:.1f}" for x in result["load_at_end"])
    lines.append(("load average (1, 5, 15 min) at the end", at_end))
    width = max(len(a) for a, _ in lines)
    for a, b in lines:
        print(f"{a:<{width}}  {b:>14}")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
