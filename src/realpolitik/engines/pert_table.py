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

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import special

__all__ = [
    "BODY_CELLS",
    "BUILD_TOLERANCE",
    "ERROR_BOUND",
    "TAIL",
    "TAIL_CELLS",
    "ScaledTables",
    "beta_ppf",
    "beta_table",
    "lookup",
    "lookup_cells",
    "scaled_tables",
]

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


@dataclass(frozen=True)
class ScaledTables:
    """Tables of J beta quantiles mapped onto ranges ``[low_j, high_j]``, laid out for lookup.

    ``body[j, k]`` is the knot ``k`` of parameter ``j`` in its own units and ``slope[j, k]`` the
    rise to the next knot, so a value is one gather of each and one multiply-add; the tails keep
    their knots (``lower``, ``upper``) with the exponents ``alpha``, ``beta`` of their grids.
    ``exact`` marks parameters whose table missed :data:`BUILD_TOLERANCE` (computed exactly).
    ``tails`` interleaves them (row ``2j`` the lower tail of ``j``, ``2j + 1`` its upper tail) with
    ``inverse_power`` the matching ``1/alpha_j``, ``1/beta_j``, so both tails are one lookup.
    """

    body: Array
    slope: Array
    lower: Array
    upper: Array
    alpha: Array
    beta: Array
    low: Array
    high: Array
    exact: NDArray[np.bool_]
    tails: Array
    inverse_power: Array


def scaled_tables(alpha: Array, beta: Array, low: Array, high: Array) -> ScaledTables:
    """:func:`beta_table` of each ``(alpha_j, beta_j)``, scaled to ``low_j + (high_j - low_j) q``."""
    a, b = np.asarray(alpha, dtype=float), np.asarray(beta, dtype=float)
    lo, hi = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    tables = [beta_table(float(x), float(y)) for x, y in zip(a, b, strict=True)]
    exact = np.array([tab is None for tab in tables], dtype=bool)
    zero_body, zero_tail = np.zeros(_WIDTH), np.zeros(TAIL_CELLS + 1)
    width = (hi - lo)[:, None]

    def stack(part: int, blank: Array) -> Array:
        rows = [blank if t is None else t[part] for t in tables]
        knots = np.stack(rows) if rows else np.empty((0, blank.size))
        scaled: Array = lo[:, None] + width * knots
        return scaled

    body, lower, upper = stack(0, zero_body), stack(1, zero_tail), stack(2, zero_tail)
    slope = np.zeros_like(body)
    slope[:, :-1] = np.diff(body, axis=1)
    tails = np.stack([lower, upper], axis=1).reshape(-1, TAIL_CELLS + 1)
    with np.errstate(divide="ignore"):
        inverse_power = 1.0 / np.stack([a, b], axis=1).ravel()
    return ScaledTables(body, slope, lower, upper, a, b, lo, hi, exact, tails, inverse_power)


_FIRST = round(TAIL * BODY_CELLS)


def _fill_tails(tables: ScaledTables, x: Array, tail: NDArray[np.intp], v: Array, n: int) -> None:
    """Overwrite the draws at flat indices ``tail`` (probabilities ``v``) of ``x`` (J, n) from the tail grids.

    Lower tail: the grid is equal in :math:`t = (u / w)^{1/\\alpha}`; upper tail: in
    :math:`((1 - u)/w)^{1/\\beta}`; both tails of every parameter are rows of one table.
    """
    upper = v >= 0.5
    z = np.where(upper, 1.0 - v, v)
    z *= 1.0 / TAIL
    row = tail // n
    row *= 2
    row += upper
    t = np.power(z, tables.inverse_power[row])
    t *= TAIL_CELLS
    k = np.minimum(t.astype(np.intp), TAIL_CELLS - 1)
    t -= k
    row *= TAIL_CELLS + 1
    row += k
    flat = tables.tails.ravel()
    lo = flat[row]
    row += 1
    hi = flat[row]
    hi -= lo
    hi *= t
    hi += lo
    x.ravel()[tail] = hi  # ravel is a view: x is freshly made and contiguous


def _exact_rows(tables: ScaledTables, x: Array, u: Array) -> None:
    j = np.flatnonzero(tables.exact)
    q = special.betaincinv(tables.alpha[j, None], tables.beta[j, None], u[j])
    x[j] = tables.low[j, None] + (tables.high - tables.low)[j, None] * q


def _tails(k: NDArray[np.intp]) -> NDArray[np.intp]:
    """Flat indices of the cells ``k`` (J, n) below TAIL or from 1 - TAIL on (one unsigned comparison)."""
    k -= _FIRST
    tail = np.flatnonzero(k.view(np.uintp) >= BODY_CELLS - 2 * _FIRST)
    k += _FIRST
    return tail


def _interpolate(tables: ScaledTables, k: NDArray[np.intp], frac: Array) -> Array:
    """Knots at cells ``k`` (J, n) plus ``frac`` times their slopes (``k`` and ``frac`` are overwritten)."""
    k += (np.arange(k.shape[0]) * _WIDTH)[:, None]
    x = tables.body.take(k)
    frac *= tables.slope.take(k)
    x += frac
    return x


def lookup(tables: ScaledTables, u: Array) -> Array:
    """Quantiles at ``u`` of shape (J, n), row ``j`` for parameter ``j``, in each parameter's units.

    The body is one cell index ``floor(u M)`` (no search), two gathers and a multiply-add; the
    draws in a tail (about 1 in 32) are redone on the tail grids; parameters without a table
    use ``scipy.special.betaincinv``. A value depends on its own ``u`` only.
    """
    if u.ndim != 2 or u.shape[0] != tables.body.shape[0]:
        raise ValueError(f"'u' must have shape ({tables.body.shape[0]}, n); got {u.shape}.")
    s = u * BODY_CELLS
    k = s.astype(np.intp)  # u == 1 indexes the padding knot (and is a tail draw)
    s -= k
    tail = _tails(k)
    x = _interpolate(tables, k, s)
    if tail.size:
        _fill_tails(tables, x, tail, u.ravel()[tail], u.shape[1])
    if tables.exact.any():
        _exact_rows(tables, x, u)
    return x


def lookup_cells(tables: ScaledTables, cells: NDArray[np.int64], offset: Array) -> Array:
    """:func:`lookup` at ``u = (cells + offset) / BODY_CELLS``, given the cell and the offset in it.

    A Latin hypercube of ``BODY_CELLS`` draws hands over exactly these (its strata and offsets), so
    the body needs no ``u`` at all; ``cells`` and ``offset`` are overwritten.
    """
    k = cells.view(np.intp)
    tail = _tails(k)
    scale = 1.0 / BODY_CELLS
    tail_u = (k.ravel()[tail] + offset.ravel()[tail]) * scale if tail.size else None
    exact_u = (k + offset) * scale if tables.exact.any() else None
    x = _interpolate(tables, k, offset)
    if tail_u is not None:
        _fill_tails(tables, x, tail, tail_u, cells.shape[1])
    if exact_u is not None:
        _exact_rows(tables, x, exact_u)
    return x


def beta_ppf(u: Array, alpha: Array, beta: Array) -> Array:
    """Quantiles of Beta(alpha_j, beta_j) on [0, 1] at ``u`` of shape (N, J), column j for parameter j.

    Tabulated (module docstring), within :data:`ERROR_BOUND` of the exact
    quantile; a parameter whose table misses the build tolerance is computed
    exactly with ``scipy.special.betaincinv``.
    """
    u = np.asarray(u, dtype=float)
    if u.ndim != 2:
        raise ValueError(f"'u' must be a 2-d array (draws, parameters); got shape {u.shape}.")
    a, b = np.asarray(alpha, dtype=float), np.asarray(beta, dtype=float)
    tables = scaled_tables(a, b, np.zeros(a.size), np.ones(a.size))
    return np.ascontiguousarray(lookup(tables, np.clip(u.T, 0.0, 1.0)).T)
