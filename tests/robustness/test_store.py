"""The evidence store under concurrent first use, against foreign SQLite files,
and read-only."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import StoreError
from realpolitik.evidence.article import Extraction
from realpolitik.evidence.ingest import parse_article
from realpolitik.evidence.store import MIGRATIONS, EvidenceStore

runner = CliRunner()
BODY = " ".join(["Negotiators said the ceasefire talks had stalled again over the border line."] * 6)

# Each process imports everything first, then waits until all are ready, so the
# three open the new store within milliseconds of one another.
_RACER = """
import sys, time, pathlib
from realpolitik.cli import app
ready = pathlib.Path(sys.argv[1]); ready.joinpath(sys.argv[2]).touch()
deadline = time.monotonic() + 60
while len(list(ready.iterdir())) < 3 and time.monotonic() < deadline:
    time.sleep(0.001)
app(["ingest", "--rules-only", "--json", "--db", sys.argv[3], *sys.argv[4:]])
"""


def _article(folder: Path, name: str) -> str:
    path = folder / f"{name}.md"
    path.write_text(f"# Talks {name}\n\n{BODY} ({name})\n", encoding="utf-8")
    return str(path)


def test_three_processes_ingesting_into_a_new_store_all_succeed(tmp_path: Path) -> None:
    shared = [_article(tmp_path, "shared1"), _article(tmp_path, "shared2")]
    db = tmp_path / "new" / "evidence.sqlite3"
    ready = tmp_path / "ready"
    ready.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(ready), f"p{i}", str(db), *shared, _article(tmp_path, f"own{i}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, _, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    added = [json.loads(out)["added"] for _, out, _ in results]
    assert sum(len(a) for a in added) == 5  # 2 shared, stored once, and 3 own articles
    with EvidenceStore(db, read_only=True) as store:
        assert store.counts()["articles"] == 5
        ids = [a["id"] for a in store.iter_articles()]
    assert len(ids) == len(set(ids)) == 5


def test_a_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"another application \(tables: invoices; user_version 0\)"):
        EvidenceStore(path)
    result = runner.invoke(app, ["ingest", "--db", str(path), str(tmp_path)])
    assert result.exit_code == 2
    assert "not an evidence store" in result.stderr
    result = runner.invoke(app, ["evidence", "search", "x", "--db", str(path)])
    assert result.exit_code == 2
    assert path.read_bytes() == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0


def test_versioned_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (x)")
        conn.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreError, match="another application"):
        EvidenceStore(path)


def _filled(path: Path) -> None:
    article = parse_article(f"# Talks\n\n{BODY}\n", origin="t.md", fmt="markdown")
    with EvidenceStore(path) as store:
        store.add(Extraction(article=article, quotes=(), claims=()))


def test_read_only_store_searches_but_refuses_writes_clearly(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    _filled(path)
    with EvidenceStore(path, read_only=True) as store:
        assert store.counts()["articles"] == 1
        other = parse_article(f"# Other\n\n{BODY} more\n", origin="o.md", fmt="markdown")
        with pytest.raises(StoreError, match=r"is read-only .* ingest cannot add to it"):
            store.add(Extraction(article=other, quotes=(), claims=()))


def test_read_only_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    _filled(path)
    path.chmod(0o444)
    try:
        result = runner.invoke(app, ["evidence", "search", "--json", "--db", str(path)])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == []  # no quotes or claims in the test article
        (tmp_path / "n.md").write_text(f"# New\n\n{BODY} new\n", encoding="utf-8")
        result = runner.invoke(app, ["ingest", "--rules-only", "--db", str(path), str(tmp_path / "n.md")])
        # Root writes through file permissions; anyone else gets the read-only message.
        assert result.exit_code == 0 or "is read-only" in result.stderr
        assert "Traceback" not in result.output
    finally:
        path.chmod(0o644)


def test_search_commands_never_create_or_write_a_store(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    _filled(path)
    mtime = path.stat().st_mtime_ns
    result = runner.invoke(app, ["evidence", "search", "talks", "--db", str(path)])
    assert result.exit_code == 0
    assert path.stat().st_mtime_ns == mtime


def test_articles_are_found_by_a_word_of_their_body(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    article = parse_article(f"# Talks\n\n{BODY} The zeppelin hovered over Geneva.\n", origin="t.md", fmt="markdown")
    with EvidenceStore(path) as store:
        store.add(Extraction(article=article, quotes=(), claims=()))
        hits = store.search("zeppelin")
        assert [(h.kind, h.article_id) for h in hits] == [("article", article.id)]
        assert "zeppelin" in hits[0].text
        assert store.search("zeppelin", kind="article")[0].id == article.id
        assert store.search("zeppelin", kind="quote") == []
        assert store.search("zeppelin", factor="economy") == []
    result = runner.invoke(app, ["evidence", "search", "zeppelin", "--json", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["kind"] == "article"


def test_an_older_store_gets_its_articles_indexed(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite3"
    _filled(path)
    with sqlite3.connect(path) as conn:  # back to the schema before the article index (5) and copies (6)
        conn.executescript(
            "DROP INDEX items_same_as; ALTER TABLE items DROP COLUMN same_as; DROP TABLE article_copies;"
        )
        conn.execute("DROP TABLE articles_fts")
        conn.execute("PRAGMA user_version = 4")
    with pytest.raises(StoreError, match="run 'realpolitik ingest' on it once"):
        EvidenceStore(path, read_only=True)
    with EvidenceStore(path) as store:
        assert store.version == len(MIGRATIONS)
        assert [h.kind for h in store.search("negotiators border")] == ["article"]
