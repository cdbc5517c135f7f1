"""Proper scores, Murphy decomposition, calibration and paired comparison, against hand-worked results."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import integrate, stats

from realpolitik.engines import scoring as sc
from realpolitik.errors import InputError, RealpolitikWarning

P = [0.7, 0.2, 0.9, 0.4]
Y = [1, 0, 0, 1]


def test_brier_and_log_match_hand_worked_values() -> None:
    # (1-0.7)^2, (0.2-0)^2, (0.9-0)^2, (0.4-1)^2
    assert_allclose(sc.brier(P, Y), [0.09, 0.04, 0.81, 0.36])
    assert_allclose(sc.brier(P, Y).mean(), 0.325)
    # -ln 0.7, -ln 0.8, -ln 0.1, -ln 0.4
    assert_allclose(sc.log_score(P, Y), [0.356675, 0.223144, 2.302585, 0.916291], atol=1e-6)


def test_categorical_scores_by_hand_and_reduce_to_binary() -> None:
    P3 = [[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]]
    # outcome 0: .25+.09+.04; outcome 2: .25+.09+.64
    assert_allclose(sc.brier_categorical(P3, [0, 2]), [0.38, 0.98])
    assert_allclose(sc.log_score_categorical(P3, [1, 2]), [-math.log(0.3), -math.log(0.2)])
    # two categories: Brier's original sum is twice the one-component binary score
    p, y = np.array(P), np.array(Y)
    two = np.column_stack([p, 1 - p])
    assert_allclose(sc.brier_categorical(two, 1 - y), 2 * sc.brier(p, y))
    assert_allclose(sc.log_score_categorical(two, 1 - y), sc.log_score(p, y))


def test_log_score_of_an_impossible_outcome_is_infinite_and_warns() -> None:
    with pytest.warns(RealpolitikWarning, match="probability 0"):
        s = sc.log_score([0.0, 0.5], [1, 1])
    assert s[0] == np.inf
    assert s[1] == pytest.approx(math.log(2))


@pytest.mark.parametrize("bad", [1.2, -0.1, float("nan")])
def test_probability_outside_unit_interval_is_rejected(bad: float) -> None:
    with pytest.raises(InputError, match=r"probability in \[0, 1\]"):
        sc.brier([0.5, bad], [1, 0])


def test_outcomes_must_be_zero_or_one() -> None:
    with pytest.raises(InputError, match="0 \\(no\\) or 1"):
        sc.brier([0.5], [2])
    with pytest.raises(InputError, match="summing to 1"):
        sc.brier_categorical([[0.5, 0.6]], [0])


def test_crps_ensemble_by_hand() -> None:
    # members 1,2,3 and y = 2: E|X-y| = 2/3; E|X-X'| over 9 ordered pairs = 8/9; CRPS = 2/3 - 4/9
    assert_allclose(sc.crps_ensemble([[1.0, 2.0, 3.0]], [2.0]), [2 / 9])
    # a one-member ensemble is a point forecast: CRPS is the absolute error
    assert_allclose(sc.crps_ensemble([[5.0], [1.0]], [2.0, 4.0]), [3.0, 3.0])


def _crps_by_integration(cdf, y: float, lo: float, hi: float) -> float:
    """CRPS by its definition ∫ (F(x) - 1{x >= y})^2 dx (Gneiting & Raftery 2007, eq. 20)."""
    left = integrate.quad(lambda x: cdf(x) ** 2, lo, y, limit=200)[0]
    right = integrate.quad(lambda x: (1 - cdf(x)) ** 2, y, hi, limit=200)[0]
    return left + right


@pytest.mark.parametrize(("mu", "sigma", "y"), [(0.0, 1.0, 0.0), (1.0, 2.0, -1.5), (-3.0, 0.5, -2.0)])
def test_crps_normal_closed_form_matches_the_integral(mu: float, sigma: float, y: float) -> None:
    """Gneiting et al. (2005, eq. 5) against the defining integral."""
    want = _crps_by_integration(stats.norm(mu, sigma).cdf, y, mu - 12 * sigma, mu + 12 * sigma)
    assert_allclose(sc.crps_normal(mu, sigma, y), want, rtol=1e-7)
    assert_allclose(sc.crps_normal(0.0, 1.0, 0.0), (math.sqrt(2) - 1) / math.sqrt(math.pi))


def test_ensemble_and_quantile_crps_converge_to_the_normal_closed_form() -> None:
    mu, sigma, y = 1.0, 2.0, 2.5
    exact = float(sc.crps_normal(mu, sigma, y))
    members = stats.norm(mu, sigma).ppf((np.arange(4000) + 0.5) / 4000)
    assert_allclose(sc.crps_ensemble(members, y), exact, rtol=2e-3)
    levels = np.arange(1, 100) / 100
    q = stats.norm(mu, sigma).ppf(levels)
    assert_allclose(sc.crps_quantiles(levels, q, y), exact, rtol=0.02)


@given(
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=8),
    st.floats(-60, 60, allow_nan=False),
)
def test_crps_ensemble_equals_its_defining_integral(members: list[float], y: float) -> None:
    x = np.array(members)
    ecdf = lambda t: float(np.mean(x <= t))  # noqa: E731
    points = np.unique(np.append(x, y))
    # the integrand is piecewise constant between the sorted points: integrate exactly
    total = 0.0
    for a, b in itertools.pairwise(points):
        mid = (a + b) / 2
        total += (ecdf(mid) - float(mid >= y)) ** 2 * (b - a)
    assert_allclose(sc.crps_ensemble([members], [y]), [total], atol=1e-9)


def test_crps_quantiles_rejects_crossing_quantiles_and_bad_levels() -> None:
    with pytest.raises(InputError, match="non-decreasing"):
        sc.crps_quantiles([0.1, 0.9], [[2.0, 1.0]], [1.0])
    with pytest.raises(InputError, match="levels"):
        sc.crps_quantiles([0.0, 0.9], [[1.0, 2.0]], [1.0])


def test_calibration_table_matches_a_hand_count() -> None:
    p = [0.05, 0.12, 0.18, 0.3, 0.35, 0.38, 0.5, 0.72, 0.75, 0.9, 0.95, 1.0]
    y = [0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1]
    t = sc.calibration_table(p, y, bins=5)
    # by hand: [0,.2): .05 .12 .18 -> 3, one yes; [.2,.4): .3 .35 .38 -> 3, one yes;
    # [.4,.6): .5 -> 1, one yes; [.6,.8): .72 .75 -> 2, two yes; [.8,1]: .9 .95 1.0 -> 3, two yes
    assert t.count.tolist() == [3, 3, 1, 2, 3]
    assert t.events.tolist() == [1, 1, 1, 2, 2]
    assert_allclose(t.mean_forecast, [0.35 / 3, 1.03 / 3, 0.5, 0.735, 2.85 / 3])
    assert_allclose(t.observed, [1 / 3, 1 / 3, 1.0, 1.0, 2 / 3])
    empty = sc.calibration_table([0.05], [1], bins=2)
    assert np.isnan(empty.observed[1])
    assert empty.to_dict()["observed"] == [1.0, None]


def test_murphy_hand_worked() -> None:
    # bins 0.8 (n=2, ō=.5) and 0.2 (n=2, ō=0); ō=.25
    d = sc.murphy([0.8, 0.8, 0.2, 0.2], [1, 0, 0, 0], bins=None)
    assert_allclose([d.reliability, d.resolution, d.uncertainty, d.brier], [0.065, 0.0625, 0.1875, 0.19])
    assert d.within_variance == 0
    assert d.within_covariance == 0


probs = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 1)), min_size=1, max_size=60)


@given(probs, st.integers(1, 12))
def test_brier_equals_its_decomposition_on_any_binning(pairs: list[tuple[float, int]], bins: int) -> None:
    """BS = REL - RES + UNC + WBV - WBC (Murphy 1973; Stephenson et al. 2008) for any forecasts and bins."""
    p, y = (np.array(v, dtype=float) for v in zip(*pairs, strict=True))
    d = sc.murphy(p, y, bins=bins)
    assert_allclose(d.brier, sc.brier(p, y).mean())
    assert_allclose(
        d.reliability - d.resolution + d.uncertainty + d.within_variance - d.within_covariance,
        d.brier, atol=1e-12,
    )  # fmt: skip
    assert d.reliability >= 0
    assert d.resolution >= 0
    assert 0 <= d.uncertainty <= 0.25


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 1)), min_size=1, max_size=60))
def test_three_term_identity_is_exact_when_bins_hold_one_forecast_value(pairs: list[tuple[int, int]]) -> None:
    """Forecasts on the bin centres 0.05, 0.15, …: no within-bin terms, Murphy's identity exactly."""
    p = np.array([0.05 + k / 10 for k, _ in pairs])
    y = np.array([o for _, o in pairs], dtype=float)
    for d in (sc.murphy(p, y, bins=10), sc.murphy(p, y, bins=None)):
        assert_allclose(d.within_variance, 0, atol=1e-15)
        assert_allclose(d.within_covariance, 0, atol=1e-15)
        assert_allclose(d.reliability - d.resolution + d.uncertainty, sc.brier(p, y).mean(), atol=1e-12)


def _overconfident(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True probabilities q, outcomes from q, forecasts with doubled log-odds (too extreme)."""
    q = rng.uniform(0.05, 0.95, n)
    y = (rng.uniform(size=n) < q).astype(float)
    logit = np.log(q / (1 - q))
    return q, y, 1 / (1 + np.exp(-2 * logit))


def test_overconfidence_shows_in_reliability_and_the_calibration_slope() -> None:
    q, y, over = _overconfident(2000, np.random.default_rng(3))
    calibrated, overconfident = sc.murphy(q, y), sc.murphy(over, y)
    assert overconfident.reliability > 5 * calibrated.reliability
    assert abs(sc.calibration_slope(q, y) - 1) < 0.2
    assert_allclose(sc.calibration_slope(over, y), 0.5, atol=0.1)  # log-odds doubled -> slope 1/2


def test_calibration_slope_undefined_when_outcomes_constant() -> None:
    with pytest.warns(RealpolitikWarning, match="undefined"):
        assert math.isnan(sc.calibration_slope([0.2, 0.7], [1, 1]))


def test_paired_bootstrap() -> None:
    rng = np.random.default_rng(0)
    a = rng.uniform(size=50)
    same = sc.paired_bootstrap(a, a, rng=1)
    assert same.mean == same.low == same.high == 0
    shifted = sc.paired_bootstrap(a, a - 0.1, rng=1)
    assert_allclose([shifted.mean, shifted.low, shifted.high], 0.1)
    b = rng.uniform(size=50)
    r1, r2 = sc.paired_bootstrap(a, b, rng=7), sc.paired_bootstrap(a, b, rng=7)
    assert r1 == r2
    assert r1.low < r1.mean < r1.high
    # the interval is close to mean ± 1.96 standard errors of the differences
    se = np.std(a - b, ddof=1) / np.sqrt(50)
    assert_allclose(r1.high - r1.low, 2 * 1.96 * se, rtol=0.15)
    with pytest.raises(InputError, match="as many as 'a'"):
        sc.paired_bootstrap(a, b[:3])


def test_time_weighted_score_by_hand() -> None:
    # 0.36 for 30 days, 0.04 for 10 days: (10.8 + 0.4) / 40
    assert_allclose(sc.time_weighted([0.36, 0.04], [0.0, 30.0], 40.0), 0.28)
    assert sc.time_weighted([0.5], [3.0], 3.0) == 0.5
    with pytest.raises(InputError, match="increasing"):
        sc.time_weighted([0.1, 0.2], [5.0, 1.0], 10.0)


def test_calibration_slope_is_the_logistic_regression_maximum_likelihood() -> None:
    """Against a general-purpose optimizer of the same likelihood (Cox 1958), weighted and not."""
    from scipy.optimize import minimize

    q, y, over = _overconfident(200, np.random.default_rng(11))
    w = np.random.default_rng(1).uniform(0.2, 2.0, 200)
    for p, weights in ((q, None), (over, None), (over, w)):
        x = np.log(p / (1 - p))
        sw = np.ones_like(x) if weights is None else weights
        nll = lambda b, x=x, sw=sw: float(np.sum(sw * (np.logaddexp(0, b[0] + b[1] * x) - y * (b[0] + b[1] * x))))  # noqa: E731
        want = minimize(nll, [0.0, 1.0], method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-12}).x[1]
        assert_allclose(sc.calibration_slope(p, y, weights=weights), want, atol=1e-5)


@given(probs, st.integers(1, 12), st.lists(st.floats(0.01, 5), min_size=60, max_size=60))
def test_weighted_decomposition_identity(pairs: list[tuple[float, int]], bins: int, ws: list[float]) -> None:
    p, y = (np.array(v, dtype=float) for v in zip(*pairs, strict=True))
    w = np.array(ws[: p.size])
    d = sc.murphy(p, y, bins=bins, weights=w)
    assert_allclose(d.brier, np.average(sc.brier(p, y), weights=w))
    total = d.reliability - d.resolution + d.uncertainty + d.within_variance - d.within_covariance
    assert_allclose(total, d.brier, atol=1e-12)
    # integer weights are repeated forecasts
    reps = np.array([1 + i % 3 for i in range(p.size)])
    rep = sc.murphy(np.repeat(p, reps), np.repeat(y, reps), bins=bins)
    assert_allclose(sc.murphy(p, y, bins=bins, weights=reps).reliability, rep.reliability, atol=1e-12)


def test_reliability_if_calibrated_is_the_null_distribution() -> None:
    q, _, _ = _overconfident(300, np.random.default_rng(5))
    null = sc.reliability_if_calibrated(q, bins=10, replicates=500, rng=2)
    assert null.shape == (500,)
    # outcomes drawn from q itself: the mean reliability of a calibrated forecaster is small and positive
    assert 0 < null.mean() < 0.02
    # one replicate by hand: the same draw through murphy()
    ys = (np.random.default_rng(2).uniform(size=(500, 300)) < q).astype(float)
    assert_allclose(null[7], sc.murphy(q, ys[7], bins=10).reliability)
