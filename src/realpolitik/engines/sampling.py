r"""Sampling uncertain numbers: uniform designs and inverse-CDF transforms.

Every uncertain input of a model is a univariate distribution given by a few
numbers (a family code, the central value, a range ``[low, high]`` and a
standard deviation). A sample of ``P`` such parameters is made in two steps:

1. a *uniform design* ``U`` of shape ``(N, P)`` on the open unit cube — plain
   pseudo-random draws, a Latin hypercube (McKay, Beckman & Conover 1979) or a
   scrambled Sobol' sequence (Sobol' 1967; Owen 1998) from
   :mod:`scipy.stats.qmc`;
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
is over the five families. The truncated normal's quantile is
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
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from realpolitik.engines.pert_table import beta_ppf

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
    "as_generator",
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
        every inverse CDF stays finite.
    """
    if n < 0 or d < 0:
        raise ValueError(f"'n' and 'd' must be non-negative; got n={n!r}, d={d!r}.")
    gen = as_generator(rng)
    if n == 0 or d == 0:
        return np.empty((n, d))
    if design == "random":
        u = gen.random((n, d))
    elif design in ("lhs", "sobol"):
        # scipy's QMC engines spawn from the generator's SeedSequence, which mutates
        # that (possibly shared) SeedSequence; a private generator keeps draws a pure
        # function of ``gen``'s state.
        private = np.random.default_rng(gen.integers(0, 2**63, size=4))
        if design == "lhs":
            u = _latin_hypercube(n, d, private)
        else:
            from scipy.stats import qmc  # importing scipy.stats costs ~0.5 s: only where Sobol' is used

            m = max(0, math.ceil(math.log2(n)))
            u = qmc.Sobol(d, scramble=True, rng=private).random_base2(m)[:n]
    else:
        raise ValueError(f"'design' must be one of {list(DESIGNS)}; got {design!r}.")
    tiny = np.finfo(float).tiny
    return np.clip(u, tiny, np.nextafter(1.0, 0.0))


def _latin_hypercube(n: int, d: int, rng: np.random.Generator) -> Array:
    """A Latin hypercube, the very points ``scipy.stats.qmc.LatinHypercube(d, rng=rng).random(n)`` gives.

    Written out so that a command drawing one does not import ``scipy.stats`` (about half a
    second of start-up). As scipy does (a test pins the equality): a child generator spawned
    from ``rng``'s seed sequence draws the jitter, then shuffles each axis's strata 1..n.
    """
    child = rng.spawn(1)[0]
    jitter = child.uniform(size=(n, d))
    strata = child.permuted(np.tile(np.arange(1, n + 1), (d, 1)), axis=1)
    out: Array = (strata.T - jitter) / n
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

    x = np.broadcast_to(c, u.shape).copy()
    for code in (UNIFORM, TRIANGULAR, PERT, NORMAL):
        j = np.flatnonzero(fam == code)
        if j.size == 0:
            continue
        uj, cj, aj, bj = u[:, j], c[j], a[j], b[j]
        if code == UNIFORM:
            x[:, j] = aj + uj * (bj - aj)
        elif code == TRIANGULAR:
            x[:, j] = _triangular_ppf(uj, cj, aj, bj)
        elif code == PERT:
            alpha, beta = pert_shapes(cj, aj, bj)
            x[:, j] = aj + (bj - aj) * beta_ppf(uj, alpha, beta)
        else:
            x[:, j] = _normal_ppf(uj, cj, aj, bj, s[j])
    degenerate = bounded & (a == b)
    x[:, degenerate] = c[degenerate]
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
