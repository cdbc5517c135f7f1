"""Sealing and verification: canonical JSON, SHA-256 chain, every altered byte named."""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from realpolitik.errors import LedgerError
from realpolitik.ledger import GENESIS, Ledger, canonical, entry_hash, seal, verify_texts
from realpolitik.ledger.store import split_lines


def test_canonical_json_and_hash_by_hand() -> None:
    entry = seal(1, "question", {"b": [1, 0.5], "a": "é"}, GENESIS, "2025-07-30T00:00:00+00:00")
    body = (
        '{"body":{"a":"é","b":[1,0.5]},"kind":"question","prev":"' + GENESIS + '",'
        '"recorded":"2025-07-30T00:00:00+00:00","seq":1}'
    )
    assert entry["hash"] == hashlib.sha256(body.encode("utf-8")).hexdigest()
    sealed = body.replace('"kind"', f'"hash":"{entry["hash"]}","kind"')  # keys sorted: hash after body
    assert canonical(entry).decode("utf-8") == sealed
    assert entry_hash(entry) == entry["hash"]


def test_each_hash_covers_the_previous_one(ledger: Ledger) -> None:
    entries = ledger.entries()
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    assert entries[0]["prev"] == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after["prev"] == before["hash"]
    assert ledger.verify().ok
    assert ledger.verify().head == entries[-1]["hash"]


def test_altering_any_byte_of_an_exported_entry_names_that_entry(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    assert ledger.export(path) == 4
    raw = path.read_bytes()
    start = raw.index(b"\n") + 1  # entry 2 is the second line
    end = raw.index(b"\n", start)
    assert verify_texts((f"line {i}", t) for i, t in enumerate(split_lines(raw), 1)).ok
    for pos in range(start, end):
        bad = raw[:pos] + bytes([raw[pos] ^ 0x01]) + raw[pos + 1 :]
        result = verify_texts((f"line {i}", t) for i, t in enumerate(split_lines(bad), 1))
        assert not result.ok
        assert result.bad == "line 2", (pos, result.message)
        assert result.entries == 1


def test_altering_any_byte_of_a_stored_entry_names_that_entry(ledger: Ledger) -> None:
    conn: sqlite3.Connection = ledger.conn
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE ledger_entries SET entry = 'x' WHERE seq = 3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM ledger_entries WHERE seq = 4")
    conn.execute("DROP TRIGGER ledger_no_update")  # a tamperer going around the store
    original = conn.execute("SELECT entry FROM ledger_entries WHERE seq = 3").fetchone()[0]
    data = original.encode("utf-8")
    for pos in range(len(data)):
        bad = (data[:pos] + bytes([data[pos] ^ 0x01]) + data[pos + 1 :]).decode("utf-8", errors="replace")
        conn.execute("UPDATE ledger_entries SET entry = ? WHERE seq = 3", (bad,))
        result = ledger.verify()
        assert (result.ok, result.bad) == (False, "entry 3"), (pos, result.message)
    conn.execute("UPDATE ledger_entries SET entry = ? WHERE seq = 3", (original,))
    assert ledger.verify().ok


def test_a_rewritten_history_breaks_the_link_or_the_published_head(ledger: Ledger) -> None:
    texts = [t for _, _, t in ledger.texts()]
    head = ledger.head()
    # re-seal entry 2 with a different forecast: its own hash is valid, entry 3 no longer chains to it
    e2 = json.loads(texts[1])
    e2["body"]["forecasts"][0]["p"] = 0.9
    resealed = seal(2, e2["kind"], e2["body"], e2["prev"], e2["recorded"])
    forged = [texts[0], canonical(resealed).decode(), *texts[2:]]
    result = verify_texts((f"entry {i}", t) for i, t in enumerate(forged, 1))
    assert (result.ok, result.bad) == (False, "entry 3")
    assert "does not chain" in (result.message or "")
    # dropping the last entry verifies on its own, but not against the published head
    cut = verify_texts(((f"entry {i}", t) for i, t in enumerate(texts[:-1], 1)), head=head)
    assert not cut.ok
    assert "head" in (cut.message or "")
    # removing a middle entry is caught by the sequence
    gap = verify_texts((f"entry {i}", t) for i, t in enumerate([texts[0], texts[2]], 1))
    assert (gap.ok, gap.bad) == (False, "entry 2")


def test_import_extends_never_rewrites(ledger: Ledger, tmp_path: Path) -> None:
    from realpolitik.evidence.store import EvidenceStore

    path = tmp_path / "l.jsonl"
    ledger.export(path)
    with EvidenceStore(tmp_path / "other.sqlite3") as other:
        copy = Ledger(other.conn)
        assert copy.import_lines(path) == 4
        assert copy.import_lines(path) == 0
        assert copy.texts() == ledger.texts()
        raw = path.read_bytes().replace(b"Q one", b"Q 0ne")
        path.write_bytes(raw)
        with pytest.raises(LedgerError, match=r"line 1 .*altered.*Nothing was imported"):
            copy.import_lines(path)
        assert copy.verify().ok
        assert len(copy) == 4


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=5))
def test_sealed_entries_survive_a_round_trip_through_their_text(body: dict[str, object]) -> None:
    """Verification re-serializes what it reads: that must give back the very bytes that were hashed."""
    entry = seal(1, "question", body, GENESIS, "2025-01-01T00:00:00+00:00")
    text = canonical(entry).decode("utf-8")
    assert canonical(json.loads(text)).decode("utf-8") == text
    assert verify_texts([("entry 1", text)]).ok
