"""The evidence commands: ingest, evidence search/show, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from tests.evidence.conftest import DATA, SEED

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_ingest_search_show_roundtrip(tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite3")
    code, stdout, _ = run("ingest", str(SEED), "--db", db, "--rules-only", "--json")
    assert code == 0
    report = json.loads(stdout)
    assert len(report["added"]) == 1
    assert report["totals"]["quotes"] == 11
    code, stdout, _ = run("ingest", str(SEED), "--db", db, "--rules-only")
    assert code == 0
    assert "added 0 article(s), 1 already stored" in stdout
    code, stdout, _ = run("evidence", "search", "triumph", "Kremlin", "--db", db, "--json")
    hits = json.loads(stdout)
    assert code == 0
    assert hits[0]["speaker"] == "Peter Dickinson"
    code, stdout, _ = run("evidence", "show", hits[0]["id"], "--db", db)
    assert code == 0
    assert "unprecedented triumph for the Kremlin" in stdout
    code, stdout, _ = run("evidence", "show", report["added"][0], "--db", db, "--json")
    assert code == 0
    assert json.loads(stdout)["outlet"] == "global.espreso.tv"


def test_ingest_stdin_and_env_db(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REALPOLITIK_DB", str(tmp_path / "env.sqlite3"))
    code, stdout, _ = run("ingest", "-", "--rules-only", stdin=SEED.read_bytes())
    assert code == 0
    assert "added 1 article(s)" in stdout
    assert (tmp_path / "env.sqlite3").exists()


def test_bad_files_reported_rest_ingested(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body></body></html>", encoding="utf-8")
    db = str(tmp_path / "e.sqlite3")
    code, stdout, stderr = run("ingest", str(bad), str(DATA / "uk_gaza.md"), "--db", db, "--rules-only")
    assert code == 0
    assert "added 1 article(s)" in stdout
    assert "bad.html" in stderr
    code, _, stderr = run("ingest", str(bad), "--db", db)
    assert code == 2
    assert "bad.html" in stderr


def test_search_bad_factor_is_exit_2(tmp_path: Path) -> None:
    code, _, stderr = run("evidence", "search", "x", "--factor", "weather", "--db", str(tmp_path / "e.db"))
    assert code == 2
    assert "'--factor'" in stderr


def test_show_unknown_id_is_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    assert run("ingest", str(SEED), "--db", db, "--rules-only")[0] == 0
    code, _, stderr = run("evidence", "show", "deadbeef", "--db", db)
    assert code == 2
    assert "no article, quote or claim" in stderr


@pytest.mark.parametrize("command", [("evidence", "search", "ceasefire"), ("evidence", "show", "deadbeef")])
def test_reading_a_missing_store_is_exit_2_and_creates_nothing(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "missing.sqlite3"
    code, _, stderr = run(*command, "--db", str(db))
    assert code == 2
    assert "no store at" in stderr
    assert not db.exists()


def test_draft_command_writes_a_valid_scenario(tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite3")
    assert run("ingest", str(SEED), "--db", db, "--rules-only")[0] == 0
    out = tmp_path / "s.yaml"
    code, stdout, _ = run("draft", "--from-evidence", "Putin", "-o", str(out), "--db", db)
    assert code == 0
    assert "ESTIMATE TO FILL" in stdout
    code, stdout, _ = run("validate", str(out))
    assert code == 0
    assert "valid" in stdout
    code, stdout, _ = run(
        "evidence", "search", "--factor", "economy", "--actor", "russia", "--db", db, "--json"
    )
    hits = json.loads(stdout)
    assert hits
    assert all(h["factor"] == "economy" and h["actor"] == "russia" for h in hits)


def test_draft_of_the_war_runs_why_end_to_end(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    db = str(tmp_path / "e.sqlite3")
    sources = [
        str(root / "scenarios" / "sources" / "000_9fcc4190711d031d.txt"),
        str(root / "examples" / "ukraine-news"),
    ]
    assert run("ingest", *sources, "--db", db, "--rules-only")[0] == 0
    out = tmp_path / "war.yaml"
    code, stdout, _ = run("draft", "-o", str(out), "--db", db, "--since", "2025-07-01", "--until", "2025-08-31")
    assert code == 0, stdout
    assert "offer(s)" in stdout
    assert run("validate", str(out))[0] == 0
    code, stdout, _ = run("why", str(out))
    assert code == 0
    assert "Russia" in stdout
    assert "rejects" in stdout or "accepts" in stdout


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_draft_rejects_a_malformed_day(tmp_path: Path, option: str) -> None:
    db = str(tmp_path / "e.sqlite3")
    assert run("ingest", str(SEED), "--db", db, "--rules-only")[0] == 0
    code, stdout, stderr = run("draft", "--from-evidence", "Putin", "-o", str(tmp_path / "s.yaml"), "--db", db,
                               option, "30/07/2025")  # fmt: skip
    assert code == 2
    assert f"'{option}' of draft must be a day as YYYY-MM-DD" in stdout + stderr
