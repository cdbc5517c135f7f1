"""Drafting a scenario from stored claims: it validates, and cites verbatim evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from realpolitik.errors import EvidenceError
from realpolitik.evidence.draft import ESTIMATE_NOTE, _canonical_actors, draft_scenario, write_draft
from realpolitik.evidence.extract import extract
from realpolitik.evidence.ingest import read_article
from realpolitik.evidence.store import EvidenceStore, Hit
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


ROOT = Path(__file__).resolve().parents[2]
SHIPPED_SEED = ROOT / "scenarios" / "sources" / "000_9fcc4190711d031d.txt"
NEWS = sorted((ROOT / "examples" / "ukraine-news").glob("*.txt"))


@pytest.fixture
def war_store(store: EvidenceStore) -> EvidenceStore:
    """The seed plus the two later example articles on the same war (rules only: deterministic)."""
    for path in (SHIPPED_SEED, *NEWS):
        store.add(extract(read_article(path), statistical=False))
    return store


def test_draft_of_three_articles_is_a_first_model_that_why_runs(
    war_store: EvidenceStore, tmp_path: Path
) -> None:
    from realpolitik.analysis.decision import default_actor, default_offer, why

    assert len(NEWS) == 2
    draft = draft_scenario(war_store, [])
    s = load(write_draft(draft, tmp_path / "draft.yaml"))
    # An offer from the party the claims name as offering, to the parties the terms were put to.
    assert s.offers, "the evidence names an offer"
    offer = next(iter(s.offers.values()))
    assert offer.proposer == "united_states"
    assert "russia" in offer.to
    assert {"sanctions", "nato", "territory"} <= set(offer.terms)
    assert all(i in s.issues for i in offer.terms)
    assert s.actors["russia"].stances  # stances per actor
    # Factors are named from their claims, not from their labels.
    for f in s.factors.values():
        assert f.name != f"{f.category.value.replace('_', ' ')} (continue war)"
        assert " (" not in f.name or "war)" not in f.name
    assert any("wartime economy" in f.name for f in s.factors.values())
    # why runs on the draft without edits.
    actor = default_actor(s)
    result = why(s, actor, default_offer(s, actor))
    assert result.decision in ("accept", "reject")
    assert abs(sum(c.contribution for c in result.contributions) - result.margin) < 1e-9


def test_draft_keeps_one_period(war_store: EvidenceStore, tmp_path: Path) -> None:
    import datetime as dt

    august = draft_scenario(war_store, [], since=dt.date(2025, 8, 1))
    assert {src["date"] for src in august.sources.values()} == {"2025-08-12", "2025-08-27"}
    july = draft_scenario(war_store, [], until=dt.date(2025, 7, 31))
    assert {src["date"] for src in july.sources.values()} == {"2025-07-30"}
    with pytest.raises(EvidenceError, match="no stored claims dated"):
        draft_scenario(war_store, [], since=dt.date(2026, 1, 1))
    with pytest.raises(EvidenceError, match="period is empty"):
        draft_scenario(war_store, [], since=dt.date(2025, 9, 1), until=dt.date(2025, 8, 1))


def _hit(n: int, actor: str) -> Hit:
    return Hit(id=f"c{n}", kind="claim", text="x", speaker=None, actor=actor, factor="economy", effect="settle",
               article_id="a", title=None, outlet=None, date=None, start=n, end=n + 1)  # fmt: skip


def test_spurious_actors_are_dropped_or_merged() -> None:
    actors = (
        ["russia"] * 3
        + ["ukraine"] * 2
        + ["united_states"] * 2
        + ["europe"] * 2
        + ["kremlin", "doha", "chad"]
    )
    mapping, dropped = _canonical_actors([_hit(i, a) for i, a in enumerate(actors)])
    assert mapping["kremlin"] == "russia"  # the seat is its state
    assert dropped["europe"] == "a region, not a party"
    assert mapping["doha"] == ""  # a city that hosted talks is not a party
    assert mapping["chad"] == ""  # one claim among three parties with two or more: a bystander
    assert {mapping[a] for a in ("russia", "ukraine", "united_states")} == {
        "russia",
        "ukraine",
        "united_states",
    }
