"""The reconciled acceptance block: one decision, the figure to quote, and how the others differ."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import realpolitik as rp
from realpolitik.analysis.acceptance import acceptance_block, settled_within
from realpolitik.analysis.dynamics import simulate
from realpolitik.analysis.uncertainty import monte_carlo
from realpolitik.cli import app
from realpolitik.engines.decision import acceptance_probability
from realpolitik.errors import InputError
from tests.conftest import SEED_SCENARIO

runner = CliRunner()
KEYS = {"actor", "offer", "quote", "decision", "p_accept", "p_central", "p_settled"}


@pytest.fixture(scope="module")
def seed() -> rp.Scenario:
    return rp.load(SEED_SCENARIO)


def test_block_reconciles_the_three_figures(seed: rp.Scenario) -> None:
    d = rp.why(seed, "russia", "us-2025")
    mc = monte_carlo(seed, "russia", "us-2025", draws=2000, rng=0)
    block = acceptance_block(d, mc, seed=0)
    data = block.to_dict()
    assert set(data) == KEYS
    assert data["quote"] == "p_accept"
    assert data["decision"]["value"] == "reject"
    assert data["decision"]["margin"] == pytest.approx(-0.2, abs=5e-4)
    assert data["p_central"]["estimate"] == pytest.approx(float(acceptance_probability(d.margin, 0.05)))
    # The figure to quote is the Monte Carlo mean, which differs from the central logit on the seed.
    assert data["p_accept"]["estimate"] == mc.p_accept.estimate
    assert data["p_accept"]["low"] <= data["p_accept"]["estimate"] <= data["p_accept"]["high"]
    assert data["p_accept"]["estimate"] > 2 * data["p_central"]["estimate"]
    assert data["p_settled"] is None
    quoted = [line for line in block.lines() if line.quote]
    assert [line.key for line in quoted] == ["p_accept"]
    assert all(line.sentence.endswith(".") for line in block.lines())


def test_settled_within_reads_the_baseline(seed: rp.Scenario) -> None:
    dyn = simulate(seed, paths=300, rng=2)
    st = settled_within(dyn, 12, names={"russia": "Russia", "ukraine": "Ukraine"})
    assert st.estimate == pytest.approx(float(dyn.outcomes["baseline"].settled_by[12]))
    assert st.low <= st.estimate <= st.high
    assert st.parties == ("Russia", "Ukraine")
    assert settled_within(dyn, 10_000).steps == dyn.steps
    with pytest.raises(InputError, match="not simulated"):
        settled_within(dyn, 12, schedule="nope")
    d = rp.why(seed, "russia", "us-2025")
    block = acceptance_block(d, monte_carlo(seed, "russia", "us-2025", draws=500, rng=0), settled=st)
    assert block.to_dict()["p_settled"]["steps"] == 12
    assert "Russia and Ukraine all having to accept" in block.lines()[-1].sentence


def test_block_refuses_mismatched_runs(seed: rp.Scenario) -> None:
    d = rp.why(seed, "russia", "us-2025")
    mc = monte_carlo(seed, "ukraine", "us-2025", draws=100, rng=0)
    with pytest.raises(InputError):
        acceptance_block(d, mc)


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stdout
    return result.stdout


def test_same_block_in_why_and_levers() -> None:
    """`why` and `levers` on the same draws print the same figure to quote, with the same keys."""
    why_json = json.loads(_run("why", str(SEED_SCENARIO), "--json", "--draws", "800", "--seed", "4"))
    lev_json = json.loads(
        _run("levers", str(SEED_SCENARIO), "--json", "--draws", "800", "--seed", "4", "--lever", "us.arms_via_europe")
    )
    a, b = why_json["acceptance"], lev_json["acceptance"]
    assert set(a) == set(b) == KEYS
    assert a["p_accept"]["estimate"] == b["p_accept"]["estimate"]
    assert a["p_accept"]["text"] == b["p_accept"]["text"]
    text = _run("why", str(SEED_SCENARIO), "--draws", "800", "--seed", "4")
    assert "<- the figure to quote" in text
    assert f"{a['p_accept']['estimate']:.3f}" in text.split("<- the figure to quote")[0]


def test_simulate_block_has_p_settled() -> None:
    data = json.loads(_run("simulate", str(SEED_SCENARIO), "--paths", "300", "--seed", "3", "--json"))
    blocks = data["acceptance"]
    assert set(blocks) == {"russia", "ukraine"}
    settled = blocks["russia"]["p_settled"]
    assert settled["steps"] == 12
    assert settled["estimate"] == pytest.approx(data["schedules"]["baseline"]["settled_by"][12], abs=1e-6)
    assert np.isfinite(blocks["ukraine"]["p_accept"]["estimate"])
