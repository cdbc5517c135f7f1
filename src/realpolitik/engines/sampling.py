r"""Sampling uncertain numbers: uniform designs and inverse-CDF transforms.

Every uncertain input of a model is a univariate distribution given by a few
numbers (a family code, the central value, a range ``[low, high]`` and a
standard deviation). A sample of ``P`` such parameters is made in two steps:

1. a *uniform design* ``U`` of shape ``(N, P)`` on the open unit cube — plain
   pseudo-random draws, a Latin hypercube (McKay, Beckman & Conover 1979: one
   independent random permutation of the ``N`` strata per axis, plus a uniform
   offset within each stratum) or a scrambled Sobol' sequence (Sobol' 1967;
   Owen 1998, from :mod:`scipy.stats.qmc`);
2. the inverse cumulative distribution function of each parameter applied to
   its column, :math:`x_{ij} = F_j^{-1}(u_{ij})`, which keeps the design's
   stratification (each stratum of ``u`` maps to a stratum of probability).

Families (integer codes, so the engine needs nothing from the scenario schema):

``FIXED``
    Always the central value.
``UNIFORM``
    On ``[low, high]``.
``TRIANGULAR``
    On ``[low, high]`` with mode ``central``; closed-form inverse CDF.
``PERT``
    The beta-PERT distribution (Malcolm, Roseboom, Clark & Fazar 1959; Vose
    2008, *Risk Analysis*, §9.1.4): a beta distribution on ``[low, high]``
    with shapes :math:`\alpha = 1 + \lambda (c - a)/(b - a)`,
    :math:`\beta = 1 + \lambda (b - c)/(b - a)` for mode :math:`c` and
    ``lambda = 4``, so its mean is :math:`(a + 4c + b)/6`. Its quantile is
    tabulated once per shape (:mod:`.pert_table`), within ``1e-4`` of the
    range of the exact one.
``NORMAL``
    Mean ``central`` and standard deviation ``sd``, truncated to
    ``[low, high]`` where those are finite (pass ``-inf``/``inf`` otherwise).

Every function is vectorized over parameters and draws; the only Python loop
is over the five families. The hot path works parameter-major: :func:`design_block`
returns ``U`` transposed, shape ``(P, N)``, and a :class:`Transform` (the inverse
CDFs of one parameter table, precomputed once: PERT tables already scaled to
each range) maps it to values of the same shape, so that every row is one
parameter's contiguous draws and a margin linear in the parameters is one
matrix product. The truncated normal's quantile is
:math:`\Phi^{-1}(\Phi(l) + u\,(\Phi(h) - \Phi(l)))` in standard units
(Devroye 1986, §II.2).

Examples
--------
>>> import numpy as np
>>> u = uniform_design(4, 2, design="lhs", rng=0)
>>> x = inverse_cdf(u, [UNIFORM, PERT], central=[0.5, 0.3], low=[0, 0], high=[1, 1])
>>> x.shape
(4, 2)
"""

from __future__ import annotations

import math
from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from realpolitik.engines import pert_table as pt

__all__ = [
    "DESIGNS",
    "FAMILIES",
    "FIXED",
    "NORMAL",
    "PERT",
    "PERT_WEIGHT",
    "TRIANGULAR",
    "UNIFORM",
    "Design",
    "Transform",
    "as_generator",
    "design_block",
    "inverse_cdf",
    "pert_shapes",
    "sample",
    "uniform_design",
]

FIXED, UNIFORM, TRIANGULAR, PERT, NORMAL = 0, 1, 2, 3, 4
FAMILIES = {"fixed": FIXED, "uniform": UNIFORM, "triangular": TRIANGULAR, "pert": PERT, "normal": NORMAL}
"""Family name → integer code."""

PERT_WEIGHT = 4.0
"""Weight of the mode in the PERT mean (Malcolm et al. 1959)."""

Design = Literal["random", "lhs", "sobol"]
DESIGNS: tuple[str, ...] = ("random", "lhs", "sobol")

Array = NDArray[np.float64]
RNGLike = np.random.Generator | np.random.SeedSequence | int | None


def as_generator(rng: RNGLike) -> np.random.Generator:
    """Normalize ``rng`` (Generator, SeedSequence, int seed or None) to a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


_KEY_BITS_MAX = 16
"""Up to 2**16 points an LHS axis is permuted by sorting random keys that carry their index in
their low bits (one float sort); beyond, by an argsort of the keys."""


def _lhs_strata(gen: np.random.Generator, n: int, d: int) -> NDArray[np.int64]:
    # One uniform random permutation of the n strata per axis (row). The permutation sorts n i.i.d.
    # uniform keys: a key's low mantissa bits are replaced by its index, so the sorted keys carry the
    # permutation in those bits (ties in the remaining >= 36 random bits, broken by index, have
    # probability below n^2 2^-37). Beyond 2**16 points, an argsort of the keys.
    if n > 2**_KEY_BITS_MAX:
        return np.argsort(gen.random((d, n)), axis=1).astype(np.int64)
    mask = np.int64((1 << max(1, (n - 1).bit_length())) - 1)
    keys = gen.random((d, n)).view(np.int64)
    keys &= ~mask
    keys |= np.arange(n, dtype=np.int64)
    keys.view(np.float64).sort(axis=1)  # non-negative doubles sort as their bit patterns
    keys &= mask
    return keys


def _latin_hypercube(gen: np.random.Generator, n: int, d: int) -> Array:
    # The strata, then a uniform offset in each stratum: u = (stratum + U) / n.
    strata = _lhs_strata(gen, n, d)
    u = gen.random((d, n))
    np.add(u, strata, out=u)  # in place: every fresh array costs page faults on a busy machine
    u *= 1.0 / n
    return u


def design_block(n: int, d: int, design: Design = "lhs", rng: RNGLike = None) -> Array:
    """An ``(d, n)`` design on the open unit cube, parameter-major: row ``j`` is axis ``j``.

    The transpose of :func:`uniform_design` (which calls it); see there for the designs.
    """
    if n < 0 or d < 0:
        raise ValueError(f"'n' and 'd' must be non-negative; got n={n!r}, d={d!r}.")
    gen = as_generator(rng)
    if n == 0 or d == 0:
        return np.empty((d, n))
    if design == "random":
        u = gen.random((d, n))
    elif design == "lhs":
        u = _latin_hypercube(gen, n, d)
    elif design == "sobol":
        # scipy's QMC engines spawn from the generator's SeedSequence, which mutates
        # that (possibly shared) SeedSequence; a private generator keeps draws a pure
        # function of ``gen``'s state.
        private = np.random.default_rng(gen.integers(0, 2**63, size=4))
        from scipy.stats import qmc  # importing scipy.stats costs ~0.5 s: only where Sobol' is used

        m = max(0, math.ceil(math.log2(n)))
        u = np.ascontiguousarray(qmc.Sobol(d, scramble=True, rng=private).random_base2(m)[:n].T)
    else:
        raise ValueError(f"'design' must be one of {list(DESIGNS)}; got {design!r}.")
    np.clip(u, np.finfo(float).tiny, np.nextafter(1.0, 0.0), out=u)
    return u


def uniform_design(n: int, d: int, design: Design = "lhs", rng: RNGLike = None) -> Array:
    """An ``(n, d)`` design on the open unit cube.

    Parameters
    ----------
    n, d : int
        Number of points (draws) and dimensions (parameters).
    design : {"random", "lhs", "sobol"}
        Plain pseudo-random points; a Latin hypercube, every one of the ``n``
        equal strata of each axis holding one point (McKay et al. 1979); or
        a scrambled Sobol' sequence (Owen 1998). Sobol' points are drawn in
        blocks of ``2**m >= n`` and the first ``n`` kept, so the balance
        properties hold exactly only when ``n`` is a power of two.
    rng : Generator, SeedSequence, int or None
        Source of randomness (seed for the scrambling of QMC designs).

    Returns
    -------
    ndarray, shape (n, d)
        Points in (0, 1): exact 0 and 1 are nudged inward by one ulp so that
        every inverse CDF stays finite. (A transposed view of :func:`design_block`.)
    """
    out: Array = design_block(n, d, design, rng).T
    return out


def pert_shapes(
    central: ArrayLike, low: ArrayLike, high: ArrayLike, weight: float = PERT_WEIGHT
) -> tuple[Array, Array]:
    r"""Beta shapes :math:`(\alpha, \beta)` of the PERT distribution (module docstring)."""
    c, a, b = (np.asarray(x, dtype=float) for x in (central, low, high))
    width = np.where(b > a, b - a, 1.0)
    return 1.0 + weight * (c - a) / width, 1.0 + weight * (b - c) / width


def _triangular_ppf(u: Array, c: Array, a: Array, b: Array) -> Array:
    # F(c) = (c - a)/(b - a); invert each branch of the piecewise-quadratic CDF.
    width = b - a
    fc = np.where(width > 0, (c - a) / np.where(width > 0, width, 1.0), 0.5)
    left = a + np.sqrt(u * width * (c - a))
    right = b - np.sqrt((1.0 - u) * width * (b - c))
    return np.where(u < fc, left, right)


def _normal_ppf(u: Array, c: Array, a: Array, b: Array, sd: Array) -> Array:
    # In standard units z, the normal truncated to [lo, hi] has the quantile
    # Phi^-1(Phi(lo) + u (Phi(hi) - Phi(lo))); infinite bounds give the plain normal.
    # A truncation wholly above the mean is mirrored below it, where Phi keeps its
    # precision; a window too far in the tail for Phi (mass < 1e-8) goes to scipy.
    lo, hi = (a - c) / sd, (b - c) / sd
    flip = lo > 0
    sign = np.where(flip, -1.0, 1.0)
    lo, hi = np.where(flip, -hi, lo), np.where(flip, -lo, hi)
    p_lo, p_hi = special.ndtr(lo), special.ndtr(hi)
    v = np.where(flip, 1.0 - u, u)
    z = special.ndtri(p_lo + v * (p_hi - p_lo))
    x = np.clip(c + sign * sd * z, a, b)
    narrow = np.flatnonzero(p_hi - p_lo < 1e-8)
    if narrow.size:
        from scipy.stats import truncnorm  # rare: a window deep in the tail

        j = narrow
        x[:, j] = truncnorm.ppf(u[:, j], (a[j] - c[j]) / sd[j], (b[j] - c[j]) / sd[j], loc=c[j], scale=sd[j])
    out: Array = x
    return out


def inverse_cdf(
    u: ArrayLike,
    family: ArrayLike,
    central: ArrayLike,
    low: ArrayLike | None = None,
    high: ArrayLike | None = None,
    sd: ArrayLike | None = None,
) -> Array:
    """Map uniform draws to parameter values, column by column.

    Parameters
    ----------
    u : array_like, shape (N, P)
        Uniform draws in (0, 1).
    family : array_like of int, shape (P,)
        Family code per parameter (``FIXED``, ``UNIFORM``, ``TRIANGULAR``,
        ``PERT``, ``NORMAL``).
    central : array_like, shape (P,)
        Mode (fixed value, triangular/PERT mode, normal mean). Ignored by
        ``UNIFORM``.
    low, high : array_like, shape (P,), optional
        Range; ``-inf``/``inf`` (the default) for an untruncated normal.
        Required to be finite for uniform, triangular and PERT.
    sd : array_like, shape (P,), optional
        Standard deviation, for ``NORMAL`` (positive).

    Returns
    -------
    ndarray, shape (N, P)
        Parameter values. A zero-width range yields the central value.

    Raises
    ------
    ValueError
        For an unknown family code, a non-finite range on a bounded family,
        or a normal parameter without a positive ``sd``.
    """
    u = np.atleast_2d(np.asarray(u, dtype=float))
    fam = np.asarray(family, dtype=int)
    p = fam.size
    c = np.broadcast_to(np.asarray(central, dtype=float), (p,))
    a = np.broadcast_to(np.asarray(-np.inf if low is None else low, dtype=float), (p,))
    b = np.broadcast_to(np.asarray(np.inf if high is None else high, dtype=float), (p,))
    s = np.broadcast_to(np.asarray(np.nan if sd is None else sd, dtype=float), (p,))
    if u.shape[-1] != p:
        raise ValueError(f"'u' must have {p} columns, one per parameter; got shape {u.shape}.")
    x: Array = Transform(fam, c, a, b, s)(np.ascontiguousarray(u.T)).T
    return np.ascontiguousarray(x)


class Transform:
    """The inverse CDFs of ``P`` parameters, precomputed: maps a design ``(P, n)`` to values ``(P, n)``.

    Validation, PERT shapes and their scaled tables (:func:`.pert_table.scaled_tables`) are done
    once here, so a Monte Carlo pays per draw only for the lookups. Arguments as :func:`inverse_cdf`.
    """

    def __init__(
        self,
        family: ArrayLike,
        central: ArrayLike,
        low: ArrayLike | None = None,
        high: ArrayLike | None = None,
        sd: ArrayLike | None = None,
    ) -> None:
        fam = np.asarray(family, dtype=int).ravel()
        p = fam.size
        c = np.broadcast_to(np.asarray(central, dtype=float), (p,)).copy()
        a = np.broadcast_to(np.asarray(-np.inf if low is None else low, dtype=float), (p,)).copy()
        b = np.broadcast_to(np.asarray(np.inf if high is None else high, dtype=float), (p,)).copy()
        s = np.broadcast_to(np.asarray(np.nan if sd is None else sd, dtype=float), (p,)).copy()
        unknown = ~np.isin(fam, list(FAMILIES.values()))
        if unknown.any():
            raise ValueError(
                f"'family' codes must be in {sorted(FAMILIES.values())}; got {fam[unknown].tolist()}."
            )
        bounded = np.isin(fam, [UNIFORM, TRIANGULAR, PERT])
        if not np.all(np.isfinite(a[bounded]) & np.isfinite(b[bounded])):
            raise ValueError("uniform, triangular and PERT parameters need finite 'low' and 'high'.")
        if not np.all(s[fam == NORMAL] > 0):
            raise ValueError("normal parameters need a positive 'sd'.")
        self.size = p
        self.family, self.central, self.low, self.high, self.sd = fam, c, a, b, s
        self.degenerate = np.flatnonzero(bounded & (a == b))
        self.rows = {code: np.flatnonzero(fam == code) for code in (UNIFORM, TRIANGULAR, PERT, NORMAL)}
        j = self.rows[PERT]
        alpha, beta = pert_shapes(c[j], a[j], b[j])
        self.pert = pt.scaled_tables(alpha, beta, a[j], b[j])
        self.all_pert = j.size == p

    @overload
    def latin_hypercube(self, n: int, rng: RNGLike = None, unit_rows: None = None) -> Array: ...

    @overload
    def latin_hypercube(self, n: int, rng: RNGLike, unit_rows: NDArray[np.intp]) -> tuple[Array, Array]: ...

    def latin_hypercube(
        self, n: int, rng: RNGLike = None, unit_rows: NDArray[np.intp] | None = None
    ) -> Array | tuple[Array, Array]:
        """Values ``(P, n)`` of a Latin hypercube of ``n`` draws: ``self(design_block(n, P, "lhs", rng))``.

        When ``n`` equals the PERT tables' body cells and every parameter is PERT, the stratum of a
        draw *is* its table cell and its offset in the stratum the interpolation weight, so the
        lookup skips forming ``u`` (the tails, about 1 draw in 32, still use it). The values then
        equal the general path's up to the last bits of the weight (``k + U - k`` against ``U``).
        With ``unit_rows``, also the design's ``u`` of those rows, exactly the general path's.
        """
        gen = as_generator(rng)
        if not (self.all_pert and n == pt.BODY_CELLS and self.size):
            u = design_block(n, self.size, "lhs", gen)
            x = self(u)
            return x if unit_rows is None else (x, u[unit_rows])
        strata = _lhs_strata(gen, n, self.size)
        offset = gen.random((self.size, n))
        rows_u = None
        if unit_rows is not None:
            rows_u = offset[unit_rows] + strata[unit_rows]  # as design_block forms u: (U + stratum) / n
            rows_u *= 1.0 / n
            np.clip(rows_u, np.finfo(float).tiny, np.nextafter(1.0, 0.0), out=rows_u)
        x = pt.lookup_cells(self.pert, strata, offset)
        np.clip(x, self.low[:, None], self.high[:, None], out=x)
        x[self.degenerate] = self.central[self.degenerate, None]
        return x if rows_u is None else (x, rows_u)

    def __call__(self, u: Array) -> Array:
        """Values ``(P, n)`` for uniform draws ``u`` of shape ``(P, n)`` in (0, 1)."""
        if u.ndim != 2 or u.shape[0] != self.size:
            raise ValueError(f"'u' must have {self.size} rows, one per parameter; got shape {u.shape}.")
        if self.all_pert:  # the common case: one lookup over every row, no gathers of rows
            x = pt.lookup(self.pert, u)
            np.clip(x, self.low[:, None], self.high[:, None], out=x)
        else:
            x = np.repeat(self.central[:, None], u.shape[1], axis=1)
            c, a, b = self.central[:, None], self.low[:, None], self.high[:, None]
            for code, j in self.rows.items():  # a loop over the five families
                if j.size == 0:
                    continue
                uj, cj, aj, bj = u[j], c[j], a[j], b[j]
                if code == UNIFORM:
                    x[j] = aj + uj * (bj - aj)
                elif code == TRIANGULAR:
                    x[j] = _triangular_ppf(uj, cj, aj, bj)
                elif code == PERT:
                    x[j] = np.clip(pt.lookup(self.pert, uj), aj, bj)
                else:
                    x[j] = _normal_ppf(uj.T, cj[:, 0], aj[:, 0], bj[:, 0], self.sd[j]).T
        x[self.degenerate] = self.central[self.degenerate, None]
        return x


def sample(
    n: int,
    family: ArrayLike,
    central: ArrayLike,
    low: ArrayLike | None = None,
    high: ArrayLike | None = None,
    sd: ArrayLike | None = None,
    *,
    design: Design = "lhs",
    rng: RNGLike = None,
) -> Array:
    """Draw ``n`` samples of every parameter: :func:`uniform_design` then :func:`inverse_cdf`.

    Returns
    -------
    ndarray, shape (n, P)
    """
    p = np.asarray(family).size
    u = uniform_design(n, p, design=design, rng=rng)
    return inverse_cdf(u, family, central, low, high, sd)
