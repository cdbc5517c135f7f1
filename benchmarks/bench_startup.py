"""Start-up time of the command line: `realpolitik --help` and `why` on the seed.

Each command runs in a fresh interpreter (as a user types it); the figure is the
median of several runs, with the shortest beside it (the least disturbed by other
work on the machine). Goal (issue 13): both within 0.8 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "scenarios" / "ukraine-2025-07.yaml"
COMMANDS = {
    "--help": ["--help"],
    "why (seed)": ["why", str(SEED), "--actor", "russia", "--offer", "us-2025"],
    "validate (seed)": ["validate", str(SEED)],
}
RUNS = 7


def time_command(args: list[str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "realpolitik", *args], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    rows: dict[str, object] = {}
    load_before = os.getloadavg()[0]
    print(f"{'command':<18} {'median s':>9} {'best s':>8}")
    for name, args in COMMANDS.items():
        times = time_command(args)
        rows[name] = {"median_s": statistics.median(times), "best_s": min(times), "runs": RUNS}
        print(f"{name:<18} {statistics.median(times):>9.3f} {min(times):>8.3f}")
    # Other work on the machine slows every run: the load average says how much (cores: os.cpu_count()).
    load_after = os.getloadavg()[0]
    rows["machine"] = {"cpus": os.cpu_count(), "load_1min_before": load_before, "load_1min_after": load_after}
    print(f"load average (1 min) {load_before:.2f} before, {load_after:.2f} after, {os.cpu_count()} cores")
    out = ROOT / "benchmarks" / "results" / "startup.json"
    out.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
