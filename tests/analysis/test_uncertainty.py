"""Monte Carlo P(accept) against closed forms on the analytic model (tests/analysis/_models.py)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from realpolitik import load
from realpolitik.analysis.uncertainty import mean_interval, monte_carlo, wilson_interval
from realpolitik.errors import InputError
from tests.analysis._models import TEMPERATURE, scenario
from tests.conftest import SEED_SCENARIO

# p ~ Uniform(0.4, 0.8); margin m = 0.55 - p.
UNIFORM_P = "{central: 0.6, low: 0.4, high: 0.8, dist: uniform}"


def _softplus(z: float) -> float:
    return float(np.logaddexp(0.0, z))


def test_fixed_inputs_give_the_logit_probability_exactly() -> None:
    r = monte_carlo(scenario(), "a", "deal", draws=100, rng=0)
    expected = 1 / (1 + np.exp(0.05 / TEMPERATURE))
    assert r.p_accept.estimate == pytest.approx(expected, rel=1e-12)
    assert r.share_accept.estimate == 0.0
    assert r.margin.quantiles["0.5"] == pytest.approx(-0.05)
    assert r.parameters == ()


def test_uniform_win_probability_matches_closed_forms() -> None:
    r = monte_carlo(scenario(UNIFORM_P), "a", "deal", draws=20_000, rng=3)
    # P(m >= 0) = P(p <= 0.55) = 0.15 / 0.4
    assert r.share_accept.low <= 0.375 <= r.share_accept.high
    assert r.share_accept.estimate == pytest.approx(0.375, abs=0.01)
    # E[sigma((0.55 - p)/T)] = T/0.4 * [softplus(0.15/T) - softplus(-0.25/T)]  (integral of the logistic)
    exact = TEMPERATURE / 0.4 * (_softplus(0.15 / TEMPERATURE) - _softplus(-0.25 / TEMPERATURE))
    assert r.p_accept.low <= exact <= r.p_accept.high
    assert r.margin.quantiles["0.5"] == pytest.approx(-0.05, abs=0.005)
    assert sum(r.margin.histogram_counts) == 20_000


def test_decisive_term_is_the_offer_when_accepting_and_the_war_when_rejecting() -> None:
    # The offer leaves land at the status quo (0.5), so against the status quo its term is 0 and the
    # status quo's value (+0.5) is the largest push to accept; rejecting draws: the war term (-p).
    r = monte_carlo(scenario(UNIFORM_P), "a", "deal", draws=4096, rng=5)
    prob = {d.id: d.probability for d in r.decisive}
    assert prob["status_quo"] == pytest.approx(r.share_accept.estimate)
    assert prob["land"] == 0.0
    assert prob["a.p"] == pytest.approx(1 - r.share_accept.estimate)
    assert sum(prob.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("design", ["lhs", "sobol", "random"])
def test_same_seed_same_result_and_probabilities_in_range(design: str) -> None:
    a = monte_carlo(scenario(UNIFORM_P), "a", "deal", draws=3000, rng=0, design=design, chunk_size=1000)
    b = monte_carlo(scenario(UNIFORM_P), "a", "deal", draws=3000, rng=0, design=design, chunk_size=1000)
    c = monte_carlo(scenario(UNIFORM_P), "a", "deal", draws=3000, rng=1, design=design, chunk_size=1000)
    assert a.to_dict() == b.to_dict()
    assert a.to_dict() != c.to_dict()
    for iv in (a.p_accept, a.share_accept):
        assert 0 <= iv.low <= iv.estimate <= iv.high <= 1


def test_seed_scenario_rejection_is_robust() -> None:
    r = monte_carlo(load(SEED_SCENARIO), "russia", "us-2025", draws=4096, rng=0)
    assert r.central_margin == pytest.approx(-0.2, abs=5e-3)
    assert r.p_accept.high < 0.5
    assert len(r.parameters) == 15
    assert r.to_dict()["decisive"][0]["id"] == "russia.battlefield_initiative"


def test_wilson_interval_reference_value() -> None:
    # Wilson (1927); e.g. Newcombe (1998) Table I, 81/263: 0.2553 to 0.3662 at 95%.
    iv = wilson_interval(81, 263)
    assert (iv.low, iv.high) == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert wilson_interval(0, 10).low == 0.0


def test_mean_interval_covers_and_is_clipped() -> None:
    iv = mean_interval(np.array([0.0, 0.0, 0.0, 1.0]))
    assert iv.low == 0.0
    assert iv.estimate == 0.25


@pytest.mark.parametrize("draws", [0, -5])
def test_bad_draws_are_input_errors(draws: int) -> None:
    with pytest.raises(InputError, match="draws"):
        monte_carlo(scenario(), "a", "deal", draws=draws, rng=0)


def test_unknown_actor_is_an_input_error() -> None:
    with pytest.raises(InputError, match="actor"):
        monte_carlo(scenario(), "zz", "deal", draws=10, rng=0)


def test_blocks_partition_the_draws_and_chunks_group_whole_blocks() -> None:
    from realpolitik.analysis.sampling import plan_blocks, plan_chunks

    blocks = plan_blocks(2500, rng=0, block_size=1000)
    assert [b.size for b in blocks] == [1000, 1000, 500]
    assert [b.start for b in blocks] == [0, 1000, 2000]
    root = np.random.SeedSequence(0)
    again = plan_blocks(2500, rng=root, block_size=1000)
    assert_array_equal(
        [b.seed.generate_state(1)[0] for b in blocks],
        [b.seed.generate_state(1)[0] for b in again],
    )
    # planning does not consume the root: a second plan from it is the same (it equals spawn's children)
    assert [b.seed.spawn_key for b in plan_blocks(2500, rng=root, block_size=1000)] == [(0,), (1,), (2,)]
    assert [s.generate_state(1)[0] for s in np.random.SeedSequence(0).spawn(3)] == [
        b.seed.generate_state(1)[0] for b in again
    ]
    # a chunk of 1,500 draws is rounded up to two whole blocks; its blocks are the same blocks
    chunks = plan_chunks(2500, rng=0, chunk_size=1500, block_size=1000)
    assert [(c.start, c.size, len(c.blocks)) for c in chunks] == [(0, 2000, 2), (2000, 500, 1)]
    grouped = [b for c in chunks for b in c.blocks]
    assert [(b.index, b.start, b.size, b.seed.spawn_key) for b in grouped] == [
        (b.index, b.start, b.size, b.seed.spawn_key) for b in blocks
    ]
