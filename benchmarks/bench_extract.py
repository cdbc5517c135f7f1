"""Throughput of evidence extraction: articles per second per core.

Reads every article under ``tests/data/evidence/`` (all annotated sets) and
``benchmarks/corpus/`` (unannotated real-length news) once, then extracts
quotes, speakers and claims from all of them, several rounds:

* rules only (``statistical=False``);
* with the spaCy model, the way ``realpolitik ingest`` runs it: one parse per
  article, articles batched through ``nlp.pipe`` (``extract_many``), only the
  components the extractor reads (tagger, parser);
* the parse alone, and the parse with the entity recognizer the extractor
  no longer loads (what it would cost).

The machine is shared, so each figure is taken from CPU time
(``time.process_time``, best round) with BLAS/OpenMP pinned to one thread:
articles per CPU-second is the per-core rate. Wall-clock time is recorded
beside it. Writes benchmarks/results/extract.json and prints a table.

    python benchmarks/bench_extract.py [--rounds N]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402 - thread pinning must precede any NumPy import
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from realpolitik.evidence.extract import extract, extract_many  # noqa: E402
from realpolitik.evidence.ingest import read_article  # noqa: E402
from realpolitik.evidence.nlp import BATCH, EXCLUDED, MODEL_NAME, load_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = (ROOT / "tests" / "data" / "evidence", ROOT / "benchmarks" / "corpus")
OUT = ROOT / "benchmarks" / "results" / "extract.json"
SUFFIXES = {".txt", ".html", ".htm", ".md"}


def _files() -> list[Path]:
    found: list[Path] = []
    for folder in FOLDERS:
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.name != "README.md")
    return found


def _best(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Shortest CPU time and shortest wall time of ``rounds`` calls (after one warm-up call)."""
    fn()
    cpu, wall = [], []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 3
    files = _files()
    articles = [read_article(p) for p in files]
    n = len(articles)
    chars = [len(a.text) for a in articles]
    results: dict[str, object] = {
        "articles": n,
        "real_length_4k_6k": sum(4000 <= c <= 6000 for c in chars),
        "mean_chars": round(sum(chars) / n),
        "mean_words": round(sum(len(a.text.split()) for a in articles) / n),
        "rounds": rounds,
        "batch": BATCH,
    }
    rows: dict[str, tuple[float, float]] = {
        "read + parse file (text/HTML/Markdown)": _best(lambda: [read_article(p) for p in files], rounds),
        "extract, rules only": _best(lambda: [extract(a, statistical=False) for a in articles], rounds),
    }
    nlp = load_model()
    if nlp is not None:
        texts = [a.text for a in articles]
        rows["extract, rules + spaCy (nlp.pipe)"] = _best(
            lambda: list(extract_many(articles, nlp=nlp)), rounds
        )
        rows["spaCy parse alone (tagger, parser)"] = _best(
            lambda: list(nlp.pipe(texts, batch_size=BATCH)), rounds
        )
        results["components"] = list(nlp.pipe_names)
        import spacy

        with_ner = spacy.load(MODEL_NAME, exclude=[c for c in EXCLUDED if c != "ner"])
        rows["spaCy parse with NER (not used)"] = _best(
            lambda: list(with_ner.pipe(texts, batch_size=BATCH)), rounds
        )
    results["per_core_articles_per_s"] = {k: round(n / cpu, 1) for k, (cpu, _) in rows.items()}
    results["wall_articles_per_s"] = {k: round(n / wall, 1) for k, (_, wall) in rows.items()}
    results.update(python=platform.python_version(), cpu_count=os.cpu_count(), processes=1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{'step':<42}{'per core (CPU)':>16}{'wall':>10}   articles/s")
    for k, (cpu, wall) in rows.items():
        print(f"{k:<42}{n / cpu:>16.1f}{n / wall:>10.1f}")
    print(
        f"({n} articles, {results['real_length_4k_6k']} of 4–6k characters, "
        f"{results['mean_chars']} characters on average; {OUT.relative_to(ROOT)})"
    )


if __name__ == "__main__":
    main()
