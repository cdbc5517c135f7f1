"""A folder with poisoned files: every valid article is stored, every bad file is
reported by name, and the batch never stops early."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import EvidenceError
from realpolitik.evidence import pipeline
from realpolitik.evidence.ingest import parse_article
from realpolitik.evidence.store import EvidenceStore

runner = CliRunner()
BODY = " ".join(["The war goes on and the talks have stalled for another week in Geneva."] * 6)


def _valid(n: int) -> str:
    return f"# Talks stall, day {n}\n\n{BODY} Day {n}.\n"


POISON = {
    # front matter: an impossible date, an alias bomb, thousands of nested lists
    "date.md": "---\ntitle: T\ndate: 2025-02-30\n---\n\n" + BODY,
    "bomb.md": "---\nb0: &b0 [x,x,x,x,x,x,x,x,x,x]\n"
    + "".join(f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 10) + "]\n" for i in range(1, 9))
    + "---\n\n" + BODY,
    "deep.md": "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n\n" + BODY,
    # HTML: deeply nested JSON-LD, a charset no decoder survives
    "ld.html": '<html><head><script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000
    + f"</script></head><body><article><p>{BODY}</p></article></body></html>",
    "idna.html": f'<html><head><meta charset="idna"></head><body><article><p>{BODY}\xff</p></article>'
    "</body></html>",
}  # fmt: skip


def test_hostile_layouts_parse_or_fail_clearly() -> None:
    for name, text in POISON.items():
        data = text.encode("latin-1") if name == "idna.html" else text.encode()
        fmt = "html" if name.endswith("html") else "markdown"
        try:
            article = parse_article(data, origin=name, fmt=fmt)
        except EvidenceError as exc:
            message = str(exc)
        else:
            message = name if "talks have stalled" in article.text else "lost the body"
        assert message.startswith(name)


def test_impossible_front_matter_date_is_no_date() -> None:
    assert parse_article(POISON["date.md"].encode(), origin="d.md", fmt="markdown").date is None


def test_alias_bomb_in_front_matter_is_refused() -> None:
    with pytest.raises(EvidenceError, match=r"bomb\.md: the front matter expands to more than"):
        parse_article(POISON["bomb.md"].encode(), origin="bomb.md", fmt="markdown")


def test_folder_with_a_poisoned_file_loses_no_valid_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[valid, poisoned, valid, hostile layouts...]: all valid ones stored, exit 0, each error named."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(_valid(1), encoding="utf-8")
    (folder / "b.md").write_text("# POISON\n\n" + BODY, encoding="utf-8")
    (folder / "c.md").write_text(_valid(2), encoding="utf-8")
    for name, text in POISON.items():
        (folder / name).write_bytes(text.encode("latin-1") if name == "idna.html" else text.encode())
    real_extract = pipeline.extract_many

    def crash_on_poison(articles, **kwargs):  # type: ignore[no-untyped-def]
        if any(a.title == "POISON" for a in articles):
            raise KeyError("a parser bug a hostile file triggers")
        return real_extract(articles, **kwargs)

    monkeypatch.setattr(pipeline, "extract_many", crash_on_poison)
    db = tmp_path / "e.sqlite3"
    result = runner.invoke(app, ["ingest", "--rules-only", "--json", "--db", str(db), str(folder)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert any("b.md: could not be ingested (KeyError" in e for e in report["errors"])
    assert any("bomb.md" in e for e in report["errors"])
    assert "Traceback" not in result.output
    with EvidenceStore(db, read_only=True) as store:
        titles = {a["title"] for a in store.iter_articles()}
        stored = store.counts()["articles"]
    assert {"Talks stall, day 1", "Talks stall, day 2"} <= titles
    assert "POISON" not in titles
    assert len(report["added"]) == stored
    assert len(report["added"]) + len(report["errors"]) == 3 + len(POISON)
