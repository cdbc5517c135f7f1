"""Baseline forecasters of a group decision, interchangeable with the EUM.

Empirical comparisons of group-decision models (Thomson et al. 2006, *The
European Union Decides*) find simple baselines hard to beat, so every forecast
should be read beside them.  All models here return the same
:class:`~realpolitik.engines.forecast_result.ForecastResult` as
:func:`realpolitik.engines.eum.run_eum`, and :func:`forecast` dispatches on a
model name so callers (Monte Carlo, backtests, CLI) treat them alike.

* ``"mean"`` — capability×salience-weighted mean of positions.
* ``"median"`` — capability×salience-weighted median (the Condorcet winner
  among actor positions, Black 1948).
* ``"nbs"`` — the asymmetric Nash bargaining solution of the spatial game.
* ``"eum"`` — Bueno de Mesquita's expected-utility model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import minimize_scalar

from realpolitik.engines.eum import (
    EUMOptions,
    median_voter,
    resolve_scale,
    run_eum,
    validate_actor_arrays,
    weighted_mean,
)
from realpolitik.engines.forecast_result import ForecastResult
from realpolitik.errors import InputError, ModelError, field_message

__all__ = ["MODELS", "forecast", "mean_forecast", "median_forecast", "nbs_forecast"]


def _one_shot(
    model: str,
    value: float,
    x: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    scale: tuple[float, float],
    params: Mapping[str, Any],
) -> ForecastResult:
    """Package a one-shot forecast: nobody moves, one 'round 0' row."""
    return ForecastResult(
        model=model,
        forecast=float(value),
        medians=np.array([median_voter(x, c, s)]),
        means=np.array([weighted_mean(x, c, s)]),
        positions=x[None, :].copy(),
        scale=scale,
        params=params,
    )


def _prepare(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    scale: tuple[float, float] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[float, float]]:
    x, c, s = validate_actor_arrays(positions, capabilities, saliences)
    if (c * s).sum() <= 0:
        raise ModelError("Capability×salience sums to zero: no actor has any weight.")
    return x, c, s, resolve_scale(x, scale)


def mean_forecast(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    scale: tuple[float, float] | None = None,
) -> ForecastResult:
    """Capability×salience-weighted mean ``Σ c s x / Σ c s`` (the "compromise model")."""
    x, c, s, sc = _prepare(positions, capabilities, saliences, scale)
    return _one_shot("mean", weighted_mean(x, c, s), x, c, s, sc, {})


def median_forecast(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    scale: tuple[float, float] | None = None,
) -> ForecastResult:
    """Capability×salience-weighted median: the position that wins every pairwise vote."""
    x, c, s, sc = _prepare(positions, capabilities, saliences, scale)
    return _one_shot("median", median_voter(x, c, s), x, c, s, sc, {})


def nbs_forecast(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    scale: tuple[float, float] | None = None,
    disagreement: ArrayLike | None = None,
) -> ForecastResult:
    """Asymmetric Nash bargaining solution of the one-dimensional spatial game.

    Actor ``i`` values outcome ``z`` at ``u_i(z) = exp(-s_i ((z - x_i)/Δ)²)``
    (single-peaked at its position, flatter when the issue matters less) and
    bargains with power ``c_i``.  The solution maximises the Nash product
    ``Π_i (u_i(z) - d_i)^{c_i}`` (Nash 1950; the asymmetric form of Kalai
    1977), ``d_i`` being ``i``'s utility if talks break down.

    Why it is the weighted mean: when breakdown is the worst outcome
    (``d_i = 0``, the default), ``log Π u_i^{c_i} = -Σ c_i s_i (z - x_i)² / Δ²``,
    a concave quadratic maximised where its derivative vanishes, at
    ``z = Σ c_i s_i x_i / Σ c_i s_i``.  The same limit holds for quadratic
    utilities ``-s_i (z - x_i)²`` with a breakdown equally bad for all and far
    worse than any agreement, which is how Achen (2006) obtains the weighted
    mean ("compromise model") as a bargaining solution.  With a less extreme
    breakdown (``disagreement`` given, ``0 <= d_i < 1``) actors for whom
    breakdown is tolerable gain leverage and the solution moves off the mean;
    it is then found numerically on the interval where every ``u_i > d_i``.

    References
    ----------
    Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
    Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person
    bargaining. *Int. J. Game Theory* 6(3), 129–133.
    Achen, C. H. (2006). Evaluating political decision-making models. In
    Thomson et al. (eds.), *The European Union Decides*, Cambridge UP.
    """
    x, c, s, sc = _prepare(positions, capabilities, saliences, scale)
    if disagreement is None:
        return _one_shot("nbs", weighted_mean(x, c, s), x, c, s, sc, {"disagreement": None})
    d = np.broadcast_to(np.asarray(disagreement, dtype=float), x.shape)
    if np.any((d < 0) | (d >= 1)) or not np.all(np.isfinite(d)):
        raise InputError(field_message("disagreement", "the NBS forecast", "in [0, 1)", d))
    span = (sc[1] - sc[0]) or 1.0
    # u_i(z) > d_i  <=>  |z - x_i| < Δ sqrt(-log d_i / s_i): intersect the intervals.
    with np.errstate(divide="ignore"):
        reach = np.where((d > 0) & (s > 0), span * np.sqrt(-np.log(d) / np.where(s > 0, s, 1)), np.inf)
    lo, hi = max(sc[0], float(np.max(x - reach))), min(sc[1], float(np.min(x + reach)))
    if not lo < hi:
        raise ModelError("No agreement beats breakdown for every actor: the NBS does not exist.")

    def neg_log_nash_product(z: float) -> float:
        gain = np.exp(-s * ((z - x) / span) ** 2) - d
        return float(-np.sum(c * np.log(np.maximum(gain, 1e-300))))

    best = minimize_scalar(neg_log_nash_product, bounds=(lo, hi), method="bounded")
    return _one_shot("nbs", best.x, x, c, s, sc, {"disagreement": d.tolist()})


def _eum(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    scale: tuple[float, float] | None = None,
    rounds: int = 10,
    options: EUMOptions | None = None,
) -> ForecastResult:
    return run_eum(positions, capabilities, saliences, rounds=rounds, scale=scale, options=options)


#: Model name → forecaster; every one takes (positions, capabilities, saliences, scale=...).
MODELS: dict[str, Callable[..., ForecastResult]] = {
    "eum": _eum,
    "mean": mean_forecast,
    "median": median_forecast,
    "nbs": nbs_forecast,
}


def forecast(
    model: str,
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    scale: tuple[float, float] | None = None,
    rounds: int = 10,
    options: EUMOptions | None = None,
) -> ForecastResult:
    """Forecast one issue with the named model (``"eum"``, ``"mean"``, ``"median"``, ``"nbs"``).

    ``rounds`` and ``options`` only concern the EUM; the baselines ignore them.

    Examples
    --------
    >>> forecast("mean", [0, 10], [1, 1], [1, 0.5]).forecast
    3.3333333333333335
    """
    if model not in MODELS:
        raise InputError(field_message("model", "the forecast", f"one of {sorted(MODELS)}", model))
    if model == "eum":
        return _eum(positions, capabilities, saliences, scale=scale, rounds=rounds, options=options)
    return MODELS[model](positions, capabilities, saliences, scale=scale)
