"""Readable output: level labels, legends for text charts, clear simulate columns, the Sobol' noise note."""

from __future__ import annotations

from typer.testing import CliRunner

import realpolitik as rp
from realpolitik.analysis.sensitivity import SensitivityResult, SobolIndex
from realpolitik.cli import app
from tests.conftest import SEED_SCENARIO

runner = CliRunner()


def _run(*args: str) -> str:
    r = runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_labels_map_and_fallback() -> None:
    s = rp.load(SEED_SCENARIO)
    assert s.label("de_jure_us") == "de jure recognition (US)"  # from the scenario's labels:
    assert s.label("eased") == "eased"
    assert s.label("some_level") == "some level"  # no label: the id, underscores as spaces


def test_forecast_chart_has_a_legend_and_level_issues_read_as_levels() -> None:
    text = _run("forecast", str(SEED_SCENARIO), "--issue", "sanctions", "--draws", "50", "--seed", "1")
    assert "Legend: each row is one round" in text
    assert "M = the median position, o = the mean position" in text
    assert "(nearest level: " in text
    assert "levels 0 to 3: tightened, current, eased, lifted" in text


def test_simulate_columns_say_what_they_hold() -> None:
    text = _run("simulate", str(SEED_SCENARIO), "--paths", "200", "--seed", "2", "--schedule", "arms-via-europe")
    flat = " ".join(text.split())
    assert "P(settled by month 12)" in flat
    assert "median month of" in flat
    assert " / 24" not in flat  # the old 'at 0 / 24' column that mixed two populations
    assert "among the paths still at war" in flat
    assert "share of simulated wars that have ended" in flat


def test_sobol_noise_note_only_when_estimates_are_noisy() -> None:
    clean = SensitivityResult("margin", 512, 512 * 4, 1.0, (SobolIndex("a", 0.4, 0.01, 0.5, 0.01),))
    assert clean.noise_note() is None
    noisy = SensitivityResult(
        "margin", 512, 512 * 4, 1.0,
        (SobolIndex("a", 0.52, 0.05, 0.5, 0.02), SobolIndex("b", -0.01, 0.02, 0.01, 0.01)),
    )
    note = noisy.noise_note()
    assert note is not None
    assert "first-order above total for a" in note
    assert "negative first-order for b" in note
    assert "--draws 2048" in note
