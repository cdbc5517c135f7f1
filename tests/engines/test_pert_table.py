"""Tabulated beta (PERT) quantiles against scipy's exact ones, and sampled marginals against their laws."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from scipy import special, stats

from realpolitik.engines import pert_table as pt
from realpolitik.engines import sampling as smp


def _dense_u() -> np.ndarray:
    """Every region of the table: the body on a fine grid, both tails down to 1e-30 from the ends.

    (LHS with 1e8 draws puts its first draw below 1e-8; scipy's exact quantile itself fails below ~1e-150.)
    """
    body = np.linspace(0.0, 1.0, 200_001)[1:-1]
    tail = np.logspace(-30, np.log10(pt.TAIL) + 0.01, 20_000)
    return np.concatenate([body, tail, 1.0 - tail[tail > 1e-16]])


@pytest.mark.parametrize("alpha", [1.0, 1.001, 1.25, 2.0, 3.0, 3.7, 4.999, 5.0])
def test_pert_quantiles_within_the_stated_bound_of_scipy(alpha: float) -> None:
    # PERT with weight 4 (Vose 2008, §9.1.4): alpha + beta = 6, alpha in [1, 5] as the mode crosses the range.
    beta = 6.0 - alpha
    u = _dense_u()
    got = pt.beta_ppf(u[:, None], np.array([alpha]), np.array([beta]))[:, 0]
    exact = special.betaincinv(alpha, beta, u)
    assert pt.beta_table(alpha, beta) is not None  # the table is used, not the exact fallback
    assert np.max(np.abs(got - exact)) <= pt.ERROR_BOUND


def test_general_beta_shapes_are_tabulated_or_exact() -> None:
    shapes = [(0.5, 0.5), (0.7, 3.0), (8.0, 2.0), (30.0, 30.0)]
    u = _dense_u()
    a, b = (np.array(s) for s in zip(*shapes, strict=True))
    got = pt.beta_ppf(np.repeat(u[:, None], len(shapes), axis=1), a, b)
    exact = special.betaincinv(a, b, u[:, None])
    assert np.max(np.abs(got - exact)) <= pt.ERROR_BOUND


def test_a_table_that_misses_the_tolerance_falls_back_to_the_exact_quantile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pt.beta_table.cache_clear()
    monkeypatch.setattr(pt, "BUILD_TOLERANCE", 0.0)
    try:
        assert pt.beta_table(2.0, 4.0) is None
        u = np.linspace(0.001, 0.999, 57)[:, None]
        got = pt.beta_ppf(u, np.array([2.0]), np.array([4.0]))
        assert_array_equal(got, special.betaincinv(2.0, 4.0, u))
    finally:
        pt.beta_table.cache_clear()


def test_ends_of_the_unit_interval_map_to_the_ends_of_the_range() -> None:
    u = np.array([[0.0, 0.0], [1.0, 1.0]])
    x = pt.beta_ppf(u, np.array([2.0, 1.0]), np.array([4.0, 5.0]))
    assert_array_equal(x, [[0.0, 0.0], [1.0, 1.0]])


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 3000),
    split=st.integers(0, 3000),
    mode=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_draws_value_does_not_depend_on_the_batch_it_is_in(
    n: int, split: int, mode: float, seed: int
) -> None:
    # Chunking and workers only regroup draws; each value must be a function of its own u.
    u = np.random.default_rng(seed).random((n, 2))
    alpha, beta = smp.pert_shapes([mode, 0.3], [0.0, 0.0], [1.0, 1.0])
    whole = pt.beta_ppf(u, alpha, beta)
    k = min(split, n)
    parts = np.concatenate([pt.beta_ppf(u[:k], alpha, beta), pt.beta_ppf(u[k:], alpha, beta)])
    assert_array_equal(whole, parts)


def _families() -> Iterator[tuple[str, int, float, float, float, float, stats.rv_continuous]]:
    pa, pb = smp.pert_shapes(0.6, 0.4, 0.9)
    qa, qb = smp.pert_shapes(0.0, 0.0, 2.0)  # mode at the lower end: alpha = 1, beta = 5
    yield "uniform", smp.UNIFORM, 0.0, -1.0, 3.0, np.nan, stats.uniform(-1, 4)
    yield "triangular", smp.TRIANGULAR, 0.1, 0.0, 0.5, np.nan, stats.triang(0.2, loc=0, scale=0.5)
    yield "pert", smp.PERT, 0.6, 0.4, 0.9, np.nan, stats.beta(pa, pb, loc=0.4, scale=0.5)
    yield "pert at an end", smp.PERT, 0.0, 0.0, 2.0, np.nan, stats.beta(qa, qb, loc=0.0, scale=2.0)
    yield "normal", smp.NORMAL, 0.02, -np.inf, np.inf, 0.01, stats.norm(0.02, 0.01)
    yield "truncated normal", smp.NORMAL, 0.0, -0.5, 2.0, 1.0, stats.truncnorm(-0.5, 2.0)
    yield "normal truncated above its mean", smp.NORMAL, 0.0, 1.0, 3.0, 1.0, stats.truncnorm(1.0, 3.0)


@pytest.mark.parametrize("design", smp.DESIGNS)
def test_sampled_marginals_pass_a_ks_test_against_the_declared_distributions(design: str) -> None:
    rows = list(_families())
    fam, c, lo, hi, sd = (np.array([r[i] for r in rows]) for i in range(1, 6))
    x = smp.sample(50_000, fam.astype(int), c, lo, hi, sd, design=design, rng=20260)
    for j, (name, *_, ref) in enumerate(rows):
        # At a fixed seed; a wrong shape, scale or truncation gives p far below 1e-3 at this size.
        assert stats.kstest(x[:, j], ref.cdf).pvalue > 1e-3, name


def test_truncated_normal_far_in_the_tail_stays_inside_its_window() -> None:
    u = np.linspace(0.01, 0.99, 9)[:, None]
    x = smp.inverse_cdf(u, [smp.NORMAL], [0.0], [40.0], [41.0], [1.0])
    ref = stats.truncnorm(40.0, 41.0).ppf(u[:, 0])
    assert np.all((x >= 40.0) & (x <= 41.0))
    np.testing.assert_allclose(x[:, 0], ref, rtol=1e-9)
