"""Saved runs: stored with their inputs, reproducible bit for bit, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from realpolitik.errors import InputError
from realpolitik.evidence.store import EvidenceStore
from realpolitik.history.runs import RunSettings, get_run, list_runs, replay, save_run, scenario_hash
from tests.conftest import SEED_SCENARIO
from tests.test_cli import run

SETTINGS = RunSettings(actor="russia", offer="us-2025", seed=11, draws=500, levers=True, simulate=True, paths=300)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with EvidenceStore(tmp_path / "runs.sqlite3") as s:
        yield s


def _save(store: EvidenceStore, label: str | None = None):  # type: ignore[no-untyped-def]
    text = SEED_SCENARIO.read_text(encoding="utf-8")
    return save_run(store, text, SETTINGS, name=str(SEED_SCENARIO), base_dir=SEED_SCENARIO.parent, label=label)


def test_a_saved_run_replays_bit_for_bit(store: EvidenceStore) -> None:
    saved = _save(store, "baseline")
    assert set(saved.results) == {"why", "monte_carlo", "levers", "simulate"}
    # Exact equality of the JSON text: every float identical, not merely close.
    assert json.dumps(replay(saved), sort_keys=True) == json.dumps(saved.results, sort_keys=True)


def test_identical_inputs_give_identical_stored_results(store: EvidenceStore) -> None:
    a, b = _save(store), _save(store)
    assert a.id != b.id
    assert a.results == b.results
    assert a.scenario_hash == b.scenario_hash == scenario_hash(SEED_SCENARIO.read_text(encoding="utf-8"))
    assert [r.id for r in list_runs(store)] == [a.id, b.id]


def test_a_stored_run_keeps_its_inputs(store: EvidenceStore) -> None:
    saved = _save(store, "v1")
    again = get_run(store, saved.id)
    assert again.label == "v1"
    assert again.settings == SETTINGS
    assert again.scenario_text == SEED_SCENARIO.read_text(encoding="utf-8")
    assert again.scenario().actors["russia"].name == "Russia"


@pytest.mark.parametrize("bad", ["42", "abc", "run-x"])
def test_unknown_or_malformed_run_id_is_an_input_error(store: EvidenceStore, bad: str) -> None:
    with pytest.raises(InputError, match="run"):
        get_run(store, bad)


def test_cli_save_list_show(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    code, stdout, _ = run("run", "save", str(SEED_SCENARIO), "--db", db, "--seed", "3", "--draws", "200",
                          "--label", "first", "--json")  # fmt: skip
    assert code == 0
    saved = json.loads(stdout)
    assert saved["label"] == "first"
    assert saved["settings"]["seed"] == 3
    code, stdout, _ = run("run", "list", "--db", db, "--json")
    assert code == 0
    assert [r["id"] for r in json.loads(stdout)] == [saved["id"]]
    code, stdout, _ = run("run", "show", str(saved["id"]), "--db", db)
    assert code == 0
    assert "rejects" in stdout
    assert "P(accept)" in stdout
    code, _, stderr = run("run", "show", "99", "--db", db)
    assert code == 2
    assert "no run '99'" in stderr


def test_cli_list_without_a_store_says_so(tmp_path: Path) -> None:
    code, _, stderr = run("run", "list", "--db", str(tmp_path / "missing.sqlite3"))
    assert code == 2
    assert "no store" in stderr
