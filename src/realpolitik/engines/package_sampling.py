r"""A uniform sample of a package space too large to enumerate.

A package space of :math:`K` issues with :math:`L_1, \dots, L_K` positions has
:math:`N = \prod_k L_k` packages numbered in mixed radix
(:class:`realpolitik.engines.bargaining.PackageSpace`). A uniform package
index decodes to independent uniform positions on every issue, so drawing
indices is drawing packages, with no Python object per package.

:func:`sample_packages` draws :math:`n < N` *distinct* indices, uniformly
among all :math:`n`-subsets (simple random sampling without replacement,
Cochran 1977, *Sampling Techniques*, §2.2): i.i.d. uniform indices, duplicates
dropped, topped up by fresh draws until :math:`n` remain. The procedure treats
every label alike, so the resulting set is exchangeable, hence uniform over
subsets. Each top-up round leaves a shortfall of about :math:`n/N` of the last
one; when :math:`n > N/2` a partial permutation of :math:`0..N-1` is cheaper
and is used instead. The sample comes back sorted, the order in which
:func:`realpolitik.engines.bargaining.bargain` enumerates, so its tie rules
(lowest index first) are the enumeration's.

The share of the ZOPA in the space is then estimated by the sample share
(a hypergeometric proportion; its interval is the caller's business).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from realpolitik.errors import ModelError

__all__ = ["MAX_INDEX", "sample_packages"]

IntArray = NDArray[np.int64]

MAX_INDEX = 2**63 - 1
"""Package indices are int64: a space must have fewer packages than this to be sampled."""


def sample_packages(n_packages: int, n: int, rng: np.random.Generator | int | None = None) -> IntArray:
    """``min(n, n_packages)`` distinct package indices, uniform over subsets, ascending.

    Parameters
    ----------
    n_packages : int
        Size of the package space, :math:`N` (a Python int; may exceed what
        enumeration allows, not :data:`MAX_INDEX`).
    n : int
        Sample size; ``n >= n_packages`` returns every index.
    rng : numpy.random.Generator, int or None
        Source of randomness (seeded for reproducible samples).

    Examples
    --------
    >>> idx = sample_packages(10**12, 5, rng=0)
    >>> idx.size, bool((idx[1:] > idx[:-1]).all()), bool(idx.max() < 10**12)
    (5, True, True)
    """
    if n_packages < 1 or n < 1:
        raise ModelError(f"a package sample needs a space and a size >= 1; got {n_packages!r}, {n!r}")
    if n_packages > MAX_INDEX:
        raise ModelError(f"{n_packages} packages cannot be indexed in 64 bits; use a coarser grid")
    if n >= n_packages:
        return np.arange(n_packages, dtype=np.int64)
    gen = np.random.default_rng(rng)
    if 2 * n > n_packages:  # dense: a partial shuffle costs O(N) <= O(2n) memory
        return np.sort(gen.permutation(n_packages)[:n]).astype(np.int64)
    idx = np.unique(gen.integers(0, n_packages, size=n, dtype=np.int64))
    while idx.size < n:  # rounds, not packages: each shrinks the shortfall by about n / N
        more = gen.integers(0, n_packages, size=n - idx.size, dtype=np.int64)
        idx = np.unique(np.concatenate([idx, more]))
    return idx
