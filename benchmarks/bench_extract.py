"""Throughput of evidence extraction: articles per second on one core.

Reads the annotated article set once (parsing is included in a separate
figure), then extracts quotes and claims from every article repeatedly, with
rules only and with the spaCy model when it is installed. One process, so the
figure is per core. Writes benchmarks/results/extract.json and prints a table.

    python benchmarks/bench_extract.py
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "evidence"
OUT = ROOT / "benchmarks" / "results" / "extract.json"
ROUNDS = 5


def _rate(fn, n_items: int, rounds: int) -> float:
    fn()  # warm-up: imports, model load, regex compilation
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return n_items * rounds / (time.perf_counter() - start)


def main() -> None:
    files = sorted(
        p for p in DATA.iterdir() if p.suffix in {".txt", ".html", ".md"} and p.name != "README.md"
    )
    articles = [read_article(p) for p in files]
    words = sum(len(a.text.split()) for a in articles)
    results = {
        "articles": len(articles),
        "mean_words": round(words / len(articles)),
        "ingest_per_s": _rate(lambda: [read_article(p) for p in files], len(files), ROUNDS),
        "rules_per_s": _rate(
            lambda: [extract(a, statistical=False) for a in articles], len(articles), ROUNDS
        ),
    }
    nlp = load_model()
    if nlp is not None:
        results["model_per_s"] = _rate(lambda: [extract(a, nlp=nlp) for a in articles], len(articles), ROUNDS)
    results = {k: round(v, 1) if isinstance(v, float) else v for k, v in results.items()}
    results.update(python=platform.python_version(), cpu_count=os.cpu_count(), processes=1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{'step':<34}{'articles/s per core':>22}")
    print(f"{'read + parse (text/HTML/Markdown)':<34}{results['ingest_per_s']:>22}")
    print(f"{'extract, rules only':<34}{results['rules_per_s']:>22}")
    if "model_per_s" in results:
        print(f"{'extract, rules + spaCy model':<34}{results['model_per_s']:>22}")
    print(
        f"({results['articles']} articles, {results['mean_words']} words on average; {OUT.relative_to(ROOT)})"
    )


if __name__ == "__main__":
    main()
