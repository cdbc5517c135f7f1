"""`realpolitik deals`: text, JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli import app
from tests.analysis._packages import wide_text
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


def test_deals_samples_and_seed_in_json() -> None:
    args = ["deals", str(SEED_SCENARIO), "--json", "--samples", "600", "--seed", "11"]
    first, again = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout
    data = json.loads(first.stdout)
    assert data["estimated"] is True
    assert data["sampled"] == 600
    assert data["seed"] == 11
    assert data["n_packages"] == 2016
    share = data["zopa_share"]
    assert share["low"] <= data["zopa_size"] / 600 <= share["high"]
    assert "note:" not in first.stderr  # asked for: no notice
    enumerated = json.loads(runner.invoke(app, ["deals", str(SEED_SCENARIO), "--json"]).stdout)
    assert enumerated["estimated"] is False
    assert enumerated["sampled"] is None
    assert data["zopa_size"] <= enumerated["zopa_size"]


def test_deals_on_a_space_too_large_to_enumerate_samples_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text(wide_text(12, 10), encoding="utf-8")  # 10**12 packages
    result = runner.invoke(app, ["deals", str(path), "--seed", "0"])
    assert result.exit_code == 0, result.output
    stdout, stderr = (" ".join(text.split()) for text in (result.stdout, result.stderr))  # unwrap
    assert "1,000,000,000,000 packages are too many to enumerate" in stderr
    assert "uniform sample of 1,000,000 (seed 0)" in stderr
    assert "Estimated from a uniform sample of 1,000,000 of the 1,000,000,000,000 packages" in stdout
    assert "1000000 sampled of 1000000000000 packages" in stdout


def test_deals_bad_samples_exit_2() -> None:
    result = runner.invoke(app, ["deals", str(SEED_SCENARIO), "--samples", "0"])
    assert result.exit_code == 2
    assert "samples" in result.stderr
