"""The uncertain inputs of a decision, as a parameter table, and reproducible draws.

A :class:`~realpolitik.analysis.decision.DecisionProblem` carries its uncertain
inputs as :class:`~realpolitik.scenario.schema.Estimate` objects: one salience
per issue, one value per factor, and the other numbers that carry a range
(decision settings, level utilities, levers' effects per unit).
:func:`parameter_table` lays them out as the plain arrays the sampling engine
(:mod:`realpolitik.engines.sampling`) takes: saliences first, then factor
values, then those others. The others are appended only when they have a
range, so a scenario without such ranges draws exactly as before.

Draws are made in *blocks* of a fixed size, :data:`BLOCK` draws (the last
block holds the remainder): block ``i`` gets the ``i``-th child of one
:class:`numpy.random.SeedSequence` (``SeedSequence.spawn``, O'Neill 2015's
PCG seeding scheme as adopted by NumPy) and is a design of its own (a Latin
hypercube of its draws: the whole sample is a *replicated* Latin hypercube,
McKay 1995 / Iman 1981, with the block as the fixed unit of stratification).
A block's draws depend only on the root seed, the block's index and the total
number of draws. *Chunks* (:func:`plan_chunks`), the units of work an executor
ships, are runs of whole blocks, and every reduction is made per block and
then summed over blocks in block order: so the chunk size and the number of
workers change where the work runs, never a result.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.analysis.decision import DecisionProblem
from realpolitik.engines import sampling as smp
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Distribution, Estimate

__all__ = [
    "BLOCK",
    "DEFAULT_CHUNK",
    "Block",
    "Chunk",
    "Mixture",
    "ParameterTable",
    "estimate_rows",
    "parameter_table",
    "plan_blocks",
    "plan_chunks",
    "seed_sequence",
]

BLOCK = 4096
"""Draws per block, the fixed unit of random streams and of reductions (part of the seed's meaning):
large enough to amortize NumPy's per-call overhead, small enough that a block's arrays stay in cache."""
DEFAULT_CHUNK = 4 * BLOCK
"""Draws per chunk (rounded up to whole blocks): enough work per task to amortize shipping it."""

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
class Block:
    """The fixed unit of draws: its own random stream (child ``index`` of ``root``), a design of its own."""

    index: int
    start: int
    size: int
    root: np.random.SeedSequence

    @property
    def seed(self) -> np.random.SeedSequence:
        """The block's stream: the ``index``-th child of the root, as ``SeedSequence.spawn`` numbers them."""
        return np.random.SeedSequence(self.root.entropy, spawn_key=(*self.root.spawn_key, self.index))

    def stream(self, *key: int) -> np.random.SeedSequence:
        """A further stream of this block, keyed by ``key`` (e.g. a lever's own draws)."""
        return np.random.SeedSequence(self.root.entropy, spawn_key=(*self.root.spawn_key, self.index, *key))


@dataclass(frozen=True)
class Chunk:
    """A run of whole blocks: the unit of work an executor ships."""

    index: int
    start: int
    size: int
    blocks: tuple[Block, ...]


def plan_blocks(n_draws: int, rng: RNGLike = None, block_size: int = BLOCK) -> tuple[Block, ...]:
    """Cut ``n_draws`` into blocks of ``block_size`` (the last holds the rest), one spawned seed each.

    Block ``i`` gets the ``i``-th child of the root seed (as ``SeedSequence.spawn`` numbers them),
    derived without mutating the root's spawn counter, so planning twice gives the same blocks.
    """
    if n_draws < 1:
        raise InputError(field_message("draws", "the ensemble", "a positive integer", n_draws))
    if block_size < 1:
        raise InputError(field_message("block_size", "the ensemble", "a positive integer", block_size))
    root = seed_sequence(rng)
    return tuple(
        Block(i, s, min(block_size, n_draws - s), root) for i, s in enumerate(range(0, n_draws, block_size))
    )


def plan_chunks(
    n_draws: int, rng: RNGLike = None, chunk_size: int = DEFAULT_CHUNK, *, block_size: int = BLOCK
) -> tuple[Chunk, ...]:
    """Group the blocks of ``n_draws`` (:func:`plan_blocks`) into chunks of about ``chunk_size`` draws.

    A chunk holds ``ceil(chunk_size / block_size)`` whole blocks (the last chunk may hold fewer).
    The blocks, hence the draws and every per-block reduction, do not depend on ``chunk_size``.
    """
    if chunk_size < 1:
        raise InputError(field_message("chunk_size", "the ensemble", "a positive integer", chunk_size))
    blocks = plan_blocks(n_draws, rng, block_size)
    per = -(-chunk_size // block_size)
    groups = [blocks[i : i + per] for i in range(0, len(blocks), per)]
    return tuple(
        Chunk(i, g[0].start, sum(b.size for b in g), g) for i, g in enumerate(groups)
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
        """Values for uniform draws ``u`` (N,): pick a component by ``u``, rescale ``u`` within it.

        Every component's quantile is taken at every draw's rescaled ``u`` (components are few)
        and the picked one kept: no selection per component, one lookup over all of them.
        """
        cum = np.cumsum(self.weights)
        k = np.minimum(np.searchsorted(cum, u, side="right"), cum.size - 1)
        start = np.concatenate([[0.0], cum[:-1]])
        v = (u - start[k]) / self.weights[k]
        every = self.transform()(np.repeat(np.atleast_1d(v)[None, :], cum.size, axis=0))  # (C, N)
        out: Array = np.take_along_axis(every, np.atleast_1d(k)[None, :], axis=0)[0].reshape(np.shape(u))
        return out

    def transform(self) -> smp.Transform:
        """The components' inverse CDFs (cached per process, like a table's)."""
        key = self.key()
        with _TRANSFORMS_LOCK:
            found = _TRANSFORMS.get((key,))
        if found is None:
            found = smp.Transform(self.family, self.central, self.low, self.high, self.sd)
            with _TRANSFORMS_LOCK:
                if len(_TRANSFORMS) >= 64:
                    _TRANSFORMS.clear()
                _TRANSFORMS[(key,)] = found
        return found

    def key(self) -> bytes:
        return b"".join(
            a.tobytes() for a in (self.weights, self.family, self.central, self.low, self.high, self.sd)
        ) + str(self.column).encode()


@dataclass(frozen=True)
class ParameterTable:
    """Uncertain inputs of one decision problem: saliences (K), factor values (F), then the others."""

    names: tuple[str, ...]
    """``salience:<issue>`` for saliences, the factor id for factor values, then
    ``decision:<setting>``, ``utility:<issue>:<level>`` or ``per_unit:<lever>``."""
    family: NDArray[np.int_]
    central: Array
    low: Array
    high: Array
    sd: Array
    n_saliences: int
    n_values: int | None = None
    """Number of factor values F; None: every column after the saliences is a factor value."""
    mixtures: tuple[Mixture, ...] = ()
    """Parameters drawn from a linear pool of analysts' estimates instead of their own row
    (:mod:`realpolitik.analysis.pool`); their row keeps the reference value's central value and range."""

    @property
    def size(self) -> int:
        return len(self.names)

    @property
    def _core(self) -> int:
        return self.size if self.n_values is None else self.n_saliences + self.n_values

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

    @cached_property
    def key(self) -> tuple[bytes, ...]:
        """The parameters' arrays as bytes: what identifies their draws (with the seed and design)."""
        return tuple(a.tobytes() for a in (self.family, self.central, self.low, self.high, self.sd))

    def transform(self) -> smp.Transform:
        """The parameters' inverse CDFs, precomputed (cached per process)."""
        return _transform(self)

    def draw(self, block: Block, design: smp.Design = "lhs") -> Array:
        """The draws of one block, parameter-major: shape (P, block.size); a function of its seed only.

        Memoized per process (read-only result), within a byte budget: a lever search
        evaluates the same blocks at many intensities. See :func:`_cached_draw`.
        """
        group = (
            *self.key,
            *(m.key() for m in self.mixtures),
            block.root.entropy,
            tuple(block.root.spawn_key),
            design,
        )
        key = (block.index, block.size)
        return _cached_draw(group, key, self, block, design)

    def _draw(self, block: Block, design: smp.Design) -> Array:
        gen = np.random.default_rng(block.seed)
        if self.mixtures and design == "lhs":  # a pooled parameter needs its uniforms
            cols = np.array([m.column for m in self.mixtures])
            x, u_pooled = self.transform().latin_hypercube(block.size, gen, unit_rows=cols)
            for m, u in zip(self.mixtures, u_pooled, strict=True):
                x[m.column] = m.from_unit(u)
        elif self.mixtures:
            u = smp.design_block(block.size, self.size, design=design, rng=gen)
            x = self.transform()(u)
            for m in self.mixtures:
                x[m.column] = m.from_unit(u[m.column])
        elif design == "lhs":
            x = self.transform().latin_hypercube(block.size, gen)
        else:
            x = self.transform()(smp.design_block(block.size, self.size, design=design, rng=gen))
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
        return arr[..., : self.n_saliences], arr[..., self.n_saliences : self._core]

    def others(self, x: ArrayLike) -> dict[str, Array]:
        """The draws (...) of each parameter after the factor values, by name
        (:meth:`~realpolitik.analysis.decision.DecisionProblem.with_draws` takes them)."""
        arr = np.asarray(x, dtype=float)
        return {name: arr[..., j] for j, name in enumerate(self.names[self._core :], self._core)}

    def split_rows(self, x: Array) -> tuple[Array, Array]:
        """Split parameter-major draws (P, n) into saliences (n, K) and factor values (n, F), draws by row."""
        return x[: self.n_saliences].T, x[self.n_saliences : self._core].T

    def others_rows(self, x: Array) -> dict[str, Array]:
        """:meth:`others` for parameter-major draws (P, n): each further parameter's row (n,), by name."""
        return {name: x[j] for j, name in enumerate(self.names[self._core :], self._core)}

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


_TRANSFORMS: dict[tuple[bytes, ...], smp.Transform] = {}
_TRANSFORMS_LOCK = threading.Lock()


def _transform(table: ParameterTable) -> smp.Transform:
    key = table.key
    with _TRANSFORMS_LOCK:
        found = _TRANSFORMS.get(key)
    if found is None:
        found = smp.Transform(table.family, table.central, table.low, table.high, table.sd)
        with _TRANSFORMS_LOCK:
            if len(_TRANSFORMS) >= 16:
                _TRANSFORMS.clear()
            _TRANSFORMS[key] = found
    return found


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
    group: tuple[Any, ...], key: tuple[Any, ...], table: ParameterTable, block: Block, design: smp.Design
) -> Array:
    """Memoized :meth:`ParameterTable._draw`.

    Admission only: once the budget is full, further chunks are drawn afresh each
    time and evict nothing. A sweep reads its chunks in the same order every time,
    so a least-recently-used memo smaller than the sweep would miss on every read
    and only add its churn; this one keeps serving the blocks it holds, and the
    cost per draw of a large sweep tends to the cost of drawing, never above it.
    Draws of another problem, seed or design (another group) replace the memo.
    """
    memo = _CACHE
    with memo.lock:
        if memo.group == group and key in memo.draws:
            return memo.draws[key]
    x = table._draw(block, design)  # outside the lock: two threads may both draw, identically
    with memo.lock:
        if memo.group != group:
            memo.group, memo.draws, memo.nbytes = group, {}, 0
        if memo.nbytes + x.nbytes <= _CACHE_BYTES:
            memo.draws[key] = x
            memo.nbytes += x.nbytes
    return x


def parameter_table(problem: DecisionProblem) -> ParameterTable:
    """Lay out a decision problem's Estimates as sampling-engine arrays.

    Saliences, then factor values, then the problem's other uncertain inputs
    (:attr:`~realpolitik.analysis.decision.DecisionProblem.uncertain_inputs`).
    """
    others = problem.uncertain_inputs
    estimates = (*problem.saliences, *problem.factor_values, *(e for _, e in others))
    family, central, low, high, sd = estimate_rows(estimates)
    K = len(problem.issue_ids)
    mixtures = []
    by_name = dict(problem.input_pools)
    pools = (
        *(problem.salience_pools or (None,) * K),
        *(problem.factor_pools or (None,) * len(problem.factor_ids)),
        *(by_name.get(n) for n, _ in others),
    )
    for j, pool in enumerate(pools):
        if pool is None or (len(pool) == 1 and pool[0][0] == estimates[j]):
            continue  # no analysts, or all agree with the reference: its own row is the pool
        rows = estimate_rows([e for e, _ in pool])
        mixtures.append(Mixture(j, np.array([w for _, w in pool], dtype=float), *rows))
    return ParameterTable(
        names=(*(f"salience:{i}" for i in problem.issue_ids), *problem.factor_ids, *(n for n, _ in others)),
        family=family,
        central=central,
        low=low,
        high=high,
        sd=sd,
        n_saliences=len(problem.issue_ids),
        n_values=len(problem.factor_ids),
        mixtures=tuple(mixtures),
    )
