"""Lever search on the analytic model (tests/analysis/_models.py), where thresholds have closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from realpolitik import load
from realpolitik.analysis.levers import ensemble, lever_effect, lever_grid, lever_threshold, levers
from realpolitik.analysis.uncertainty import monte_carlo
from realpolitik.errors import InputError
from tests.analysis._models import TEMPERATURE, scenario
from tests.conftest import SEED_SCENARIO


def _logit(q: float) -> float:
    return math.log(q / (1 - q))


@pytest.mark.parametrize("q", [0.3, 0.5, 0.7])
def test_factor_lever_threshold_closed_form(q: float) -> None:
    # Fixed inputs: P(t) = sigma(m(t)/T), m(t) = -0.05 + 0.01 t, so P(t) >= q iff t >= 5 + 100 T logit(q).
    r = levers(scenario(), "a", "deal", ["b.sanctions"], q=q, draws=64, rng=0)
    (ans,) = r.answers
    expected = 5 + 100 * TEMPERATURE * _logit(q)
    assert ans.found
    assert ans.threshold == pytest.approx(expected, abs=1e-3 * 10)
    assert ans.p_at_threshold >= q
    assert ans.monotone


def test_threshold_beyond_the_range_is_none() -> None:
    # q = 0.8 needs t = 5 + 5 ln 4 = 11.93 > 10, the top of the declared range.
    (ans,) = levers(scenario(), "a", "deal", ["b.sanctions"], q=0.8, draws=64, rng=0).answers
    assert not ans.found
    assert ans.threshold is None
    assert ans.at_max == 10.0
    assert ans.beyond_range == pytest.approx(5 + 5 * math.log(4), abs=1e-3 * 90)
    assert ans.p_max == pytest.approx(1 / (1 + math.exp(-0.05 / TEMPERATURE)))


def test_threshold_under_symmetric_uncertainty() -> None:
    # p ~ PERT(0.4, 0.6, 0.8) is symmetric about 0.6, so m(t) = 0.55 + 0.01 t - p is symmetric about
    # 0.01 (t - 5) and E[sigma(m/T)] = 1/2 exactly at t = 5 (sigma(-z) = 1 - sigma(z)).
    (ans,) = levers(
        scenario("{central: 0.6, low: 0.4, high: 0.8}"), "a", "deal", ["b.sanctions"], draws=8192, rng=2
    ).answers
    assert ans.threshold == pytest.approx(5.0, abs=0.1)
    assert np.all(np.diff(ans.p_accept) >= 0)  # common random numbers: monotone curve


def test_discrete_issue_lever_moves_whole_levels() -> None:
    # With status salience 1: U = (0.5 + u_status)/2, m = U - 0.55: 'some' gives -0.05, 'full' +0.2.
    (ans,) = levers(scenario(status_salience="1"), "a", "deal", ["b.status"], draws=64, rng=0).answers
    assert ans.intensities == (0.0, 1.0, 2.0)
    assert ans.threshold == 2.0
    assert ans.threshold_level == "full"
    (none,) = levers(
        scenario(status_salience="1"), "a", "deal", ["b.status"], q=0.99, draws=64, rng=0
    ).answers
    assert not none.found
    assert none.beyond_range is None  # discrete levels cannot go past the last one


def test_issue_lever_saturates_at_the_end_of_the_scale() -> None:
    # u(x) = x; the concession moves the offer 0.5 -> 0.5 + t: m(t) = t - 0.05, zero at t = 0.05.
    (ans,) = levers(scenario(), "a", "deal", ["b.land"], draws=64, rng=0).answers
    assert ans.threshold == pytest.approx(0.05, abs=1e-4 * 0.5)
    assert ans.monotone


def test_non_monotone_issue_lever_finds_first_crossing_and_is_flagged() -> None:
    # Ideal 0.7: u(x) = 1 - |x - 0.7|/0.7; with p = 0.8, m = u - 0.75, so acceptance first holds at
    # x = 0.7 - 0.175 = 0.525 (t = 0.025) and is lost again past x = 0.875 (t = 0.375).
    (ans,) = levers(scenario("0.8", land_ideal=0.7), "a", "deal", ["b.land"], draws=64, rng=0).answers
    assert ans.threshold == pytest.approx(0.025, abs=1e-4 * 0.5)
    assert not ans.monotone
    assert ans.at_max == pytest.approx(0.2)


def test_two_lever_grid_is_additive_in_the_margin() -> None:
    s = scenario(status_salience="1")
    ens = ensemble(s, "a", "deal", draws=64, rng=0)
    g = lever_grid(
        ens, lever_effect(s, ens.problem, "b.sanctions"), lever_effect(s, ens.problem, "b.status"), n=3
    )
    p = np.array(g.p_accept)
    assert p.shape == (3, 3)
    # m(t, level) = -0.3 + 0.01 t + 0.25 level
    t, lv = np.meshgrid([0.0, 5.0, 10.0], [0.0, 1.0, 2.0], indexing="ij")
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-(-0.3 + 0.01 * t + 0.25 * lv) / TEMPERATURE)), rtol=1e-12)


def test_unknown_lever_and_bad_quantile_are_input_errors() -> None:
    with pytest.raises(InputError, match="lever"):
        levers(scenario(), "a", "deal", ["nope"], draws=16, rng=0)
    s = scenario()
    ens = ensemble(s, "a", "deal", draws=16, rng=0)
    with pytest.raises(InputError, match="quantile"):
        lever_threshold(ens, lever_effect(s, ens.problem, "b.sanctions"), q=1.5)


def test_seed_scenario_answers() -> None:
    r = levers(load(SEED_SCENARIO), "russia", "us-2025", draws=2048, rng=0)
    by_id = {a.lever: a for a in r.answers}
    assert set(by_id) == {
        "us.secondary_tariffs",
        "us.deadline_credibility",
        "us.arms_via_europe",
        "us.territory_concession",
        "us.statehood_concession",
    }
    # Every lever is evaluated on the same draws: identical P(accept) at the current intensity.
    assert len({round(a.p_current, 15) for a in r.answers}) == 1
    for a in r.answers:
        assert a.p_max >= a.p_current
        assert a.found == (a.threshold is not None)


def test_lever_grid_rejects_a_pair_of_one_lever_and_a_one_point_grid() -> None:
    s = scenario()
    ens = ensemble(s, "a", "deal", draws=16, rng=0)
    e = lever_effect(s, ens.problem, "b.sanctions")
    with pytest.raises(InputError, match="two different levers"):
        lever_grid(ens, e, e)
    with pytest.raises(InputError, match="at least 2"):
        lever_grid(ens, e, lever_effect(s, ens.problem, "b.status"), n=1)


# --- issue 13: the reverse question, intervals, no extrapolation past a bounded unit, ranking ---------


def test_accepting_actor_gets_the_walk_away_threshold() -> None:
    """Ukraine accepts the seed offer; conceding statehood levels is what would make it walk away."""
    from realpolitik import load as load_scenario
    from realpolitik.analysis.levers import levers as run_levers
    from tests.conftest import SEED_SCENARIO

    s = load_scenario(SEED_SCENARIO)
    r = run_levers(s, "ukraine", "us-2025", ["us.statehood_concession"], draws=1000, rng=0)
    a = r.answers[0]
    assert a.reverse
    assert a.p_current >= 0.5
    assert a.found
    assert a.threshold is not None
    assert a.p_at_threshold is not None
    assert a.p_at_threshold < 0.5
    # one level less than the threshold keeps P(accept) >= 0.5 (levels are whole steps)
    before = a.p_accept[a.intensities.index(a.threshold - 1.0)]
    assert before >= 0.5


def test_bounded_lever_is_never_extrapolated_past_its_range() -> None:
    from realpolitik import load as load_scenario
    from realpolitik.analysis.levers import levers as run_levers
    from tests.conftest import SEED_SCENARIO

    s = load_scenario(SEED_SCENARIO)
    r = run_levers(s, "russia", "us-2025", ["us.deadline_credibility", "us.arms_via_europe"], draws=1000, rng=0)
    cred, arms = r.answers
    assert cred.bounded
    assert not cred.found
    assert cred.beyond_range is None  # a probability is never pushed past 1
    assert not arms.bounded  # billions of dollars may go past the declared range
    assert "Not ranked against each other" in r.ranking_rule()


def test_threshold_interval_brackets_the_threshold_and_cost_ranks() -> None:
    """Analytic model: the land concession's threshold has a bootstrap interval around it."""
    sc = scenario("{central: 0.6, low: 0.4, high: 0.8, dist: uniform}")
    lever = sc.levers["b.land"].model_copy(update={"cost": 2.0})
    sc = sc.model_copy(update={"levers": {**sc.levers, "b.land": lever}})
    r = levers(sc, "a", "deal", ["b.land"], draws=4000, rng=1)
    a = r.answers[0]
    assert a.found
    assert a.threshold is not None
    assert a.interval is not None
    lo, hi = a.interval
    assert lo <= a.threshold + 1e-3
    assert hi >= a.threshold - 1e-3
    assert hi - lo < 0.2
    assert a.cost == pytest.approx(2.0 * abs(a.threshold - a.current))
    assert r.by_cost
    assert r.to_dict()["ranked_by"] == "cost"


def test_per_unit_written_as_an_estimate_is_drawn_per_draw() -> None:
    """per_unit: {central, low, high}: same P(accept) at the current intensity, a spread curve away from it."""
    from realpolitik.scenario.schema import Lever

    fixed = Lever.model_validate(
        {"actor": "b", "name": "x", "issue": "land", "per_unit": 1.0, "unit": "share", "range": [0, 0.5]}
    )
    ranged = Lever.model_validate(
        {"actor": "b", "name": "x", "issue": "land", "unit": "share", "range": [0, 0.5],
         "per_unit": {"central": 1.0, "low": 0.2, "high": 1.2}}
    )
    assert ranged.per_unit == 1.0
    assert ranged.per_unit_range == (0.2, 1.2)
    with pytest.raises(ValueError, match="per_unit"):
        Lever.model_validate(
            {"actor": "b", "name": "x", "issue": "land", "unit": "share", "range": [0, 0.5],
             "per_unit": 1.0, "per_unit_range": [2.0, 3.0]}
        )
    base = scenario("{central: 0.6, low: 0.4, high: 0.8, dist: uniform}")
    answers, mc = [], []
    for lever in (fixed, ranged):
        sc = base.model_copy(update={"levers": {**base.levers, "b.land": lever}})
        answers.append(levers(sc, "a", "deal", ["b.land"], draws=2000, rng=3).answers[0])
        mc.append(monte_carlo(sc, "a", "deal", draws=2000, rng=3))
    a, b = answers
    assert a.intensities == b.intensities
    # per_unit is a parameter of the shared table: at the current intensity, levers reads the
    # same draws as the Monte Carlo of `why`, and the ranged lever only reshuffles the design
    assert (a.p_current, b.p_current) == (mc[0].p_accept.estimate, mc[1].p_accept.estimate)
    assert "per_unit:b.land" in mc[1].parameters
    assert b.p_current == pytest.approx(a.p_current, abs=4 * mc[1].p_accept.high - 4 * mc[1].p_accept.low)
    assert a.p_accept != b.p_accept  # away from it, each draw moves by its own per_unit
    # a smaller expected effect (PERT mean below the mode 1.0) needs a larger concession
    assert b.threshold is not None
    assert a.threshold is not None
    assert b.threshold > a.threshold


@pytest.mark.parametrize(
    "lever_ids",
    [("us.secondary_tariffs",), ("us.arms_via_europe",), ("us.territory_concession",),
     ("us.secondary_tariffs", "us.territory_concession")],
)
def test_block_margins_equal_the_margin_at_the_shifted_inputs(lever_ids: tuple[str, ...]) -> None:
    # The fast path (one matrix product for the margin's sums, lever shifts added to them) must be
    # DecisionProblem.margin at the shifted values and positions, to rounding.
    from realpolitik.analysis.levers import _block_margins

    s = load(SEED_SCENARIO)
    ens = ensemble(s, "russia", "us-2025", draws=1000, rng=4)
    effects = tuple(lever_effect(s, ens.problem, lv) for lv in lever_ids)
    t = np.stack([np.linspace(e.low, e.high, 4) for e in effects], axis=1)
    (block,) = ens.chunks[0].blocks
    got, p = _block_margins(ens.problem, ens.table, "lhs", effects, t, block, ens.problem.margin_rows())
    sal, val = ens.table.split_rows(ens.table.draw(block))
    for row, ti in enumerate(t):
        v, pos = val.copy(), np.broadcast_to(ens.problem.positions, sal.shape).copy()
        for e, x in zip(effects, ti, strict=True):
            target = v if e.target == "factor" else pos
            target[:, e.index] += (x - e.current) * e.per_unit
        want = ens.problem.margin(sal, v, pos)
        np.testing.assert_allclose(got[row], want, rtol=0, atol=1e-12)
        np.testing.assert_allclose(p[row], ens.problem.acceptance_probability(want), rtol=0, atol=1e-12)


def test_block_margins_with_a_drawn_per_unit_equal_the_shifted_margin() -> None:
    from realpolitik.analysis.levers import _block_margins, _shift
    from realpolitik.scenario.schema import Lever

    ranged = Lever.model_validate(
        {"actor": "b", "name": "x", "issue": "land", "unit": "share", "range": [0, 0.5],
         "per_unit": {"central": 1.0, "low": 0.2, "high": 1.2}}
    )
    base = scenario("{central: 0.6, low: 0.4, high: 0.8, dist: uniform}")
    sc = base.model_copy(update={"levers": {**base.levers, "b.land": ranged}})
    ens = ensemble(sc, "a", "deal", draws=700, rng=5)
    (effect,) = effects = (lever_effect(sc, ens.problem, "b.land"),)
    t = np.linspace(effect.low, effect.high, 5)[:, None]
    (block,) = ens.chunks[0].blocks
    got, _ = _block_margins(ens.problem, ens.table, "lhs", effects, t, block, ens.problem.margin_rows())
    x = ens.table.draw(block)
    sal, val = ens.table.split_rows(x)
    others = ens.table.others_rows(x)
    assert "per_unit:b.land" in others
    v, pos = _shift(ens.problem, val, effects, t, others)
    np.testing.assert_allclose(got, ens.problem.margin(sal, v, pos), rtol=0, atol=1e-12)
