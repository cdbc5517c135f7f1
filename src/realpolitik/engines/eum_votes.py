"""Votes of the expected-utility model: median voter, mean voter, success probabilities.

Equations (E1)–(E4) of :mod:`realpolitik.engines.eum` (see its docstring for
the notation and references): third parties' capability×salience-weighted
votes between two positions, the Condorcet winner they elect, and the
probability that one actor's challenge of another succeeds.  These are the
parts of the model whose cost grows with the number of third parties, so they
are computed either in closed form over sorted positions or in bounded blocks.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from realpolitik.errors import ModelError

__all__ = ["median_voter", "success_probabilities", "weighted_mean"]

#: Relative tolerance within which two sums of votes, or two distances to the mean, tie.
TIE_TOLERANCE = 1e-9
# Elements of one (third parties × actors × actors) block: 2**24 float64 = 128 MiB.
_BLOCK_ELEMENTS = 2**24


def weighted_mean(x: np.ndarray, c: np.ndarray, s: np.ndarray) -> float:
    """Mean voter position (E3): ``Σ c_i s_i x_i / Σ c_i s_i``."""
    w = c * s
    total = w.sum()
    if total <= 0:
        raise ModelError("Capability×salience sums to zero: no actor has any weight.")
    return float(w @ x / total)


def median_voter(x: np.ndarray, c: np.ndarray, s: np.ndarray) -> float:
    """Median voter position (E1–E2): the Condorcet winner among actor positions.

    The votes of (E1) with r = 1 telescope: position ``x_j`` beats ``x_k`` by
    ``D_k - D_j`` where ``D_j = Σ_i c_i s_i |x_i - x_j|``, so the Condorcet
    winner minimises ``D`` (a weighted median).

    Tie rule: when several positions minimise ``D`` (equal weight on either
    side), the winner is the one nearest the weighted mean; of positions
    equally near it, the one with the most weight on it; then the lowest.
    "Equal" means within :data:`TIE_TOLERANCE` (relative to the largest ``D``,
    to the magnitude of the positions and to the total weight), because the
    sums behind these comparisons carry rounding noise; without it, float
    noise decided a tie, and a tied issue could be forecast at one end of the
    scale or the other.  The sums are taken in a canonical order of the rows
    (by position, then weight), so the answer is exactly the same however
    the actors are listed.
    """
    w = c * s
    order = np.lexsort((w, x))  # canonical order: no sum below depends on how the rows are listed
    xs, ws = x[order], w[order]
    cum_w, cum_wx = np.cumsum(ws), np.cumsum(ws * xs)
    # D at each sorted position from prefix sums: O(n log n), no n×n matrix.
    below = xs * cum_w - cum_wx
    above = (cum_wx[-1] - cum_wx) - xs * (cum_w[-1] - cum_w)
    D = below + above
    threshold = D.min() + TIE_TOLERANCE * max(1.0, float(np.abs(D).max()))  # float noise in the sums
    candidates = np.unique(xs[threshold >= D])
    if candidates.size == 1:
        return float(candidates[0])
    total = float(cum_w[-1])
    if total <= 0:
        raise ModelError("Capability×salience sums to zero: no actor has any weight.")
    distance = np.abs(candidates - float(ws @ xs) / total)
    scale = max(float(np.abs(xs).max()), float(xs[-1] - xs[0]))
    near = distance <= distance.min() + TIE_TOLERANCE * scale
    support = np.array([ws[xs == v].sum() for v in candidates])  # a loop over the few tied positions
    near &= support >= support[near].max() - TIE_TOLERANCE * total
    return float(candidates[near][0])  # candidates are sorted: the lowest of those left


def success_probabilities(
    x: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    span: float,
    r: np.ndarray | None = None,
    normalise: Literal["global", "pairwise"] = "pairwise",
) -> np.ndarray:
    """``P[i, j]``: probability that ``i``'s challenge of ``j`` succeeds (E4).

    Uses ``Σ max(v, 0) = (Σ v + Σ |v|) / 2``; ``Σ v`` is a matrix product and
    only ``Σ |v|`` needs care.  With r = 1 it has a closed form over sorted
    positions (:func:`_abs_vote_sums_linear`); with risk exponents in the votes
    third parties are processed in blocks so memory stays near
    ``_BLOCK_ELEMENTS`` floats whatever the number of actors.  Pairs nobody
    can tell apart (``x_i == x_j``) get P = 0.  With ``normalise="global"``
    the denominator is ``Σ_{k,i,j} |v_k(i, j)|``.
    """
    n = x.size
    w = c * s
    linear = r is None or np.all(r == 1.0)
    dist = np.abs(x[:, None] - x[None, :]) / span  # dist[k, j]
    if r is not None and not linear:
        dist = dist ** r[:, None]
    net = w @ dist  # Σ_k w_k dist[k, j]
    signed_sum = net[None, :] - net[:, None]  # Σ_k v_k(i, j)
    abs_sum = _abs_vote_sums_linear(x, w) / span if linear else _abs_vote_sums_blocked(dist, w)
    support = 0.5 * (signed_sum + abs_sum)
    if normalise == "global":
        total = abs_sum.sum()
        return np.clip(support / total, 0.0, 1.0) if total > 0 else np.zeros((n, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        P = np.where(abs_sum > 1e-15 * w.sum(), support / abs_sum, 0.0)
    return np.clip(P, 0.0, 1.0)


def _abs_vote_sums_blocked(dist: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``Σ_k w_k |dist[k, j] - dist[k, i]|`` by blocks of third parties ``k``."""
    n = w.size
    abs_sum = np.zeros((n, n))
    block = max(1, _BLOCK_ELEMENTS // max(n * n, 1))
    for start in range(0, n, block):  # loop over blocks of third parties, not actors
        d = dist[start : start + block]
        diff = d[:, None, :] - d[:, :, None]
        np.abs(diff, out=diff)
        abs_sum += np.tensordot(w[start : start + block], diff, axes=1)
    return abs_sum


def _abs_vote_sums_linear(x: np.ndarray, w: np.ndarray, rows: slice = slice(None)) -> np.ndarray:
    """``Σ_k w_k ||x_k - x_j| - |x_k - x_i||`` exactly, in O(n² log n), no n³ block.

    For ``a = min(x_i, x_j) < b = max(x_i, x_j)`` the term is ``b - a`` for
    ``x_k`` outside (a, b) and ``|2 x_k - a - b|`` inside, so prefix sums of
    ``w`` and ``w x`` over sorted positions give every pair at once.  ``rows``
    selects the actors ``i`` (a block of rows); every ``j`` is computed.
    """
    order = np.argsort(x, kind="stable")
    xs = x[order]
    cw = np.concatenate([[0.0], np.cumsum(w[order])])
    cwx = np.concatenate([[0.0], np.cumsum(w[order] * xs)])
    at_most = np.searchsorted(xs, x, side="right")  # per actor: #positions <= x_i
    below = np.searchsorted(xs, x, side="left")  # per actor: #positions < x_i
    xi, at_most_i, below_i = x[rows], at_most[rows], below[rows]
    a = np.minimum(xi[:, None], x[None, :])
    b = np.maximum(xi[:, None], x[None, :])
    ia = np.where(xi[:, None] <= x[None, :], at_most_i[:, None], at_most[None, :])
    ib = np.where(xi[:, None] >= x[None, :], below_i[:, None], below[None, :])
    im = np.searchsorted(xs, 0.5 * (a + b), side="left")
    outside = (b - a) * (cw[ia] + cw[-1] - cw[ib])
    inner_low = (a + b) * (cw[im] - cw[ia]) - 2 * (cwx[im] - cwx[ia])
    inner_high = 2 * (cwx[ib] - cwx[im]) - (a + b) * (cw[ib] - cw[im])
    return np.where(b > a, outside + inner_low + inner_high, 0.0)
