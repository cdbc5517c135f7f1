"""Monte Carlo over shocked inputs and backtests against observed outcomes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from realpolitik.analysis.forecast import Uncertainty, _shocked, backtest, monte_carlo
from realpolitik.engines.eum import EUMOptions, run_eum
from realpolitik.engines.forecast_baselines import forecast
from realpolitik.errors import InputError
from realpolitik.scenario.tables import ActorTable, read_issue_tables, read_outcomes

ROOT = Path(__file__).resolve().parents[2]
X = np.array([4, 7, 4, 4, 10, 10, 10, 7, 4, 7.0])
C = np.array([0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08])
S = np.array([0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7])
SHOCK = Uncertainty(position=0.5, salience=0.1, capability=0.2)


@pytest.mark.parametrize("model", ["eum", "mean"])
def test_same_seed_same_monte_carlo(model: str) -> None:
    a = monte_carlo(model, X, C, S, SHOCK, draws=30, rng=42, rounds=3)
    b = monte_carlo(model, X, C, S, SHOCK, draws=30, rng=42, rounds=3)
    assert_array_equal(a.forecasts, b.forecasts)
    assert_array_equal(a.medians, b.medians)
    c = monte_carlo(model, X, C, S, SHOCK, draws=30, rng=43, rounds=3)
    assert not np.array_equal(a.forecasts, c.forecasts)


def test_seed_zero_is_a_seed() -> None:
    a = monte_carlo("mean", X, C, S, SHOCK, draws=5, rng=0)
    b = monte_carlo("mean", X, C, S, SHOCK, draws=5, rng=np.random.default_rng(0))
    assert_array_equal(a.forecasts, b.forecasts)


def test_no_uncertainty_reproduces_the_single_forecast() -> None:
    mc = monte_carlo("eum", X, C, S, Uncertainty(), draws=3, rounds=4)
    single = forecast("eum", X, C, S, rounds=4)
    assert_array_equal(mc.forecasts, np.full(3, single.forecast))
    assert_array_equal(mc.medians[0], single.medians)


@pytest.mark.parametrize("options", [None, EUMOptions.scholz2011(), EUMOptions(stop="median", tol=1e-3)])
def test_eum_monte_carlo_equals_one_engine_run_per_draw(options: EUMOptions | None) -> None:
    # The draws run as a leading axis of the EUM (engines/eum_batch.py); each forecast must be the one
    # run_eum gives on that draw's shocked inputs, bit for bit, as the former per-draw loop gave.
    mc = monte_carlo("eum", X, C, S, SHOCK, draws=25, rng=5, rounds=6, options=options)
    Xs, Cs, Ss = _shocked(X, C, S, (4.0, 10.0), SHOCK, 25, np.random.default_rng(5))
    for d in range(25):
        one = run_eum(Xs[d], Cs[d], Ss[d], rounds=6, scale=(4.0, 10.0), options=options)
        assert mc.forecasts[d] == one.forecast
        assert_array_equal(mc.medians[d, : one.medians.size], one.medians)
        assert np.all(mc.medians[d, one.medians.size :] == one.medians[-1])


def test_shocks_stay_on_the_scale_and_summaries_are_ordered() -> None:
    mc = monte_carlo("eum", X, C, S, Uncertainty(position=5.0), draws=40, rng=1, rounds=3)
    assert np.all((mc.medians >= 4) & (mc.medians <= 10))
    q = list(mc.quantiles().values())
    assert q == sorted(q)
    assert mc.to_dict()["draws"] == 40


def test_negative_uncertainty_is_an_input_error() -> None:
    with pytest.raises(InputError, match="uncertainty"):
        monte_carlo("mean", X, C, S, Uncertainty(position=-1), draws=2)


def _table(issue: str, x: list[float]) -> ActorTable:
    n = len(x)
    return ActorTable(tuple(f"a{i}" for i in range(n)), np.ones(n), np.array(x), np.ones(n), issue)


def test_backtest_scores_and_pairs_models_on_the_same_issues() -> None:
    tables = {"p": _table("p", [0, 10, 11]), "q": _table("q", [0, 0, 9]), "r": _table("r", [5, 6, 20])}
    outcomes = {"p": 10.0, "q": 0.0, "r": 6.0}  # the median is exactly right on every issue
    res = backtest(tables, outcomes, models=("median", "mean"), n_boot=500, rng=3)
    scores = {s.model: s for s in res.scores}
    assert scores["median"].mae == 0.0
    assert scores["mean"].mae == pytest.approx((3 + 3 + 4.333333333) / 3)
    assert scores["mean"].ci_low <= scores["mean"].mae <= scores["mean"].ci_high
    (pair,) = res.comparisons
    assert (pair.a, pair.b) == ("median", "mean")
    assert pair.mae_difference == pytest.approx(-scores["mean"].mae)
    assert pair.ci_high < 0
    assert pair.share_a_better == 1.0
    assert res.to_dict()["scores"][0]["model"] == "median"


def test_backtest_on_the_shipped_example_runs_every_model() -> None:
    tables = read_issue_tables(ROOT / "examples" / "backtest_issues.csv")
    outcomes = read_outcomes(ROOT / "examples" / "backtest_outcomes.csv")
    res = backtest(tables, outcomes, n_boot=200, rng=0)
    assert [s.model for s in res.scores] == ["eum", "mean", "median", "nbs"]
    assert len(res.comparisons) == 6
    assert res.issues == tuple(outcomes)
    a = backtest(tables, outcomes, n_boot=200, rng=0)
    assert a.to_dict() == res.to_dict()


def test_backtest_rejects_outcomes_for_unknown_issues() -> None:
    tables = {"p": _table("p", [0, 1])}
    with pytest.raises(InputError, match="'issue' of the outcomes"):
        backtest(tables, {"p": 1.0, "typo": 2.0})
    with pytest.raises(InputError, match="nothing to backtest"):
        backtest(tables, {})
    with pytest.raises(InputError, match="'models'"):
        backtest(tables, {"p": 1.0}, models=("eum", "crystal-ball"))


def test_scenario_uncertainty_is_half_the_declared_range() -> None:
    import realpolitik as rp
    from realpolitik.analysis.forecast import scenario_uncertainty
    from realpolitik.scenario import eum_table

    s = rp.load(ROOT / "scenarios" / "ukraine-2025-07.yaml")
    table = eum_table(s, "territory")
    unc = scenario_uncertainty(s, "territory", position=0.1)
    for k, actor in enumerate(table.actors):
        cap = s.actors[actor].capability
        sal = s.actors[actor].stances["territory"].salience
        assert cap is not None
        assert cap.low is not None
        assert cap.high is not None
        assert unc.capability[k] == pytest.approx((cap.high - cap.low) / 2 / cap.central)  # relative
        if sal.low is not None and sal.high is not None:
            assert unc.salience[k] == pytest.approx((sal.high - sal.low) / 2)
    assert unc.position == pytest.approx(0.1 * (table.scale_max - table.scale_min))
