"""`realpolitik deals`: text, JSON and exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from realpolitik.cli import app
from tests.conftest import SEED_SCENARIO

runner = CliRunner()


def test_deals_json() -> None:
    result = runner.invoke(app, ["deals", str(SEED_SCENARIO), "--json", "--top", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["actors"] == ["russia", "ukraine"]
    assert data["has_zopa"] is True
    assert len(data["pareto"]) == 2
    nash = data["nash"]
    assert [m["actor"] for m in nash["margins"]] == ["russia", "ukraine"]
    assert all(m["accept"] for m in nash["margins"])
    assert nash["margins"][0]["carriers"], "each margin names the terms that carry it"
    assert data["offers"][0]["label"] == "offer:us-2025"


def test_deals_text_when_no_deal_exists() -> None:
    result = runner.invoke(app, ["deals", str(SEED_SCENARIO), "--fix", "statehood=sovereign_armed"])
    assert result.exit_code == 0, result.output
    assert "No package" in result.stdout
    assert "What would have to change" in result.stdout


def test_deals_fix_number_and_grid() -> None:
    result = runner.invoke(
        app,
        [
            "deals",
            str(SEED_SCENARIO),
            "--fix",
            "territory=50",
            "--grid",
            "5",
            "--actors",
            "russia,ukraine",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n_packages"] == 3 * 4 * 2 * 4
    assert data["fixed"] == {"territory": 50.0}


def test_deals_unknown_actor_exits_2() -> None:
    result = runner.invoke(app, ["deals", str(SEED_SCENARIO), "--actors", "russia,atlantis"])
    assert result.exit_code == 2
    assert "atlantis" in result.stderr


def test_deals_bad_fix_exits_2() -> None:
    result = runner.invoke(app, ["deals", str(SEED_SCENARIO), "--fix", "statehood"])
    assert result.exit_code == 2
