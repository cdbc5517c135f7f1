"""One parse per article, batched: extract_many and the batched ingest agree with one-by-one extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.evidence.article import Extraction
from realpolitik.evidence.extract import extract, extract_many
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.nlp import load_model
from realpolitik.evidence.pipeline import ingest
from realpolitik.evidence.store import EvidenceStore
from tests.evidence.conftest import DATA, SEED

FILES = [SEED, DATA / "uk_gaza.md", DATA / "wire_kremlin.txt"]


def _summary(x: Extraction) -> tuple[object, ...]:
    return (
        [(q.start, q.end, q.speaker) for q in x.quotes],
        [(c.start, c.end, c.actor, c.factor, c.effect) for c in x.claims],
        x.statistical,
    )


@pytest.mark.parametrize("statistical", [False, None], ids=["rules", "model-if-installed"])
def test_extract_many_equals_one_by_one(statistical: bool | None) -> None:
    articles = [read_article(p) for p in FILES]
    batched = list(extract_many(articles, statistical=statistical))
    single = [extract(a, statistical=statistical) for a in articles]
    assert [_summary(x) for x in batched] == [_summary(x) for x in single]
    assert all(x.statistical == (statistical is None and load_model() is not None) for x in batched)


def test_batched_ingest_reports_every_file(tmp_path: Path, store: EvidenceStore) -> None:
    bad = tmp_path / "broken.html"
    bad.write_bytes(b"")
    copy = tmp_path / "seed_copy.txt"
    copy.write_bytes(SEED.read_bytes())
    paths = [*FILES, bad, copy]
    seen: list[tuple[int, int]] = []
    report = ingest(paths, store, statistical=False, batch=2, on_file=lambda _p, d, t: seen.append((d, t)))
    assert len(report.added) == 3
    assert report.skipped == [read_article(SEED).id]  # the copy, in another batch
    assert len(report.errors) == 1
    assert "broken.html" in report.errors[0]
    assert sorted(seen) == [(i, 5) for i in range(1, 6)]
    assert store.counts()["articles"] == 3


def test_pipeline_leaves_out_what_the_extractor_does_not_read() -> None:
    """The entity recognizer is not loaded (it was half the parse and moved no evaluation figure)."""
    nlp = load_model()
    names = set(nlp.pipe_names) if nlp is not None else set()
    assert not names & {"ner", "lemmatizer", "attribute_ruler"}
    if nlp is not None:
        assert {"tagger", "parser"} <= names
