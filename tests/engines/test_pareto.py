"""Exact Pareto frontier: agrees with an O(n^2) brute-force check, ties and duplicates included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from realpolitik.engines import pareto
from realpolitik.engines.pareto import dominates, pareto_mask


def _brute(P: np.ndarray) -> np.ndarray:
    return ~dominates(P[:, None, :], P[None, :, :]).any(axis=0)


@settings(max_examples=80, deadline=None)
@given(
    P=st.integers(1, 5).flatmap(
        lambda a: arrays(
            np.float64, st.tuples(st.integers(0, 60), st.just(a)), elements=st.integers(0, 5).map(float)
        )
    )
)
def test_every_frontier_point_undominated_and_every_dominated_point_excluded(P: np.ndarray) -> None:
    assert pareto_mask(P).tolist() == _brute(P).tolist()


@pytest.mark.parametrize("n_parties", [2, 3, 4])
def test_large_random_sets_across_sweep_blocks(n_parties: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small sweep blocks exercise the staircase / frontier carried from block to block; the
    # anti-correlated column keeps many points on the frontier.
    monkeypatch.setattr(pareto, "SWEEP_BLOCK", 16)
    rng = np.random.default_rng(7)
    P = rng.integers(0, 30, size=(1500, n_parties)).astype(float)
    P[:, 0] = 60 - P[:, 1] + rng.integers(0, 3, size=1500)
    assert pareto_mask(P).tolist() == _brute(P).tolist()


def test_shapes() -> None:
    assert pareto_mask(np.empty((0, 3))).tolist() == []
    assert pareto_mask([[1.0], [2.0], [2.0]]).tolist() == [False, True, True]
    with pytest.raises(ValueError, match="2-D"):
        pareto_mask([1.0, 2.0])
