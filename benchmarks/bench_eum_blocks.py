"""EUM at scale: one round at thousands of actors, in blocks of rows (issue 14).

Beyond ``engines.eum.BLOCK_ACTORS`` actors a round runs in blocks
(``engines/eum_blocks.py``), so memory is the last offers (n² int8 kinds and
float positions) plus a few ``block × n`` arrays. Each case runs in its own
interpreter; the figures are CPU seconds for one round, the peak of memory
traced by ``tracemalloc`` (NumPy reports its buffers to it) and the process's
peak resident set. Goal: one round at 10,000 actors within 2 GiB, and the
``scholz2011`` reading (risky votes) scaling like the printed one.

Usage: ``python benchmarks/bench_eum_blocks.py [N ...]`` (default 3000 10000).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = """
import json, resource, sys, time, tracemalloc
import numpy as np
from realpolitik.engines.eum import EUMOptions, run_eum
n, reading = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(0)
x, c, s = rng.uniform(0, 100, n), rng.uniform(0.1, 10, n), rng.uniform(0.05, 1, n)
options = EUMOptions.scholz2011() if reading == "scholz2011" else EUMOptions()
tracemalloc.start()
cpu = time.process_time()
res = run_eum(x, c, s, rounds=1, options=options)
cpu = time.process_time() - cpu
print(json.dumps({"actors": n, "reading": reading, "cpu_s_per_round": round(cpu, 1),
                  "peak_traced_mib": round(tracemalloc.get_traced_memory()[1] / 2**20),
                  "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "forecast": round(res.forecast, 4)}))
"""


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [3000, 10_000]
    rows = []
    for n in sizes:
        for reading in ("printed", "scholz2011"):
            command = [sys.executable, "-c", CASE, str(n), reading]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            rows.append(json.loads(done.stdout))
            print(rows[-1])
    out = ROOT / "benchmarks" / "results" / "eum_blocks.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
