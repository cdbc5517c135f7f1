"""The SQLite store: migrations, idempotent and transactional ingestion, FTS search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from realpolitik.errors import EvidenceError
from realpolitik.evidence.article import Article, Extraction, Quote
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.pipeline import ingest
from realpolitik.evidence.store import MIGRATIONS, EvidenceStore, default_path
from tests.evidence.conftest import DATA, SEED


def fake(n: int) -> Extraction:
    text = f"Article number {n}: the Kremlin said “we will fight on” and the talks stalled."
    a = Article(text=text, title=f"t{n}")
    start = text.index("we will")
    return Extraction(article=a, quotes=(Quote(start, start + 14, "we will fight on", "Kremlin", "after"),))


def test_fresh_store_is_at_current_schema_version(store: EvidenceStore) -> None:
    assert store.version == len(MIGRATIONS)
    assert store.counts() == {"articles": 0, "quotes": 0, "claims": 0}


def test_store_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(EvidenceError, match="newer than this realpolitik reads"):
        EvidenceStore(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(EvidenceError, match="not a usable evidence store"):
        EvidenceStore(path)


def test_default_path_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REALPOLITIK_DB", str(tmp_path / "x.db"))
    assert default_path() == tmp_path / "x.db"
    monkeypatch.delenv("REALPOLITIK_DB")
    assert default_path().name == "evidence.sqlite3"
    assert "realpolitik" in str(default_path())


def test_reingest_adds_nothing(store: EvidenceStore) -> None:
    first = ingest([DATA], store, statistical=False)
    before = store.counts()
    assert first.errors == []
    assert before["articles"] == len(first.added) >= 8
    again = ingest([SEED, DATA, DATA / "uk_gaza.md"], store, statistical=False)
    assert again.added == []
    assert len(again.skipped) == len(first.added) + 2
    assert store.counts() == before


def test_same_extraction_twice_is_one_row(store: EvidenceStore) -> None:
    assert store.add(fake(1)) is True
    assert store.add(fake(1)) is False
    assert store.counts() == {"articles": 1, "quotes": 1, "claims": 0}


def test_crash_mid_batch_keeps_what_was_committed(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"

    def batch():
        yield fake(1)
        yield fake(2)
        raise KeyboardInterrupt  # the process dies while producing the third

    with EvidenceStore(path) as s, pytest.raises(KeyboardInterrupt):
        s.add_many(batch())
    with EvidenceStore(path) as s:  # a new connection sees only committed data
        assert s.counts() == {"articles": 2, "quotes": 2, "claims": 0}
        assert s.add_many([fake(1), fake(2), fake(3)]) == (1, 2)


def test_crash_inside_an_article_rolls_it_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "crash.sqlite3"
    with EvidenceStore(path) as s:
        s.add(fake(1))

        def boom(self: EvidenceStore, extraction: Extraction) -> None:
            self.conn.execute(
                "INSERT INTO items (id, article_id, kind, start, \"end\", text) VALUES ('x', ?, 'quote', 0, 1, 'x')",
                (extraction.article.id,),
            )
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(EvidenceStore, "_insert_items", boom)
        with pytest.raises(RuntimeError):
            s.add(fake(2))
    with EvidenceStore(path) as s:
        assert s.counts() == {"articles": 1, "quotes": 1, "claims": 0}
        assert not s.has(fake(2).article.id)


def test_search_full_text_and_filters(store: EvidenceStore) -> None:
    store.add(extract(read_article(SEED), statistical=False))
    hits = store.search("economic model jeopardy")
    assert any(h.kind == "quote" and h.speaker == "Peter Dickinson" for h in hits)
    assert all("jeopardy" in h.text for h in hits)
    assert store.search("ceasefire", actor="nobody") == []
    assert store.search('"; DROP TABLE items;" --') == []  # hostile query text is just words
    with pytest.raises(EvidenceError, match="malformed"):
        store.search('"; DROP TABLE items; --')  # an unclosed quote is an error, never SQL
    assert store.search("economic model jeopardy")
    assert store.search("Dickinson", kind="quote")  # speakers are indexed too


def test_show_article_and_item(store: EvidenceStore) -> None:
    x = extract(read_article(SEED), statistical=False)
    store.add(x)
    art = store.show(x.article.id)
    assert art["kind"] == "article"
    assert art["outlet"] == "global.espreso.tv"
    assert len(art["quotes"]) == len(x.quotes)
    item = store.show(art["quotes"][0]["id"])
    assert item["text"] == x.quotes[0].text
    assert item["title"] == x.article.title
    with pytest.raises(EvidenceError, match="no article, quote or claim"):
        store.show("nope")
