r"""The beta (PERT) inverse CDF by table lookup, with its error bounded when the table is built.

The exact quantile of a beta distribution, :math:`F^{-1}(u; \alpha, \beta)`
(``scipy.special.betaincinv``), is an iterative root search costing about a
microsecond per value: a hundred times what drawing the uniform ``u`` costs.
A Monte Carlo draws the same few distributions millions of times, so each
distinct :math:`(\alpha, \beta)` gets a table once per process and every draw
after that is a lookup and one linear interpolation.

The table (Devroye 1986, *Non-Uniform Random Variate Generation*, §II.2.4 on
inversion by tabulated inverse CDFs) has three parts:

* the **body**, ``u`` in :math:`[w, 1 - w]` with :math:`w = 1/64`: the
  exact quantile at :math:`M + 1` equally spaced ``u`` (:math:`M = 4096`),
  interpolated linearly in ``u``; the cell holding ``u`` is
  ``floor(u M)``, so no search is needed;
* the **lower tail**, :math:`u < w`, where the quantile rises like
  :math:`u^{1/\alpha}` and a grid in ``u`` would be far too coarse: there
  the grid is equally spaced in :math:`t = (u / w)^{1/\alpha}`, in which the
  quantile is smooth (:math:`F(x) \propto x^\alpha` near 0 gives
  :math:`x \approx c\,t`);
* the **upper tail**, :math:`u > 1 - w`, the mirror image, in
  :math:`s = ((1 - u)/w)^{1/\beta}`, computed as
  :math:`1 - F^{-1}(1 - u; \beta, \alpha)` so that ``1 - u`` near 0 keeps
  its precision.

**Error bound.** When a table is built, the exact quantile is also computed
at the midpoint of every cell and compared with the interpolated value; a
table whose largest midpoint error exceeds :data:`BUILD_TOLERANCE`
(:math:`10^{-5}` of the range) is not used, and that parameter is drawn with
the exact quantile instead. The interpolation error of a smooth function is
largest near a cell's midpoint, so the tested error (``tests/engines/
test_pert_table.py``, against scipy on dense grids of ``u`` for PERT shapes
across the whole family) stays under :data:`ERROR_BOUND` = :math:`10^{-4}`
of the range, ten times the build tolerance. The result is a pure function
of :math:`(\alpha, \beta, u)`: the same ``u`` gives the same value in any
process, whatever else it computes.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import special

__all__ = ["BODY_CELLS", "BUILD_TOLERANCE", "ERROR_BOUND", "TAIL", "TAIL_CELLS", "beta_ppf", "beta_table"]

Array = NDArray[np.float64]

BODY_CELLS = 4096
"""Cells of the body table (a power of two, so ``u * M`` is exact)."""
TAIL = 1.0 / 64
"""Probability mass of each tail table."""
TAIL_CELLS = 1024
"""Cells of each tail table."""
BUILD_TOLERANCE = 1e-5
"""Largest interpolation error at a cell midpoint, as a share of the range, for a table to be used."""
ERROR_BOUND = 1e-4
"""Stated (and tested) bound on the error of any tabulated quantile, as a share of the range."""

_WIDTH = BODY_CELLS + 2  # one padding knot: u == 1 indexes it harmlessly (the tail overwrites it)


def _midpoint_error(knots: Array, mids: Array) -> float:
    return float(np.max(np.abs(0.5 * (knots[:-1] + knots[1:]) - mids)))


@lru_cache(maxsize=512)
def beta_table(alpha: float, beta: float) -> tuple[Array, Array, Array] | None:
    """Body, lower-tail and upper-tail knots of the quantile of Beta(alpha, beta) on [0, 1].

    Returns ``None`` when the table misses :data:`BUILD_TOLERANCE` (the caller
    then uses the exact quantile). Cached per process; the arrays are read-only.
    """
    u = np.arange(2 * BODY_CELLS + 1) / (2 * BODY_CELLS)
    body = special.betaincinv(alpha, beta, u)
    t = np.arange(2 * TAIL_CELLS + 1) / (2 * TAIL_CELLS)
    lower = special.betaincinv(alpha, beta, TAIL * t**alpha)
    upper = 1.0 - special.betaincinv(beta, alpha, TAIL * t**beta)
    first, last = round(TAIL * BODY_CELLS), round((1 - TAIL) * BODY_CELLS)
    errors = (
        _midpoint_error(body[2 * first : 2 * last + 1 : 2], body[2 * first + 1 : 2 * last : 2]),
        _midpoint_error(lower[::2], lower[1::2]),
        _midpoint_error(upper[::2], upper[1::2]),
    )
    if not all(np.isfinite(errors)) or max(errors) > BUILD_TOLERANCE:
        return None
    knots = np.append(body[::2], body[-1])
    tables = (knots, lower[::2].copy(), upper[::2].copy())
    for arr in tables:
        arr.flags.writeable = False
    return tables


def _tail_lookup(table: Array, z: Array, power: Array, cols: NDArray[np.intp]) -> Array:
    """Tail tables (J, TAIL_CELLS + 1) at reduced probabilities ``z = u / TAIL`` of columns ``cols``."""
    t = np.power(z, 1.0 / power[cols]) * TAIL_CELLS
    k = np.minimum(t.astype(np.intp), TAIL_CELLS - 1)
    frac = t - k
    row = cols * table.shape[1] + k
    flat = table.ravel()
    lo = flat[row]
    out: Array = lo + frac * (flat[row + 1] - lo)
    return out


def _body_lookup(body: Array, u: Array) -> tuple[Array, NDArray[np.intp]]:
    """Body tables (J, W) interpolated at ``u`` (N, J), and the flat indices of the draws in a tail."""
    s = u * BODY_CELLS
    k = s.astype(np.intp)
    s -= k
    # cells below TAIL or at and above 1 - TAIL, in one unsigned comparison
    first = round(TAIL * BODY_CELLS)
    in_tail = (k - first).view(np.uintp) >= BODY_CELLS - 2 * first
    k += np.arange(u.shape[-1]) * body.shape[1]
    flat = body.ravel()
    lo = np.take(flat, k, mode="clip")
    k += 1
    hi = np.take(flat, k, mode="clip")
    hi -= lo
    hi *= s
    hi += lo
    return hi, np.flatnonzero(in_tail)


def beta_ppf(u: Array, alpha: Array, beta: Array) -> Array:
    """Quantiles of Beta(alpha_j, beta_j) on [0, 1] at ``u`` of shape (N, J), column j for parameter j.

    Tabulated (module docstring), within :data:`ERROR_BOUND` of the exact
    quantile; a parameter whose table misses the build tolerance is computed
    exactly with ``scipy.special.betaincinv``.
    """
    u = np.asarray(u, dtype=float)
    if u.ndim != 2:
        raise ValueError(f"'u' must be a 2-d array (draws, parameters); got shape {u.shape}.")
    tables = [beta_table(float(a), float(b)) for a, b in zip(alpha, beta, strict=True)]
    exact = np.array([tab is None for tab in tables], dtype=bool)
    fill = np.zeros(_WIDTH)
    body = np.stack([fill if tab is None else tab[0] for tab in tables]) if tables else np.empty((0, _WIDTH))
    x, tail = _body_lookup(body, u)
    if tail.size:
        blank = np.zeros(TAIL_CELLS + 1)
        lower = np.stack([blank if tab is None else tab[1] for tab in tables])
        upper = np.stack([blank if tab is None else tab[2] for tab in tables])
        v = u.ravel()[tail]
        cols = tail % u.shape[1]
        low = v < 0.5
        flat = x.ravel()  # a view: x is freshly made and contiguous
        flat[tail[low]] = _tail_lookup(lower, v[low] / TAIL, alpha, cols[low])
        flat[tail[~low]] = _tail_lookup(upper, (1.0 - v[~low]) / TAIL, beta, cols[~low])
    if exact.any():
        j = np.flatnonzero(exact)
        x[:, j] = special.betaincinv(alpha[j], beta[j], u[:, j])
    return x
