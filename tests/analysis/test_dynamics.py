"""War as a process from a scenario: analytic crossings, common random numbers, the seed's levers."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import realpolitik as rp
from realpolitik.analysis.dynamics import BASELINE, simulate
from realpolitik.errors import InputError
from tests.conftest import SEED_SCENARIO

DYNAMICS = """
dynamics:
  steps: 12
  battlefield: {actor: a, p0: 0.5, volatility: 0.05}
schedules:
  sanction:
    activations:
      - {lever: b.sanctions, intensity: 10, at: 1}
"""


@pytest.fixture(scope="module")
def seed() -> rp.Scenario:
    return rp.load(SEED_SCENARIO)


@pytest.fixture(scope="module")
def seed_run(seed: rp.Scenario):
    return simulate(seed, paths=3000, rng=5)


def scenario_text(minimal_text: str, dynamics_extra: str = "") -> str:
    """The minimal scenario with a dynamics section (plus extra lines in it) and one schedule."""
    return minimal_text + DYNAMICS.replace("schedules:", dynamics_extra + "schedules:", 1)


def test_concession_crossing_time_from_a_scenario(minimal_text: str) -> None:
    """Fearon (1995): a accepts x iff x >= p - c; the offer concedes 0.02 a step from 0.5,
    so with p = 0.6 and c = 0.05 it is accepted at t* = ceil((0.55 - 0.5) / 0.02) = 3."""
    extra = "  concessions:\n    deal:\n      - {issue: land, per_step: 0.02}\n"
    r = simulate(rp.loads(scenario_text(minimal_text, extra)), uncertain=False, paths=20, rng=0)
    assert_array_equal(r.outcomes[BASELINE].settle_step, math.ceil((0.55 - 0.5) / 0.02))
    assert_allclose(r.outcomes[BASELINE].terms[:, 0], 0.56)
    # the sanction (cost -0.05 - 0.01 * 10) bites from step 1: 0.52 - 0.6 + 0.15 >= 0
    assert_array_equal(r.outcomes["sanction"].settle_step, 1)


def test_learning_crossing_time_from_a_scenario(minimal_text: str) -> None:
    """Beta prior mean 0.6 (a's win_probability), strength 10, every battle lost:
    pi_t = 6 / (10 + t); a accepts 0.3 once 0.3 - pi_t + 0.05 >= 0, at t* = ceil(6 / 0.35 - 10) = 8."""
    text = scenario_text(minimal_text.replace("terms: {land: 0.5}", "terms: {land: 0.3}"),
                         "  beliefs:\n    a: {strength: 10}\n").replace("p0: 0.5, volatility: 0.05", "p0: 0.0")
    r = simulate(rp.loads(text), [], uncertain=False, paths=10, rng=0)
    assert_array_equal(r.outcomes[BASELINE].settle_step, math.ceil(6 / 0.35 - 10))
    assert_allclose(r.outcomes[BASELINE].beliefs[:, 0], 6 / 18)


def test_step_zero_reproduces_the_static_decision(seed: rp.Scenario) -> None:
    """Before any battle the belief is the prior mean = the win_probability factor: the margin is why()'s."""
    r = simulate(seed, [], steps=2, paths=5, uncertain=False, rng=0)
    for i, actor in enumerate(r.parties):
        assert_allclose(r.outcomes[BASELINE].mean_margin[0, i], rp.why(seed, actor, "us-2025").margin)


def test_common_random_numbers_make_schedules_paired(seed: rp.Scenario, seed_run) -> None:
    """Same seed: the baseline's paths do not depend on which other schedules run; and sanctions only
    raise Russia's margin, so on every path the deadline settles no later than the baseline."""
    alone = simulate(seed, [], paths=3000, rng=5)
    assert_array_equal(alone.outcomes[BASELINE].settle_step, seed_run.outcomes[BASELINE].settle_step)
    base = seed_run.outcomes[BASELINE].settle_step
    dead = seed_run.outcomes["deadline-10-12-day"].settle_step
    settled = base >= 0
    assert np.all((dead[settled] >= 0) & (dead[settled] <= base[settled]))


def test_seed_levers_raise_settlement_against_baseline(seed_run) -> None:
    effects = {(e.schedule, e.step): e for e in seed_run.effects}
    assert set(effects) >= {(s, t) for s in ("deadline-10-12-day", "arms-via-europe") for t in (12, 24)}
    for e in effects.values():
        lo, hi = e.difference[1], e.difference[2]
        assert lo <= e.difference[0] <= hi
        assert_allclose(e.difference[0], e.with_schedule[0] - e.baseline[0], atol=1e-12)
    assert effects[("deadline-10-12-day", 12)].changes
    assert effects[("deadline-10-12-day", 12)].difference[0] > 0
    for o in seed_run.outcomes.values():
        assert np.all(np.diff(o.settled_by) >= 0)
        p = o.p_accept[~np.isnan(o.p_accept)]
        assert np.all((p >= 0) & (p <= 1))


def test_same_seed_same_result_and_outputs(seed: rp.Scenario, seed_run) -> None:
    again = simulate(seed, paths=3000, rng=5)
    assert json.dumps(again.to_dict()) == json.dumps(seed_run.to_dict())
    table = seed_run.paths_table()
    assert len({v.size for v in table.values()}) == 1
    assert table["path"].size == 3000 * len(seed_run.outcomes)
    assert {"settle_step", "belief:russia", "flows:russia", "terms:territory"} <= set(table)


def test_logit_rule_and_bad_requests(seed: rp.Scenario, minimal_text: str) -> None:
    r = simulate(seed, [], steps=6, paths=500, rule="logit", rng=1)
    assert r.rule == "logit"
    assert 0 < r.outcomes[BASELINE].settled_by[-1] < 1
    with pytest.raises(InputError, match="schedule"):
        simulate(seed, ["no-such-schedule"], paths=10)
    with pytest.raises(InputError, match="dynamics"):
        simulate(rp.loads(minimal_text), paths=10)
