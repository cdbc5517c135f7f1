"""War as a process: analytic crossing times, Beta–Binomial Bayes, Filson–Werner convergence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats

from realpolitik.engines import decision as dec
from realpolitik.engines import dynamics as dyn
from realpolitik.errors import ModelError

KNOTS, UTILS = dec.linear_utility_knots(1.0, 0.0, 1.0)  # one issue on [0, 1], ideal 1


def fearon_actor(p: float, cost: float, *, alpha=None, beta=None, sign: int = 1, temperature=0.05):
    """Fearon (1995) one-issue actor: accept x iff x >= p - c (horizon 1, no discount)."""
    return dyn.ActorModel(
        knots=(KNOTS,),
        utilities=(UTILS,),
        saliences=np.ones(1),
        values=np.array([p, -cost]),
        kinds=np.array([dec.WIN_PROBABILITY, dec.FLOW]),
        sides=np.array([dec.CONTINUE, dec.CONTINUE]),
        horizon=1.0,
        discount=1.0,
        temperature=temperature,
        prior_alpha=alpha,
        prior_beta=beta,
        battle_sign=sign,
    )


def cost_pulse(at: int, delay: int, shift: float, condition: int = dyn.NO_CONDITION, threshold=0.0):
    return dyn.LeverPulses(
        at=np.array([at]),
        delay=np.array([delay]),
        condition=np.array([condition]),
        threshold=np.array([threshold]),
        value_shifts=(np.array([[0.0, shift]]),),
        position_shifts=np.zeros((1, 1)),
        drift_shifts=np.zeros(1),
    )


def test_concession_crossing_time_is_analytic() -> None:
    """No uncertainty: m_t = x0 + r t - (p - c) (Fearon 1995), so t* = ceil((p - c - x0) / r)."""
    p, c, x0, r = 0.62, 0.07, 0.2, 0.03
    expected = math.ceil((p - c - x0) / r)  # 11.67 -> 12
    res = dyn.simulate_war(
        (fearon_actor(p, c),),
        dyn.Battlefield(p0=0.5, volatility=0.1),
        [x0],
        n_steps=30,
        n_paths=200,
        concession=dyn.Concession(rate=np.array([r])),
        bounds=[[0.0, 1.0]],
        rng=1,
    )
    assert_array_equal(res.settle_step, expected)
    assert_allclose(res.terms[:, 0], x0 + r * expected)
    assert res.settled_by()[expected - 1] == 0.0
    assert res.settled_by()[expected] == 1.0


def test_learning_crossing_time_is_analytic() -> None:
    """Deterministic defeats: pi_t = a / (a + b + t) (Beta-Binomial), accept once pi_t <= x0 + c."""
    a, b, x0, c = 6.0, 4.0, 0.3, 0.05
    expected = math.ceil(a / (x0 + c) - a - b)  # 7.14 -> 8
    actor = fearon_actor(0.9, c, alpha=a, beta=b)
    res = dyn.simulate_war(
        (actor,), dyn.Battlefield(p0=0.0), [x0], n_steps=20, n_paths=50, rng=0
    )
    assert_array_equal(res.settle_step, expected)
    assert_allclose(res.beliefs[:, 0], a / (a + b + expected))
    assert_array_equal(res.battles, expected)
    # costs accrue each step of fighting: the flow -c for `expected` steps
    assert_allclose(res.realized_flows[:, 0], -c * expected)


def test_lever_with_delay_moves_the_crossing_time() -> None:
    """A sanction triggered at step 3 and biting from step 5 adds 0.1 to the margin: pi_5 = 0.4 <= 0.45."""
    a, b, x0, c = 6.0, 4.0, 0.3, 0.05
    actor = fearon_actor(0.9, c, alpha=a, beta=b)
    run = {"n_steps": 20, "n_paths": 50, "rng": 0}
    res = dyn.simulate_war(
        (actor,), dyn.Battlefield(p0=0.0), [x0], pulses=cost_pulse(3, 2, -0.1), **run
    )
    assert_array_equal(res.settle_step, 5)
    never = cost_pulse(3, 2, -0.1, condition=dyn.ABOVE, threshold=0.5)  # p stays 0: never fires
    res = dyn.simulate_war((actor,), dyn.Battlefield(p0=0.0), [x0], pulses=never, **run)
    assert_array_equal(res.settle_step, 8)


def test_beta_binomial_posterior_matches_closed_form() -> None:
    """Bayes with a Beta(a, b) prior (Gelman et al. 2013, BDA3 §2.4): wins ~ BetaBinomial(n, a, b)
    when the truth is drawn from the prior, and E[p | s wins] = (a + s) / (a + b + n)."""
    a, b, n_steps, n = 3.0, 2.0, 12, 40_000
    rng = np.random.default_rng(7)
    truth = rng.beta(a, b, size=n)
    never = fearon_actor(0.0, -1.0, alpha=a, beta=b)  # rents of 1 per step: never settles
    res = dyn.simulate_war(
        (never,), dyn.Battlefield(p0=truth), [0.0], n_steps=n_steps, n_paths=n, rng=8,
        record_beliefs=True,
    )
    assert (res.settle_step == -1).all()
    wins = res.wins[:, 0]
    assert_allclose(res.beliefs[:, 0], dyn.beta_posterior_mean(a, b, wins, n_steps), rtol=1e-12)
    counts = np.bincount(wins.astype(int), minlength=n_steps + 1)
    expected = stats.betabinom.pmf(np.arange(n_steps + 1), n_steps, a, b) * n
    assert stats.chisquare(counts, expected).pvalue > 1e-3
    for s in (3, 6, 9, 12):
        sel = wins == s
        se = truth[sel].std() / np.sqrt(sel.sum())
        assert abs(truth[sel].mean() - (a + s) / (a + b + n_steps)) < 4 * se


def test_disagreement_shrinks_as_battles_are_observed() -> None:
    """Filson & Werner (2002): mutual optimism pi_A + pi_B - 1 erodes as both see the same battles.
    E[D_t] = (a_A + p t)/(n_A + t) + (a_B + (1 - p) t)/(n_B + t) - 1 with s ~ Binomial(t, p)."""
    p, T, n = 0.5, 36, 20_000
    a_A, n_A, a_B, n_B = 7.0, 10.0, 2.4, 4.0  # A expects 0.7, B expects 0.6: sum 1.3
    A = fearon_actor(0.0, -1.0, alpha=a_A, beta=n_A - a_A, sign=1)
    B = fearon_actor(0.0, -1.0, alpha=a_B, beta=n_B - a_B, sign=-1)
    res = dyn.simulate_war(
        (A, B), dyn.Battlefield(p0=p), [0.0], n_steps=T, n_paths=n, rng=3, record_beliefs=True
    )
    D = res.belief_paths.sum(axis=2) - 1.0  # (T+1, N)
    t = np.arange(T + 1)
    expected = (a_A + p * t) / (n_A + t) + (a_B + (1 - p) * t) / (n_B + t) - 1
    se = D.std(axis=1) / np.sqrt(n) + 1e-12
    assert np.all(np.abs(D.mean(axis=1) - expected) < 4 * se)
    mean_abs = np.abs(D).mean(axis=1)
    assert np.all(np.diff(mean_abs[::4]) < 0)
    assert mean_abs[-1] < 0.25 * mean_abs[0]
    assert np.mean(np.abs(D[-1]) < np.abs(D[0])) > 0.95


def test_logit_rule_settles_with_the_logit_probability() -> None:
    """McFadden (1974): P(accept) = 1 / (1 + exp(-m / T)); margin 0.03 at T = 0.05."""
    actor = fearon_actor(0.5, 0.03, temperature=0.05)
    res = dyn.simulate_war(
        (actor,), dyn.Battlefield(p0=0.5), [0.5], n_steps=0, n_paths=40_000, rule="logit", rng=4
    )
    expected = 1 / (1 + np.exp(-0.03 / 0.05))
    assert_allclose(res.p_accept[0, 0], expected)
    assert abs((res.settle_step == 0).mean() - expected) < 4 * np.sqrt(expected * (1 - expected) / 40_000)


def test_same_seed_same_result_and_common_random_numbers() -> None:
    A = fearon_actor(0.6, 0.01, alpha=3.0, beta=2.0)
    run = {"n_steps": 15, "n_paths": 500, "rule": "logit"}
    field = dyn.Battlefield(p0=0.55, drift=0.01, volatility=0.05)
    one = dyn.simulate_war((A,), field, [0.45], rng=11, **run)
    two = dyn.simulate_war((A,), field, [0.45], rng=11, **run)
    assert_array_equal(one.settle_step, two.settle_step)
    assert_array_equal(one.wins, two.wins)
    # a lever that moves nothing leaves every path exactly as in the baseline (same streams)
    inert = dyn.simulate_war((A,), field, [0.45], rng=11, pulses=cost_pulse(2, 0, 0.0), **run)
    assert_array_equal(one.settle_step, inert.settle_step)
    other = dyn.simulate_war((A,), field, [0.45], rng=12, **run)
    assert not np.array_equal(one.settle_step, other.settle_step)


def test_drift_shift_moves_the_battlefield() -> None:
    pulses = dyn.LeverPulses(
        at=np.array([0]), delay=np.array([4]), condition=np.array([0]), threshold=np.zeros(1),
        value_shifts=(np.zeros((1, 2)),), position_shifts=np.zeros((1, 1)), drift_shifts=np.array([-0.02]),
    )
    never = fearon_actor(0.0, -1.0)
    res = dyn.simulate_war(
        (never,), dyn.Battlefield(p0=0.6, drift=0.01), [0.0], n_steps=10, n_paths=3, pulses=pulses, rng=0
    )
    assert_allclose(res.battlefield, 0.6 + 10 * 0.01 - 6 * 0.02)


def test_learning_actor_needs_a_win_probability_factor() -> None:
    bad = dyn.ActorModel(
        knots=(KNOTS,), utilities=(UTILS,), saliences=np.ones(1), values=np.array([-0.1]),
        kinds=np.array([dec.FLOW]), sides=np.array([dec.CONTINUE]), horizon=1.0, discount=1.0,
        temperature=0.05, prior_alpha=1.0, prior_beta=1.0,
    )
    with pytest.raises(ModelError, match="win_probability"):
        dyn.simulate_war((bad,), dyn.Battlefield(p0=0.5), [0.0], n_steps=2, n_paths=2)
