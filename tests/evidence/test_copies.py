"""Near-duplicate articles count as one independent source (issue 17).

The three articles in tests/data/duplicates were written for this test: a wire story
(Northline Wire), the same story rewritten by a second outlet (new headline and lede,
three paragraphs paraphrased, one added, the tail cut), and an independently reported
piece on the same strikes from a third outlet that makes one of the wire's claims in
its own words.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.evidence import copies
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.pipeline import ingest
from realpolitik.evidence.store import MIGRATIONS, EvidenceStore

DUP = Path(__file__).resolve().parents[1] / "data" / "duplicates"
WIRE, REWRITE, OTHER = DUP / "wire_grid.txt", DUP / "rewrite_grid.txt", DUP / "independent_grid.txt"
GRID_CLAIM = "stepped up strikes power grid"


def _grid_claims(store: EvidenceStore) -> list:
    return store.search(GRID_CLAIM, kind="claim")


def test_rewritten_wire_story_is_a_near_duplicate_and_an_unrelated_one_is_not() -> None:
    wire, rewrite, other = (copies.shingles(read_article(p).text) for p in (WIRE, REWRITE, OTHER))
    assert copies.overlap(wire, rewrite) >= copies.COPY_OVERLAP
    assert copies.overlap(wire, other) < 0.1
    assert copies.overlap(rewrite, other) < 0.1


def test_wire_story_and_its_rewrite_count_as_one_independent_source(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "e.sqlite3") as store:
        assert ingest([WIRE, REWRITE], store, statistical=False).errors == []
        hits = _grid_claims(store)
        assert {h.outlet for h in hits} == {"Northline Wire", "Danube Daily Herald"}
        assert [(h.independent, h.articles) for h in hits] == [(1, 2), (1, 2)]
        # The quotes copied from the wire are one source too.
        quotes = store.search("cold and dark", kind="quote")
        assert len(quotes) == 2
        assert {(q.independent, q.articles) for q in quotes} == {(1, 2)}


def test_an_unrelated_article_making_the_same_claim_is_a_second_source(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "e.sqlite3") as store:
        ingest([WIRE, REWRITE, OTHER], store, statistical=False)
        hits = _grid_claims(store)
        assert {h.outlet for h in hits} == {"Northline Wire", "Danube Daily Herald", "Eastern Ledger"}
        assert {(h.independent, h.articles) for h in hits} == {(2, 3)}
        # A claim only the wire and its copy make stays at one source.
        pokrovsk = store.search("Pokrovsk", kind="claim")
        assert pokrovsk
        assert {h.independent for h in pokrovsk} == {1}


def test_the_earliest_dated_article_is_the_original_whatever_the_ingestion_order(tmp_path: Path) -> None:
    with EvidenceStore(tmp_path / "e.sqlite3") as store:
        rewrite = store.show(ingest([REWRITE], store, statistical=False).added[0])
        wire = store.show(ingest([WIRE], store, statistical=False).added[0])
        wire, rewrite = store.show(wire["id"]), store.show(rewrite["id"])
        assert "copy_of" not in wire
        assert wire["copies"] == [rewrite["id"]]
        assert rewrite["copy_of"] == wire["id"]
        assert copies.COPY_OVERLAP <= rewrite["copy_overlap"] <= 1
        claim = _grid_claims(store)[0]
        shown = store.show(claim.id)
        assert shown["independent"] == 1
        assert {b["root"] for b in shown["backed_by"]} == {wire["id"]}


def test_migration_backfills_a_store_written_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with EvidenceStore(path) as store:
        ingest([WIRE, REWRITE, OTHER], store, statistical=False)
        expected = sorted((h.id, h.independent, h.articles) for h in store.search("", limit=500))
    with sqlite3.connect(path) as conn:  # as a store of schema 6 - 1 left it
        conn.executescript(
            "DROP INDEX items_same_as; ALTER TABLE items DROP COLUMN same_as; DROP TABLE article_copies;"
        )
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    with EvidenceStore(path) as store:
        assert store.version == len(MIGRATIONS)
        assert sorted((h.id, h.independent, h.articles) for h in store.search("", limit=500)) == expected


def test_search_and_show_print_the_independent_sources(tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite3")
    runner = CliRunner()
    env = {"COLUMNS": "220", "NO_COLOR": "1"}
    assert (
        runner.invoke(
            app, ["ingest", str(WIRE), str(REWRITE), str(OTHER), "--db", db, "--rules-only"]
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["evidence", "search", "Pokrovsk", "--kind", "claim", "--db", db], env=env)
    assert result.exit_code == 0
    assert "sources" in result.stdout
    assert "1 (2 art.)" in result.stdout
    result = runner.invoke(
        app, ["evidence", "search", *GRID_CLAIM.split(), "--kind", "claim", "--db", db, "--json"]
    )
    assert {(h["independent"], h["articles"]) for h in json.loads(result.stdout)} == {(2, 3)}
    claim = json.loads(result.stdout)[0]["id"]
    result = runner.invoke(app, ["evidence", "show", claim, "--db", db], env=env)
    assert "sources: 2 independent, in 3 article(s)" in result.stdout
    assert "(copy of " in result.stdout


@given(st.lists(st.sampled_from("abcdefghij"), min_size=6, max_size=60), st.integers(0, 30))
def test_overlap_is_symmetric_and_one_on_itself_and_on_a_contained_text(words: list[str], cut: int) -> None:
    text = " ".join(words)
    shorter = " ".join(words[min(cut, len(words) - copies.SHINGLE) :])
    a, b = copies.shingles(text), copies.shingles(shorter)
    assert copies.overlap(a, a) == 1.0
    assert copies.overlap(a, b) == copies.overlap(b, a)
    assert copies.overlap(a, b) == 1.0  # a tail of a text is contained in it


def test_minhash_estimate_finds_the_rewrite_and_is_close_to_the_exact_overlap() -> None:
    wire, rewrite, other = (copies.shingles(read_article(p).text) for p in (WIRE, REWRITE, OTHER))
    sigs = np.stack([copies.signature(rewrite), copies.signature(other)])
    est = copies.estimated_overlap(copies.signature(wire), wire.size, sigs, np.array([rewrite.size, other.size]))
    assert est[0] >= copies.COPY_OVERLAP / 2  # the rewrite becomes a candidate
    assert abs(est[0] - copies.overlap(wire, rewrite)) < 0.15
    assert est[1] < copies.COPY_OVERLAP / 2  # the unrelated article is not even checked
