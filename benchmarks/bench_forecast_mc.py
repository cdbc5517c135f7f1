"""Monte Carlo of the EUM forecast: every draw at once against one engine run per draw.

The seed scenario's ``territory`` issue with its declared ranges as shocks
(``forecast --draws 500``): :func:`realpolitik.analysis.forecast.monte_carlo`
(draws as a leading axis, ``engines/eum_batch.py``) against the former way, a
Python loop calling :func:`realpolitik.engines.eum.run_eum` once per draw on the
same shocked inputs. The forecasts are asserted equal bit for bit, then both
are timed (CPU seconds, best of 3, one thread), with a single forecast without
draws for scale.

Run: ``python benchmarks/bench_forecast_mc.py`` (writes ``benchmarks/results/forecast_mc.json``).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import platform  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from _timing import best_times  # noqa: E402  (sibling module of this script)

import realpolitik as rp  # noqa: E402
from realpolitik.analysis.forecast import _shocked, monte_carlo, scenario_uncertainty  # noqa: E402
from realpolitik.engines.eum import run_eum  # noqa: E402
from realpolitik.scenario.actor_table import eum_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "forecast_mc.json"
DRAWS, ROUNDS, SEED = 500, 10, 1


def main() -> None:
    s = rp.load(ROOT / "scenarios" / "ukraine-2025-07.yaml")
    t = eum_table(s, "territory")
    scale = (t.scale_min, t.scale_max)
    unc = scenario_uncertainty(s, "territory")
    args = (t.position, t.capability, t.salience)

    def batched() -> np.ndarray:
        return monte_carlo("eum", *args, unc, draws=DRAWS, rng=SEED, scale=scale, rounds=ROUNDS).forecasts

    def per_draw() -> np.ndarray:
        X, C, S = _shocked(*args, scale, unc, DRAWS, np.random.default_rng(SEED))
        runs = [run_eum(X[d], C[d], S[d], rounds=ROUNDS, scale=scale) for d in range(DRAWS)]
        return np.array([r.forecast for r in runs])

    assert np.array_equal(batched(), per_draw()), "batched forecasts differ from one run per draw"
    _, t_batched = best_times(batched, 3)
    _, t_loop = best_times(per_draw, 3)
    _, t_single = best_times(lambda: run_eum(*args, rounds=ROUNDS, scale=scale), 3)
    result = {
        "actors": int(t.position.size),
        "draws": DRAWS,
        "rounds": ROUNDS,
        "batched_cpu_s": t_batched,
        "per_draw_loop_cpu_s": t_loop,
        "single_forecast_cpu_s": t_single,
        "speedup": t_loop / t_batched,
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{DRAWS} draws x {ROUNDS} rounds, {result['actors']} actors (CPU s):")
    print(f"  all draws at once      {t_batched:.4f}")
    print(f"  one run_eum per draw   {t_loop:.4f}   ({t_loop / t_batched:.0f}x the batched time)")
    ratio = t_batched / t_single
    print(f"  one forecast, no draws {t_single:.4f}   (the batched Monte Carlo costs {ratio:.1f} forecasts)")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
