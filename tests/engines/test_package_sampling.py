"""Sampling a package space: uniform distinct indices, and bargaining over a sample.

Invariants: a sample is distinct, sorted and in range; the same seed gives the same sample;
every index is equally likely to be drawn (simple random sampling, Cochran 1977, §2.2: the
inclusion probability of each unit is n/N); bargaining over every index reproduces the
enumeration, and over a sample gives the sample's ZOPA and frontier exactly.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.engines.bargaining import PackageSpace, bargain
from realpolitik.engines.package_sampling import sample_packages
from realpolitik.engines.pareto import pareto_mask
from realpolitik.errors import ModelError


def space(seed: int, sizes: tuple[int, ...] = (5, 6, 4, 7), parties: int = 3) -> PackageSpace:
    rng = np.random.default_rng(seed)
    tables = [rng.uniform(0, 1, (parties, n)) for n in sizes]
    # reservation values near the middle of the utility range, so the ZOPA is neither empty nor all
    return PackageSpace(tables, np.full(parties, 0.55 * len(sizes)))


@pytest.mark.parametrize(("N", "n"), [(10**12, 1000), (1000, 10), (1000, 400), (1000, 700), (50, 49)])
def test_a_sample_is_distinct_sorted_in_range_and_reproducible(N: int, n: int) -> None:
    idx = sample_packages(N, n, rng=7)
    assert idx.dtype == np.int64
    assert idx.size == n
    assert np.all(np.diff(idx) > 0)
    assert idx[0] >= 0
    assert idx[-1] < N
    np.testing.assert_array_equal(idx, sample_packages(N, n, rng=7))
    assert not np.array_equal(idx, sample_packages(N, n, rng=8))


def test_a_sample_as_large_as_the_space_is_the_space() -> None:
    np.testing.assert_array_equal(sample_packages(37, 37, rng=0), np.arange(37))
    np.testing.assert_array_equal(sample_packages(37, 100, rng=0), np.arange(37))


@pytest.mark.parametrize("n", [3, 8])  # the sparse (draw and top up) and dense (permutation) branches
def test_every_package_is_equally_likely(n: int) -> None:
    # Cochran (1977), Sampling Techniques, §2.2: under simple random sampling each of the N units
    # is in the sample with probability n/N. 4000 samples of 10 indices: each count is
    # Binomial(4000, n/10); 5 sd is a generous band that a biased sampler (e.g. one that
    # favours low indices) misses.
    N, reps = 10, 4000
    gen = np.random.default_rng(1)
    counts = np.zeros(N)
    for _ in range(reps):  # a loop over samples, in the test only
        counts[sample_packages(N, n, gen)] += 1
    p = n / N
    assert np.all(np.abs(counts - reps * p) < 5 * np.sqrt(reps * p * (1 - p)))


def test_bad_sample_requests_are_model_errors() -> None:
    with pytest.raises(ModelError, match="size"):
        sample_packages(10, 0)
    with pytest.raises(ModelError, match="64 bits"):
        sample_packages(2**64, 10)


def test_bargaining_over_every_index_reproduces_the_enumeration() -> None:
    s = space(0)
    every = sample_packages(s.n_packages, s.n_packages, rng=3)
    full, sampled = bargain(s, block_size=97), bargain(s, block_size=97, packages=every)
    assert full.sampled is None
    assert sampled.sampled == s.n_packages
    a, b = full.to_dict(), sampled.to_dict()
    a.pop("sampled"), b.pop("sampled")
    assert a == b


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), share=st.floats(0.05, 0.9))
def test_a_sample_gives_the_zopa_and_frontier_of_the_sampled_packages(seed: int, share: float) -> None:
    s = space(seed)
    N = s.n_packages
    idx = sample_packages(N, max(1, int(share * N)), rng=seed)
    full, res = bargain(s, block_size=64), bargain(s, block_size=64, packages=idx)
    assert res.sampled == idx.size
    M = s.margins(np.arange(N))
    in_zopa = np.all(M >= 0, axis=0)
    # The sample's ZOPA is exactly the true ZOPA's packages that were drawn: a subset.
    assert res.zopa_size == int(in_zopa[idx].sum()) <= full.zopa_size
    # Its frontier is the frontier of the sampled packages; it holds every truly efficient
    # package that was drawn (a package undominated in the space is undominated in a subset).
    U = s.utilities(idx)
    np.testing.assert_array_equal(res.pareto, idx[pareto_mask(U.T)])
    assert set(np.intersect1d(full.pareto, idx)) <= set(res.pareto)
    assert set(res.pareto) <= set(idx)
    # The sample's solutions are true ZOPA packages, and no better than the enumeration's.
    if res.nash is not None:
        assert in_zopa[res.nash]
        g = M[:, [res.nash, full.nash]]
        assert np.prod(g[:, 0]) <= np.prod(g[:, 1]) + 1e-12
    assert res.max_min_margin <= full.max_min_margin
    assert res.max_min_package in idx


@pytest.mark.parametrize(
    "packages", [np.array([3, 2]), np.array([1, 1]), np.array([-1, 2]), np.array([0, 10**6]), np.array([0.5])]
)
def test_bad_package_lists_are_model_errors(packages: np.ndarray) -> None:
    with pytest.raises(ModelError, match="ascending distinct"):
        bargain(space(0), packages=packages)
