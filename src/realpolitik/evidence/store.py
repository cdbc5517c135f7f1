"""The evidence store: SQLite with FTS5 full-text search.

One file holds every ingested article, its quotes and its claims. Articles
are keyed by content hash (:func:`~realpolitik.evidence.article.content_id`),
so ingesting the same article twice adds nothing. Each article goes in with
its quotes and claims in one transaction: a crash part-way through a batch
loses only the article being written, never one already committed.

Where the file lives: ``--db PATH`` on the command line, else the
``REALPOLITIK_DB`` environment variable, else ``evidence.sqlite3`` in the
user data directory (``platformdirs.user_data_dir("realpolitik")``).

The schema is versioned with SQLite's ``PRAGMA user_version``;
:data:`MIGRATIONS` lists the steps from an empty file to the current version
and opening a store applies the missing ones.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from realpolitik.errors import EvidenceError, StoreError
from realpolitik.evidence.article import Extraction
from realpolitik.evidence.dates import event_date
from realpolitik.ledger.schema import LEDGER_SCHEMA

__all__ = ["MIGRATIONS", "EvidenceStore", "Hit", "default_path", "fts_query"]

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, extracted items (quotes and claims), full-text index over items.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT, outlet TEXT, date TEXT, authors TEXT NOT NULL DEFAULT '[]',
        url TEXT, origin TEXT, format TEXT, text TEXT NOT NULL,
        statistical INTEGER NOT NULL DEFAULT 0, ingested_at TEXT NOT NULL
    );
    CREATE TABLE items (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('quote', 'claim')),
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        speaker TEXT, actor TEXT, factor TEXT, effect TEXT, cue TEXT, score REAL
    );
    CREATE INDEX items_article ON items(article_id);
    CREATE INDEX items_factor ON items(factor);
    CREATE INDEX items_actor ON items(actor);
    CREATE VIRTUAL TABLE items_fts USING fts5(
        item_id UNINDEXED, text, speaker, title, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: saved runs of a scenario (realpolitik.history.runs): inputs, seed, settings and results.
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        label TEXT, created_at TEXT NOT NULL,
        scenario_name TEXT NOT NULL, scenario_hash TEXT NOT NULL, scenario TEXT NOT NULL,
        base_dir TEXT NOT NULL, code_version TEXT NOT NULL,
        settings TEXT NOT NULL, results TEXT NOT NULL
    );
    CREATE INDEX runs_hash ON runs(scenario_hash);
    """,
    # 3: event dates of items (realpolitik.evidence.dates); items stored before take their report date.
    """
    ALTER TABLE items ADD COLUMN event_date TEXT;
    ALTER TABLE items ADD COLUMN event_precision TEXT;
    UPDATE items SET event_precision = 'report',
        event_date = (SELECT substr(a.date, 1, 10) FROM articles a WHERE a.id = items.article_id);
    CREATE INDEX items_event_date ON items(event_date);
    CREATE INDEX articles_date ON articles(date);
    """,
    # 4: the forecast ledger's append-only table (realpolitik.ledger.schema).
    LEDGER_SCHEMA,
    # 5: full-text index over article titles and bodies, so an article is found by any word of it.
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts (article_id, title, text) SELECT id, coalesce(title, ''), text FROM articles;
    """,
    # 6: near-duplicate articles and matching items (realpolitik.evidence.copies): each article's
    # shingle count and MinHash signature, the group it is a copy of, and each item's group of
    # the same claim or quote across articles. Stored articles are backfilled (_backfill_copies).
    """
    CREATE TABLE article_copies (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        shingles INTEGER NOT NULL, minhash BLOB NOT NULL,
        copy_of TEXT, overlap REAL
    );
    CREATE INDEX article_copies_of ON article_copies(copy_of);
    ALTER TABLE items ADD COLUMN same_as TEXT;
    CREATE INDEX items_same_as ON items(same_as);
    """,
)

_COPIES_MIGRATION = 6
"""The migration after whose SQL the stored articles are backfilled with copy groups in Python."""


#: Seconds a connection waits for another process's write lock before giving up.
BUSY_SECONDS = 30.0

T = TypeVar("T")


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into complete SQL statements (``executescript`` would commit)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


def _retry_busy(step: Callable[[], T], attempts: int = 8) -> T:
    """Run ``step``, retrying when another process holds a lock the busy handler did not wait out."""
    for attempt in range(attempts):
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if attempt == attempts - 1 or not any(w in str(exc) for w in ("locked", "busy")):
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _is_read_only(exc: sqlite3.Error) -> bool:
    return "readonly" in str(exc) or "read-only" in str(exc)


def _read_only_message(path: Path) -> str:
    return (
        f"the evidence store {str(path)!r} is read-only (the file or its folder cannot be written), so "
        "ingest cannot add to it; searching it still works. Make it writable, or name another store "
        "with --db."
    )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open for reading only; a WAL store in a folder we cannot write is opened immutable."""
    if not path.is_file():
        raise StoreError(f"no evidence store at {path}; ingest articles first or name a store with --db.")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_SECONDS)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None)
    return conn


def default_path() -> Path:
    """``$REALPOLITIK_DB``, else ``evidence.sqlite3`` in the user data directory."""
    env = os.environ.get("REALPOLITIK_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("realpolitik")) / "evidence.sqlite3"


#: Pieces of a search query: a phrase in double quotes, a bracket, or a run of other characters.
_QUERY_TOKEN = re.compile(
    r'"(?P<phrase>[^"]*)"(?P<pstar>\*?)|(?P<paren>[()])|(?P<word>[^\s()"]+)|(?P<lone>")'
)


def fts_query(query: str) -> str:
    """Turn a search query into an FTS5 query.

    Words must all occur (in any order); ``OR``, ``AND`` and ``NOT`` in capitals
    combine them, ``"…"`` is a phrase, a trailing ``*`` a prefix (``negotiat*``),
    brackets group. Every word is quoted, so punctuation inside a word (``al-Burhan``,
    ``Russia's``, ``speaker:``) is never read as FTS5 syntax; matching ignores case
    and accents (the index's ``unicode61 remove_diacritics 2`` tokenizer). A
    malformed query (an unclosed quote, a lone operator) raises :class:`EvidenceError`
    naming it.

    >>> fts_query('ceasefire "economic model" OR truce*')
    '"ceasefire" "economic model" OR "truce"*'
    >>> fts_query("Érythrée NOT port")
    '"Érythrée" NOT "port"'
    """
    parts: list[str] = []
    for m in _QUERY_TOKEN.finditer(query):
        if m.group("lone") is not None:
            raise EvidenceError(f"search query {query!r} is malformed: a double quote is not closed.")
        if m.group("phrase") is not None:
            if m.group("phrase").strip():
                parts.append(f'"{m.group("phrase")}"{m.group("pstar")}')
        elif m.group("paren") is not None:
            parts.append(m.group("paren"))
        else:
            word = m.group("word")
            if word in ("OR", "AND", "NOT"):
                parts.append(word)
                continue
            star = "*" if word.endswith("*") else ""
            word = word.rstrip("*")
            if re.search(r"\w", word):
                parts.append(f'"{word}"{star}')
    return " ".join(parts)


@dataclass(frozen=True)
class Hit:
    """One search result: a quote or claim with its article's metadata."""

    id: str
    kind: str
    text: str
    speaker: str | None
    actor: str | None
    factor: str | None
    effect: str | None
    article_id: str
    title: str | None
    outlet: str | None
    date: str | None
    start: int
    end: int
    event_date: str | None = None
    """When the claim says it happened (ISO date, first day of its period), else the report date."""
    event_precision: str | None = None
    independent: int | None = None
    """How many independent sources carry this claim or quote: articles that say the same, near-duplicate
    copies of one story counting once (:mod:`realpolitik.evidence.copies`); None for an article."""
    articles: int | None = None
    """How many articles carry it, copies included."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class EvidenceStore:
    """An open evidence database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.read_only = read_only
        if str(self.path).startswith(("postgresql:", "postgres:")):
            raise EvidenceError(
                f"'--db' of the evidence store must be a SQLite file path; got {str(self.path)!r} "
                "(PostgreSQL is not supported in this release)."
            )
        try:
            if read_only:
                self.conn = _connect_read_only(self.path)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the evidence store {str(self.path)!r} ({exc}).") from None
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            if read_only:
                self._check_readable()
            else:
                _retry_busy(lambda: self._check_ours(self.version))  # before anything writes to it
                _retry_busy(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
                _retry_busy(self._migrate)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if _is_read_only(exc):
                raise StoreError(_read_only_message(self.path)) from None
            raise StoreError(f"{str(self.path)!r} is not a usable evidence store ({exc}).") from None
        except BaseException:
            self.conn.close()
            raise

    def __enter__(self) -> EvidenceStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_ours(self, version: int) -> None:
        """Refuse another application's SQLite file instead of adding tables to it."""
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the evidence store {str(self.path)!r} has schema version {version}, newer than this "
                f"realpolitik reads ({len(MIGRATIONS)}); upgrade realpolitik."
            )
        tables = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )]  # fmt: skip
        if (version == 0 and tables) or (version > 0 and "articles" not in tables):
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "") or "none"
            raise StoreError(
                f"{str(self.path)!r} is an SQLite database of another application (tables: {shown}; "
                f"user_version {version}), not an evidence store; it was left untouched. "
                "Name a new file with --db."
            )

    def _check_readable(self) -> None:
        version = self.version
        self._check_ours(version)
        if version < len(MIGRATIONS):
            raise StoreError(
                f"the evidence store {str(self.path)!r} has schema version {version}, older than this "
                f"realpolitik's ({len(MIGRATIONS)}); run 'realpolitik ingest' on it once to upgrade it."
            )

    def _migrate(self) -> None:
        """Apply the missing migrations, each whole or not at all, safe under concurrent first use.

        ``BEGIN IMMEDIATE`` takes the write lock before the version is read, so of
        several processes opening a new store at once one creates the schema and
        the others wait (``BUSY_SECONDS``), then find it current and do nothing.
        """
        if self.version == len(MIGRATIONS):
            self._check_ours(len(MIGRATIONS))
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            current = self.version
            self._check_ours(current)
            for version, script in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in _statements(script):
                    self.conn.execute(statement)
                if version == _COPIES_MIGRATION:
                    self._backfill_copies()
                self.conn.execute(f"PRAGMA user_version = {version}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def has(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add(self, extraction: Extraction) -> bool:
        """Store an article with its quotes and claims atomically; False if already stored.

        Raises :class:`~realpolitik.errors.StoreError` when the store cannot be written.
        """
        try:
            return _retry_busy(lambda: self._add(extraction))
        except sqlite3.OperationalError as exc:
            if _is_read_only(exc):
                raise StoreError(_read_only_message(self.path)) from None
            raise StoreError(f"cannot write to the evidence store {str(self.path)!r} ({exc}).") from None

    def _add(self, extraction: Extraction) -> bool:
        a = extraction.article
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self.has(a.id):
                self.conn.execute("ROLLBACK")
                return False
            self.conn.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.id, a.title, a.outlet, a.date.isoformat() if a.date else None, json.dumps(list(a.authors)),
                 a.url, a.origin, a.format, a.text, int(extraction.statistical),
                 dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            )  # fmt: skip
            self.conn.execute(
                "INSERT INTO articles_fts (article_id, title, text) VALUES (?, ?, ?)",
                (a.id, a.title or "", a.text),
            )
            self._record_copy(a.id, a.text, a.date.isoformat() if a.date else None)
            self._insert_items(extraction)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return True

    def _insert_items(self, extraction: Extraction) -> None:
        a = extraction.article
        reported = a.date.date() if a.date else None
        said = (reported.isoformat(), "report") if reported else (None, None)

        def when(text: str) -> tuple[str | None, str | None]:
            found = event_date(text, reported)
            return (found.date.isoformat(), found.precision) if found else (None, None)

        rows = [
            (f"{a.id}-q{i}", a.id, "quote", q.start, q.end, q.text, q.speaker, None, None, None, q.cue, None,
             *said)
            for i, q in enumerate(extraction.quotes, 1)
        ] + [
            (f"{a.id}-c{i}", a.id, "claim", c.start, c.end, c.text, c.speaker, c.actor, c.factor, c.effect,
             None, c.score, *when(c.text))
            for i, c in enumerate(extraction.claims, 1)
        ]  # fmt: skip
        self.conn.executemany(
            "INSERT INTO items (id, article_id, kind, start, \"end\", text, speaker, actor, factor, effect, "
            "cue, score, event_date, event_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        # Matched before this article's items enter the index, so an item never matches its own article.
        same_as = [(self._same_as(r[0], r[1], r[2], r[5], r[6], r[8]), r[0]) for r in rows]
        self.conn.executemany(
            "INSERT INTO items_fts (item_id, text, speaker, title) VALUES (?, ?, ?, ?)",
            [(r[0], r[5], r[6] or "", a.title or "") for r in rows],
        )
        self.conn.executemany("UPDATE items SET same_as = ? WHERE id = ?", same_as)

    # --- near-duplicates and independent sources (realpolitik.evidence.copies) -------------------

    def _record_copy(self, article_id: str, text: str, date: str | None) -> None:
        """Store the article's signature and, if it is a near-duplicate of stored ones, its group.

        A group's root is its earliest-dated article (the first stored when undated): a copy dated
        before its group's root becomes the root, so reports name the original, not the first ingested.
        """
        import numpy as np

        from realpolitik.evidence import copies

        mine = copies.shingles(text)
        sig = copies.signature(mine)
        rows = self.conn.execute(
            "SELECT c.article_id, c.shingles, c.minhash, coalesce(c.copy_of, c.article_id) AS root "
            "FROM article_copies c WHERE c.article_id != ?",
            (article_id,),
        ).fetchall()
        best: tuple[float, str | None] = (0.0, None)
        if rows:
            sigs = np.frombuffer(b"".join(r["minhash"] for r in rows), dtype=np.uint32).reshape(len(rows), -1)
            ns = np.array([r["shingles"] for r in rows], dtype=np.int64)
            estimate = copies.estimated_overlap(sig, mine.size, sigs, ns)
            for i in np.flatnonzero(estimate >= copies.COPY_OVERLAP / 2):
                other = self.conn.execute(
                    "SELECT text FROM articles WHERE id = ?", (rows[i]["article_id"],)
                ).fetchone()
                exact = copies.overlap(mine, copies.shingles(other["text"]))
                if exact >= copies.COPY_OVERLAP and exact > best[0]:
                    best = (exact, rows[i]["root"])
        root = best[1]
        self.conn.execute(
            "INSERT INTO article_copies (article_id, shingles, minhash, copy_of, overlap) "
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, int(mine.size), sig.tobytes(), root, best[0] if root else None),
        )
        if root is not None and date is not None:
            root_date = self.conn.execute("SELECT date FROM articles WHERE id = ?", (root,)).fetchone()[0]
            if root_date is not None and date < root_date:
                self.conn.execute(
                    "UPDATE article_copies SET copy_of = ? WHERE copy_of = ? OR article_id = ?",
                    (article_id, root, root),
                )
                self.conn.execute(
                    "UPDATE article_copies SET copy_of = NULL, overlap = NULL WHERE article_id = ?",
                    (article_id,),
                )
                self.conn.execute(
                    "UPDATE article_copies SET overlap = ? WHERE article_id = ?", (best[0], root)
                )

    def _same_as(
        self, item_id: str, article_id: str, kind: str, text: str, speaker: str | None, factor: str | None
    ) -> str:
        """The group of the stored item of another article saying the same (module copies), else its id."""
        from realpolitik.evidence import copies

        words = copies.content_words(text)
        match = copies.fts_any(words)
        key_column, key = ("factor", factor) if kind == "claim" else ("speaker", speaker)
        if not match or key is None:
            return item_id
        rows = self.conn.execute(
            f"SELECT i.id, i.text, coalesce(i.same_as, i.id) AS grp FROM items i WHERE i.kind = ? "
            f"AND i.{key_column} = ? AND i.article_id != ? AND i.id IN "
            "(SELECT item_id FROM items_fts WHERE items_fts MATCH ? ORDER BY rank LIMIT 200)",
            (kind, key, article_id, f"text : ({match})"),
        ).fetchall()
        scored = [(copies.same_item(words, copies.content_words(r["text"])), r["grp"]) for r in rows]
        best = max(scored, default=(0.0, item_id))
        return best[1] if best[0] >= copies.CLAIM_OVERLAP else item_id

    def _backfill_copies(self) -> None:
        """Migration 6 for a store with articles: their copy groups and item groups, in ingestion order."""
        articles = self.conn.execute(
            "SELECT id, text, date FROM articles ORDER BY ingested_at, rowid"
        ).fetchall()
        for art in articles:
            self._record_copy(art["id"], art["text"], art["date"])
            items = self.conn.execute(
                "SELECT id, kind, text, speaker, factor FROM items WHERE article_id = ? ORDER BY rowid",
                (art["id"],),
            ).fetchall()
            for r in items:
                grp = self._backfill_same_as(r, art["id"])
                self.conn.execute("UPDATE items SET same_as = ? WHERE id = ?", (grp, r["id"]))

    def _backfill_same_as(self, r: sqlite3.Row, article_id: str) -> str:
        # Only items already given a group count as stored, as at ingest.
        from realpolitik.evidence import copies

        key_column, key = ("factor", r["factor"]) if r["kind"] == "claim" else ("speaker", r["speaker"])
        if key is None:
            return str(r["id"])
        words = copies.content_words(r["text"])
        rows = self.conn.execute(
            f"SELECT text, same_as FROM items WHERE kind = ? AND {key_column} = ? AND article_id != ? "
            "AND same_as IS NOT NULL",
            (r["kind"], key, article_id),
        ).fetchall()
        scored = [(copies.same_item(words, copies.content_words(o["text"])), o["same_as"]) for o in rows]
        best = max(scored, default=(0.0, r["id"]))
        return str(best[1]) if best[0] >= copies.CLAIM_OVERLAP else str(r["id"])

    def sources(self, item_id: str) -> dict[str, Any]:
        """Who backs an item: the articles carrying the same claim or quote, and how many are independent.

        ``independent`` counts copy groups (near-duplicates count once); ``articles`` lists each
        carrying article with its outlet and the group it belongs to.
        """
        rows = self.conn.execute(
            "SELECT j.id AS item, j.article_id, a.outlet, a.title, a.date, "
            "coalesce(c.copy_of, j.article_id) AS root FROM items i "
            "JOIN items j ON j.same_as = i.same_as "
            "JOIN articles a ON a.id = j.article_id "
            "LEFT JOIN article_copies c ON c.article_id = j.article_id WHERE i.id = ? ORDER BY a.date, j.id",
            (item_id,),
        ).fetchall()
        return {
            "item": item_id,
            "independent": len({r["root"] for r in rows}),
            "articles": [dict(r) for r in rows],
        }

    def add_many(self, extractions: Iterable[Extraction]) -> tuple[int, int]:
        """Store each extraction in its own transaction; return (added, already stored)."""
        added = skipped = 0
        for extraction in extractions:
            if self.add(extraction):
                added += 1
            else:
                skipped += 1
        return added, skipped

    def counts(self) -> dict[str, int]:
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM items WHERE kind = 'quote'), "
            "(SELECT count(*) FROM items WHERE kind = 'claim')"
        ).fetchone()
        return {"articles": row[0], "quotes": row[1], "claims": row[2]}

    def search(
        self,
        query: str = "",
        *,
        factor: str | None = None,
        actor: str | None = None,
        kind: str | None = None,
        limit: int = 50,
        since: dt.date | None = None,
        until: dt.date | None = None,
        as_of: dt.date | None = None,
        articles: bool = True,
    ) -> list[Hit]:
        """Quotes and claims matching every word of ``query``, then articles whose title or body does.

        ``kind`` is ``"quote"``, ``"claim"`` or ``"article"``; an article hit's
        text is a short snippet of its body around the words. ``factor`` and
        ``actor`` filter claims, so with either no article is listed.
        ``since``/``until`` keep items whose event date (else report date) lies in
        the period, both ends included (articles: their report date). ``as_of``
        shows the store as it stood on that day: only articles reported on or
        before it (undated articles are hidden, since nobody can say they were
        known then). ``articles=False`` leaves articles out.
        """
        dates = {"since": since, "until": until, "as_of": as_of}
        hits = [] if kind == "article" else self._search_items(query, factor, actor, kind, limit, **dates)
        by_text = articles and kind in (None, "article") and not factor and not actor and fts_query(query)
        if by_text and len(hits) < limit:
            hits += self._search_articles(query, limit - len(hits), **dates)
        return hits

    def _search_articles(
        self, query: str, limit: int, since: dt.date | None, until: dt.date | None, as_of: dt.date | None
    ) -> list[Hit]:
        where, params = ["articles_fts MATCH ?"], [fts_query(query)]
        day = "substr(a.date, 1, 10)"
        for clause, value in ((f"{day} >= ?", since), (f"{day} <= ?", until),
                              (f"a.date IS NOT NULL AND {day} <= ?", as_of)):  # fmt: skip
            if value is not None:
                where.append(clause)
                params.append(value.isoformat())
        sql = (
            "SELECT a.id, a.title, a.outlet, a.date, snippet(articles_fts, 2, '', '', ' ... ', 24) AS snip "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id WHERE "
            + " AND ".join(where)
            + " ORDER BY a.date DESC, a.id LIMIT ?"
        )
        none = {"speaker": None, "actor": None, "factor": None, "effect": None, "start": 0, "end": 0}
        return [
            Hit(id=r["id"], kind="article", text=r["snip"], article_id=r["id"], title=r["title"],
                outlet=r["outlet"], date=r["date"], event_date=(r["date"] or "")[:10] or None,
                event_precision="report", **none)  # type: ignore[arg-type]
            for r in self.conn.execute(sql, (*params, limit))
        ]  # fmt: skip

    def _search_items(
        self,
        query: str,
        factor: str | None,
        actor: str | None,
        kind: str | None,
        limit: int,
        since: dt.date | None,
        until: dt.date | None,
        as_of: dt.date | None,
    ) -> list[Hit]:
        where: list[str] = []
        params: list[Any] = []
        when = "coalesce(i.event_date, substr(a.date, 1, 10))"
        for clause, day in ((f"{when} >= ?", since), (f"{when} <= ?", until),
                            ("a.date IS NOT NULL AND substr(a.date, 1, 10) <= ?", as_of)):  # fmt: skip
            if day is not None:
                where.append(clause)
                params.append(day.isoformat())
        match = fts_query(query)
        if match:
            where.append("i.id IN (SELECT item_id FROM items_fts WHERE items_fts MATCH ?)")
            params.append(match)
        for column, value in (("factor", factor), ("actor", actor), ("kind", kind)):
            if value:
                where.append(f"i.{column} = ?")
                params.append(value)
        sql = (
            "SELECT i.*, a.title, a.outlet, a.date, "
            "(SELECT count(DISTINCT coalesce(c.copy_of, j.article_id)) FROM items j "
            "LEFT JOIN article_copies c ON c.article_id = j.article_id "
            "WHERE j.same_as = i.same_as) AS independent, "
            "(SELECT count(DISTINCT j.article_id) FROM items j WHERE j.same_as = i.same_as) AS carried "
            "FROM items i JOIN articles a ON a.id = i.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.date DESC, i.article_id, i.start LIMIT ?"
        )
        try:
            rows = self.conn.execute(sql, (*params, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            if match and "fts5" in str(exc):
                raise EvidenceError(
                    f"search query {query!r} is malformed ({exc}); write words, \"phrases\", prefix*, "
                    "and OR, AND, NOT in capitals between words."
                ) from None
            raise
        return [self._hit(r) for r in rows]

    @staticmethod
    def _hit(r: sqlite3.Row) -> Hit:
        return Hit(
            id=r["id"], kind=r["kind"], text=r["text"], speaker=r["speaker"], actor=r["actor"],
            factor=r["factor"], effect=r["effect"], article_id=r["article_id"], title=r["title"],
            outlet=r["outlet"], date=r["date"], start=r["start"], end=r["end"],
            event_date=r["event_date"], event_precision=r["event_precision"],
            independent=r["independent"], articles=r["carried"],
        )  # fmt: skip

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article's metadata, text, quotes and claims, or None."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        d = dict(row)
        d["authors"] = json.loads(d["authors"])
        d["statistical"] = bool(d["statistical"])
        items = self.conn.execute(
            "SELECT * FROM items WHERE article_id = ? ORDER BY kind DESC, start", (article_id,)
        ).fetchall()
        d["quotes"] = [self._item(r) for r in items if r["kind"] == "quote"]
        d["claims"] = [self._item(r) for r in items if r["kind"] == "claim"]
        copy = self.conn.execute(
            "SELECT copy_of, overlap FROM article_copies WHERE article_id = ?", (article_id,)
        ).fetchone()
        if copy is not None and copy["copy_of"]:
            d["copy_of"], d["copy_overlap"] = copy["copy_of"], copy["overlap"]
        d["copies"] = [r[0] for r in self.conn.execute(
            "SELECT article_id FROM article_copies WHERE copy_of = ? ORDER BY article_id", (article_id,)
        )]  # fmt: skip
        return d

    @staticmethod
    def _item(r: sqlite3.Row) -> dict[str, Any]:
        return {k: r[k] for k in r.keys() if r[k] is not None}  # noqa: SIM118 - sqlite3.Row

    def show(self, item_or_article_id: str) -> dict[str, Any]:
        """An article (by id) or one quote/claim with its article's metadata."""
        art = self.article(item_or_article_id)
        if art is not None:
            return {"kind": "article", **art}
        row = self.conn.execute(
            "SELECT i.*, a.title, a.outlet, a.date, a.url, a.origin FROM items i "
            "JOIN articles a ON a.id = i.article_id WHERE i.id = ?",
            (item_or_article_id,),
        ).fetchone()
        if row is None:
            raise EvidenceError(
                f"no article, quote or claim with id {item_or_article_id!r} in {str(self.path)!r}; "
                "find ids with 'realpolitik evidence search'."
            )
        backing = self.sources(item_or_article_id)
        return {**self._item(row), "independent": backing["independent"], "backed_by": backing["articles"]}

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        for (aid,) in self.conn.execute("SELECT id FROM articles ORDER BY date, id").fetchall():
            art = self.article(aid)
            if art is not None:
                yield art
