"""Report views over time: signposts always, the evidence timeline with a store."""

from __future__ import annotations

from pathlib import Path

import realpolitik as rp
from realpolitik.evidence.pipeline import ingest
from realpolitik.evidence.store import EvidenceStore
from realpolitik.history.runs import RunSettings, save_run
from realpolitik.report import write_report
from tests.conftest import ROOT, SEED_SCENARIO


def test_signposts_and_timeline_in_the_report(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    with EvidenceStore(db) as store:
        ingest([SEED_SCENARIO.parent / "sources", ROOT / "tests" / "data" / "followups"], store)
        save_run(store, SEED_SCENARIO.read_text(encoding="utf-8"),
                 RunSettings(actor="russia", offer="us-2025", seed=1, draws=200),
                 name=str(SEED_SCENARIO), base_dir=SEED_SCENARIO.parent)  # fmt: skip
    html = write_report(rp.load(SEED_SCENARIO), tmp_path / "r.html", ledger=db).read_text(encoding="utf-8")
    assert 'id="view-signposts"' in html
    assert "battlefield initiative" in html
    assert 'id="view-timeline"' in html
    assert "1 saved run(s)" in html
    assert "<svg" in html[html.index('id="view-timeline"') :]


def test_no_timeline_without_a_store(tmp_path: Path) -> None:
    html = write_report(rp.load(SEED_SCENARIO), tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="view-timeline"' not in html
    assert 'id="view-signposts"' in html
