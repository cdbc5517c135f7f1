"""Sampling engine: designs and inverse CDFs against scipy.stats closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats

from realpolitik.engines import pert_table as pt
from realpolitik.engines import sampling as smp

N = 20_000


def _probe(n: int = 9) -> np.ndarray:
    return (np.arange(1, n + 1) / (n + 1))[:, None]


def test_uniform_and_triangular_quantiles_match_scipy() -> None:
    u = np.repeat(_probe(), 2, axis=1)
    x = smp.inverse_cdf(u, [smp.UNIFORM, smp.TRIANGULAR], central=[0.0, 0.2], low=[-1, 0], high=[3, 1])
    assert_allclose(x[:, 0], stats.uniform(-1, 4).ppf(u[:, 0]))
    # scipy's triang: c = (mode - low)/(high - low), loc = low, scale = high - low
    assert_allclose(x[:, 1], stats.triang(0.2, loc=0, scale=1).ppf(u[:, 1]), rtol=1e-12)


def test_pert_is_beta_with_mode_weight_four() -> None:
    # Malcolm et al. (1959); Vose (2008) §9.1.4: alpha = 1 + 4(c-a)/(b-a), beta = 1 + 4(b-c)/(b-a).
    a, c, b = 2.0, 3.0, 7.0
    u = _probe()
    x = smp.inverse_cdf(u, [smp.PERT], central=[c], low=[a], high=[b])
    ref = stats.beta(1 + 4 * (c - a) / (b - a), 1 + 4 * (b - c) / (b - a), loc=a, scale=b - a)
    # the quantile is tabulated (engines/pert_table.py): within 1e-4 of the range of scipy's
    assert_allclose(x[:, 0], ref.ppf(u[:, 0]), rtol=0, atol=1e-4 * (b - a))
    # and its mean is the PERT mean (a + 4c + b)/6
    assert ref.mean() == pytest.approx((a + 4 * c + b) / 6)


def test_normal_plain_and_truncated_quantiles() -> None:
    u = np.repeat(_probe(), 2, axis=1)
    x = smp.inverse_cdf(
        u,
        [smp.NORMAL, smp.NORMAL],
        central=[1.0, 0.0],
        low=[-np.inf, -0.5],
        high=[np.inf, 2.0],
        sd=[2.0, 1.0],
    )
    assert_allclose(x[:, 0], stats.norm(1, 2).ppf(u[:, 0]), rtol=1e-10)
    assert_allclose(x[:, 1], stats.truncnorm(-0.5, 2.0).ppf(u[:, 1]), rtol=1e-10)
    assert x[:, 1].min() >= -0.5
    assert x[:, 1].max() <= 2.0


@pytest.mark.parametrize("design", smp.DESIGNS)
def test_sample_moments_match_closed_forms(design: str) -> None:
    fam = [smp.FIXED, smp.UNIFORM, smp.TRIANGULAR, smp.PERT, smp.NORMAL]
    central = [0.3, 0.0, 0.1, 0.6, 0.02]
    low = [np.nan, 0.0, 0.0, 0.4, -np.inf]
    high = [np.nan, 1.0, 0.5, 0.9, np.inf]
    sd = [np.nan, np.nan, np.nan, np.nan, 0.01]
    x = smp.sample(N, fam, central, low, high, sd, design=design, rng=7)
    pa, pb = smp.pert_shapes(0.6, 0.4, 0.9)
    refs = [
        None,
        stats.uniform(0, 1),
        stats.triang(0.2, loc=0, scale=0.5),
        stats.beta(pa, pb, loc=0.4, scale=0.5),
        stats.norm(0.02, 0.01),
    ]
    assert np.all(x[:, 0] == 0.3)
    for j, ref in enumerate(refs[1:], 1):
        # plain random: the standard error of the mean is sd/sqrt(N); 5 SE is a loose, failing-capable bound
        assert x[:, j].mean() == pytest.approx(ref.mean(), abs=5 * ref.std() / np.sqrt(N))
        assert x[:, j].std() == pytest.approx(ref.std(), rel=0.03)
        assert_allclose(
            np.quantile(x[:, j], [0.1, 0.5, 0.9]), ref.ppf([0.1, 0.5, 0.9]), atol=0.03 * ref.std() * 4
        )


def test_latin_hypercube_stratifies_every_axis() -> None:
    u = smp.uniform_design(50, 3, design="lhs", rng=1)
    for j in range(3):
        assert_array_equal(np.sort(np.floor(u[:, j] * 50)), np.arange(50))


def test_sobol_non_power_of_two_is_silent_and_in_open_cube() -> None:
    u = smp.uniform_design(100, 4, design="sobol", rng=3)
    assert u.shape == (100, 4)
    assert np.all((u > 0) & (u < 1))


@pytest.mark.parametrize("design", smp.DESIGNS)
def test_same_seed_same_draws_including_seed_zero(design: str) -> None:
    a = smp.uniform_design(64, 3, design=design, rng=0)
    b = smp.uniform_design(64, 3, design=design, rng=np.random.default_rng(0))
    c = smp.uniform_design(64, 3, design=design, rng=1)
    assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("design", smp.DESIGNS)
def test_a_shared_seed_sequence_gives_the_same_design_twice(design: str) -> None:
    # scipy's QMC engines spawn from a generator's SeedSequence (mutating it); regression test.
    seq = np.random.SeedSequence(11).spawn(1)[0]
    a = smp.uniform_design(32, 3, design=design, rng=np.random.default_rng(seq))
    b = smp.uniform_design(32, 3, design=design, rng=np.random.default_rng(seq))
    assert_array_equal(a, b)


def test_degenerate_range_gives_central() -> None:
    x = smp.inverse_cdf(np.full((3, 3), 0.7), [smp.UNIFORM, smp.TRIANGULAR, smp.PERT], 0.5, 0.5, 0.5)
    assert_array_equal(x, 0.5)


@pytest.mark.parametrize(
    ("family", "low", "high", "sd", "match"),
    [
        ([9], [0], [1], None, "family"),
        ([smp.PERT], [-np.inf], [1], None, "finite"),
        ([smp.NORMAL], None, None, None, "sd"),
    ],
)
def test_bad_parameters_are_rejected(family, low, high, sd, match) -> None:
    with pytest.raises(ValueError, match=match):
        smp.inverse_cdf(np.full((2, 1), 0.5), family, [0.5], low, high, sd)


def test_bad_design_is_rejected() -> None:
    with pytest.raises(ValueError, match="design"):
        smp.uniform_design(4, 2, design="halton", rng=0)  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(-10, 10),
    w=st.floats(1e-3, 10),
    m=st.floats(0, 1),
    fam=st.sampled_from([smp.UNIFORM, smp.TRIANGULAR, smp.PERT]),
)
def test_bounded_samples_stay_in_range_and_are_monotone(a: float, w: float, m: float, fam: int) -> None:
    u = np.linspace(1e-9, 1 - 1e-9, 41)[:, None]
    x = smp.inverse_cdf(u, [fam], [a + m * w], [a], [a + w])[:, 0]
    assert np.all(x >= a - 1e-9 * w)
    assert np.all(x <= a + w + 1e-9 * w)
    assert np.all(np.diff(x) >= -1e-9 * w)


@pytest.mark.parametrize("n", [pt.BODY_CELLS, 1000])
def test_a_transforms_latin_hypercube_is_the_transform_of_the_design(n: int) -> None:
    # At n = BODY_CELLS the fast path reads each draw's table cell off its stratum; it must give the
    # general path's values (same strata and offsets) up to the last bits of the interpolation weight.
    fam, c, lo, hi = [smp.PERT] * 3, [0.3, 5.0, -1.0], [0.0, 2.0, -4.0], [1.0, 9.0, -1.0]
    tr = smp.Transform(fam, c, lo, hi)
    fast = tr.latin_hypercube(n, 17)
    slow = tr(smp.design_block(n, 3, "lhs", 17))
    assert_allclose(fast, slow, rtol=0, atol=1e-12 * 7)
    for row in smp.design_block(n, 3, "lhs", 17):
        assert_array_equal(np.sort(np.floor(row * n)), np.arange(n))
