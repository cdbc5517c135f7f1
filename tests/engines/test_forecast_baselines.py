"""Baseline forecasters: values, the common interface, and the NBS derivation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.engines.forecast_baselines import MODELS, forecast, nbs_forecast
from realpolitik.engines.forecast_result import ForecastResult
from realpolitik.errors import InputError, ModelError

# Bueno de Mesquita (1994), Table 1: EC car-emission standards.
X = np.array([4, 7, 4, 4, 10, 10, 10, 7, 4, 7.0])
C = np.array([0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08])
S = np.array([0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7])


@pytest.mark.parametrize(("model", "want"), [("mean", 7.389956), ("median", 7.0), ("nbs", 7.389956)])
def test_baselines_on_the_ec_data(model: str, want: float) -> None:
    res = forecast(model, X, C, S)
    assert res.forecast == pytest.approx(want, abs=5e-7)
    assert res.model == model
    assert res.rounds_run == 0
    assert res.positions.shape == (1, 10)


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_model_returns_the_common_result(model: str) -> None:
    """Contract suite: one interface for all models."""
    res = forecast(model, X, C, S, rounds=3)
    assert isinstance(res, ForecastResult)
    assert res.medians.shape == res.means.shape == (res.rounds_run + 1,)
    assert res.positions.shape == (res.rounds_run + 1, X.size)
    assert res.scale == (4.0, 10.0)
    d = res.to_dict(names=[f"a{i}" for i in range(10)])
    assert d["model"] == model
    assert isinstance(d["forecast"], float)


def test_unknown_model_is_an_input_error() -> None:
    with pytest.raises(InputError, match="'model'"):
        forecast("oracle", X, C, S)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 8).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0, 100, allow_subnormal=False), min_size=n, max_size=n),
    st.lists(st.floats(0.01, 10), min_size=n, max_size=n),
    st.lists(st.floats(0.05, 1), min_size=n, max_size=n),
)))
def test_nbs_with_worst_breakdown_is_the_weighted_mean(table) -> None:
    """The docstring's derivation: the Nash product is maximised at Σcsx/Σcs."""
    x, c, s = (np.array(v) for v in table)
    closed = nbs_forecast(x, c, s, scale=(0, 100)).forecast
    assert closed == pytest.approx((c * s) @ x / (c * s).sum())
    numeric = nbs_forecast(x, c, s, scale=(0, 100), disagreement=0.0).forecast
    assert numeric == pytest.approx(closed, abs=1e-3)


def test_nbs_moves_toward_actors_who_can_live_with_breakdown() -> None:
    x, c, s = np.array([0.0, 10.0]), np.array([1.0, 1.0]), np.array([1.0, 1.0])
    assert nbs_forecast(x, c, s).forecast == pytest.approx(5.0)
    # Breakdown is tolerable for actor 1 (d = 0.5): it gains leverage.
    res = nbs_forecast(x, c, s, disagreement=[0.0, 0.5])
    assert res.forecast > 5.5


def test_nbs_without_a_zone_of_agreement_is_a_model_error() -> None:
    with pytest.raises(ModelError):
        nbs_forecast([0.0, 10.0], [1, 1], [1, 1], disagreement=[0.9, 0.9])
    with pytest.raises(InputError, match="disagreement"):
        nbs_forecast([0.0, 10.0], [1, 1], [1, 1], disagreement=[1.2, 0.0])
