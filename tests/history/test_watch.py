"""`realpolitik watch`: dated follow-up news, sorted under factors, toward or away from the flip; then
the analyst's update is saved as a run and `diff` attributes the change exactly."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

import realpolitik as rp
from realpolitik.evidence.pipeline import ingest
from realpolitik.evidence.store import EvidenceStore
from realpolitik.history.watch import direction, watch
from tests.conftest import ROOT, SEED_SCENARIO
from tests.test_cli import run

FOLLOWUPS = ROOT / "tests" / "data" / "followups"
GAINS, FAILED = "2025-08-14_russian_gains", "2025-09-03_failed_offensive"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("watch") / "store.sqlite3"
    with EvidenceStore(path) as store:
        report = ingest([SEED_SCENARIO.parent / "sources", FOLLOWUPS], store)
    assert len(report.added) == 3
    return path


@pytest.mark.parametrize(
    ("effect", "decision", "expected"),
    [("settle", "reject", "toward the flip"), ("continue_war", "reject", "away from the flip"),
     ("settle", "accept", "away from the flip"), ("continue_war", "accept", "toward the flip"),
     ("neutral", "reject", "unclear"), (None, "accept", "unclear")],
)  # fmt: skip
def test_direction_relative_to_the_flip(effect: str | None, decision: str, expected: str) -> None:
    assert direction(effect, decision) == expected


def test_followups_land_under_the_battlefield_factors_with_the_right_direction(store_path: Path) -> None:
    s = rp.load(SEED_SCENARIO)
    with EvidenceStore(store_path) as store:
        res = watch(s, store, "russia", "us-2025", since=dt.date(2025, 8, 1))
        articles = {a["origin"].rsplit("/", 1)[-1].removesuffix(".txt"): a["id"] for a in store.iter_articles()}
    battlefield = next(f for f in res.factors if f.factor == "russia.battlefield_initiative")
    by_article: dict[str, set[str]] = {}
    for c in battlefield.claims:
        by_article.setdefault(c.id.rsplit("-", 1)[0], set()).add(c.direction)
    assert "toward the flip" in by_article[articles[FAILED]]  # a failed offensive: toward settling
    assert "away from the flip" in by_article[articles[GAINS]]  # Russian gains: away from settling
    # --since keeps the seed article (30 July) out.
    seed_id = next(aid for name, aid in articles.items() if name not in (GAINS, FAILED))
    assert all(not c.id.startswith(seed_id) for f in res.factors for c in f.claims)


def test_update_save_and_diff_after_the_news(store_path: Path, tmp_path: Path) -> None:
    """The analyst lowers the battlefield estimate after the failed offensive, saves, and diffs."""
    folder = tmp_path / "scen"
    shutil.copytree(SEED_SCENARIO.parent, folder)
    scenario = folder / SEED_SCENARIO.name
    db = str(store_path)
    assert run("run", "save", str(scenario), "--db", db, "--seed", "2", "--draws", "200")[0] == 0
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("central: 0.55", "central: 0.42", 1),
                        encoding="utf-8")  # fmt: skip
    code, stdout, _ = run("run", "save", str(scenario), "--db", db, "--seed", "2", "--draws", "200", "--json")
    assert code == 0
    second = json.loads(stdout)["id"]
    code, stdout, _ = run("diff", str(second - 1), str(second), "--db", db, "--json")
    assert code == 0
    data = json.loads(stdout)
    assert [c["id"] for c in data["changes"]] == ["russia.battlefield_initiative"]
    assert sum(c["contribution"] for c in data["changes"]) == pytest.approx(data["margin_change"], abs=1e-12)
    assert data["margin_change"] > 0


def test_cli_watch_text_and_since_run(store_path: Path) -> None:
    code, stdout, _ = run("watch", str(SEED_SCENARIO), "--db", str(store_path), "--since", "2025-08-01")
    assert code == 0
    assert "battlefield initiative" in stdout
    assert "toward the flip" in stdout
    code, _, stderr = run("watch", str(SEED_SCENARIO), "--db", str(store_path), "--since", "August")
    assert code == 2
    assert "--since" in stderr


def test_a_malformed_watch_query_names_the_field(store_path: Path) -> None:
    text = SEED_SCENARIO.read_text(encoding="utf-8").replace(
        "    name: battlefield initiative\n", '    name: battlefield initiative\n    watch: [\'"unclosed\']\n', 1
    )
    s = rp.loads(text, name="w", base_dir=SEED_SCENARIO.parent)
    with EvidenceStore(store_path) as store, pytest.raises(rp.InputError, match=r"factors\.russia\.battlefield_initiative\.watch\[0\]"):
        watch(s, store, "russia", "us-2025")
