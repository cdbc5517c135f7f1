"""`realpolitik hypotheses`: text, JSON and bad input."""

from __future__ import annotations

import json
import shutil

from tests.conftest import SEED_SCENARIO
from tests.test_cli import run


def test_hypotheses_json_on_the_seed() -> None:
    code, stdout, _ = run("hypotheses", str(SEED_SCENARIO), "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["actor"] == "russia"
    assert data["offer"] == "us-2025"
    assert [h["id"] for h in data["hypotheses"]] == ["believes-winning", "regime-security"]
    assert sum(h["prior"] for h in data["hypotheses"]) == 1.0
    assert abs(sum(h["posterior"] for h in data["hypotheses"]) - 1.0) < 1e-12
    assert data["observations"][0]["decision"] == "reject"
    assert 0 <= data["p_accept"] <= 1


def test_hypotheses_text_shows_each_hypothesis_and_its_overrides() -> None:
    code, stdout, _ = run("hypotheses", str(SEED_SCENARIO))
    assert code == 0
    assert "believes it is winning" in stdout
    assert "regime security first" in stdout
    assert "russia.battlefield_initiative: 0.55 (0.4 to 0.7) -> 0.65 (0.5 to 0.8)" in stdout
    assert "flip weight" in stdout
    assert "Observed choices" in stdout


def test_hypotheses_unknown_factor_is_exit_2_naming_the_field(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    text = SEED_SCENARIO.read_text(encoding="utf-8").replace(
        "russia.attrition_trend: {central: 0.02", "russia.no_such_factor: {central: 0.02"
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(SEED_SCENARIO.parent / "sources", path.parent / "sources")
    code, _, stderr = run("hypotheses", str(path))
    assert code == 2
    assert "hypotheses.believes-winning.factors.russia.no_such_factor" in stderr
