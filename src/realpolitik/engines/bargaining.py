r"""Bargaining: is there a deal every party prefers to fighting on, and which one?

The package space
-----------------
A *package* fixes a position on every issue. With :math:`K` issues of
:math:`L_1, \dots, L_K` positions each (discrete levels, or a grid on a
continuous scale) there are :math:`N = \prod_k L_k` packages, numbered
``0..N-1`` in mixed radix (the last issue varies fastest, as in
``np.unravel_index``). Utilities are additive (Keeney & Raiffa 1976): party
:math:`i` values package :math:`x` at :math:`U_i(x) = \sum_k T_{k}[i, x_k]`,
where :math:`T_k` holds its salience-weighted utility term of each position
of issue :math:`k` (:func:`realpolitik.engines.decision.offer_terms`). Party
:math:`i` fights on unless :math:`U_i(x) \ge r_i`, its *reservation value*
(the value of continuing), so its *margin* is :math:`U_i(x) - r_i`, exactly
the decision model's margin. Packages are generated block by block from their
indices, never as Python objects, so :math:`10^7` packages stream in bounded
memory.

What is computed
----------------
- **ZOPA** (zone of possible agreement): packages with every margin
  :math:`\ge 0`. When it is empty, the **gap** is
  :math:`g = \max_x \min_i (U_i(x) - r_i) < 0`: lowering every reservation
  value by :math:`|g|` opens it, and the party whose margin is smallest at the
  maximizing package *blocks*. Per party :math:`j`, the smallest cut of
  :math:`r_j` alone that opens a ZOPA is
  :math:`-\max \{U_j(x) - r_j : U_i(x) \ge r_i\ \forall i \ne j\}`
  (infinite when the others alone admit no package).
- **Pareto frontier**, exact (:mod:`realpolitik.engines.pareto`), merged
  across blocks: the frontier of a union is the frontier of the union of the
  blocks' frontiers. The Pareto set of the ZOPA is the frontier within the
  ZOPA (whatever dominates an acceptable package is acceptable too).
- **Nash bargaining solution** (Nash 1950, "The bargaining problem",
  *Econometrica* 18(2), eq. for the maximand): maximize
  :math:`\prod_i (U_i - r_i)` over the ZOPA.
- **Kalai–Smorodinsky solution** (Kalai & Smorodinsky 1975, "Other solutions
  to Nash's bargaining problem", *Econometrica* 43(3)): with the ideal point
  :math:`a_i = \max_{x \in ZOPA} U_i(x)`, maximize
  :math:`\min_i (U_i - r_i)/(a_i - r_i)` over the Pareto set of the ZOPA (on a
  finite set this is the frontier point nearest the ray from the
  disagreement point to the ideal point).
- **Fearon's bargaining range** (Fearon 1995, "Rationalist explanations for
  war", *International Organization* 49(3), p. 387):
  :math:`[p - c_A, p + c_B]` on a one-issue space [0, 1].
- **Rubinstein shares** (Rubinstein 1982, "Perfect equilibrium in a
  bargaining model", *Econometrica* 50(1), Theorem): the first mover gets
  :math:`(1 - \delta_2)/(1 - \delta_1 \delta_2)` of the pie.

Ties (equal Nash products, equal KS scores) go to the larger sum of margins,
then the lower package index, so results are deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.engines.pareto import pareto_mask
from realpolitik.errors import ModelError

__all__ = [
    "BargainingResult",
    "PackageSpace",
    "bargain",
    "fearon_range",
    "frontier_by_issues",
    "kalai_smorodinsky",
    "nash_solution",
    "rubinstein_shares",
]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]

DEFAULT_BLOCK = 1 << 18
"""Packages per streamed block: (parties + issues) x 2 MiB of working memory."""
MAX_PACKAGES = 10**9
"""Largest package space :func:`bargain` will enumerate."""


@dataclass(frozen=True, init=False, eq=False)
class PackageSpace:
    """Additive utilities over the Cartesian product of the issues' positions.

    Parameters
    ----------
    tables : sequence of array_like, each shape (A, L_k)
        Per issue, the utility term of each of its ``L_k`` positions to each
        of the ``A`` parties (0 for a party that does not care about it).
    reservation : array_like, shape (A,)
        Each party's reservation value.
    """

    tables: tuple[Array, ...]
    reservation: Array

    def __init__(self, tables: Sequence[ArrayLike], reservation: ArrayLike) -> None:
        tabs = tuple(np.atleast_2d(np.asarray(t, dtype=float)) for t in tables)
        r = np.atleast_1d(np.asarray(reservation, dtype=float))
        if not tabs:
            raise ModelError("a package space needs at least one issue")
        if any(t.shape[0] != r.size or t.shape[1] < 1 for t in tabs):
            shapes = [t.shape for t in tabs]
            raise ModelError(f"every table must be ({r.size}, positions >= 1); got {shapes}")
        if not all(np.all(np.isfinite(t)) for t in tabs) or not np.all(np.isfinite(r)):
            raise ModelError("utilities and reservation values must be finite")
        object.__setattr__(self, "tables", tabs)
        object.__setattr__(self, "reservation", r)

    @property
    def n_parties(self) -> int:
        return int(self.reservation.size)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of positions per issue (the radices)."""
        return tuple(t.shape[1] for t in self.tables)

    @property
    def n_packages(self) -> int:
        return int(np.prod(self.sizes, dtype=object))

    def levels(self, packages: ArrayLike) -> IntArray:
        """Position index on every issue of each package, shape (..., K) (mixed radix)."""
        idx = np.asarray(packages, dtype=np.int64)
        sizes = np.array(self.sizes, dtype=np.int64)
        strides = np.concatenate([np.cumprod(sizes[::-1])[::-1][1:], [1]])
        levels: IntArray = (idx[..., None] // strides) % sizes
        return levels

    def package(self, levels: ArrayLike) -> IntArray:
        """Package index of position indices, shape (..., K) -> (...)."""
        index: IntArray = np.ravel_multi_index(tuple(np.moveaxis(np.asarray(levels), -1, 0)), self.sizes)
        return index

    def utilities(self, packages: ArrayLike) -> Array:
        """:math:`U_i(x)` for each party and package, shape (A, ...)."""
        lv = self.levels(packages)
        out = np.zeros((self.n_parties, *lv.shape[:-1]))
        for k, table in enumerate(self.tables):  # a loop over issues (few), each vectorized over packages
            out += table[:, lv[..., k]]
        return out

    def margins(self, packages: ArrayLike) -> Array:
        """:math:`U_i(x) - r_i`, shape (A, ...)."""
        u = self.utilities(packages)
        return u - self.reservation.reshape((-1,) + (1,) * (u.ndim - 1))

    def blocks(
        self, block_size: int = DEFAULT_BLOCK, packages: IntArray | None = None
    ) -> Iterator[tuple[IntArray, Array]]:
        """Stream ``(package indices, utilities (A, B))`` over the whole space, or over ``packages``.

        Over the whole space, blocks hold whole runs of the trailing issues (about
        ``block_size`` packages each; see :meth:`_runs`).
        """
        if packages is None:
            for run in self._runs(block_size):
                yield run.index, run.utilities
            return
        for start in range(0, packages.size, block_size):
            idx = packages[start : start + block_size]
            yield idx, self.utilities(idx)

    def _runs(self, block_size: int = DEFAULT_BLOCK) -> Iterator[_Run]:
        """The whole space in blocks of consecutive packages, utilities by broadcast outer sums.

        The trailing issues whose positions multiply to at most ``block_size`` form
        the *tail*; a block is ``q`` consecutive combinations of the leading (*head*)
        issues times every tail combination. Only the ``q`` head combinations are
        decoded (by division and modulo); the tail issues' utilities are added by
        broadcasting, one issue at a time and in issue order, so every package's
        utility is the same floating-point sum :meth:`utilities` computes.
        """
        sizes = self.sizes
        m = len(sizes)
        tail = 1
        while m > 0 and tail * sizes[m - 1] <= block_size:
            m -= 1
            tail *= sizes[m]
        head_sizes = np.array(sizes[:m], dtype=np.int64)
        head_strides = np.concatenate([np.cumprod(head_sizes[::-1])[::-1][1:], [1]]).astype(np.int64)
        n_head = int(np.prod(head_sizes, dtype=np.int64))
        q_max = max(1, block_size // tail)
        A = self.n_parties
        for h0 in range(0, n_head, q_max):
            h = np.arange(h0, min(h0 + q_max, n_head), dtype=np.int64)
            head_levels = (h[:, None] // head_strides) % head_sizes if m else np.zeros((h.size, 0), np.int64)
            acc = np.zeros((A, h.size))
            for k in range(m):  # head issues (few), each vectorized over the block's head combinations
                acc += self.tables[k][:, head_levels[:, k]]
            for table in self.tables[m:]:  # tail issues: an outer sum each, in issue order
                acc = acc[..., None] + table.reshape((A,) + (1,) * (acc.ndim - 1) + (-1,))
            start = h0 * tail
            index = np.arange(start, start + h.size * tail, dtype=np.int64)
            yield _Run(index, acc.reshape(A, -1), head_levels, sizes[m:])


@dataclass(frozen=True, eq=False)
class _Run:
    """A block of consecutive packages: ``head_levels`` (q, m) times every tail combination."""

    index: IntArray
    utilities: Array
    head_levels: IntArray
    tail_sizes: tuple[int, ...]

    def positions_used(self, mask: NDArray[np.bool_]) -> list[NDArray[np.bool_]]:
        """Per issue, which positions occur among the block's packages where ``mask`` is true."""
        q = self.head_levels.shape[0]
        grid = mask.reshape((q, *self.tail_sizes))
        rows = grid.reshape(q, -1).any(axis=1)
        out = []
        for k in range(self.head_levels.shape[1]):
            hit = np.zeros(int(self.head_levels[:, k].max()) + 1, dtype=bool)
            hit[self.head_levels[rows, k]] = True
            out.append(hit)
        axes = tuple(range(grid.ndim))
        for k in range(len(self.tail_sizes)):
            out.append(np.asarray(grid.any(axis=tuple(a for a in axes if a != k + 1)), dtype=bool))
        return out


@dataclass(frozen=True, eq=False)
class BargainingResult:
    """Bargaining outcomes over a package space (module docstring for each)."""

    n_packages: int
    reservation: Array
    zopa_size: int
    """Number of packages every party weakly prefers to continuing."""
    ideal: Array | None
    """Best utility of each party within the ZOPA (None when it is empty)."""
    pareto: IntArray
    """Package indices of the Pareto frontier, ascending."""
    pareto_utilities: Array
    """(A, len(pareto)) utilities of the frontier packages."""
    nash: int | None
    kalai_smorodinsky: int | None
    max_min_margin: float
    """:math:`\\max_x \\min_i (U_i - r_i)`: the gap when negative."""
    max_min_package: int
    blocking_party: int
    """The party with the smallest margin at ``max_min_package``."""
    opening_shift: Array
    """Per party, the smallest cut in its reservation value alone that opens a ZOPA (0 if open)."""
    opening_package: IntArray
    """The package that cut makes acceptable to all (-1 where no cut can)."""
    zopa_positions: tuple[NDArray[np.bool_], ...] = ()
    """Per issue, which of its positions occur in at least one ZOPA package."""
    sampled: int | None = None
    """Packages evaluated when only a sample of the space was (every figure is then the
    sample's: ZOPA size, frontier, solutions, gap); None when every package was."""

    @property
    def has_zopa(self) -> bool:
        return self.zopa_size > 0

    @property
    def gap(self) -> float:
        """Uniform shift of all reservation values needed to open a ZOPA (0 when open)."""
        return max(0.0, -self.max_min_margin)

    def pareto_margins(self) -> Array:
        """(A, len(pareto)) margins of the frontier packages."""
        return self.pareto_utilities - self.reservation[:, None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_packages": self.n_packages,
            "reservation": self.reservation.tolist(),
            "zopa_size": self.zopa_size,
            "has_zopa": self.has_zopa,
            "ideal": None if self.ideal is None else self.ideal.tolist(),
            "pareto": self.pareto.tolist(),
            "nash": self.nash,
            "kalai_smorodinsky": self.kalai_smorodinsky,
            "max_min_margin": self.max_min_margin,
            "max_min_package": self.max_min_package,
            "gap": self.gap,
            "blocking_party": self.blocking_party,
            "opening_shift": [None if not np.isfinite(s) else float(s) for s in self.opening_shift],
            "opening_package": self.opening_package.tolist(),
            "zopa_positions": [z.tolist() for z in self.zopa_positions],
            "sampled": self.sampled,
        }


def _best(scores: Array, tiebreak: Array, index: IntArray) -> int:
    """Position of the max score, ties to the larger tiebreak, then the lower index."""
    return int(np.lexsort((index, -tiebreak, -scores))[0])


def nash_solution(utilities: ArrayLike, reservation: ArrayLike) -> int | None:
    r"""Index of the outcome maximizing :math:`\prod_i (U_i - r_i)` among those with all gains >= 0.

    Nash (1950), the bargaining solution's maximand. ``utilities`` has shape
    (A, n); returns None when no outcome is individually rational.
    """
    U = np.asarray(utilities, dtype=float)
    gains = U - np.asarray(reservation, dtype=float)[:, None]
    rational = np.flatnonzero(np.all(gains >= 0, axis=0))
    if rational.size == 0:
        return None
    g = gains[:, rational]
    return int(rational[_best(np.prod(g, axis=0), g.sum(axis=0), rational)])


def kalai_smorodinsky(utilities: ArrayLike, reservation: ArrayLike) -> int | None:
    r"""Index of the Kalai–Smorodinsky outcome among the Pareto set of the individually rational ones.

    Kalai & Smorodinsky (1975): maximize :math:`\min_i (U_i - r_i)/(a_i - r_i)`
    with :math:`a` the ideal point of the individually rational set. A party
    with :math:`a_i = r_i` gains nothing anywhere and does not constrain.
    ``utilities`` has shape (A, n); returns None when no outcome is rational.
    """
    U = np.asarray(utilities, dtype=float)
    r = np.asarray(reservation, dtype=float)
    rational = np.flatnonzero(np.all(U - r[:, None] >= 0, axis=0))
    if rational.size == 0:
        return None
    front = rational[pareto_mask(U[:, rational].T)]
    return int(front[_ks_pick(U[:, front], r, U[:, rational].max(axis=1), front)])


def _ks_pick(U: Array, r: Array, ideal: Array, index: IntArray) -> int:
    gains = U - r[:, None]
    span = (ideal - r)[:, None]
    ratio = np.where(span > 0, gains / np.where(span > 0, span, 1.0), np.inf)
    score = ratio.min(axis=0)
    score = np.where(np.isinf(score), 1.0, score)
    return _best(score, np.prod(gains, axis=0), index)


def fearon_range(p: float, cost_a: float, cost_b: float) -> tuple[float, float]:
    """Fearon's (1995) bargaining range :math:`[p - c_A, p + c_B]` on the issue space [0, 1].

    ``p`` is the probability that A prevails in war (A's expected share of
    the issue space), ``cost_a``/``cost_b`` the parties' costs of war in the
    same units. A accepts any ``x >= p - c_A`` and B any ``x <= p + c_B``;
    the range is clipped to [0, 1], the deals that exist.
    """
    if not 0.0 <= p <= 1.0:
        raise ModelError(f"'p' must be a probability in [0, 1]; got {p!r}")
    if cost_a < 0 or cost_b < 0:
        raise ModelError(f"costs of war must be non-negative; got {cost_a!r}, {cost_b!r}")
    return max(0.0, p - cost_a), min(1.0, p + cost_b)


def rubinstein_shares(delta_1: float, delta_2: float) -> tuple[float, float]:
    r"""Subgame-perfect shares of a pie of 1 in alternating offers, party 1 proposing first.

    Rubinstein (1982), Theorem: party 1 gets
    :math:`(1 - \delta_2)/(1 - \delta_1 \delta_2)` and party 2 the rest,
    with per-round discount factors :math:`\delta_i \in [0, 1)`.
    """
    for name, d in (("delta_1", delta_1), ("delta_2", delta_2)):
        if not 0.0 <= d < 1.0:
            raise ModelError(f"'{name}' must be a discount factor in [0, 1); got {d!r}")
    first = (1.0 - delta_2) / (1.0 - delta_1 * delta_2)
    return first, 1.0 - first


FRONTIER_CANDIDATES = 1 << 20
"""Largest candidate set :func:`frontier_by_issues` builds in one step before it gives up."""
_NEAR_PAIRS = 1 << 22


def _near(front: Array, dropped: Array, eps: float) -> NDArray[np.bool_]:
    """Which ``dropped`` points (columns) have a ``front`` point within ``eps`` on every party."""
    out = np.zeros(dropped.shape[1], dtype=bool)
    if front.shape[1] == 0 or dropped.shape[1] == 0:
        return out
    order = np.argsort(front[0])
    f = front[:, order]
    lo = np.searchsorted(f[0], dropped[0] - eps, side="left")
    count = np.searchsorted(f[0], dropped[0] + eps, side="right") - lo
    todo = np.flatnonzero(count)
    while todo.size:  # chunks of candidate pairs (usually one, usually empty)
        take = todo[: max(1, int(np.searchsorted(np.cumsum(count[todo]), _NEAR_PAIRS)))]
        todo = todo[take.size :]
        rows = np.repeat(take, count[take])
        starts = np.repeat(lo[take] - np.cumsum(count[take]) + count[take], count[take])
        cols = starts + np.arange(rows.size)
        close = np.all(np.abs(f[:, cols] - dropped[:, rows]) <= eps, axis=0)
        out[rows[close]] = True
    return out


def frontier_by_issues(space: PackageSpace) -> tuple[IntArray, Array] | None:
    r"""The exact Pareto frontier of the whole space, built issue by issue (ascending indices).

    With additive utilities, a package whose part on the first :math:`k` issues is dominated
    there by another part is dominated in the whole space (swap that part: every party gains
    the same on the other issues). So the frontier lies in the frontier of the first issue,
    extended by each next issue's positions and pruned again (the Minkowski sum of the issues'
    utilities, pruned at every step). The partial sums are the same floating-point sums, in the
    same issue order, as :meth:`PackageSpace.utilities`. Rounding in the later sums could turn a
    strict gain smaller than :math:`\varepsilon` (a bound on that rounding) into a tie, so a
    dominated point is kept as long as some frontier point lies within :math:`\varepsilon` of it
    on every party: a point pruned is then dominated by a margin larger than
    :math:`\varepsilon` on some party, which the later sums keep. The last step is exact.
    Returns None when a step's candidates would exceed :data:`FRONTIER_CANDIDATES` (the
    caller then streams the space through :func:`~realpolitik.engines.pareto.pareto_mask`).
    """
    tables = space.tables
    scale = sum(float(np.abs(t).max()) for t in tables)
    eps = len(tables) * max(scale, 1.0) * 2.0**-50
    idx = np.arange(tables[0].shape[1], dtype=np.int64)
    U = tables[0].copy()
    for k, table in enumerate(tables):
        if k:
            size = table.shape[1]
            if idx.size * size > FRONTIER_CANDIDATES:
                return None
            idx = (idx[:, None] * size + np.arange(size, dtype=np.int64)).ravel()
            U = (U[:, :, None] + table[:, None, :]).reshape(U.shape[0], -1)
        keep = pareto_mask(U.T)
        if k < len(tables) - 1:
            keep |= _near(U[:, keep], U, eps) & ~keep
        idx, U = idx[keep], U[:, keep]
    order = np.argsort(idx)
    return idx[order], U[:, order]


def bargain(
    space: PackageSpace, block_size: int = DEFAULT_BLOCK, packages: ArrayLike | None = None
) -> BargainingResult:
    """ZOPA, gap, Pareto frontier, Nash and Kalai–Smorodinsky packages, streamed in blocks.

    Memory is :math:`O(\\text{block} \\times (A + K))` plus the frontier.
    ``packages`` (ascending distinct indices, e.g. from
    :func:`realpolitik.engines.package_sampling.sample_packages`) restricts
    every figure to those packages; the result records how many in ``sampled``.

    Raises
    ------
    ModelError
        If more than ``MAX_PACKAGES`` packages would be evaluated (use a coarser grid, or a
        sample), or ``packages`` is not ascending, distinct and within the space.
    """
    chosen = None if packages is None else _checked_packages(space, packages)
    evaluated = space.n_packages if chosen is None else chosen.size
    if evaluated > MAX_PACKAGES:
        raise ModelError(
            f"{evaluated} packages exceed the {MAX_PACKAGES} this enumeration allows; "
            "use fewer grid points or fewer issues."
        )
    A, r = space.n_parties, space.reservation
    zopa = 0
    ideal = np.full(A, -np.inf)
    best = (-np.inf, -1)
    open_best = np.full(A, -np.inf)
    open_pkg = np.full(A, -1, dtype=np.int64)
    front_idx = np.empty(0, dtype=np.int64)
    front_u = np.empty((A, 0))
    seen = tuple(np.zeros(size, dtype=bool) for size in space.sizes)
    built = frontier_by_issues(space) if chosen is None else None
    if built is not None:
        front_idx, front_u = built
    blocks: Iterator[tuple[IntArray, Array, _Run | None]] = (
        ((run.index, run.utilities, run) for run in space._runs(block_size))
        if chosen is None
        else ((idx, U, None) for idx, U in space.blocks(block_size, chosen))
    )
    for idx, U, run in blocks:
        M = U - r[:, None]
        worst = M.min(axis=0)
        accept = worst >= 0
        zopa += int(accept.sum())
        if accept.any():
            ideal = np.maximum(ideal, U[:, accept].max(axis=1))
            if run is not None:  # positions from the block's structure: no package decoded
                for positions, used in zip(seen, run.positions_used(accept), strict=True):
                    positions[: used.size] |= used
            else:
                levels = space.levels(idx[accept])
                for k, positions in enumerate(seen):  # issues are few
                    positions[levels[:, k]] = True
        j = int(np.argmax(worst))
        if worst[j] > best[0]:
            best = (float(worst[j]), int(idx[j]))
        # others_ok[j, x]: every party but j accepts x
        refusing = M < 0
        others_ok = (refusing.sum(axis=0)[None, :] - refusing) == 0
        cand = np.where(others_ok, M, -np.inf)
        arg = np.argmax(cand, axis=1)
        val = cand[np.arange(A), arg]
        better = val > open_best
        open_best = np.where(better, val, open_best)
        open_pkg = np.where(better, idx[arg], open_pkg)
        if built is not None:
            continue
        keep = pareto_mask(U.T)
        front_idx = np.concatenate([front_idx, idx[keep]])
        front_u = np.hstack([front_u, U[:, keep]])
        merged = pareto_mask(front_u.T)
        front_idx, front_u = front_idx[merged], front_u[:, merged]
    order = np.argsort(front_idx)
    front_idx, front_u = front_idx[order], front_u[:, order]
    nash = ks = None
    if zopa:
        in_zopa = np.flatnonzero(np.all(front_u >= r[:, None], axis=0))
        fu, fi = front_u[:, in_zopa], front_idx[in_zopa]
        g = fu - r[:, None]
        nash = int(fi[_best(np.prod(g, axis=0), g.sum(axis=0), fi)])
        ks = int(fi[_ks_pick(fu, r, ideal, fi)])
    best_margins = space.margins(np.array([best[1]]))[:, 0]
    return BargainingResult(
        n_packages=space.n_packages,
        reservation=r,
        zopa_size=zopa,
        ideal=ideal if zopa else None,
        pareto=front_idx,
        pareto_utilities=front_u,
        nash=nash,
        kalai_smorodinsky=ks,
        max_min_margin=best[0],
        max_min_package=best[1],
        blocking_party=int(np.argmin(best_margins)),
        opening_shift=np.where(np.isfinite(open_best), np.maximum(0.0, -open_best), np.inf),
        opening_package=np.where(np.isfinite(open_best), open_pkg, -1),
        zopa_positions=seen,
        sampled=None if chosen is None else int(chosen.size),
    )


def _checked_packages(space: PackageSpace, packages: ArrayLike) -> IntArray:
    idx = np.asarray(packages)
    if (
        idx.ndim != 1
        or idx.size == 0
        or not np.issubdtype(idx.dtype, np.integer)
        or idx[0] < 0
        or idx[-1] >= space.n_packages
        or np.any(np.diff(idx) <= 0)
    ):
        raise ModelError(
            f"'packages' must be ascending distinct indices in [0, {space.n_packages}); got {idx!r}"
        )
    return idx.astype(np.int64, copy=False)
