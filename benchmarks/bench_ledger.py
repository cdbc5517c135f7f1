"""The forecast ledger at scale: appending, verifying and scoring, and the scoring engine alone.

Appends ``N`` yes/no questions with a model and an analyst forecast each plus a
resolution (so ``2N`` sealed entries) to a fresh SQLite store, then times
``ledger verify`` over the whole chain, the fold into questions and
``score_ledger`` (Murphy decomposition, calibration, consistency resampling
with 2,000 replicates, paired bootstrap with 2,000 replicates). The engine rows
time :func:`realpolitik.engines.scoring.murphy` on a million forecasts and
:func:`~realpolitik.engines.scoring.crps_ensemble` on 10,000 ensembles of 1,000
members. Best of several runs where a run is cheap.

Run: ``python benchmarks/bench_ledger.py`` (writes ``benchmarks/results/ledger.json``).
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _timing import best_wall_time  # sibling module of this script

from realpolitik.analysis.ledger_scores import score_ledger
from realpolitik.engines import scoring as sc
from realpolitik.evidence.store import EvidenceStore
from realpolitik.ledger import Ledger, fold, forecast_record, question_body

SIZES = (100, 1000, 5000)
OUT = Path(__file__).resolve().parent / "results" / "ledger.json"
D0 = dt.date(2024, 1, 1)


def fill(ledger: Ledger, n: int, rng: np.random.Generator) -> None:
    q = rng.uniform(0.05, 0.95, n)
    y = rng.uniform(size=n) < q
    sharp = 1 / (1 + np.exp(-2 * np.log(q / (1 - q))))
    for i in range(n):
        fs = [
            forecast_record("model", "m", D0, p=float(sharp[i])),
            forecast_record("analyst", "a", D0, p=float(q[i])),
        ]
        body = question_body(f"question {i}", "c", opened=D0, deadline=dt.date(2025, 1, 1), forecasts=fs)
        entry, _ = ledger.add_question(body)
        ledger.resolve(entry["seq"], "yes" if y[i] else "no", date=dt.date(2024, 6, 1), source="https://x")


def ledger_rows() -> list[dict[str, float | int]]:
    rows = []
    for n in SIZES:
        with tempfile.TemporaryDirectory() as tmp, EvidenceStore(Path(tmp) / "b.sqlite3") as store:
            ledger = Ledger(store.conn)
            t0 = time.perf_counter()
            fill(ledger, n, np.random.default_rng(0))
            append = time.perf_counter() - t0
            verify = best_wall_time(ledger.verify, 3)
            assert ledger.verify().ok
            questions = fold(ledger.entries())
            score = best_wall_time(
                lambda qs=questions: score_ledger(qs.values(), today=dt.date(2026, 1, 1), rng=0), 3
            )
        rows.append(
            {
                "questions": n,
                "entries": 2 * n,
                "append_s": append,
                "append_entries_per_s": 2 * n / append,
                "verify_s": verify,
                "verify_entries_per_s": 2 * n / verify,
                "score_s": score,
            }
        )
        print(
            f"{n:>6} questions  append {append:8.3f} s ({2 * n / append:8.0f} entries/s)  "
            f"verify {verify:7.3f} s ({2 * n / verify:9.0f} entries/s)  score {score:7.3f} s"
        )
    return rows


def engine_rows() -> dict[str, float]:
    rng = np.random.default_rng(1)
    p = rng.uniform(size=1_000_000)
    y = (rng.uniform(size=p.size) < p).astype(float)
    murphy = best_wall_time(lambda: sc.murphy(p, y, bins=10), 3)
    members, obs = rng.normal(size=(10_000, 1_000)), rng.normal(size=10_000)
    crps = best_wall_time(lambda: sc.crps_ensemble(members, obs), 3)
    print(f"murphy, 10^6 forecasts: {murphy:.3f} s;  crps_ensemble, 10^4 x 10^3 members: {crps:.3f} s")
    return {"murphy_1e6_s": murphy, "crps_ensemble_1e4x1e3_s": crps}


def main() -> None:
    result = {
        "ledger": ledger_rows(),
        "engine": engine_rows(),
        "machine": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "platform": platform.platform(),
        },
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
