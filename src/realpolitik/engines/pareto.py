r"""Exact Pareto frontier of a finite set of utility vectors, vectorized.

A point :math:`u` *dominates* :math:`v` when :math:`u_i \ge v_i` for every
party and :math:`u \ne v`. The frontier is the set of undominated points;
identical points are all kept (neither dominates the other).

Algorithm (a sort-based sweep, after Kung, Luccio & Preparata 1975, "On
finding the maxima of a set of vectors", *JACM* 22(4))
---------------------------------------------------------------------------
1. **Anchor filter.** The maximizer of a strictly positive weighted sum of
   utilities is Pareto-optimal, so a handful of them (equal weights, and each
   party emphasized in turn) are frontier points; every point they dominate is
   dropped in one vectorized pass. Exact, and it removes most points of a
   large random set.
2. **Sort.** The rest are sorted lexicographically in decreasing order
   (party 1 first; a plain sort on party 1 when it has no ties). Every
   dominator of a point then comes *before* it, and identical points are
   adjacent: only the first of each run of identical
   points (its *leader*) is tested, and the rest copy its verdict.
3. **Sweep.** A leader is dominated iff some earlier leader is weakly better
   on parties 2..n (party 1 is settled by the order, distinctness by the
   leaders).

   - *Two parties*: a running maximum of :math:`u_2`
     (``np.maximum.accumulate``): :math:`O(n \log n)` overall.
   - *Three parties*: the leaders are swept in blocks. The frontier found so
     far is kept as a 2-D staircase of its :math:`(u_2, u_3)` projections
     (:math:`u_2` decreasing, :math:`u_3` increasing), so "is some earlier
     point weakly better on parties 2 and 3?" is one ``np.searchsorted`` per
     block. The survivors of a block are compared pairwise among themselves
     (a point dominated inside the block is dominated by a block survivor, by
     transitivity), then merged into the staircase.
   - *More parties*: the same block sweep, with the staircase replaced by a
     chunked pairwise test against the frontier found so far.

The frontier of a union is the frontier of the union of the parts'
frontiers, which is how :mod:`realpolitik.engines.bargaining` streams
package spaces too large to hold: block by block, merging candidates.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["dominates", "pareto_mask"]

Array = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

SWEEP_BLOCK = 512
"""Leaders per block of the sweep (survivors are compared pairwise within a block)."""
PAIRWISE_CHUNK = 1 << 22
"""Largest boolean array (elements) built by a pairwise comparison."""


def dominates(u: ArrayLike, v: ArrayLike) -> BoolArray:
    """Whether ``u`` Pareto-dominates ``v`` (``u >= v`` everywhere and ``u != v``); broadcasts over rows."""
    a, b = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    mask: BoolArray = np.all(a >= b, axis=-1) & np.any(a > b, axis=-1)
    return mask


def pareto_mask(points: ArrayLike) -> BoolArray:
    """Boolean mask of the undominated rows of ``points`` (module docstring).

    Parameters
    ----------
    points : array_like, shape (n, A)
        Utility of each of ``n`` outcomes to each of ``A`` parties; larger is
        better. Must be finite.

    Returns
    -------
    ndarray of bool, shape (n,)
        True for the Pareto-optimal rows (identical rows share a verdict).

    Examples
    --------
    >>> pareto_mask([[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [1, 0]]).tolist()
    [True, True, True, False, True]
    """
    P = np.asarray(points, dtype=float)
    if P.ndim != 2:
        raise ValueError(f"'points' must be a 2-D array (outcomes, parties); got shape {P.shape}")
    n, n_parties = P.shape
    mask = np.zeros(n, dtype=bool)
    if n == 0 or n_parties == 0:
        return mask | np.bool_(n_parties == 0)
    if n_parties == 1:
        best: BoolArray = P[:, 0] == P[:, 0].max()
        return best
    cols = np.ascontiguousarray(P.T)  # party-major: every pass below runs over contiguous memory
    keep = np.flatnonzero(~_dominated_by_anchors(cols))
    C = cols[:, keep]
    order = np.argsort(-C[0], kind="stable")
    first = C[0, order]
    if np.any(first[1:] == first[:-1]):  # ties on party 1: order them by the others too
        order = np.lexsort(-C[::-1])  # lexsort's last key is primary: party 1 first, decreasing
    C = C[:, order]
    leader = np.ones(C.shape[1], dtype=bool)
    for i in range(n_parties):  # parties are few; each step is a pass over all points
        leader[1:] &= C[i, 1:] == C[i, :-1]
    leader[1:] = ~leader[1:]
    L = C[:, leader]
    undominated = _sweep2(L) if n_parties == 2 else _sweep_blocks(L)
    mask[keep[order]] = undominated[np.cumsum(leader) - 1]
    return mask


def _dominated_by_anchors(cols: Array) -> BoolArray:
    """Points (columns) dominated by a maximizer of a strictly positive weighted sum (exact filter)."""
    n_parties, n = cols.shape
    weights = np.vstack([np.ones(n_parties), 1.0 + n_parties * np.eye(n_parties)])
    anchors = cols[:, np.unique(np.argmax(weights @ cols, axis=1))].T
    out = np.zeros(n, dtype=bool)
    for a in anchors:  # at most n_parties + 1 anchors, each a vectorized pass over all points
        weak = np.ones(n, dtype=bool)
        strict = np.zeros(n, dtype=bool)
        for i in range(n_parties):
            weak &= cols[i] <= a[i]
            strict |= cols[i] < a[i]
        out |= weak & strict
    return out


def _sweep2(L: Array) -> BoolArray:
    """Two parties, distinct points sorted decreasingly: dominated iff an earlier u2 is >= this u2."""
    best_before = np.maximum.accumulate(L[1])
    ok = np.ones(L.shape[1], dtype=bool)
    ok[1:] = best_before[:-1] < L[1, 1:]
    return ok


def _staircase(u2: Array, u3: Array) -> tuple[Array, Array]:
    """2-D maxima of the points (u2, u3): u2 strictly decreasing, u3 strictly increasing."""
    order = np.lexsort((-u3, -u2))
    a, b = u2[order], u3[order]
    best_before = np.maximum.accumulate(b)
    keep = np.ones(len(a), dtype=bool)
    keep[1:] = b[1:] > best_before[:-1]
    return a[keep], b[keep]


def _weakly_covered(front: Array, X: Array) -> BoolArray:
    """Points (columns) of ``X`` weakly dominated by some column of ``front`` (chunked pairwise)."""
    n_x = X.shape[1]
    out = np.zeros(n_x, dtype=bool)
    if front.shape[1] == 0:
        return out
    step = max(1, PAIRWISE_CHUNK // front.shape[1])
    for start in range(0, n_x, step):  # chunks bound memory; not a per-point loop
        x = X[:, start : start + step]
        cover = np.ones((x.shape[1], front.shape[1]), dtype=bool)
        for i in range(len(X)):
            cover &= front[i][None, :] >= x[i][:, None]
        out[start : start + step] = cover.any(axis=1)
    return out


def _sweep_blocks(L: Array) -> BoolArray:
    """Three or more parties: block sweep over distinct points sorted decreasingly."""
    n_parties, n = L.shape
    ok = np.zeros(n, dtype=bool)
    rest = L[1:]
    st2, st3 = np.empty(0), np.empty(0)
    front = np.empty((n_parties - 1, 0))
    for start in range(0, n, SWEEP_BLOCK):  # blocks of leaders, each handled vectorized
        block = rest[:, start : start + SWEEP_BLOCK]
        if n_parties == 3 and len(st2):
            count = np.searchsorted(-st2, -block[0], side="right")
            covered = (count > 0) & (st3[np.maximum(count - 1, 0)] >= block[1])
        else:
            covered = _weakly_covered(front, block)
        cand = np.flatnonzero(~covered)
        if cand.size == 0:
            continue
        c = block[:, cand]
        inside = np.tril(np.ones((cand.size, cand.size), dtype=bool), k=-1)  # [i, j]: j before i
        for i in range(n_parties - 1):
            inside &= c[i][None, :] >= c[i][:, None]
        new = c[:, ~inside.any(axis=1)]
        ok[start + cand[~inside.any(axis=1)]] = True
        if n_parties == 3:
            st2, st3 = _staircase(np.concatenate([st2, new[0]]), np.concatenate([st3, new[1]]))
        else:
            front = np.hstack([front, new])
    return ok
