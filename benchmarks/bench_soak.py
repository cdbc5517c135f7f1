"""Soak: concurrent ingests into a new store, then a burst of dashboard requests.

Part 1 starts ``--ingests`` processes at once, each ingesting the same shared
articles plus one of its own into one **new** evidence store (the schema race
of issue 14). It reports every exit code, the wall time of each, and checks
that the store holds each article exactly once.

Part 2 starts ``realpolitik serve`` on a free loopback port (never another
interface) and sends ``--requests`` requests from ``--clients`` threads: slider
moves (``POST /api/view`` with ``quick``, random factor values), the views
they then fetch (``sections=[key]``), ``/api/why``, and abusive ones (an
oversized body, a foreign Host, a huge field name) whose refusal is the
expected answer. It reports unexpected statuses, latency percentiles per kind
of request, and the server's resident memory (VmRSS, peak VmHWM).

Both parts are bounded in count and in time (``--seconds``); results go to
``benchmarks/results/soak.json``. Goal: no errors, no lost or duplicated
article, and a slider move (``view-quick``) within 0.5 s at the 95th percentile.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "scenarios" / "ukraine-2025-07.yaml"
BODY = " ".join(["Negotiators said the ceasefire talks had stalled again over the border line."] * 8)


def _articles(folder: Path, names: list[str]) -> list[str]:
    paths = []
    for name in names:
        path = folder / f"{name}.md"
        path.write_text(f"# Talks {name}\n\n{BODY} ({name})\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def soak_ingest(n: int, folder: Path, deadline: float) -> dict[str, Any]:
    """``n`` processes ingest 3 shared articles and one own article each into a new store."""
    shared = _articles(folder, ["shared1", "shared2", "shared3"])
    db = folder / "new" / "evidence.sqlite3"
    started = time.perf_counter()
    command = [sys.executable, "-m", "realpolitik", "ingest", "--rules-only", "--json", "--db", str(db)]
    procs = [
        subprocess.Popen(
            [*command, *shared, *_articles(folder, [f"own{i}"])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    codes, seconds, errors = [], [], []
    for p in procs:
        try:
            _, err = p.communicate(timeout=max(deadline - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
        codes.append(p.returncode)
        seconds.append(time.perf_counter() - started)
        if p.returncode != 0 or "Traceback" in err:
            errors.append(err.strip()[-300:])
    import sqlite3

    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    return {
        "processes": n,
        "exit_codes": codes,
        "errors": errors,
        "articles_expected": 3 + n,
        "articles_stored": len(ids),
        "duplicates": len(ids) - len(set(ids)),
        "slowest_s": round(max(seconds), 2),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _memory(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)  # kB -> MiB
    return fields


Factor = tuple[str, float, float]


def _request(base: str, kind: str, rng: random.Random, factors: list[Factor]) -> tuple[str, int]:
    settings = {f: round(rng.uniform(lo, hi), 3) for f, lo, hi in rng.sample(factors, k=2)}
    body: dict[str, Any] = {"scenario": SEED.stem, "factors": settings}
    headers = {"Content-Type": "application/json"}
    path, data = "/api/view", None
    if kind == "view-quick":
        body["quick"] = True
    elif kind == "view-section":
        body["sections"] = [rng.choice(["why", "uncertainty", "levers", "deals", "forecast"])]
    elif kind == "why":
        path = "/api/why"
    elif kind == "oversized":
        data = b'{"scenario": "' + b"x" * (1024 * 1024) + b'"}'
    elif kind == "foreign-host":
        headers["Host"] = "rebinding.example"
    elif kind == "huge-field":
        body["k" * 100_000] = 1
    payload = data if data is not None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=payload, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            res.read()
            return kind, res.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return kind, exc.code
    except OSError:
        return kind, -1  # connection dropped


EXPECTED = {"view-quick": 200, "view-section": 200, "why": 200, "oversized": 413, "foreign-host": 400,
            "huge-field": 422}  # fmt: skip
MIX = ["view-quick"] * 10 + ["view-section"] * 4 + ["why"] * 2 + ["oversized", "foreign-host", "huge-field"]


def soak_dashboard(n_requests: int, clients: int, deadline: float) -> dict[str, Any]:
    import realpolitik as rp

    s = rp.load(SEED)
    factors = [(fid, *f.value.bounds()) for fid, f in s.factors.items() if f.actor == "russia"]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "realpolitik", "serve", str(SEED), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/api/scenarios", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        memory_before = _memory(server.pid)
        latencies: dict[str, list[float]] = {k: [] for k in EXPECTED}
        unexpected: list[str] = []
        lock = threading.Lock()
        counter = iter(range(n_requests))

        def client(seed: int) -> None:
            rng = random.Random(seed)
            for _ in counter:
                if time.monotonic() > deadline:
                    return
                kind = rng.choice(MIX)
                t0 = time.perf_counter()
                kind, status = _request(base, kind, rng, factors)
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies[kind].append(elapsed)
                    if status != EXPECTED[kind]:
                        unexpected.append(f"{kind}: {status}")

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        memory_after = _memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    pct = {
        k: {"n": len(v), **{f"p{q}": round(float(np.percentile(v, q)), 3) for q in (50, 95, 99)}}
        for k, v in latencies.items()
        if v
    }
    return {"requests": sum(len(v) for v in latencies.values()), "clients": clients,
            "unexpected": unexpected, "latency_s": pct,
            "server_memory_mib": {"before": memory_before, "after": memory_after}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingests", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=300.0, help="Time bound for the whole soak.")
    args = parser.parse_args()
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        ingest = soak_ingest(min(args.ingests, 16), Path(tmp), deadline)
    print(json.dumps(ingest, indent=2))
    dashboard = soak_dashboard(min(args.requests, 5000), min(args.clients, 16), deadline)
    print(json.dumps(dashboard, indent=2))
    out = ROOT / "benchmarks" / "results" / "soak.json"
    out.write_text(json.dumps({"ingest": ingest, "dashboard": dashboard}, indent=2) + "\n")


if __name__ == "__main__":
    main()
