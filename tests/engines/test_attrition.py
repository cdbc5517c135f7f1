"""War of attrition: the mixed-strategy equilibrium hazard, simulated."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from realpolitik.engines import attrition as woa
from realpolitik.errors import ModelError


def test_discrete_hazard_formula_and_continuous_limit() -> None:
    """q* = c / (V + c) per step (Fudenberg & Tirole 1991, ch. 4); q*/dt -> c/V (Maynard Smith 1974)."""
    assert_allclose(woa.equilibrium_quit_probability(10.0, 1.0), 1 / 11)
    assert_allclose(woa.equilibrium_quit_probability(10.0, 1.0, tie_share=0.5), 1 / 6)
    V, c = 4.0, 0.5
    for dt in (1e-3, 1e-5):
        assert_allclose(woa.equilibrium_quit_probability(V, c * dt) / dt, c / V, rtol=10 * dt)
    assert woa.equilibrium_quit_rate(V, c) == c / V


@pytest.mark.parametrize(("V", "c"), [(10.0, 1.0), (3.0, 0.5), (1.0, 1.0)])
def test_simulated_hazard_matches_equilibrium(V: float, c: float) -> None:
    """The hazard estimated from simulated contests is q* (4 standard errors)."""
    res = woa.simulate_war_of_attrition(V, c, n_paths=50_000, rng=5)
    q = woa.equilibrium_quit_probability(V, c)
    assert np.all(np.abs(res.hazard - q) < 4 * res.hazard_se)
    # the contest ends when either quits: geometric with 1 - (1 - q)^2
    end_rate = 1 - (1 - q) ** 2
    assert abs(1 / (res.end_step.mean() + 1) - end_rate) < 0.02 * end_rate


@pytest.mark.parametrize("k", [0, 1, 4, 12])
def test_every_persistence_is_a_best_response(k: int) -> None:
    """Mixed equilibrium indifference: against q*, holding out for any k steps earns 0 on average
    (Bishop & Cannings 1978: every pure persistence in the support earns the same payoff)."""
    V, c = 6.0, 1.0
    res = woa.simulate_war_of_attrition(V, c, n_paths=60_000, persistence=(k, None), rng=k)
    pay = res.payoffs[:, 0]
    assert abs(pay.mean()) < 4 * pay.std() / np.sqrt(pay.size) + 1e-12


def test_quitting_too_rarely_is_not_an_equilibrium() -> None:
    """Against a slow quitter (q below q*), holding out pays; the indifference needs q*."""
    V, c = 6.0, 1.0
    slow = woa.equilibrium_quit_probability(V, c) / 2
    res = woa.simulate_war_of_attrition(V, c, n_paths=40_000, quit_probability=[1.0, slow],
                                        persistence=(3, None), rng=2)
    assert res.payoffs[:, 0].mean() < 0  # persisting 3 steps against a slow quitter loses


def test_same_seed_same_result_and_bad_input() -> None:
    a = woa.simulate_war_of_attrition(2.0, 1.0, n_paths=100, rng=0)
    b = woa.simulate_war_of_attrition(2.0, 1.0, n_paths=100, rng=0)
    assert np.array_equal(a.end_step, b.end_step)
    assert set(a.to_dict()) >= {"hazard", "mean_duration"}
    with pytest.raises(ModelError):
        woa.equilibrium_quit_probability(0.0, 1.0)
    with pytest.raises(ModelError):
        woa.simulate_war_of_attrition(2.0, 1.0, n_paths=10, quit_probability=0.0)


def test_simulated_indifference_locates_the_equilibrium_hazard() -> None:
    """Find, by simulation alone, the opponent hazard q at which holding on one more step (k = 1)
    pays the same as quitting now (k = 0); it is c / (V + c), not a number fed to the simulator."""
    V, c, n = 5.0, 1.0, 200_000
    grid = np.linspace(0.05, 0.4, 15)
    gain = []
    for q in grid:  # common random numbers: the same seed at every grid point
        stay = woa.simulate_war_of_attrition(V, c, n_paths=n, quit_probability=q, persistence=(1, None), rng=9)
        quit = woa.simulate_war_of_attrition(V, c, n_paths=n, quit_probability=q, persistence=(0, None), rng=9)
        gain.append(stay.payoffs[:, 0].mean() - quit.payoffs[:, 0].mean())
    root = np.interp(0.0, np.array(gain), grid)  # gain increases in q
    assert np.all(np.diff(gain) > 0)
    assert abs(root - c / (V + c)) < 0.01
