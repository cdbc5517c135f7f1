"""One EUM round in blocks of rows, so memory stays bounded at any number of actors.

:func:`realpolitik.engines.eum.run_eum` holds about two dozen ``n × n`` arrays
in a round; at 10,000 actors that is tens of GiB.  Here the same equations
(E1)–(E9) of :mod:`realpolitik.engines.eum` are evaluated for a block of
challengers/receivers ``i`` against every ``j`` at a time, and only what the
next step needs is kept: column sums for the security levels (E7), the
normaliser of the ``"global"`` reading (E4), and the last round's offers
(``kind`` and ``position``, written row block by row block).  Memory is then
``O(block × n)`` plus the offers; the passes over the blocks are:

1. (``"global"`` reading) the sum of |votes| over all pairs;
2. (``risk="scholz"``) the security levels ``S_j = Σ_i EU_ij`` with r = 1;
3. (``vote_risk``) the sum of |risky votes| for the ``"global"`` reading;
4. probabilities, expected utilities ``u`` and ``v``, offers and choices.

Vote sums.  With r = 1 the third parties' ``Σ_k w_k |d_kj - d_ki|`` has a
closed form over sorted positions (:func:`_abs_vote_sums_linear`).  With risk
exponents in the votes (Scholz et al.'s reading) the same holds: each
``f_k(y) = (|x_k - y| / Δ)^{r_k}`` grows with the distance from ``x_k``, so
``f_k(x_j) - f_k(x_i)`` has the sign of ``|x_k - x_j| - |x_k - x_i|``, decided
by which side of the midpoint ``m = (x_i + x_j) / 2`` the third party stands
on.  With ``G_t(m) = Σ_{x_k < m} w_k f_k(x_t)`` (prefix sums over sorted
third parties) and ``a``/``b`` the lower/upper of the two positions::

    Σ_k w_k |f_k(x_b) - f_k(x_a)| = 2 (G_b(m) - G_a(m)) + G_a(∞) - G_b(∞),

so no third-party axis is ever materialised: ``O(n² log n)`` work per block
pair instead of ``O(n³)``, and the ``scholz2011`` reading scales like the
printed one.

The results equal the unblocked round's to rounding
(``tests/engines/test_eum_blocks.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from realpolitik.engines.eum_votes import _abs_vote_sums_linear, median_voter

if TYPE_CHECKING:
    from realpolitik.engines.eum import EUMOptions

__all__ = ["BLOCK_ELEMENTS", "round_in_blocks"]

#: Elements of one ``block × n`` array; a round holds about 16 of them (2**21 floats: 16 MiB each).
BLOCK_ELEMENTS = 2**21
#: Elements of the vote sums computed at once (two 128 MiB arrays): risky votes recompute the
#: prefix sums of every actor once per such group of rows, so larger groups cost less time.
GROUP_ELEMENTS = 2**24


def _blocks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):  # a loop over blocks of rows, each vectorised over all actors
        yield slice(start, min(start + size, n))


def _weighted_f(
    xs: np.ndarray, ws: np.ndarray, rs: np.ndarray, targets: np.ndarray, span: float
) -> np.ndarray:
    """``G_t``: prefix sums over sorted third parties of ``w_k (|x_k - x_t| / Δ)^{r_k}``, per target ``t``."""
    f = ws[None, :] * (np.abs(xs[None, :] - targets[:, None]) / span) ** rs[None, :]
    return np.concatenate([np.zeros((targets.size, 1)), np.cumsum(f, axis=1)], axis=1)


class _Votes:
    """Signed and absolute vote sums (E1, E4) for a block of rows against every actor."""

    def __init__(self, x: np.ndarray, w: np.ndarray, span: float, r: np.ndarray | None, size: int) -> None:
        self.x, self.w, self.span, self.r, self.size = x, w, span, r, size
        order = np.argsort(x, kind="stable")
        self.xs, self.ws = x[order], w[order]
        self.rs = None if r is None else r[order]
        # net_j = Σ_k w_k f_k(x_j): the signed sums are differences of it (E4's Σ v = net_j - net_i).
        if self.rs is None:
            cw, cwx = np.cumsum(self.ws), np.cumsum(self.ws * self.xs)
            pos = np.searchsorted(self.xs, x, side="right")
            below_w = np.where(pos > 0, cw[np.maximum(pos - 1, 0)], 0.0)
            below_wx = np.where(pos > 0, cwx[np.maximum(pos - 1, 0)], 0.0)
            self.net = (x * below_w - below_wx + (cwx[-1] - below_wx) - x * (cw[-1] - below_w)) / span
        else:
            self.net = np.concatenate([_weighted_f(self.xs, self.ws, self.rs, x[b], span)[:, -1]
                                       for b in _blocks(x.size, size)])  # fmt: skip

    def rows(self, rows: slice) -> tuple[np.ndarray, np.ndarray]:
        """``(Σ_k v_k(i, j), Σ_k |v_k(i, j)|)`` for ``i`` in ``rows`` and every ``j``."""
        signed = self.net[None, :] - self.net[rows, None]
        if self.rs is None:
            return signed, _abs_vote_sums_linear(self.x, self.w, rows) / self.span
        x, xi = self.x, self.x[rows]
        gi = _weighted_f(self.xs, self.ws, self.rs, xi, self.span)
        absum = np.empty((xi.size, x.size))
        for cols in _blocks(x.size, self.size):
            xj = x[cols]
            gj = _weighted_f(self.xs, self.ws, self.rs, xj, self.span)
            im = np.searchsorted(self.xs, 0.5 * (xi[:, None] + xj[None, :]), side="left")
            g_i = np.take_along_axis(gi, im, axis=1)
            g_j = np.take_along_axis(gj, im.T, axis=1).T
            sign = np.sign(xj[None, :] - xi[:, None])
            absum[:, cols] = sign * (2 * (g_j - g_i) - gj[:, -1][None, :] + gi[:, -1][:, None])
        return signed, absum


def _grouped(votes: _Votes, n: int, size: int) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """Blocks of rows with their vote sums; risky sums are computed for groups of blocks at a time.

    (Linear sums cost nothing to recompute but many temporaries per row, so they stay per block.)
    """
    group = size if votes.rs is None else max(size, (GROUP_ELEMENTS // n) // size * size)
    for outer in _blocks(n, group):
        signed, absum = votes.rows(outer)
        for rows in _blocks(outer.stop - outer.start, size):
            yield slice(outer.start + rows.start, outer.start + rows.stop), signed[rows], absum[rows]


def _probabilities(signed: np.ndarray, absum: np.ndarray, total: float | None, w_sum: float) -> np.ndarray:
    """(E4) from vote sums: pairwise (``total`` None) or divided by the global ``total``."""
    support = 0.5 * (signed + absum)
    if total is not None:
        return np.clip(support / total, 0.0, 1.0) if total > 0 else np.zeros_like(support)
    with np.errstate(invalid="ignore", divide="ignore"):
        P = np.where(absum > 1e-15 * w_sum, support / absum, 0.0)
    return np.clip(P, 0.0, 1.0)


def _eu(d: np.ndarray, P: np.ndarray, s_target: np.ndarray, a: np.ndarray, R: np.ndarray, Q: float, T: float
        ) -> np.ndarray:  # fmt: skip
    """(E5)–(E6) on a block: ``s_target``, ``a`` (challenger's distance to the median) and ``R`` broadcast."""
    linear = bool(np.all(R == 1.0))

    def power(base: np.ndarray) -> np.ndarray:
        return base if linear else base**R

    U_s = 2 - 4 * power(0.5 - 0.5 * d)
    EU = s_target * (P * U_s + (1 - P) * (2 - 4 * power(0.5 + 0.5 * d))) + (1 - s_target) * U_s
    EU -= Q * (2 - 4 * 0.5**R)
    if Q < 1.0:
        U_b, U_w = 2 - 4 * power(0.5 - 0.25 * (a + d)), 2 - 4 * power(0.5 + 0.25 * (a + d))
        EU -= (1 - Q) * (T * U_b + (1 - T) * U_w)
    result: np.ndarray = EU
    return result


def round_in_blocks(
    x: np.ndarray, c: np.ndarray, s: np.ndarray, span: float, opt: EUMOptions, block: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One round (E1–E9) in blocks of ``block`` rows (default: ``BLOCK_ELEMENTS // n``).

    ``opt`` holds the readings (:class:`~realpolitik.engines.eum.EUMOptions`).  Returns the
    new positions, the risk exponents, and the offers' ``kind``, ``position``
    and ``chosen`` as :func:`realpolitik.engines.eum._round` does.
    """
    from realpolitik.engines.eum import choose_offers, make_offers

    n = x.size
    size = block or max(1, BLOCK_ELEMENTS // n)
    w = c * s
    median = median_voter(x, c, s)
    a_all = np.abs(x - median) / span
    ones = np.ones(n)

    def total_of(votes: _Votes) -> float | None:
        if opt.probability != "global":
            return None
        return float(sum(absum.sum() for _, _, absum in _grouped(votes, n, size)))

    def diagonal(rows: slice) -> tuple[np.ndarray, np.ndarray]:
        return np.arange(rows.stop - rows.start), np.arange(rows.start, rows.stop)

    linear = _Votes(x, w, span, None, size)
    total = total_of(linear)
    r = ones
    if opt.risk == "scholz":  # (E7): security from r = 1 expected utilities, summed by column
        S = np.zeros(n)
        for rows, signed, absum in _grouped(linear, n, size):
            P = _probabilities(signed, absum, total, w.sum())
            d = np.abs(x[rows, None] - x[None, :]) / span
            EU = _eu(d, P, s[None, :], a_all[rows, None], ones[rows, None], opt.Q, opt.T)
            EU[diagonal(rows)] = 0.0
            S += EU.sum(axis=0)
        spread = S.max() - S.min()
        if spread > 0:
            R = (2 * S - S.max() - S.min()) / spread
            r = (1 - R / 3) / (1 + R / 3)
    votes = _Votes(x, w, span, r, size) if opt.vote_risk else linear
    if opt.vote_risk:
        total = total_of(votes)
    new_x = x.copy()
    kind = np.zeros((n, n), dtype=np.int8)
    position = np.empty((n, n))
    chosen = np.full(n, -1)
    for rows, signed, absum in _grouped(votes, n, size):
        P = _probabilities(signed, absum, total, w.sum())
        Pt = _probabilities(-signed, absum, total, w.sum())  # P[j, i]: j challenges i
        d = np.abs(x[rows, None] - x[None, :]) / span
        R = r[rows, None]
        u = _eu(d, P, s[None, :], a_all[rows, None], R, opt.Q, opt.T)
        Rv = R if opt.perspective == "receiver" else r[None, :]
        v = _eu(d, Pt, s[rows, None], a_all[None, :], Rv, opt.Q, opt.T)
        u[diagonal(rows)] = 0.0
        v[diagonal(rows)] = 0.0
        kind_b, position_b = make_offers(x, u, v, xi=x[rows])
        chosen_b = choose_offers(x, kind_b, position_b, u, v, opt.offer_rule, xi=x[rows])
        kind[rows], position[rows], chosen[rows] = kind_b, position_b, chosen_b
        picked = chosen_b >= 0
        new_x[rows] = np.where(picked, position_b[np.arange(chosen_b.size), np.maximum(chosen_b, 0)], x[rows])
    return new_x, r, kind, position, chosen
