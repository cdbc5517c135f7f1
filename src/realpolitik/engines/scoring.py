"""Proper scores of probability forecasts, their decomposition, calibration and paired comparison.

A *proper* score rewards a forecaster for reporting what it believes: its
expected value is optimized only by the true distribution (Gneiting & Raftery
2007). Every score here is negatively oriented (lower is better) and is
returned per question, so callers can average, group or pair them.

* **Brier** (Brier 1950). Binary: ``(p - y)^2`` with ``y`` in {0, 1}, in [0, 1]
  (half of Brier's original two-category sum). Categorical: ``Σ_k (p_k - o_k)^2``
  over the K outcomes, in [0, 2].
* **Logarithmic** (Good 1952): ``-ln p(outcome)``; infinite when the outcome had
  probability 0 (a :class:`~realpolitik.errors.RealpolitikWarning` says so).
* **CRPS** for a number (Matheson & Winkler 1976; Gneiting & Raftery 2007,
  eq. 21): ``E|X - y| - ½ E|X - X'|`` for an ensemble; the closed form for a
  normal predictive distribution (Gneiting et al. 2005, eq. 5); and, for a
  forecast given as quantiles, twice the mean pinball (quantile) loss, the
  discretized form of ``CRPS = 2 ∫_0^1 QS_τ dτ`` (Gneiting & Raftery 2007, eq. 26;
  Bracher et al. 2021), which converges to the CRPS as the levels get dense.

**Murphy decomposition** (Murphy 1973) of the binary Brier score over forecast
bins ``k`` (``n_k`` forecasts, mean forecast ``f̄_k``, observed frequency ``ō_k``,
overall frequency ``ō``)::

    BS = REL - RES + UNC + WBV - WBC
    REL = Σ n_k (f̄_k - ō_k)^2 / N          reliability (0 when calibrated)
    RES = Σ n_k (ō_k - ō)^2 / N            resolution (higher is better)
    UNC = ō (1 - ō)                        uncertainty of the outcomes
    WBV = Σ_k Σ_i (f_i - f̄_k)^2 / N        within-bin variance of the forecasts
    WBC = 2 Σ_k Σ_i (o_i - ō_k)(f_i - f̄_k) / N   within-bin covariance

(Stephenson, Coelho & Jolliffe 2008): the last two vanish when every forecast in
a bin is the same, which gives Murphy's three-term identity exactly.

An over-confident forecaster (forecasts more extreme than the frequencies they
come true at) shows a large reliability term, observed frequencies pulled
towards the middle in the calibration table, and a calibration slope below 1
(Cox 1958: the slope of the logistic regression of the outcome on the
forecast's log-odds).

Paired comparison: two forecasters scored on the same questions differ by the
mean of per-question differences; its uncertainty is a percentile bootstrap
over questions (Efron & Tibshirani 1993, ch. 13), pairs kept together.

References
----------
Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
*Monthly Weather Review* 78(1).
Cox, D. R. (1958). Two further applications of a model for binary regression. *Biometrika* 45(3/4).
Gneiting, T., Raftery, A. E., Westveld, A. H. & Goldman, T. (2005). Calibrated probabilistic
forecasting using ensemble model output statistics and minimum CRPS estimation.
*Monthly Weather Review* 133(5).
Gneiting, T. & Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and estimation.
*JASA* 102(477).
Murphy, A. H. (1973). A new vector partition of the probability score. *J. Applied Meteorology* 12(4).
Bröcker, J. & Smith, L. A. (2007). Increasing the reliability of reliability diagrams.
*Weather and Forecasting* 22(3).
Stephenson, D. B., Coelho, C. A. S. & Jolliffe, I. T. (2008). Two extra components in the Brier score
decomposition. *Weather and Forecasting* 23(4).
Bracher, J., Ray, E. L., Gneiting, T. & Reich, N. G. (2021). Evaluating epidemic forecasts in an
interval format. *PLOS Computational Biology* 17(2).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtr

from realpolitik.engines.sampling import RNGLike, as_generator
from realpolitik.errors import InputError, RealpolitikWarning, field_message

__all__ = [
    "CalibrationTable",
    "MurphyDecomposition",
    "PairedDifference",
    "bin_index",
    "brier",
    "brier_categorical",
    "calibration_slope",
    "calibration_table",
    "crps_ensemble",
    "crps_normal",
    "crps_quantiles",
    "log_score",
    "log_score_categorical",
    "murphy",
    "paired_bootstrap",
    "reliability_if_calibrated",
    "time_weighted",
]

Array = NDArray[np.float64]


def _probabilities(p: ArrayLike, name: str = "p") -> Array:
    arr = np.asarray(p, dtype=float)
    if not np.all((arr >= 0.0) & (arr <= 1.0)):  # also rejects NaN
        bad = arr[~((arr >= 0.0) & (arr <= 1.0))].flat[0]
        raise InputError(field_message(name, "the forecasts", "a probability in [0, 1]", float(bad)))
    return arr


def _outcomes(y: ArrayLike, shape: tuple[int, ...]) -> Array:
    arr = np.asarray(y, dtype=float)
    if arr.shape != shape:
        raise InputError(field_message("y", "the outcomes", f"an array of shape {shape}", arr.shape))
    if not np.all((arr == 0.0) | (arr == 1.0)):
        raise InputError(field_message("y", "the outcomes", "0 (no) or 1 (yes)", arr.tolist()))
    return arr


def brier(p: ArrayLike, y: ArrayLike) -> Array:
    """Binary Brier score ``(p - y)^2`` of each forecast (Brier 1950).

    >>> brier([0.9, 0.2], [1, 1]).round(2).tolist()
    [0.01, 0.64]
    """
    f = _probabilities(p)
    return np.asarray((f - _outcomes(y, f.shape)) ** 2, dtype=float)


def _categorical(P: ArrayLike, outcome: ArrayLike) -> tuple[Array, NDArray[np.int_]]:
    probs = _probabilities(np.atleast_2d(np.asarray(P, dtype=float)))
    k = np.asarray(outcome, dtype=int).reshape(-1)
    if k.shape[0] != probs.shape[0] or np.any((k < 0) | (k >= probs.shape[1])):
        expected = f"{probs.shape[0]} indices in [0, {probs.shape[1]})"
        raise InputError(field_message("outcome", "the categorical outcomes", expected, k.tolist()))
    if not np.allclose(probs.sum(axis=1), 1.0, atol=1e-6):
        raise InputError(
            field_message(
                "p", "a categorical forecast", "probabilities summing to 1", probs.sum(axis=1).tolist()
            )
        )
    return probs, k


def brier_categorical(P: ArrayLike, outcome: ArrayLike) -> Array:
    """Brier's (1950) score ``Σ_k (p_k - o_k)^2`` of categorical forecasts, in [0, 2].

    ``P`` has one row per question, one column per outcome; ``outcome`` holds the
    index of the outcome that happened.

    >>> brier_categorical([[0.5, 0.3, 0.2]], [0]).round(2).tolist()
    [0.38]
    """
    probs, k = _categorical(P, outcome)
    hit = np.zeros_like(probs)
    hit[np.arange(k.size), k] = 1.0
    return np.asarray(((probs - hit) ** 2).sum(axis=1), dtype=float)


def _neg_log(q: Array) -> Array:
    if np.any(q == 0.0):
        warnings.warn(
            "an outcome that happened had forecast probability 0: its log score is infinite",
            RealpolitikWarning,
            stacklevel=3,
        )
    with np.errstate(divide="ignore"):
        return np.asarray(-np.log(q), dtype=float)


def log_score(p: ArrayLike, y: ArrayLike) -> Array:
    """Logarithmic score ``-ln p`` if yes, ``-ln(1 - p)`` if no (Good 1952), in nats.

    >>> log_score([0.5, 0.9], [1, 0]).round(4).tolist()
    [0.6931, 2.3026]
    """
    f = _probabilities(p)
    o = _outcomes(y, f.shape)
    return _neg_log(np.where(o == 1.0, f, 1.0 - f))


def log_score_categorical(P: ArrayLike, outcome: ArrayLike) -> Array:
    """Logarithmic score ``-ln p_k`` of the outcome ``k`` that happened."""
    probs, k = _categorical(P, outcome)
    return _neg_log(probs[np.arange(k.size), k])


def crps_ensemble(members: ArrayLike, y: ArrayLike) -> Array:
    """CRPS of an ensemble (equally weighted members): ``E|X - y| - ½ E|X - X'|``.

    Gneiting & Raftery (2007, eq. 21). ``E|X - X'|`` over all ordered pairs is
    computed from the sorted members as ``2/M² Σ_i (2i - M - 1) x_(i)``, so the
    cost is that of a sort, not of M² pairs.

    Parameters
    ----------
    members : array_like, shape (N, M) or (M,)
    y : array_like, shape (N,) or scalar

    >>> crps_ensemble([[0.0, 1.0]], [0.0]).tolist()
    [0.25]
    """
    x = np.sort(np.atleast_2d(np.asarray(members, dtype=float)), axis=1)
    obs = np.asarray(y, dtype=float).reshape(-1)
    if obs.size != x.shape[0] or not (np.all(np.isfinite(x)) and np.all(np.isfinite(obs))):
        expected = f"finite values, one row per observation ({obs.size})"
        raise InputError(field_message("members", "an ensemble forecast", expected, x.shape))
    M = x.shape[1]
    spread = 2.0 / M**2 * ((2.0 * np.arange(1, M + 1) - M - 1) * x).sum(axis=1)
    return np.asarray(np.abs(x - obs[:, None]).mean(axis=1) - 0.5 * spread, dtype=float)


def crps_normal(mu: ArrayLike, sigma: ArrayLike, y: ArrayLike) -> Array:
    """Closed-form CRPS of a normal forecast N(μ, σ²) (Gneiting et al. 2005, eq. 5).

    ``σ [z (2Φ(z) - 1) + 2φ(z) - 1/√π]`` with ``z = (y - μ)/σ``.

    >>> round(float(crps_normal(0.0, 1.0, 0.0)), 6)  # (√2 - 1)/√π
    0.233695
    """
    m, s, obs = (np.asarray(a, dtype=float) for a in (mu, sigma, y))
    if np.any(~(s > 0)):
        raise InputError(field_message("sigma", "a normal forecast", "a positive number", s.tolist()))
    z = (obs - m) / s
    pdf = np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)
    return np.asarray(s * (z * (2.0 * ndtr(z) - 1.0) + 2.0 * pdf - 1.0 / np.sqrt(np.pi)), dtype=float)


def crps_quantiles(levels: ArrayLike, values: ArrayLike, y: ArrayLike) -> Array:
    """CRPS of a forecast given as quantiles: twice the mean pinball loss over the levels.

    The pinball loss of quantile ``q`` at level ``τ`` is ``(1{y < q} - τ)(q - y)``;
    ``CRPS = 2 ∫_0^1 QS_τ dτ`` (Gneiting & Raftery 2007, eq. 26), so the mean
    over evenly spread levels approximates it (Bracher et al. 2021).

    Parameters
    ----------
    levels : array_like, shape (L,)
        Quantile levels in (0, 1), increasing.
    values : array_like, shape (N, L) or (L,)
        The forecast quantiles, non-decreasing along each row.
    y : array_like, shape (N,) or scalar

    >>> crps_quantiles([0.5], [[2.0]], [3.0]).tolist()  # 2 × ½ × |3 - 2|
    [1.0]
    """
    tau = np.asarray(levels, dtype=float).reshape(-1)
    q = np.atleast_2d(np.asarray(values, dtype=float))
    obs = np.asarray(y, dtype=float).reshape(-1)
    if not (np.all((tau > 0) & (tau < 1)) and np.all(np.diff(tau) > 0)):
        raise InputError(
            field_message("levels", "a quantile forecast", "increasing levels in (0, 1)", tau.tolist())
        )
    if q.shape != (obs.size, tau.size) or not np.all(np.isfinite(q)) or np.any(np.diff(q, axis=1) < 0):
        raise InputError(
            field_message(
                "quantiles",
                "a quantile forecast",
                f"finite non-decreasing values of shape {(obs.size, tau.size)}",
                q.tolist(),
            )
        )
    loss = ((obs[:, None] < q).astype(float) - tau) * (q - obs[:, None])
    return np.asarray(2.0 * loss.mean(axis=1), dtype=float)


def bin_index(p: ArrayLike, bins: int = 10) -> NDArray[np.int_]:
    """Equal-width bin of each probability: ``[0, 1/K), [1/K, 2/K), …, [(K-1)/K, 1]``.

    Rounded before flooring so that 0.3 with ten bins falls in [0.3, 0.4), as a
    hand count puts it, not in [0.2, 0.3) by floating-point error.

    >>> bin_index([0.0, 0.3, 0.35, 0.7, 1.0]).tolist()
    [0, 3, 3, 7, 9]
    """
    f = _probabilities(p)
    if bins < 1:
        raise InputError(field_message("bins", "a calibration table", "a positive integer", bins))
    return np.minimum(np.floor(np.round(f * bins, 9)), bins - 1).astype(int)


@dataclass(frozen=True)
class CalibrationTable:
    """Forecasts grouped in equal-width bins: how often did what was forecast happen?"""

    edges: Array
    """(K+1,) bin edges from 0 to 1."""
    count: Array
    """(K,) forecasts in each bin (their total weight when weighted)."""
    events: Array
    """(K,) of them that came true."""
    mean_forecast: Array
    """(K,) mean forecast in each bin (NaN when empty)."""

    @property
    def observed(self) -> Array:
        """(K,) observed frequency ``events / count`` (NaN when empty)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(
                np.where(self.count > 0, self.events / np.where(self.count > 0, self.count, 1.0), np.nan)
            )

    def to_dict(self) -> dict[str, Any]:
        def clean(a: Array) -> list[float | None]:
            return [None if np.isnan(v) else float(v) for v in a]

        return {
            "edges": self.edges.tolist(),
            "count": self.count.tolist(),
            "events": self.events.tolist(),
            "mean_forecast": clean(self.mean_forecast),
            "observed": clean(self.observed),
        }


def _weights(w: ArrayLike | None, shape: tuple[int, ...]) -> Array:
    if w is None:
        return np.ones(shape)
    arr = np.asarray(w, dtype=float)
    if arr.shape != shape or not np.all(arr >= 0) or not arr.sum() > 0:
        raise InputError(
            field_message(
                "weights",
                "the forecasts",
                f"non-negative numbers of shape {shape}, not all zero",
                arr.tolist(),
            )
        )
    return arr


def calibration_table(
    p: ArrayLike, y: ArrayLike, bins: int = 10, weights: ArrayLike | None = None
) -> CalibrationTable:
    """Count forecasts and events per bin (:func:`bin_index`), each forecast counting ``weights`` (default 1).

    >>> t = calibration_table([0.1, 0.15, 0.8], [0, 1, 1], bins=5)
    >>> t.count.tolist(), t.events.tolist()
    ([2.0, 0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0, 1.0])
    """
    f = _probabilities(p)
    o = _outcomes(y, f.shape)
    w = _weights(weights, f.shape)
    k = bin_index(f, bins)
    count: Array = np.bincount(k, weights=w, minlength=bins).astype(float)
    events: Array = np.bincount(k, weights=w * o, minlength=bins).astype(float)
    total = np.bincount(k, weights=w * f, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.where(count > 0, count, 1.0), np.nan)
    return CalibrationTable(np.linspace(0.0, 1.0, bins + 1), count, events, mean)


@dataclass(frozen=True)
class MurphyDecomposition:
    """Brier score = reliability − resolution + uncertainty + within-bin terms (module docstring)."""

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_variance: float
    within_covariance: float
    n: int

    def to_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def murphy(
    p: ArrayLike, y: ArrayLike, bins: int | None = 10, weights: ArrayLike | None = None
) -> MurphyDecomposition:
    """Murphy's (1973) decomposition of the mean binary Brier score.

    ``bins=None`` groups by distinct forecast value, where the within-bin
    terms vanish and ``BS = REL - RES + UNC`` exactly; otherwise equal-width bins
    (:func:`bin_index`) with Stephenson et al.'s (2008) two extra terms, so the
    identity ``BS = REL - RES + UNC + WBV - WBC`` always holds. With ``weights``
    every sum over forecasts is weighted and ``N`` is the total weight (the
    identity still holds term by term).

    >>> d = murphy([0.8, 0.8, 0.2, 0.2], [1, 0, 0, 0], bins=None)
    >>> round(d.reliability, 4), round(d.resolution, 4), round(d.uncertainty, 4), round(d.brier, 4)
    (0.065, 0.0625, 0.1875, 0.19)
    """
    f = _probabilities(p)
    o = _outcomes(y, f.shape)
    if f.size == 0:
        raise InputError(field_message("p", "the forecasts", "at least one forecast", []))
    w = _weights(weights, f.shape)
    k = np.unique(f, return_inverse=True)[1].reshape(-1) if bins is None else bin_index(f, bins)
    n_k = np.bincount(k, weights=w)
    seen = n_k > 0
    f_bar = np.bincount(k, weights=w * f)[seen] / n_k[seen]
    o_bar = np.bincount(k, weights=w * o)[seen] / n_k[seen]
    N = w.sum()
    base = float((w * o).sum() / N)
    compact = np.cumsum(seen) - 1  # bin index -> index among non-empty bins
    ok = seen[k]  # forecasts of zero weight may sit in bins of zero weight
    df = np.where(ok, f - f_bar[compact[k]], 0.0)
    do = np.where(ok, o - o_bar[compact[k]], 0.0)
    return MurphyDecomposition(
        brier=float((w * (f - o) ** 2).sum() / N),
        reliability=float((n_k[seen] * (f_bar - o_bar) ** 2).sum() / N),
        resolution=float((n_k[seen] * (o_bar - base) ** 2).sum() / N),
        uncertainty=base * (1.0 - base),
        within_variance=float((w * df**2).sum() / N),
        within_covariance=float(2.0 * (w * do * df).sum() / N),
        n=int(f.size),
    )


def reliability_if_calibrated(
    p: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    bins: int = 10,
    replicates: int = 1000,
    rng: RNGLike = None,
) -> Array:
    """Reliability terms of the same forecasts with outcomes drawn from the forecasts themselves.

    Consistency resampling (Bröcker & Smith 2007): if the forecaster were
    calibrated, outcome ``i`` would be a Bernoulli(``p_i``) draw; the observed
    reliability term is then compared with this distribution. All replicates
    are drawn at once, shape (replicates, N).
    """
    f = _probabilities(p)
    w = _weights(weights, f.shape)
    k = bin_index(f, bins)
    ys = (as_generator(rng).uniform(size=(replicates, f.size)) < f).astype(float)
    onehot = np.zeros((f.size, bins))
    onehot[np.arange(f.size), k] = w
    n_k = onehot.sum(axis=0)
    seen = n_k > 0
    f_bar = (f @ onehot)[seen] / n_k[seen]
    o_bar = (ys @ onehot)[:, seen] / n_k[seen]
    return np.asarray((n_k[seen] * (f_bar - o_bar) ** 2).sum(axis=1) / w.sum(), dtype=float)


def calibration_slope(
    p: ArrayLike, y: ArrayLike, *, weights: ArrayLike | None = None, clip: float = 1e-6, iterations: int = 50
) -> float:
    """Slope of the logistic regression of outcomes on the forecasts' log-odds (Cox 1958).

    1 for a calibrated forecaster, below 1 when the forecasts are too extreme
    (over-confident), above 1 when too timid. Fitted by Newton–Raphson (from zero, with step halving) on
    the two coefficients; forecasts are clipped to ``[clip, 1 - clip]`` so 0 and 1
    have finite log-odds. Returns NaN (with a warning) when the outcomes are all
    the same or the forecasts all equal, where the slope is not identified.
    """
    f = np.clip(_probabilities(p), clip, 1.0 - clip)
    o = _outcomes(y, f.shape)
    sw = _weights(weights, f.shape)
    x = np.log(f / (1.0 - f))
    if o.min() == o.max() or np.ptp(x) == 0.0:
        warnings.warn(
            "calibration slope undefined: outcomes or forecasts do not vary", RealpolitikWarning, stacklevel=2
        )
        return float("nan")
    X = np.column_stack([np.ones_like(x), x])

    def loglik(b: Array) -> float:
        eta = X @ b
        return float((sw * (o * eta - np.logaddexp(0.0, eta))).sum())

    beta = np.zeros(2)  # from mu = 1/2, where Newton's method for the logit is safe to start
    for _ in range(iterations):
        mu = 1.0 / (1.0 + np.exp(-np.clip(X @ beta, -700.0, 700.0)))
        w = sw * np.maximum(mu * (1.0 - mu), 1e-12)
        step = np.linalg.solve(X.T @ (X * w[:, None]) + 1e-12 * np.eye(2), X.T @ (sw * (o - mu)))
        before, t = loglik(beta), 1.0
        while loglik(beta + t * step) < before and t > 1e-6:  # step halving keeps every step uphill
            t /= 2.0
        beta = beta + t * step
        if np.max(np.abs(t * step)) < 1e-10:
            break
    return float(beta[1])


@dataclass(frozen=True)
class PairedDifference:
    """Mean of per-question score differences ``a - b`` with a bootstrap interval.

    Scores are negatively oriented: a negative mean says ``a`` scored better.
    """

    mean: float
    low: float
    high: float
    level: float
    n: int
    replicates: int

    def to_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


def paired_bootstrap(
    a: ArrayLike, b: ArrayLike, *, replicates: int = 2000, level: float = 0.95, rng: RNGLike = None
) -> PairedDifference:
    """Percentile bootstrap interval of ``mean(a - b)``, resampling questions (pairs kept together).

    Efron & Tibshirani (1993), ch. 13. All replicates are drawn at once as an
    index matrix of shape (replicates, N).
    """
    sa, sb = np.asarray(a, dtype=float).reshape(-1), np.asarray(b, dtype=float).reshape(-1)
    if sa.shape != sb.shape or sa.size == 0:
        raise InputError(
            field_message("b", "a paired comparison", f"{sa.size} scores, as many as 'a'", sb.size)
        )
    if not 0.0 < level < 1.0:
        raise InputError(field_message("level", "a paired comparison", "a number in (0, 1)", level))
    d = sa - sb
    gen = as_generator(rng)
    means = d[gen.integers(0, d.size, size=(replicates, d.size))].mean(axis=1)
    low, high = np.quantile(means, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return PairedDifference(float(d.mean()), float(low), float(high), level, int(d.size), replicates)


def time_weighted(scores: ArrayLike, starts: ArrayLike, end: float) -> float:
    """Score of a question's forecast history, each forecast weighted by how long it stood.

    Forecast ``j`` (made at ``starts[j]``, increasing) stands until the next one
    or until ``end`` (the resolution or deadline), the convention of forecasting
    tournaments that score the average of daily scores over a question's life.
    Times are in any common unit (days since an epoch, say).

    >>> round(time_weighted([0.36, 0.04], [0.0, 30.0], 40.0), 6)  # 30 days at 0.36, 10 at 0.04
    0.28
    """
    s = np.asarray(scores, dtype=float).reshape(-1)
    t = np.asarray(starts, dtype=float).reshape(-1)
    if s.shape != t.shape or s.size == 0 or np.any(np.diff(t) < 0) or t[0] > end:
        raise InputError(
            field_message(
                "starts",
                "a forecast history",
                f"increasing times, one per score, none after the end {end}",
                t.tolist(),
            )
        )
    w = np.diff(np.append(t, end))
    if w.sum() == 0.0:  # everything on the last day: the last forecast stands alone
        return float(s[-1])
    return float((s * w).sum() / w.sum())
