"""Pooled analysts' distributions feed the Monte Carlo (issue 17): levers, P(accept), sensitivity.

The scenario is the one of test_analysts.py (offer worth 0.5, margin 0.5 - p) with a lever on p.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.analysis.analysts import moments, pooled_moments
from realpolitik.analysis.decision import decision_problem, why
from realpolitik.analysis.levers import levers
from realpolitik.analysis.sampling import parameter_table
from realpolitik.analysis.uncertainty import monte_carlo
from realpolitik.scenario import Scenario, loads
from realpolitik.scenario.schema import Estimate

TEXT = """\
schema_version: 1
title: pooled analysts
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
    estimates: {estimates}
levers:
  aid:
    actor: b
    name: aid to a's enemy
    factor: a.p
    per_unit: -0.1
    unit: packages
    range: [0, 3]
{extra}"""

HAWK = "{central: 0.6, low: 0.5, high: 0.7}"
DOVE = "{central: 0.35, low: 0.25, high: 0.45, dist: uniform}"


def scenario(estimates: str = "{}", extra: str = "") -> Scenario:
    return loads(TEXT.format(estimates=estimates, extra=extra), name="pool.yaml")


def _mc(s: Scenario) -> tuple[float, float, float]:
    r = monte_carlo(s, "a", "deal", draws=4000, rng=7)
    return r.p_accept.estimate, r.p_accept.low, r.p_accept.high


def _levers(s: Scenario) -> tuple[object, ...]:
    (answer,) = levers(s, "a", "deal", draws=2000, rng=3).answers
    return answer.threshold, answer.p_accept, answer.interval


def test_two_identical_analysts_give_exactly_one_analysts_monte_carlo_and_levers() -> None:
    one = scenario(f"{{x: {HAWK}}}")
    two = scenario(f"{{x: {HAWK}, y: {HAWK}}}")
    assert _mc(two) == _mc(one)
    assert _levers(two) == _levers(one)
    # ... and that analyst's reading is what is drawn: the same as writing it as the value.
    as_value = loads(TEXT.format(estimates="{}", extra="").replace("{central: 0.45, low: 0.3, high: 0.6}", HAWK))
    assert _mc(one) == _mc(as_value)
    # The central decision (why) still reads the reference value.
    assert why(two, "a", "deal").margin == pytest.approx(0.05)


def test_no_estimates_and_an_analyst_agreeing_with_the_reference_leave_results_unchanged() -> None:
    plain = scenario()
    agree = scenario("{me: {central: 0.45, low: 0.3, high: 0.6}}")
    assert _mc(agree) == _mc(plain)
    assert _levers(agree) == _levers(plain)


def test_two_different_analysts_draw_the_mixture_with_its_closed_form_moments() -> None:
    s = scenario(f"{{hawk: {HAWK}, dove: {DOVE}}}", "analysts: {hawk: {weight: 1}, dove: {weight: 3}}\n")
    table = parameter_table(decision_problem(s, "a", "deal"))
    x = table.sample(200_000, rng=11)[:, table.names.index("a.p")]
    mean, var = pooled_moments(
        [Estimate(central=0.6, low=0.5, high=0.7), Estimate(central=0.35, low=0.25, high=0.45, dist="uniform")],
        [1, 3],
    )
    # Hand check of the closed form: PERT(0.5, 0.6, 0.7) has mean 0.6 and variance 0.01/7;
    # U(0.25, 0.45) mean 0.35 and variance 0.04/12; weights 1/4 and 3/4.
    assert mean == pytest.approx(0.25 * 0.6 + 0.75 * 0.35)
    assert var == pytest.approx(0.25 * (0.01 / 7 + 0.36) + 0.75 * (0.04 / 12 + 0.35**2) - mean**2)
    # Monte Carlo error of the mean is sqrt(var / n) = 2.5e-4; allow 4 of them (and likewise for the variance).
    assert x.mean() == pytest.approx(mean, abs=4 * np.sqrt(var / x.size))
    assert x.var() == pytest.approx(var, rel=0.02)
    # The stratified draws put a quarter of them in the hawk's range, three quarters in the dove's.
    assert np.mean(x > 0.475) == pytest.approx(0.25, abs=0.005)


def test_pooled_disagreement_widens_p_accept_and_moves_the_lever_curve() -> None:
    plain = scenario()
    pooled = scenario(f"{{hawk: {HAWK}, dove: {DOVE}}}")
    a, b = monte_carlo(plain, "a", "deal", draws=4000, rng=1), monte_carlo(pooled, "a", "deal", draws=4000, rng=1)
    assert a.central_margin == b.central_margin  # the reference value still decides the centre
    assert b.margin.sd > a.margin.sd  # the analysts' disagreement adds spread
    assert _levers(pooled) != _levers(plain)


def test_each_analysts_view_draws_only_that_analyst() -> None:
    from realpolitik.analysis.analysts import analyst_view

    pooled = scenario(f"{{hawk: {HAWK}, dove: {DOVE}}}")
    hawk_only = scenario(f"{{hawk: {HAWK}}}")
    view = analyst_view(pooled, "hawk")
    assert _mc(view) == _mc(hawk_only)
    assert moments(view.factors["a.p"].value) == moments(Estimate(central=0.6, low=0.5, high=0.7))
