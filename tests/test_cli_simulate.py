"""`realpolitik simulate`: the seed's answer, JSON, chart, path export and exit code 2."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.analysis.ensemble import local_cluster
from realpolitik.cli import app
from tests.conftest import SEED_SCENARIO

runner = CliRunner()
FAST = ("--paths", "400", "--seed", "3")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "160", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_seed_answer_in_text() -> None:
    code, stdout, _ = run("simulate", str(SEED_SCENARIO), *FAST)
    assert code == 0, stdout
    assert "P(settled by month t)" in stdout
    for sid in ("baseline", "deadline-10-12-day", "arms-via-europe"):
        assert sid in stdout
    for t in (12, 24):
        assert f"deadline-10-12-day changes P(settled within {t} months)" in stdout
        assert f"P(settled within {t} months)" in stdout
    assert "95% CI" in stdout


def test_json_is_deterministic_and_complete() -> None:
    code, first, _ = run("simulate", str(SEED_SCENARIO), *FAST, "--json", "--schedule", "arms-via-europe")
    assert code == 0
    _, second, _ = run("simulate", str(SEED_SCENARIO), *FAST, "--json", "--schedule", "arms-via-europe")
    assert first == second
    data = json.loads(first)
    assert set(data["schedules"]) == {"baseline", "arms-via-europe"}
    assert data["seed"] == 3
    assert [(e["schedule"], e["step"]) for e in data["effects"]] == [("arms-via-europe", 12), ("arms-via-europe", 24)]
    assert len(data["schedules"]["baseline"]["settled_by"]) == 25
    assert set(data["schedules"]["baseline"]["p_accept"]) == {"russia", "ukraine"}


def test_horizon_rule_and_central() -> None:
    code, stdout, _ = run("simulate", str(SEED_SCENARIO), *FAST, "--horizon", "6", "--rule", "logit",
                          "--central", "--json", "--schedule", "deadline-50-day")
    assert code == 0
    data = json.loads(stdout)
    assert data["rule"] == "logit"
    assert data["steps"] == 6
    assert data["uncertain"] is False
    assert [e["step"] for e in data["effects"]] == [6]


def test_paths_out_csv(tmp_path: Path) -> None:
    out = tmp_path / "paths.csv"
    code, _, stderr = run("simulate", str(SEED_SCENARIO), *FAST, "--schedule", "arms-via-europe",
                          "--paths-out", str(out), "--json")
    assert code == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 * 400
    assert {"schedule", "path", "settle_step", "belief:russia", "terms:territory"} <= set(rows[0])
    assert "wrote 800 paths" in stderr


def test_parquet_without_pyarrow_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
    code, _, stderr = run("simulate", str(SEED_SCENARIO), *FAST, "--paths-out", str(tmp_path / "p.parquet"))
    assert code == 2
    assert "pyarrow" in stderr
    assert ".csv" in stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--schedule", "nope"), "schedule"),
        (("--rule", "coin"), "--rule"),
        (("--paths", "0"), "paths"),
        (("--paths-out", "x.txt"), ".csv or .parquet"),
        (("--workers", "2", "--scheduler", "tcp://127.0.0.1:1"), "not both"),
        (("--scheduler", "localhost:8786"), "scheduler"),
    ],
)
def test_bad_input_exits_2(args: tuple[str, ...], fragment: str) -> None:
    code, _, stderr = run("simulate", str(SEED_SCENARIO), "--seed", "1", "--paths", "50", *args)
    assert code == 2
    assert fragment in stderr


def test_scenario_without_dynamics_exits_2(minimal_file: Path) -> None:
    code, _, stderr = run("simulate", str(minimal_file))
    assert code == 2
    assert "dynamics" in stderr


def test_on_a_dask_scheduler_the_json_is_identical() -> None:
    # An in-process cluster (threads) behind --scheduler, as in test_cli_levers; 5000 paths are
    # two chunks, so the two workers each get one.
    pytest.importorskip("distributed")
    args = ("simulate", str(SEED_SCENARIO), "--paths", "5000", "--seed", "4", "--horizon", "12",
            "--schedule", "deadline-10-12-day", "--json")
    code, one, _ = run(*args)
    with local_cluster(2, processes=False) as cluster:
        code2, many, _ = run(*args, "--scheduler", cluster.scheduler_address)
    assert code == code2 == 0
    assert json.loads(one) == json.loads(many)
