"""The expected-utility model run on many perturbed copies of one issue at once.

A Monte Carlo of the EUM forecast (:func:`realpolitik.analysis.forecast.monte_carlo`)
runs the model on ``D`` copies of one issue whose inputs differ. With a handful
of actors each round of :func:`realpolitik.engines.eum.run_eum` is a few dozen
NumPy calls on arrays of a few dozen elements, so one run per draw spends its
time in call overhead. Here every quantity of :mod:`realpolitik.engines.eum`
carries the draws as a leading axis: ``x``, ``c``, ``s`` are ``(D, n)`` and
the pair grids ``(D, n, n)``, and one round costs the same few dozen calls
whatever ``D``.

The equations (E1)–(E9), the readings (:class:`~realpolitik.engines.eum.EUMOptions`),
the canonical actor order and the stop rules are those of
:func:`~realpolitik.engines.eum.run_eum` (Bueno de Mesquita 1994; Scholz,
Calbert & Smith 2011); each draw stops on its own when a stop rule is set, and
its positions stay put afterwards, so its later medians repeat its last one.
Every operation is the engine's, row by row: the same prefix-sum form of the
votes' absolute sums (E4) with its sorted-position searches done by one stable
merge sort per row, and the same matrix products, stacked (``np.matmul`` over a
leading axis gives each row the product the engine computes). The model is
discontinuous (an offer is accepted or not), so a difference of one rounding
would grow; the medians, and so the forecasts, are therefore equal **bit for
bit** to one :func:`~realpolitik.engines.eum.run_eum` per draw (tested in
``tests/engines/test_eum_batch.py`` under every reading), and the mean-voter
positions, which feed nothing back, to rounding. Draws run in blocks that
bound the ``(draws, n, n)`` arrays' memory.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from realpolitik.engines.eum import EUMOptions, make_offers
from realpolitik.errors import InputError, ModelError, field_message

__all__ = ["run_eum_draws"]

Array = NDArray[np.float64]

_BLOCK_ELEMENTS = 2**22
"""Largest (draws x third parties x actors x actors) block of the absolute vote sums."""


def _weighted_mean(x: Array, w: Array) -> Array:
    out: Array = np.matmul(w[:, None, :], x[:, :, None])[:, 0, 0] / w.sum(axis=-1)
    return out


def _median_voter(x: Array, c: Array, s: Array) -> Array:
    """(E1–E2) per draw: the weighted median, ties to the position nearest the mean, then the lower."""
    w = c * s
    order = np.argsort(x, axis=-1, kind="stable")
    xs, ws = np.take_along_axis(x, order, -1), np.take_along_axis(w, order, -1)
    cum_w, cum_wx = np.cumsum(ws, axis=-1), np.cumsum(ws * xs, axis=-1)
    below = xs * cum_w - cum_wx
    above = (cum_wx[:, -1:] - cum_wx) - xs * (cum_w[:, -1:] - cum_w)
    dev = below + above
    low = dev.min(axis=-1, keepdims=True)
    best = low + 1e-12 * np.maximum(1.0, np.abs(low)) >= dev
    # among the best positions, the nearest the weighted mean; argmin takes the lowest of ties
    gap = np.where(best, np.abs(xs - _weighted_mean(x, w)[:, None]), np.inf)
    pick = np.argmin(gap, axis=-1)
    # a single best position (possibly held by several actors) wins whatever the mean
    single = np.where(best, xs, np.inf).min(axis=-1) == np.where(best, xs, -np.inf).max(axis=-1)
    first_best = np.argmax(best, axis=-1)
    idx = np.where(single, first_best, pick)
    out: Array = np.take_along_axis(xs, idx[:, None], -1)[:, 0]
    return out


def _searchsorted_rows(xs: Array, q: Array, side: str) -> NDArray[np.intp]:
    """``np.searchsorted(xs[d], q[d], side)`` for every row ``d``, by one stable sort per row.

    Queries are placed before (``left``) or after (``right``) the sorted values they equal, so the
    number of values ahead of a query in the merged order is the insertion point.
    """
    d, n = xs.shape
    m = q.shape[1]
    left = side == "left"
    merged = np.concatenate([q, xs] if left else [xs, q], axis=-1)
    is_query = np.zeros(n + m, dtype=np.intp)
    if left:
        is_query[:m] = 1
    else:
        is_query[n:] = 1
    order = np.argsort(merged, axis=-1, kind="stable")
    flag = is_query[order]
    values_before = np.arange(n + m) - (np.cumsum(flag, axis=-1) - flag)
    query_id = order - (0 if left else n)
    out = np.empty((d, m), dtype=np.intp)
    rows, cols = np.nonzero(flag)
    out[rows, query_id[rows, cols]] = values_before[rows, cols]
    return out


def _gather(table: Array, index: NDArray[np.intp]) -> Array:
    """``table[d][index[d]]`` for every row ``d``."""
    out: Array = np.take_along_axis(table, index.reshape(index.shape[0], -1), -1).reshape(index.shape)
    return out


def _abs_vote_sums_linear(x: Array, w: Array) -> Array:
    """The prefix-sum form of ``Σ_k w_k ||x_k - x_j| - |x_k - x_i||`` of
    :func:`realpolitik.engines.eum_votes._abs_vote_sums_linear`, row by row, same operations."""
    d, n = x.shape
    order = np.argsort(x, axis=-1, kind="stable")
    xs, wo = np.take_along_axis(x, order, -1), np.take_along_axis(w, order, -1)
    zero = np.zeros((d, 1))
    cw = np.concatenate([zero, np.cumsum(wo, axis=-1)], axis=-1)
    cwx = np.concatenate([zero, np.cumsum(wo * xs, axis=-1)], axis=-1)
    at_most = _searchsorted_rows(xs, x, "right")
    below = _searchsorted_rows(xs, x, "left")
    xi, xj = x[:, :, None], x[:, None, :]
    a, b = np.minimum(xi, xj), np.maximum(xi, xj)
    ia = np.where(xi <= xj, at_most[:, :, None], at_most[:, None, :])
    ib = np.where(xi >= xj, below[:, :, None], below[:, None, :])
    im = _searchsorted_rows(xs, (0.5 * (a + b)).reshape(d, -1), "left").reshape(d, n, n)
    cw_a, cw_b, cw_m = _gather(cw, ia), _gather(cw, ib), _gather(cw, im)
    cwx_a, cwx_b, cwx_m = _gather(cwx, ia), _gather(cwx, ib), _gather(cwx, im)
    outside = (b - a) * (cw_a + cw[:, -1][:, None, None] - cw_b)
    inner_low = (a + b) * (cw_m - cw_a) - 2 * (cwx_m - cwx_a)
    inner_high = 2 * (cwx_b - cwx_m) - (a + b) * (cw_b - cw_m)
    out: Array = np.where(b > a, outside + inner_low + inner_high, 0.0)
    return out


def _abs_vote_sums_blocked(dist: Array, w: Array) -> Array:
    """``Σ_k w_k |dist[k, j] - dist[k, i]|`` per draw (risky votes), in blocks of draws."""
    d, n, _ = dist.shape
    out = np.empty((d, n, n))
    step = max(1, _BLOCK_ELEMENTS // max(n**3, 1))
    for start in range(0, d, step):  # blocks of draws bound memory; not a loop over draws
        blk = dist[start : start + step]
        diff = np.abs(blk[:, :, None, :] - blk[:, :, :, None]).reshape(blk.shape[0], n, n * n)
        out[start : start + step] = np.matmul(w[start : start + step, None, :], diff).reshape(-1, n, n)
    return out


def _success_probabilities(
    x: Array, c: Array, s: Array, span: float, r: Array | None, normalise: str
) -> Array:
    """(E4) per draw: ``P[d, i, j]``."""
    w = c * s
    dist = np.abs(x[:, :, None] - x[:, None, :]) / span  # [d, k, j]
    linear = r is None or bool(np.all(r == 1.0))
    if r is not None and not linear:
        dist = dist ** r[:, :, None]
    net = np.matmul(w[:, None, :], dist)[:, 0, :]
    signed_sum = net[:, None, :] - net[:, :, None]
    abs_sum = _abs_vote_sums_linear(x, w) / span if linear else _abs_vote_sums_blocked(dist, w)
    support = 0.5 * (signed_sum + abs_sum)
    if normalise == "global":
        total = abs_sum.sum(axis=(-2, -1))[:, None, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            out: Array = np.where(total > 0, np.clip(support / total, 0.0, 1.0), 0.0)
        return out
    with np.errstate(invalid="ignore", divide="ignore"):
        P = np.where(abs_sum > 1e-15 * w.sum(axis=-1)[:, None, None], support / abs_sum, 0.0)
    clipped: Array = np.clip(P, 0.0, 1.0)
    return clipped


def _expected_utilities(
    x: Array, s: Array, P: Array, median: Array, span: float, r: Array | float, Q: float, T: float
) -> Array:
    """(E5–E6) per draw: ``EU[d, i, j]``, diagonal zero."""
    d = np.abs(x[:, :, None] - x[:, None, :]) / span
    a = (np.abs(x - median[:, None]) / span)[:, :, None]
    neutral = np.isscalar(r) and r == 1.0

    def power(base: Array) -> Array:
        return base if neutral else base**r

    U_s = 2 - 4 * power(0.5 - 0.5 * d)
    U_f = 2 - 4 * power(0.5 + 0.5 * d)
    U_sq = 2 - 4 * 0.5**r
    sj = s[:, None, :]
    EU = sj * (P * U_s + (1 - P) * U_f) + (1 - sj) * U_s - Q * U_sq
    if Q < 1.0:
        U_b = 2 - 4 * power(0.5 - 0.25 * (a + d))
        U_w = 2 - 4 * power(0.5 + 0.25 * (a + d))
        EU = EU - (1 - Q) * (T * U_b + (1 - T) * U_w)
    EU = np.array(np.broadcast_to(EU, d.shape))
    i = np.arange(x.shape[1])
    EU[:, i, i] = 0.0
    return EU


def _risk_exponents(EU: Array) -> Array:
    """(E7) per draw."""
    S = EU.sum(axis=-2) - np.diagonal(EU, axis1=-2, axis2=-1)
    hi, lo = S.max(axis=-1, keepdims=True), S.min(axis=-1, keepdims=True)
    spread = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        R = (2 * S - hi - lo) / spread
    r: Array = np.where(spread > 0, (1 - R / 3) / (1 + R / 3), 1.0)
    return r


def _choose(
    x: Array, kind: NDArray[np.int8], position: Array, u: Array, v: Array, rule: str
) -> NDArray[np.intp]:
    """(E9) per draw: the sender whose offer each actor accepts, -1 for none."""
    valid = kind != 0
    move = np.abs(position - x[:, :, None])
    keys: list[Array] = []
    if rule == "strongest":
        keys.append(-v)
    elif rule == "type_priority":
        keys.append(kind.astype(float))
    elif rule == "scholz_code":
        with np.errstate(divide="ignore", invalid="ignore"):
            pull = (np.abs(u) * x[:, :, None] + np.abs(v) * x[:, None, :]) / (np.abs(u) + np.abs(v))
        keys += [kind.astype(float), np.where(kind == 2, pull, move)]
    keys += [move, position]
    candidate = valid.copy()
    for key in keys:
        masked = np.where(candidate, key, np.inf)
        candidate &= masked == masked.min(axis=-1, keepdims=True)
    chosen = np.argmax(candidate, axis=-1)
    out: NDArray[np.intp] = np.where(valid.any(axis=-1), chosen, -1)
    return out


def _round(x: Array, c: Array, s: Array, span: float, opt: EUMOptions) -> Array:
    """One round (E1–E9) for every draw; the new positions."""
    median = _median_voter(x, c, s)
    P = _success_probabilities(x, c, s, span, None, opt.probability)
    r = np.ones_like(x)
    if opt.risk == "scholz":
        r = _risk_exponents(_expected_utilities(x, s, P, median, span, 1.0, opt.Q, opt.T))
    if opt.vote_risk:
        P = _success_probabilities(x, c, s, span, r, opt.probability)
    u = _expected_utilities(x, s, P, median, span, r[:, :, None], opt.Q, opt.T)
    if opt.perspective == "receiver":
        v = _expected_utilities(x, s, P, median, span, r[:, None, :], opt.Q, opt.T).swapaxes(-1, -2)
    else:
        v = u.swapaxes(-1, -2)
    kind, position = make_offers(x, u, v)  # (E8), draws broadcast
    chosen = _choose(x, kind, position, u, v, opt.offer_rule)
    taken = np.take_along_axis(position, np.maximum(chosen, 0)[:, :, None], -1)[:, :, 0]
    new_x: Array = np.where(chosen >= 0, taken, x)
    return new_x


def run_eum_draws(
    positions: Array,
    capabilities: Array,
    saliences: Array,
    *,
    scale: tuple[float, float],
    rounds: int = 10,
    options: EUMOptions | None = None,
) -> tuple[Array, Array, Array]:
    """Run the EUM on ``D`` copies of an issue at once.

    Parameters
    ----------
    positions, capabilities, saliences : ndarray, shape (D, n)
        One row per draw; validated as :func:`~realpolitik.engines.eum.run_eum` validates one.
    scale : (float, float)
        The issue scale, shared by every draw (it contains every position).
    rounds, options
        As for :func:`~realpolitik.engines.eum.run_eum`.

    Returns
    -------
    forecasts : ndarray, shape (D,)
        Final median voter position of each draw.
    medians, means : ndarray, shape (D, rounds + 1)
        Median and mean voter position per round; a draw that stopped early repeats its last values.
    """
    X, C, S = (np.array(a, dtype=float, ndmin=2) for a in (positions, capabilities, saliences))
    if not (X.shape == C.shape == S.shape) or X.ndim != 2 or X.shape[1] == 0:
        raise InputError(field_message("positions", "the Monte Carlo", "(draws, actors) arrays", X.shape))
    if rounds < 0:
        raise InputError(field_message("rounds", "the forecast", ">= 0", rounds))
    opt = options or EUMOptions()
    W = C * S
    if np.any(W.sum(axis=-1) <= 0):
        raise ModelError("Capability×salience sums to zero: no actor has any weight.")
    lo, hi = map(float, scale)
    span = hi - lo if hi > lo else 1.0
    step = max(1, _BLOCK_ELEMENTS // (4 * X.shape[1] ** 2))
    parts = [  # blocks of draws bound the (draws, n, n) grids' memory; draws are independent
        _run_block(X[i : i + step], C[i : i + step], S[i : i + step], span, rounds, opt)
        for i in range(0, X.shape[0], step)
    ]
    empty = np.empty((0, rounds + 1))
    medians = np.concatenate([empty, *(p[0] for p in parts)])
    means = np.concatenate([empty, *(p[1] for p in parts)])
    return medians[:, -1].copy(), medians, means


def _run_block(
    X: Array, C: Array, S: Array, span: float, rounds: int, opt: EUMOptions
) -> tuple[Array, Array]:
    """Medians and means per round of a block of draws (run_eum's loop, every draw at once)."""
    # the canonical actor order of run_eum, per draw
    order = np.lexsort((S, C, X), axis=-1)
    X, C, S = (np.take_along_axis(a, order, -1) for a in (X, C, S))
    W = C * S
    history = [X]
    active = np.ones(X.shape[0], dtype=bool)
    med = [_median_voter(X, C, S)]
    for _ in range(rounds):
        if not active.any():
            history.append(history[-1])
            med.append(med[-1])
            continue
        before = history[-1]
        after = np.where(active[:, None], _round(before, C, S, span, opt), before)
        history.append(after)
        med.append(_median_voter(after, C, S))
        if opt.stop == "positions":
            active &= ~(np.max(np.abs(after - before), axis=-1) <= opt.tol * span)
        elif opt.stop == "median":
            active &= ~(np.abs(med[-1] - med[-2]) <= opt.tol * span)
    means = np.matmul(np.stack(history, axis=1), W[:, :, None])[:, :, 0] / W.sum(axis=-1)[:, None]
    return np.stack(med, axis=1), means
