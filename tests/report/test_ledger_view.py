"""The track-record view: scores, verdicts and a reliability diagram from a sealed ledger, escaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import realpolitik as rp
from realpolitik.evidence.store import EvidenceStore
from realpolitik.ledger import Ledger, canonical, forecast_record, question_body
from realpolitik.report import ReportContext, build_sections
from realpolitik.report.render import environment
from tests.analysis.test_ledger_scores import synthetic_entries
from tests.conftest import SEED_SCENARIO
from tests.faces import SCRIPT, Page


def _html(db: Path) -> tuple[Page, dict[str, object]]:
    ctx = ReportContext(rp.load(SEED_SCENARIO), ledger=db)
    (built,) = build_sections(ctx, keys=("ledger",))
    html = environment().get_template("sections.html").render(sections=[built])
    return Page(html), dict(built.context)


def test_over_confidence_shows_in_the_report(tmp_path: Path) -> None:
    entries, _ = synthetic_entries(200)
    path = tmp_path / "l.jsonl"
    path.write_text("".join(canonical(e).decode() + "\n" for e in entries), encoding="utf-8")
    db = tmp_path / "s.sqlite3"
    with EvidenceStore(db) as store:
        Ledger(store.conn).import_lines(path)
    page, ctx = _html(db)
    text = page.visible
    assert "hash chain verified" in text
    assert "over-confident" in text
    assert "model:sharp" in text
    assert sum(tag == "svg" for tag, _ in page.tags) == 1  # the reliability diagram
    assert "Reliability diagram" in text
    assert ctx["verified"] is True


def test_few_questions_are_not_ranked_and_question_text_is_escaped(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    d0 = dt.date(2025, 1, 1)
    with EvidenceStore(db) as store:
        led = Ledger(store.conn)
        body = question_body(SCRIPT, "c", opened=d0, deadline=dt.date(2025, 6, 1),
                             forecasts=[forecast_record("model", "m", d0, p=0.09)])  # fmt: skip
        led.add_question(body)
        led.resolve(1, "no", date=dt.date(2025, 6, 1), source="https://example.org")
    page, _ = _html(db)
    assert SCRIPT in page.visible  # shown as text
    assert not any(tag == "script" for tag, _ in page.tags)
    assert "nothing is scored or ranked on fewer than 10" in page.visible
    assert "9% (very unlikely)" in page.visible
    assert sum(tag == "svg" for tag, _ in page.tags) == 0


def test_no_ledger_no_view() -> None:
    ctx = ReportContext(rp.load(SEED_SCENARIO))
    assert build_sections(ctx, keys=("ledger",)) == []


def test_report_cli_refuses_a_missing_ledger(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from realpolitik.cli import app

    result = CliRunner().invoke(app, ["report", str(SEED_SCENARIO), "-o", str(tmp_path / "r.html"),
                                      "--ledger", str(tmp_path / "missing.sqlite3")])  # fmt: skip
    assert result.exit_code == 2
    assert "--ledger" in result.stderr


def test_a_store_without_a_ledger_shows_no_view(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    EvidenceStore(db).close()
    assert build_sections(ReportContext(rp.load(SEED_SCENARIO), ledger=db), keys=("ledger",)) == []


def test_dashboard_shows_the_track_record_of_its_store(tmp_path: Path) -> None:
    import warnings

    from realpolitik.web import create_app, load_library
    from tests.faces import FLIP, assert_inert

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
        from fastapi.testclient import TestClient

    db = tmp_path / "s.sqlite3"
    d0 = dt.date(2025, 1, 1)
    with EvidenceStore(db) as store:
        body = question_body(SCRIPT, "c", opened=d0, deadline=dt.date(2025, 6, 1),
                             forecasts=[forecast_record("model", "m", d0, p=0.7)])  # fmt: skip
        Ledger(store.conn).add_question(body)
    (tmp_path / "flip.yaml").write_text(FLIP, encoding="utf-8")
    app = create_app(load_library([tmp_path / "flip.yaml"]), store=db)
    r = TestClient(app, base_url="http://127.0.0.1").post("/api/view", json={"scenario": "flip"})
    assert r.status_code == 200
    page = assert_inert(r.json()["html"])
    assert "Track record" in page.visible
    assert SCRIPT in page.visible
    assert "70% (likely)" in page.visible
    assert "No question is resolved yet" in page.visible
