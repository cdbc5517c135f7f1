"""The forecast and backtest commands: output shape, JSON, and exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

ROOT = Path(__file__).resolve().parents[1]
EC = str(ROOT / "tests" / "data" / "eum" / "bdm1994_ec_emissions.csv")
ISSUES = str(ROOT / "examples" / "backtest_issues.csv")
OUTCOMES = str(ROOT / "examples" / "backtest_outcomes.csv")
runner = CliRunner()


def test_forecast_csv_prints_a_chart_per_round() -> None:
    res = runner.invoke(app, ["forecast", EC, "--rounds", "8", "--reading", "scholz2011"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "eum forecast of 'bdm1994_ec_emissions': 9.671 (scale 4 to 10)"
    assert lines[2].startswith("    0    7.000    7.390  ")
    assert lines[3].startswith("    1    8.416    7.461  ")
    assert "Belgium: compromise with France -> 9.671" in res.output


def test_forecast_json_with_monte_carlo_is_seeded() -> None:
    args = ["forecast", EC, "--rounds", "2", "--draws", "5", "--seed", "3", "--json"]
    first, second = (json.loads(runner.invoke(app, args).output) for _ in range(2))
    assert first == second
    assert first["actors"][0] == "Netherlands"
    assert first["monte_carlo"]["draws"] == 5


@pytest.mark.parametrize("model", ["mean", "median", "nbs"])
def test_forecast_baselines_from_a_long_csv(model: str) -> None:
    res = runner.invoke(app, ["forecast", ISSUES, "--issue", "tariff-cap", "--model", model])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"{model} forecast of 'tariff-cap': ")


def test_backtest_example_scores_every_model() -> None:
    res = runner.invoke(app, ["backtest", ISSUES, "--outcomes", OUTCOMES, "--seed", "0", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [s["model"] for s in data["scores"]] == ["eum", "mean", "median", "nbs"]
    text = runner.invoke(app, ["backtest", ISSUES, "--outcomes", OUTCOMES, "--seed", "0"]).output
    assert "Mean absolute error over 5 issues" in text
    assert "Paired comparison" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["forecast", ISSUES], "choose one with --issue"),
        (["forecast", ISSUES, "--issue", "nope"], "'--issue'"),
        (["forecast", "missing.csv"], "missing.csv: no such CSV file"),
        (["forecast", EC, "--model", "oracle"], "'model' of the forecast"),
        (["forecast", EC, "--reading", "other"], "'--reading'"),
        (["backtest", ISSUES, "--outcomes", EC], "missing: issue, outcome"),
    ],
)
def test_bad_input_exits_with_code_2(args: list[str], message: str) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert message in res.output
