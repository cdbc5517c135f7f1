r"""Accept or reject: the value of settling against the value of fighting on.

The model
---------
An actor weighs a settlement package :math:`x` against continuing the war, in
the bargaining model of war (Fearon 1995, "Rationalist explanations for war",
*International Organization* 49(3), section "War as a costly lottery"): on an
issue space normalized to [0, 1], war is a lottery that gives the actor its
ideal with probability :math:`p` at a cost :math:`c`, so it accepts any
:math:`x \ge p - c` (Fearon's eq. for the bargaining range
:math:`[p - c_A, p + c_B]`). Four extensions make the model fit a stalled
peace process:

1. **Additive utility over issues.** The value of a package is
   :math:`U(x) = \sum_k w_k u_k(x_k) / \sum_k w_k`, each :math:`u_k` in [0, 1]
   (0 = the actor's worst position, 1 = its ideal) and :math:`w_k` the issue's
   salience (Keeney & Raiffa 1976, additive multi-attribute utility).
2. **War as a process over a horizon.** Fighting on for :math:`H` steps with
   discount factor :math:`\delta` yields the war's outcome at the horizon,
   worth :math:`\delta^H \pi_H`, where the probability of prevailing drifts
   with the battlefield trend, :math:`\pi_H = \mathrm{clip}(p_0 + H\,\tau, 0, 1)`
   (an actor that "thinks he is winning" has :math:`\tau > 0`).
3. **Flows.** Costs of fighting and benefits of the war to the leadership
   (war-economy rents, sanctions cost, casualties) accrue every step:
   weight :math:`A_H = \sum_{t=0}^{H-1} \delta^t`.
4. **Leader-level incentives.** One-off terms on either side: private benefits
   of war to the leadership, and the costs that peace brings to the regime
   (demobilization risk, a loosened political grip), as in the selectorate
   theory of Bueno de Mesquita et al. (2003, *The Logic of Political
   Survival*) and the leader-centred account of Chiozza & Goemans (2011,
   *Leaders and International Conflict*).

The **margin** is

.. math::
    m = U(x) + \sum_{f \in S} a_f v_f
        - \Big[\delta^H \pi_H + \sum_{f \in C} a_f v_f\Big],
    \qquad a_f = A_H \text{ (flow) or } 1 \text{ (lump)}

over settle-side factors :math:`S` and continue-side factors :math:`C`. The
actor accepts iff :math:`m \ge 0` (ties accept, as in Fearon), and with
decision noise of scale :math:`T` it accepts with logit probability
:math:`1 / (1 + e^{-m/T})` (McFadden 1974; McKelvey & Palfrey 1995).

The "why"
---------
Every term of :math:`m` except the war-outcome term is linear in one factor,
so its contribution is exact. The war-outcome term is not additive (the clip
and the product with :math:`H` couple the battlefield factors), so its value is
split among the battlefield factors by exact Shapley values (Shapley 1953)
over all subsets, each factor absent meaning a value of 0. The contributions
sum to the margin to floating-point precision.

Every function is pure NumPy, broadcasting over leading axes (draws). The
decision settings :math:`H`, :math:`\delta` and :math:`T` are numbers, or arrays
of one value per draw when they are themselves uncertain (shape ``(...)``, the
leading axes of the values without the factor axis); a level utility may
likewise be drawn per draw (:func:`piecewise_linear_utility`).
"""

from __future__ import annotations

from math import factorial
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.errors import ModelError

__all__ = [
    "CONTINUE",
    "FLOW",
    "LUMP",
    "SETTLE",
    "WIN_PROBABILITY",
    "WIN_TREND",
    "acceptance_probability",
    "annuity",
    "battlefield_weights",
    "decision_margin",
    "factor_coefficients",
    "linear_utility_knots",
    "margin_contributions",
    "margin_from_sums",
    "offer_terms",
    "piecewise_linear_utility",
    "status_quo_terms",
    "war_outcome_value",
]

# Factor kinds and sides, as integer codes so the engine stays free of the schema.
WIN_PROBABILITY, WIN_TREND, FLOW, LUMP = 0, 1, 2, 3
SETTLE, CONTINUE = 1, -1

MAX_SHAPLEY_FACTORS = 16
"""Exact Shapley values enumerate 2**n subsets of the battlefield factors."""

Array = NDArray[np.float64]


def linear_utility_knots(ideal: float, low: float, high: float) -> tuple[Array, Array]:
    """Knots of a utility linear toward an ideal point on ``[low, high]``.

    Utility is 1 at the ideal and falls linearly to 0 at the farther end of
    the scale, with the same slope on both sides (a symmetric, single-peaked
    preference, as in spatial models of bargaining).
    """
    span = max(ideal - low, high - ideal)
    knots = np.array([low, ideal, high], dtype=float)
    values = 1.0 - np.abs(knots - ideal) / span
    return knots, values


def piecewise_linear_utility(position: ArrayLike, knots: ArrayLike, values: ArrayLike) -> Array:
    """Utility of ``position`` by linear interpolation between ``(knots, values)``.

    Positions outside the knots take the utility of the nearest end.
    With ``values`` of shape ``(..., n_knots)`` (utilities drawn per draw), the result
    broadcasts the position against the leading axes.
    """
    x, kn, vals = (np.asarray(a, dtype=float) for a in (position, knots, values))
    if vals.ndim == 1:
        u: Array = np.interp(x, kn, vals)
        return u
    x = np.clip(x, kn[0], kn[-1])
    i = np.clip(np.searchsorted(kn, x, side="right") - 1, 0, kn.size - 2)
    w = (x - kn[i]) / (kn[i + 1] - kn[i])
    shape = np.broadcast_shapes(x.shape, vals.shape[:-1])
    v = np.broadcast_to(vals, (*shape, kn.size))
    i_b = np.broadcast_to(i, shape)[..., None]
    lo = np.take_along_axis(v, i_b, axis=-1)[..., 0]
    hi = np.take_along_axis(v, i_b + 1, axis=-1)[..., 0]
    out: Array = lo + np.broadcast_to(w, shape) * (hi - lo)
    return out


def offer_terms(utilities: ArrayLike, saliences: ArrayLike) -> Array:
    r"""Per-issue terms :math:`w_k u_k / \sum_j w_j` of the additive utility :math:`U(x)`.

    Parameters
    ----------
    utilities, saliences : array_like, shape (..., K)
        Utility of the offered position on each issue, in [0, 1], and the
        issue's salience (non-negative).

    Returns
    -------
    ndarray, shape (..., K)
        Terms summing to :math:`U(x)`. Where every salience is zero the actor
        does not care about the package and every term is 0.
    """
    u = np.asarray(utilities, dtype=float)
    w = np.asarray(saliences, dtype=float)
    total = w.sum(axis=-1, keepdims=True)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, w * u / safe, 0.0)


def status_quo_terms(terms: ArrayLike, reference_terms: ArrayLike) -> tuple[Array, Array]:
    r"""The offer's terms measured against a reference package (the status quo).

    :math:`U(x) = U(q) + \sum_k w_k [u_k(x_k) - u_k(q_k)] / \sum_j w_j`: the value of
    the reference package, plus per issue what the actor gains (positive) or
    gives up (negative) by signing. The two parts sum to :math:`U(x)` exactly.

    Parameters
    ----------
    terms, reference_terms : array_like, shape (..., K)
        :func:`offer_terms` of the offer and of the reference package, with the same saliences.

    Returns
    -------
    reference_value : ndarray, shape (...)
        :math:`U(q)`.
    changes : ndarray, shape (..., K)
        Per-issue change from the reference.
    """
    t = np.asarray(terms, dtype=float)
    r = np.asarray(reference_terms, dtype=float)
    return r.sum(axis=-1), t - r


Setting = float | Array
"""A decision setting: one number, or one value per draw."""


def _per_draw(setting: Setting) -> bool:
    return np.ndim(setting) > 0


def annuity(horizon: Setting, discount: Setting) -> Any:
    r""":math:`A_H = \sum_{t=0}^{H-1} \delta^t = (1 - \delta^H) / (1 - \delta)`, the weight of a
    per-step flow (per draw for arrays).

    Computed as :math:`-\mathrm{expm1}(H \log1p(\delta - 1)) / (1 - \delta)`: for a discount
    near 1, ``1 - δ**H`` cancels and turns a one-ulp difference in ``δ**H`` (Python's and
    NumPy's powers differ) into an error of 1e-12 in the margin; this form has no cancellation,
    so a setting drawn per draw and the same setting given alone agree to rounding.
    """
    h, d = np.asarray(horizon, dtype=float), np.asarray(discount, dtype=float)
    level = d == 1.0
    step = np.where(level, 0.5, 1.0 - d)  # any value in (0, 1): the level branch ignores it
    a = np.where(level, h, -np.expm1(h * np.log1p(-step)) / step)
    return a if (_per_draw(horizon) or _per_draw(discount)) else float(a)


def factor_coefficients(kinds: ArrayLike, sides: ArrayLike, horizon: Setting, discount: Setting) -> Array:
    """Coefficient of each factor's value in the margin (0 for battlefield factors).

    Lumps count once, flows :math:`A_H` times; settle-side terms add to the
    margin and continue-side terms subtract from it. Shape ``(F,)``, or
    ``(..., F)`` for settings drawn per draw.
    """
    kinds = np.asarray(kinds)
    sides = np.asarray(sides, dtype=float)
    a = annuity(horizon, discount)
    if np.ndim(a) > 0:
        a = np.asarray(a)[..., None]
        drawn: Array = sides * np.where(kinds == LUMP, 1.0, np.where(kinds == FLOW, a, 0.0))
        return drawn
    scale: Array = np.select([kinds == LUMP, kinds == FLOW], [1.0, a], 0.0)
    return sides * scale


def war_outcome_value(
    win_probability: ArrayLike, win_trend: ArrayLike, horizon: Setting, discount: Setting
) -> Array:
    r""":math:`\delta^H\,\mathrm{clip}(p_0 + H\tau, 0, 1)`: the discounted value of the war's outcome."""
    p = np.asarray(win_probability, dtype=float) + horizon * np.asarray(win_trend, dtype=float)
    weight: float | Array = discount**horizon  # typeshed types float ** float as Any (it may be complex)
    return weight * np.clip(p, 0.0, 1.0)


def _battlefield_weights(kinds: NDArray[np.int_], horizon: Setting) -> Array:
    if _per_draw(horizon):
        h = np.asarray(horizon, dtype=float)[..., None]
        drawn: Array = np.where(kinds == WIN_PROBABILITY, 1.0, np.where(kinds == WIN_TREND, h, 0.0))
        return drawn
    return np.select([kinds == WIN_PROBABILITY, kinds == WIN_TREND], [1.0, horizon], 0.0)


def decision_margin(
    terms: ArrayLike,
    values: ArrayLike,
    kinds: ArrayLike,
    sides: ArrayLike,
    horizon: Setting,
    discount: Setting,
) -> Array:
    """Margin of settling over continuing (module docstring, equation for *m*).

    Parameters
    ----------
    terms : array_like, shape (..., K)
        Offer terms from :func:`offer_terms`.
    values : array_like, shape (..., F)
        Factor values.
    kinds, sides : array_like of int, shape (F,)
        Factor kind codes (``WIN_PROBABILITY``, ``WIN_TREND``, ``FLOW``,
        ``LUMP``) and sides (``SETTLE``, ``CONTINUE``).
    horizon, discount : float or array_like, shape (...)
        Steps of fighting considered, and the per-step discount factor (one per draw, or one for all).

    Returns
    -------
    ndarray, shape (...)
        Positive: settling is worth more; the actor accepts iff ``margin >= 0``.
    """
    kinds = np.asarray(kinds)
    v = np.asarray(values, dtype=float)
    coef = factor_coefficients(kinds, sides, horizon, discount)
    linear: Array = v @ coef if coef.ndim == 1 else (v * coef).sum(axis=-1)
    p0 = v @ (kinds == WIN_PROBABILITY).astype(float)
    trend = v @ (kinds == WIN_TREND).astype(float)
    war = war_outcome_value(p0, trend, horizon, discount)
    offered: Array = np.asarray(terms, dtype=float).sum(axis=-1)
    return offered + linear - war


def battlefield_weights(kinds: NDArray[np.int_], horizon: float) -> Array:
    """Weight of each factor in :math:`p_0 + H\\tau`: 1 for the win probability, H for its trend, else 0."""
    return _battlefield_weights(kinds, horizon)


def margin_from_sums(
    total_salience: ArrayLike,
    weighted_utility: ArrayLike,
    linear: ArrayLike,
    battle: ArrayLike,
    horizon: float,
    discount: float,
) -> Array:
    r""":func:`decision_margin` from the four sums it is made of, each linear in the inputs.

    With saliences :math:`w`, issue utilities :math:`u` and factor values :math:`v`:
    ``total_salience`` :math:`W = \sum_k w_k`, ``weighted_utility`` :math:`S = \sum_k w_k u_k`,
    ``linear`` :math:`L = \sum_f a_f v_f` (flows and lumps, :func:`factor_coefficients`) and
    ``battle`` :math:`Q = p_0 + H \tau` (the battlefield factors, summed). The margin is
    :math:`S / W + L - \delta^H \mathrm{clip}(Q, 0, 1)` (0 for the offer where :math:`W = 0`),
    the same quantity as :func:`decision_margin`, so a Monte Carlo can get the sums for a whole
    block of draws from one matrix product.
    """
    w = np.asarray(total_salience, dtype=float)
    offered = np.asarray(weighted_utility, dtype=float) / np.where(w > 0, w, np.inf)
    weight: float = discount**horizon
    margin: Array = offered + np.asarray(linear, dtype=float) - weight * np.clip(battle, 0.0, 1.0)
    return margin


def _shapley_matrix(n: int) -> tuple[Array, Array]:
    """Subset membership (2**n, n) and the matrix Phi with phi = g(subsets) @ Phi."""
    members = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    size = members.sum(axis=1)
    weight = np.array([factorial(s) * factorial(n - s - 1) / factorial(n) for s in range(n)])
    with_i = weight[np.clip(size - 1, 0, n - 1)][:, None]
    without_i = weight[np.clip(size, 0, n - 1)][:, None]
    phi = np.where(members, with_i, -without_i)
    return members.astype(float), phi


def margin_contributions(
    terms: ArrayLike,
    values: ArrayLike,
    kinds: ArrayLike,
    sides: ArrayLike,
    horizon: Setting,
    discount: Setting,
) -> tuple[Array, Array]:
    """Exact additive decomposition of :func:`decision_margin`.

    Returns
    -------
    issue_contributions : ndarray, shape (..., K)
        The offer terms themselves.
    factor_contributions : ndarray, shape (..., F)
        ``a_f v_f`` for flows and lumps; minus the Shapley value of the
        war-outcome term for battlefield factors. The two arrays together sum
        to the margin.

    Raises
    ------
    ModelError
        With more than ``MAX_SHAPLEY_FACTORS`` battlefield factors for one actor.
    """
    kinds = np.asarray(kinds)
    v = np.asarray(values, dtype=float)
    contrib = v * factor_coefficients(kinds, sides, horizon, discount)
    weights = _battlefield_weights(kinds, horizon)
    # with a horizon per draw, a factor is a battlefield factor if it has weight in any draw
    present = weights if weights.ndim == 1 else (weights != 0).any(axis=tuple(range(weights.ndim - 1)))
    battle = np.flatnonzero(present)
    n = battle.size
    if n > MAX_SHAPLEY_FACTORS:
        raise ModelError(
            f"an actor has {n} battlefield factors; exact Shapley values allow at most "
            f"{MAX_SHAPLEY_FACTORS}. Merge some of them."
        )
    if n:
        members, phi = _shapley_matrix(n)
        weighted = v[..., battle] * weights[..., battle]
        coalition_p = weighted @ members.T  # (..., 2**n): clip(sum) needs each subset
        weight = discount**horizon
        if np.ndim(weight) > 0:
            weight = np.asarray(weight)[..., None]
        g = weight * np.clip(coalition_p, 0.0, 1.0)
        contrib[..., battle] = -(g @ phi)
    return np.asarray(terms, dtype=float), contrib


def acceptance_probability(margin: ArrayLike, temperature: Setting) -> Array:
    """Logit probability of accepting, ``1 / (1 + exp(-margin / temperature))``.

    A temperature drawn per draw (shape ``(N,)``) broadcasts against the margin's last axis.
    """
    if not np.all(np.asarray(temperature) > 0):
        raise ModelError(f"'temperature' must be positive; got {temperature!r}.")
    z = np.asarray(margin, dtype=float) / temperature
    # expit without overflow warnings for large |z|
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)))
