"""The EUM round in blocks of rows equals the whole-matrix round, for every reading."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from realpolitik.engines import eum
from realpolitik.engines.eum import EUMOptions, run_eum
from realpolitik.engines.eum_blocks import round_in_blocks
from realpolitik.engines.eum_votes import success_probabilities

# Positions on a half-unit grid: equal or well apart.  (Positions 1e-15 apart make both vote
# sums pure rounding noise, which the two methods round differently.)
tables = st.integers(min_value=2, max_value=14).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 200).map(lambda k: k / 2), min_size=n, max_size=n),
        st.lists(st.floats(0.01, 10), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1), min_size=n, max_size=n),
    )
)
readings = st.sampled_from([
    EUMOptions(), EUMOptions.scholz2011(), EUMOptions(Q=0.5, T=0.3), EUMOptions(perspective="own"),
    EUMOptions(probability="global"), EUMOptions(vote_risk=True), EUMOptions(risk="neutral"),
])  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(tables, readings, st.integers(1, 5))
def test_blocks_equal_the_whole_round(table, options, block) -> None:
    x, c, s = (np.array(v) for v in table)
    span = max(float(np.ptp(x)), 1.0)
    whole_x, whole_r, offers = eum._round(x, c, s, span, options)
    new_x, r, kind, position, _ = round_in_blocks(x, c, s, span, options, block=block)
    assert_allclose(r, whole_r, rtol=1e-9, atol=1e-12)
    assert_allclose(position, offers.position, rtol=1e-9, atol=1e-9)
    assert_allclose(new_x, whole_x, rtol=1e-9, atol=1e-9)
    assert_array_equal(kind, offers.kind)


@settings(max_examples=40, deadline=None)
@given(tables, st.floats(1.0, 2.0))
def test_risky_vote_sums_in_closed_form_equal_the_third_party_sum(table, spread) -> None:
    """Σ_k w_k |f_k(x_j) - f_k(x_i)| by the midpoint prefix sums equals the direct O(n³) sum."""
    x, c, s = (np.array(v) for v in table)
    rng = np.random.default_rng(len(x))
    r = rng.uniform(1 / spread, spread, x.size)
    span = max(float(np.ptp(x)), 1.0)
    direct = success_probabilities(x, c, s, span, r)
    from realpolitik.engines.eum_blocks import _probabilities, _Votes

    votes = _Votes(x, c * s, span, r, size=3)
    blocked = np.vstack([_probabilities(*votes.rows(slice(i, min(i + 3, x.size))), None, (c * s).sum())
                         for i in range(0, x.size, 3)])  # fmt: skip
    # Both sums cancel large terms when positions nearly coincide; they agree to rounding of that.
    assert_allclose(blocked, direct, rtol=1e-6, atol=1e-6)


def test_run_eum_switches_to_blocks_beyond_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    x, c, s = np.array([4.0, 7, 10, 2, 9, 5]), np.array([1.0, 2, 1, 3, 1, 2]), np.array([1, 0.5, 0.8, 1, 0.3, 0.9])
    whole = run_eum(x, c, s, rounds=3, options=EUMOptions.scholz2011())
    monkeypatch.setattr(eum, "BLOCK_ACTORS", 2)
    blocked = run_eum(x, c, s, rounds=3, options=EUMOptions.scholz2011())
    assert_allclose(blocked.positions, whole.positions, atol=1e-9)
    assert_allclose(blocked.medians, whole.medians, atol=1e-9)
    assert blocked.last_offers is not None
    assert whole.last_offers is not None
    assert_array_equal(blocked.last_offers.kind, whole.last_offers.kind)


@pytest.mark.parametrize("options", [EUMOptions(), EUMOptions.scholz2011(), EUMOptions(probability="global")])
def test_vote_sums_grouped_in_several_groups_change_nothing(
    monkeypatch: pytest.MonkeyPatch, options: EUMOptions
) -> None:
    from realpolitik.engines import eum_blocks

    rng = np.random.default_rng(3)
    x, c, s = rng.integers(0, 40, 17) / 2, rng.uniform(0.1, 5, 17), rng.uniform(0.1, 1, 17)
    span = float(np.ptp(x))
    one = round_in_blocks(x, c, s, span, options, block=4)
    monkeypatch.setattr(eum_blocks, "GROUP_ELEMENTS", 1)  # every block its own group
    many = round_in_blocks(x, c, s, span, options, block=4)
    for a, b in zip(one, many, strict=True):
        assert_allclose(a, b, rtol=1e-12, atol=1e-12)
