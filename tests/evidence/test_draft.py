"""Drafting a scenario from stored claims: it validates, and cites verbatim evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from realpolitik.errors import EvidenceError
from realpolitik.evidence.draft import ESTIMATE_NOTE, draft_scenario, write_draft
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.store import EvidenceStore
from realpolitik.scenario import load
from realpolitik.scenario.validate import normalize_text
from tests.evidence.conftest import SEED


def test_draft_from_seed_validates_and_cites(store: EvidenceStore, tmp_path: Path) -> None:
    article = read_article(SEED)
    store.add(extract(article, statistical=False))
    draft = draft_scenario(store, ["Putin", "Russia"])
    out = write_draft(draft, tmp_path / "draft.yaml")
    s = load(out)  # raises if invalid
    assert "russia" in s.actors
    assert {f.category.value for f in s.factors.values()} >= {"battlefield", "economy", "security"}
    for f in s.factors.values():
        assert f.note
        assert f.note.startswith(ESTIMATE_NOTE)
        assert f.evidence
    body = normalize_text(article.text)
    for ev in s.evidence.values():
        assert normalize_text(ev.quote) in body
    speakers = {ev.speaker for ev in s.evidence.values()}
    assert "Peter Dickinson" in speakers
    source = next(iter(s.sources.values()))
    assert source.outlet == "global.espreso.tv"
    assert str(source.date) == "2025-07-30"
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["schema_version"] == 1


def test_draft_without_matches_is_a_clear_error(store: EvidenceStore) -> None:
    with pytest.raises(EvidenceError, match="no stored claims match"):
        draft_scenario(store, ["nothing"])


def test_draft_refuses_to_overwrite(store: EvidenceStore, tmp_path: Path) -> None:
    store.add(extract(read_article(SEED), statistical=False))
    out = tmp_path / "d.yaml"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(EvidenceError, match="already exists"):
        write_draft(draft_scenario(store, ["economy"]), out)
    assert out.read_text(encoding="utf-8") == "keep me"
