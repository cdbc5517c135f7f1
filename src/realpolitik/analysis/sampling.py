"""The uncertain inputs of a decision, as a parameter table, and reproducible draws.

A :class:`~realpolitik.analysis.decision.DecisionProblem` carries its uncertain
inputs as :class:`~realpolitik.scenario.schema.Estimate` objects: one salience
per issue, one value per factor. :func:`parameter_table` lays them out as the
plain arrays the sampling engine (:mod:`realpolitik.engines.sampling`) takes,
saliences first, then factor values.

Draws are made in *chunks* (:func:`plan_chunks`): the draw count is cut into
blocks of a fixed size, and each block gets its own child of one
:class:`numpy.random.SeedSequence` (``SeedSequence.spawn``, O'Neill 2015's
PCG seeding scheme as adopted by NumPy). A chunk's draws depend only on the
root seed and the chunk's index, so a single process and a Dask cluster,
which evaluate the same chunks in different places, produce identical draws.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.analysis.decision import DecisionProblem
from realpolitik.engines import sampling as smp
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Distribution, Estimate

__all__ = [
    "DEFAULT_CHUNK",
    "Chunk",
    "Mixture",
    "ParameterTable",
    "estimate_rows",
    "parameter_table",
    "plan_chunks",
    "seed_sequence",
]

DEFAULT_CHUNK = 2048
"""Draws per chunk: large enough to amortize NumPy overhead, small enough to spread over workers."""

_FAMILY = {
    Distribution.FIXED: smp.FIXED,
    Distribution.UNIFORM: smp.UNIFORM,
    Distribution.TRIANGULAR: smp.TRIANGULAR,
    Distribution.PERT: smp.PERT,
    Distribution.NORMAL: smp.NORMAL,
}
_FAMILY_NAME = {code: dist.value for dist, code in _FAMILY.items()}

Array = NDArray[np.float64]
RNGLike = np.random.Generator | np.random.SeedSequence | int | None


def seed_sequence(rng: RNGLike) -> np.random.SeedSequence:
    """The root :class:`~numpy.random.SeedSequence` for ``rng``.

    An int seeds it directly (0 included); ``None`` takes fresh OS entropy; a
    Generator contributes 128 bits drawn from its stream, so passing the same
    Generator state twice gives the same root.
    """
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(rng.integers(0, 2**63, size=2).tolist())
    return np.random.SeedSequence(rng)


@dataclass(frozen=True)
class Chunk:
    """A block of draws with its own random stream."""

    index: int
    start: int
    size: int
    seed: np.random.SeedSequence


def plan_chunks(n_draws: int, rng: RNGLike = None, chunk_size: int = DEFAULT_CHUNK) -> tuple[Chunk, ...]:
    """Cut ``n_draws`` into chunks of ``chunk_size`` (the last may be smaller), one spawned seed each.

    Chunk ``i`` gets the ``i``-th child of the root seed (as ``SeedSequence.spawn`` numbers them);
    the plan is a pure function of (root, n_draws, chunk_size).
    """
    if n_draws < 1:
        raise InputError(field_message("draws", "the ensemble", "a positive integer", n_draws))
    if chunk_size < 1:
        raise InputError(field_message("chunk_size", "the ensemble", "a positive integer", chunk_size))
    starts = range(0, n_draws, chunk_size)
    root = seed_sequence(rng)
    # The children SeedSequence.spawn would make, without mutating ``root``'s spawn counter,
    # so that planning twice from the same root gives the same chunks.
    seeds = [np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i)) for i in range(len(starts))]
    return tuple(
        Chunk(i, s, min(chunk_size, n_draws - s), seed)
        for i, (s, seed) in enumerate(zip(starts, seeds, strict=True))
    )


def estimate_rows(estimates: Sequence[Estimate]) -> tuple[NDArray[np.int_], Array, Array, Array, Array]:
    """Estimates as the sampling engine's arrays: family code, central, low, high, sd."""
    rows = [
        (_FAMILY[e.distribution], e.central, *e.bounds(), np.nan if e.sd is None else e.sd) for e in estimates
    ]
    arr = np.array(rows, dtype=float).reshape(-1, 5)
    return arr[:, 0].astype(int), arr[:, 1], arr[:, 2], arr[:, 3], arr[:, 4]


@dataclass(frozen=True)
class Mixture:
    """One parameter drawn from a linear pool of estimates (:mod:`realpolitik.analysis.pool`)."""

    column: int
    """The parameter's column in the table."""
    weights: Array
    """Component weights, summing to 1."""
    family: NDArray[np.int_]
    central: Array
    low: Array
    high: Array
    sd: Array

    def from_unit(self, u: Array) -> Array:
        """Values for uniform draws ``u`` (N,): pick a component by ``u``, rescale ``u`` within it."""
        cum = np.cumsum(self.weights)
        k = np.minimum(np.searchsorted(cum, u, side="right"), cum.size - 1)
        start = np.concatenate([[0.0], cum[:-1]])
        v = (u - start[k]) / self.weights[k]
        out = np.empty(u.shape)
        for a in range(cum.size):  # a loop over analysts (few), not over draws
            sel = k == a
            if sel.any():
                out[sel] = smp.inverse_cdf(
                    v[sel, None], self.family[a : a + 1], self.central[a : a + 1], self.low[a : a + 1],
                    self.high[a : a + 1], self.sd[a : a + 1],
                )[:, 0]  # fmt: skip
        return out

    def key(self) -> bytes:
        return b"".join(
            a.tobytes() for a in (self.weights, self.family, self.central, self.low, self.high, self.sd)
        ) + str(self.column).encode()


@dataclass(frozen=True)
class ParameterTable:
    """Uncertain inputs of one decision problem: saliences (K) then factor values (F)."""

    names: tuple[str, ...]
    """``salience:<issue>`` for saliences, the factor id for factor values."""
    family: NDArray[np.int_]
    central: Array
    low: Array
    high: Array
    sd: Array
    n_saliences: int
    mixtures: tuple[Mixture, ...] = ()
    """Parameters drawn from a linear pool of analysts' estimates instead of their own row
    (:mod:`realpolitik.analysis.pool`); their row keeps the reference value's central value and range."""

    @property
    def size(self) -> int:
        return len(self.names)

    def uncertain(self) -> NDArray[np.bool_]:
        """Which parameters have any spread (the rest are always central)."""
        spread: NDArray[np.bool_] = (self.family != smp.FIXED) & ~(self.low == self.high)
        for m in self.mixtures:
            own = (m.family != smp.FIXED) & ~(m.low == m.high)
            spread[m.column] = bool(own.any() or np.unique(m.central).size > 1)
        return spread

    def from_unit(self, u: ArrayLike) -> Array:
        """Parameter values for uniform draws ``u`` of shape (N, P)."""
        x = smp.inverse_cdf(u, self.family, self.central, self.low, self.high, self.sd)
        if self.mixtures:
            uu = np.atleast_2d(np.asarray(u, dtype=float))
            for m in self.mixtures:
                x[:, m.column] = m.from_unit(uu[:, m.column])
        return x

    def draw(self, chunk: Chunk, design: smp.Design = "lhs") -> Array:
        """The draws of one chunk, shape (chunk.size, P); a function of the chunk's seed only.

        Memoized per process (read-only result), within a byte budget: a lever search
        evaluates the same chunks at many intensities. See :func:`_cached_draw`.
        """
        group = (
            *(a.tobytes() for a in (self.family, self.central, self.low, self.high, self.sd)),
            *(m.key() for m in self.mixtures),
            chunk.seed.entropy,
            tuple(chunk.seed.spawn_key[:-1]),
            design,
        )
        key = (chunk.seed.spawn_key[-1] if chunk.seed.spawn_key else None, chunk.size)
        return _cached_draw(group, key, self, chunk, design)

    def _draw(self, chunk: Chunk, design: smp.Design) -> Array:
        u = smp.uniform_design(chunk.size, self.size, design=design, rng=np.random.default_rng(chunk.seed))
        x = self.from_unit(u)
        x.flags.writeable = False
        return x

    def sample(self, n: int, rng: RNGLike = None, design: smp.Design = "lhs") -> Array:
        """``n`` draws in one block (no chunking)."""
        if self.mixtures:
            return self.from_unit(smp.uniform_design(n, self.size, design=design, rng=smp.as_generator(rng)))
        return smp.sample(
            n,
            self.family,
            self.central,
            self.low,
            self.high,
            self.sd,
            design=design,
            rng=smp.as_generator(rng),
        )

    def split(self, x: ArrayLike) -> tuple[Array, Array]:
        """Split draws (..., P) into saliences (..., K) and factor values (..., F)."""
        arr = np.asarray(x, dtype=float)
        return arr[..., : self.n_saliences], arr[..., self.n_saliences :]

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameters": [
                {
                    "name": n,
                    "dist": _FAMILY_NAME[int(f)],
                    "central": float(c),
                    "low": None if not np.isfinite(lo) else float(lo),
                    "high": None if not np.isfinite(hi) else float(hi),
                    "sd": None if np.isnan(s) else float(s),
                }
                for n, f, c, lo, hi, s in zip(
                    self.names, self.family, self.central, self.low, self.high, self.sd, strict=True
                )
            ]
        }


_CACHE_BYTES = 64 * 2**20
"""Upper bound on memoized draws per process."""


class _Memo:
    """Draws of one problem and seed (a *group*), admitted until the byte budget is full."""

    def __init__(self) -> None:
        self.group: tuple[Any, ...] | None = None
        self.draws: dict[tuple[Any, ...], Array] = {}
        self.nbytes = 0
        self.lock = threading.Lock()  # threaded Dask workers share the memo

    def clear(self) -> None:
        with self.lock:
            self.group, self.draws, self.nbytes = None, {}, 0


_CACHE = _Memo()


def _cached_draw(
    group: tuple[Any, ...], key: tuple[Any, ...], table: ParameterTable, chunk: Chunk, design: smp.Design
) -> Array:
    """Memoized :meth:`ParameterTable._draw`.

    Admission only: once the budget is full, further chunks are drawn afresh each
    time and evict nothing. A sweep reads its chunks in the same order every time,
    so a least-recently-used memo smaller than the sweep would miss on every read
    and only add its churn; this one keeps serving the chunks it holds, and the
    cost per draw of a large sweep tends to the cost of drawing, never above it.
    Draws of another problem, seed or design (another group) replace the memo.
    """
    memo = _CACHE
    with memo.lock:
        if memo.group == group and key in memo.draws:
            return memo.draws[key]
    x = table._draw(chunk, design)  # outside the lock: two threads may both draw, identically
    with memo.lock:
        if memo.group != group:
            memo.group, memo.draws, memo.nbytes = group, {}, 0
        if memo.nbytes + x.nbytes <= _CACHE_BYTES:
            memo.draws[key] = x
            memo.nbytes += x.nbytes
    return x


def parameter_table(problem: DecisionProblem) -> ParameterTable:
    """Lay out a decision problem's Estimates as sampling-engine arrays."""
    estimates = (*problem.saliences, *problem.factor_values)
    family, central, low, high, sd = estimate_rows(estimates)
    K = len(problem.issue_ids)
    mixtures = []
    for j, pool in enumerate(problem.factor_pools):
        if pool is None or (len(pool) == 1 and pool[0][0] == problem.factor_values[j]):
            continue  # no analysts, or all agree with the reference: its own row is the pool
        rows = estimate_rows([e for e, _ in pool])
        mixtures.append(Mixture(K + j, np.array([w for _, w in pool], dtype=float), *rows))
    return ParameterTable(
        names=(*(f"salience:{i}" for i in problem.issue_ids), *problem.factor_ids),
        family=family,
        central=central,
        low=low,
        high=high,
        sd=sd,
        n_saliences=len(problem.issue_ids),
        mixtures=tuple(mixtures),
    )
