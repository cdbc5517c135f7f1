"""Several analysts: per-analyst decisions, the linear opinion pool and its closed-form moments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realpolitik.analysis.analysts import by_analyst, moments, pooled_moments
from realpolitik.analysis.decision import why
from realpolitik.errors import ScenarioError
from realpolitik.scenario import Scenario, loads
from realpolitik.scenario.schema import Estimate
from tests.test_cli import run

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "why_by_analyst.txt"

# Actor a: offer worth 0.5, war won with probability p, so the margin is 0.5 - p (temperature 0.05).
TEXT = """\
schema_version: 1
title: two analysts
issues:
  land: {{name: land, scale: {{min: 0, max: 1}}, status_quo: 0}}
actors:
  a:
    name: Alpha
    decision: {{horizon: 1, discount: 1.0, temperature: 0.05}}
    stances:
      land: {{ideal: 1, salience: 1}}
  b: {{name: Beta}}
offers:
  deal: {{name: half, proposer: b, to: [a], terms: {{land: 0.5}}}}
factors:
  a.p:
    actor: a
    name: win
    category: battlefield
    kind: win_probability
    side: continue
    value: {{central: 0.45, low: 0.3, high: 0.6}}
    estimates:
      {estimates}
"""

TWO = "hawk: {central: 0.6, low: 0.5, high: 0.7, note: attrition favours a}\n      dove: {central: 0.35, low: 0.25, high: 0.45}"


def scenario(estimates: str = TWO) -> Scenario:
    return loads(TEXT.format(estimates=estimates), name="analysts.yaml")


def test_each_analyst_and_the_pool() -> None:
    split = by_analyst(scenario(), "a", "deal")
    hawk, dove = split.analysts
    assert (hawk.analyst, hawk.decision, dove.decision) == ("hawk", "reject", "accept")
    assert hawk.margin == pytest.approx(-0.1)
    assert dove.margin == pytest.approx(0.15)
    # 1 / (1 + e^2) = 0.1192029 and 1 / (1 + e^-3) = 0.9525741, pooled with equal weights: 0.5358885.
    assert split.p_accept == pytest.approx(0.5358885, abs=1e-7)
    assert split.decision == "accept"
    assert split.analysts[0].estimates == {"a.p": 0.6}


def test_two_identical_analysts_give_the_single_analyst_answer() -> None:
    one = by_analyst(scenario("x: {central: 0.6, low: 0.5, high: 0.7}"), "a", "deal")
    two = by_analyst(
        scenario("x: {central: 0.6, low: 0.5, high: 0.7}\n      y: {central: 0.6, low: 0.5, high: 0.7}"), "a", "deal"
    )
    assert two.p_accept == one.p_accept == one.analysts[0].p_accept
    assert pooled_moments([Estimate(central=0.6, low=0.5, high=0.7)] * 2) == pytest.approx(
        moments(Estimate(central=0.6, low=0.5, high=0.7))
    )


def test_no_analysts_is_the_reference_why() -> None:
    s = scenario("{}")
    (only,) = by_analyst(s, "a", "deal").analysts
    assert (only.analyst, only.p_accept) == ("reference", why(s, "a", "deal").p_accept)


def test_linear_pool_moments_match_the_closed_form() -> None:
    # Uniform(0, 1) (mean 1/2, variance 1/12) and Uniform(1, 3) (mean 2, variance 1/3), weights 1 : 3:
    # mean = 0.25 * 0.5 + 0.75 * 2 = 1.625; E[x^2] = 0.25 * (1/12 + 1/4) + 0.75 * (1/3 + 4) = 3.3333...;
    # variance = 3.33333 - 1.625^2 = 0.692708.
    a = Estimate(central=0.5, low=0, high=1, dist="uniform")
    b = Estimate(central=2, low=1, high=3, dist="uniform")
    mean, var = pooled_moments([a, b], [1, 3])
    assert mean == pytest.approx(1.625)
    assert var == pytest.approx(0.25 * (1 / 12 + 0.25) + 0.75 * (1 / 3 + 4) - 1.625**2)
    assert var == pytest.approx(0.6927083, abs=1e-7)
    # And a sample of the mixture agrees.
    rng = np.random.default_rng(0)
    pick = rng.random(400_000) < 0.25
    x = np.where(pick, rng.uniform(0, 1, pick.size), rng.uniform(1, 3, pick.size))
    assert x.mean() == pytest.approx(mean, abs=0.01)
    assert x.var() == pytest.approx(var, abs=0.01)


@pytest.mark.parametrize(
    ("est", "mean", "var"),
    [
        (Estimate(central=0.3, low=0.0, high=1.0, dist="triangular"), 1.3 / 3, (0.09 + 1 - 0.3) / 18),
        (Estimate(central=0.5, low=0.0, high=1.0), 0.5, 0.25 / 7),
        (Estimate(central=2.0, sd=0.5), 2.0, 0.25),
        (Estimate(central=2.0), 2.0, 0.0),
    ],
)
def test_moments_of_each_distribution(est: Estimate, mean: float, var: float) -> None:
    assert moments(est) == (pytest.approx(mean), pytest.approx(var))


def test_an_analysts_probability_outside_0_1_names_the_field() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario("hawk: {central: 1.4}")
    assert "factors.a.p.estimates.hawk" in str(info.value)


def test_why_by_analyst_golden(tmp_path: Path) -> None:
    path = tmp_path / "analysts.yaml"
    path.write_text(TEXT.format(estimates=TWO), encoding="utf-8")
    code, stdout, _ = run("why", str(path), "--by-analyst", "--draws", "200")
    assert code == 0
    text = stdout[stdout.index("By analyst") :]
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_seed_as_written_analyst_equals_the_reference_why() -> None:
    from realpolitik.scenario import load
    from tests.conftest import SEED_SCENARIO

    s = load(SEED_SCENARIO)
    split = by_analyst(s, "russia", "us-2025")
    as_written, sceptic = split.analysts
    base = why(s, "russia", "us-2025")
    assert (as_written.margin, as_written.p_accept) == (base.margin, base.p_accept)
    assert sceptic.margin > as_written.margin
