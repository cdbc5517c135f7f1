"""Bargaining engine: oracle tests against published solutions, and invariants.

Each oracle test cites the result it checks.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from realpolitik.engines import bargaining
from realpolitik.engines.bargaining import (
    PackageSpace,
    bargain,
    fearon_range,
    frontier_by_issues,
    kalai_smorodinsky,
    nash_solution,
    rubinstein_shares,
)
from realpolitik.engines.pareto import dominates
from realpolitik.errors import ModelError

# --- Rubinstein (1982) -------------------------------------------------------


@pytest.mark.parametrize(("d1", "d2"), [(0.9, 0.9), (0.9, 0.5), (0.5, 0.9), (0.0, 0.7), (0.99, 0.95)])
def test_rubinstein_first_mover_share(d1: float, d2: float) -> None:
    # Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1), Theorem:
    # the first mover gets (1 - d2) / (1 - d1 d2).
    first, second = rubinstein_shares(d1, d2)
    assert_allclose(first, (1 - d2) / (1 - d1 * d2))
    assert_allclose(first + second, 1.0)
    # The equilibrium is stationary: each responder is indifferent between accepting now and
    # proposing next round, x2 = d2 * (1 - y1) and y1 = d1 * (1 - x2) for the mirror offer y.
    y_first, _ = rubinstein_shares(d2, d1)  # party 2's share when it proposes
    assert_allclose(second, d2 * y_first)


def test_rubinstein_equal_patience_and_bad_input() -> None:
    # Rubinstein (1982): with a common discount factor d the proposer gets 1 / (1 + d).
    assert_allclose(rubinstein_shares(0.8, 0.8)[0], 1 / 1.8)
    with pytest.raises(ModelError, match="delta_2"):
        rubinstein_shares(0.5, 1.0)


# --- Nash (1950) ----------------------------------------------------------------


def test_nash_solution_of_the_symmetric_split_is_one_half() -> None:
    # Nash (1950), "The bargaining problem", Econometrica 18(2): on the symmetric problem
    # u1 = x, u2 = 1 - x with disagreement point (0, 0), symmetry and efficiency give x = 1/2.
    x = np.linspace(0.0, 1.0, 101)
    space = PackageSpace([np.vstack([x, 1.0 - x])], [0.0, 0.0])
    res = bargain(space)
    assert x[res.nash] == pytest.approx(0.5)
    assert x[nash_solution(np.vstack([x, 1 - x]), [0, 0])] == pytest.approx(0.5)
    # Every split is efficient, so the whole line is the Pareto frontier.
    assert res.pareto.tolist() == list(range(101))


def _segment(a: tuple[float, float], b: tuple[float, float], n: int) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[None, :]
    return np.asarray(a)[:, None] * (1 - t) + np.asarray(b)[:, None] * t


def test_kalai_smorodinsky_monotonicity_example() -> None:
    # Kalai & Smorodinsky (1975), "Other solutions to Nash's bargaining problem", Econometrica 43(3),
    # the example motivating monotonicity: S = conv{(0,0),(0,1),(3/4,3/4),(1,0)} and
    # T = conv{(0,0),(0,1),(1,0.7),(1,0)}, disagreement (0,0), ideal point (1,1) in both.
    # Solved by hand: KS(S) = (3/4, 3/4); on T's edge u2 = 1 - 0.3 u1 the ray u1 = u2 gives
    # KS(T) = (10/13, 10/13), so player 2 gains from T > S, whereas Nash(T) = (1, 0.7) < 3/4.
    n = 1301  # u1 steps of 1/1300 on T's upper edge contain 10/13 exactly
    S = np.hstack([_segment((0, 1), (0.75, 0.75), 301), _segment((0.75, 0.75), (1, 0), 301)])
    T = np.hstack([_segment((0, 1), (1, 0.7), n), _segment((1, 0.7), (1, 0), 71)])
    assert_allclose(S[:, kalai_smorodinsky(S, [0, 0])], [0.75, 0.75], atol=1e-12)
    assert_allclose(T[:, kalai_smorodinsky(T, [0, 0])], [10 / 13, 10 / 13], atol=1e-3)
    assert_allclose(S[:, nash_solution(S, [0, 0])], [0.75, 0.75], atol=1e-12)
    assert_allclose(T[:, nash_solution(T, [0, 0])], [1.0, 0.7], atol=1e-12)


def test_kalai_smorodinsky_and_nash_on_a_curved_frontier() -> None:
    # Frontier u2 = 1 - u1^2, disagreement (0, 0), ideal (1, 1); solved by hand.
    # KS (Kalai & Smorodinsky 1975): u1 = u2 = 1 - u1^2, so u1 = (sqrt(5) - 1) / 2.
    # Nash (1950): max u1 (1 - u1^2) gives 1 - 3 u1^2 = 0, so u1 = 1 / sqrt(3).
    u1 = np.linspace(0.0, 1.0, 20001)
    U = np.vstack([u1, 1 - u1**2])
    space = PackageSpace([U], [0.0, 0.0])
    res = bargain(space)
    assert u1[res.kalai_smorodinsky] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-4)
    assert u1[res.nash] == pytest.approx(1 / math.sqrt(3), abs=1e-4)
    # With a disagreement point the same holds for the gains: d = (0.2, 0.1) on 2 u1 + u2 = 2
    # (individually rational u1 in [0.2, 0.95]): ideal (0.95, 1.6); KS gains are proportional to
    # (0.75, 1.5), i.e. u1 - 0.2 = (u2 - 0.1) / 2 with 2 u1 + u2 = 2, so u1 = 0.575, u2 = 0.85.
    x = np.linspace(0.0, 1.0, 4001)
    L = np.vstack([x, 2 - 2 * x])
    assert_allclose(L[:, kalai_smorodinsky(L, [0.2, 0.1])], [0.575, 0.85], atol=1e-3)


# --- Fearon (1995) -------------------------------------------------------------


def test_fearon_bargaining_range() -> None:
    # Fearon (1995), "Rationalist explanations for war", International Organization 49(3), p. 387:
    # A accepts x >= p - c_A, B accepts x <= p + c_B, so the range is [p - c_A, p + c_B].
    lo, hi = fearon_range(0.6, 0.1, 0.15)
    assert (lo, hi) == pytest.approx((0.5, 0.75))
    # The same range is the ZOPA of the one-issue package space: U_A = x, U_B = 1 - x,
    # reservation values p - c_A and (1 - p) - c_B.
    x = np.linspace(0.0, 1.0, 401)
    res = bargain(PackageSpace([np.vstack([x, 1 - x])], [0.6 - 0.1, 0.4 - 0.15]))
    zopa = x[np.all(np.vstack([x, 1 - x]) >= np.array([[0.5], [0.25]]) - 1e-12, axis=0)]
    assert res.zopa_size == zopa.size
    assert (zopa.min(), zopa.max()) == pytest.approx((lo, hi))
    assert fearon_range(0.05, 0.1, 0.0) == (0.0, 0.05)  # clipped to the issue space
    with pytest.raises(ModelError, match="'p'"):
        fearon_range(1.2, 0.1, 0.1)


# --- A hand-worked three-issue, two-actor problem --------------------------------

# Issues a (2 positions), b (2), c (3). Party 1: a [0, .4], b [0, .2], c [0, .2, .4];
# party 2: a [.3, 0], b [.5, 0], c [.2, .1, 0]. Package index = 6a + 3b + c. By hand:
#   pkg:  0   1   2   3   4   5   6   7   8   9   10  11
#   U1:   0  .2  .4  .2  .4  .6  .4  .6  .8  .6  .8  1.0
#   U2:  1.0 .9  .8  .5  .4  .3  .7  .6  .5  .2  .1   0
HAND_TABLES = [
    [[0.0, 0.4], [0.3, 0.0]],
    [[0.0, 0.2], [0.5, 0.0]],
    [[0.0, 0.2, 0.4], [0.2, 0.1, 0.0]],
]


def test_hand_worked_zopa_nash_and_ks() -> None:
    # r = (0.5, 0.4): only packages 7 (.6, .6) and 8 (.8, .5) clear both reservation values.
    # Margins 7: (.1, .2), product .02; 8: (.3, .1), product .03 -> Nash = 8.
    # Ideal over the ZOPA (.8, .6); KS scores 7: min(.1/.3, .2/.2) = 1/3, 8: min(1, .5) = .5 -> 8.
    # Frontier (all packages): 0, 1, 2, 7, 8, 11.
    space = PackageSpace(HAND_TABLES, [0.5, 0.4])
    assert_allclose(
        space.utilities(np.arange(12))[0], [0, 0.2, 0.4, 0.2, 0.4, 0.6, 0.4, 0.6, 0.8, 0.6, 0.8, 1]
    )
    res = bargain(space)
    assert res.zopa_size == 2
    assert res.pareto.tolist() == [0, 1, 2, 7, 8, 11]
    assert res.nash == 8
    assert res.kalai_smorodinsky == 8
    assert_allclose(res.ideal, [0.8, 0.6])
    assert res.gap == 0.0
    # Positions used by the ZOPA packages 7 = (1, 0, 1) and 8 = (1, 0, 2).
    assert [z.tolist() for z in res.zopa_positions] == [[False, True], [True, False], [False, True, True]]
    assert space.levels(8).tolist() == [1, 0, 2]
    assert int(space.package([1, 0, 2])) == 8


def test_hand_worked_gap_and_blocking_party() -> None:
    # r = (0.85, 0.6): no package clears both. max_x min_i margin is at package 8,
    # margins (-.05, -.1), so the gap is 0.1 and party 2 (index 1) blocks.
    # Cutting r1 alone: among packages party 2 accepts (U2 >= .6: 0, 1, 2, 6, 7) the best U1 is
    # .6 (package 7): cut .25. Cutting r2 alone: party 1 accepts only package 11 (U2 = 0): cut .6.
    res = bargain(PackageSpace(HAND_TABLES, [0.85, 0.6]), block_size=5)
    assert not res.has_zopa
    assert res.nash is None
    assert res.kalai_smorodinsky is None
    assert res.max_min_package == 8
    assert res.gap == pytest.approx(0.1)
    assert res.blocking_party == 1
    assert_allclose(res.opening_shift, [0.25, 0.6])
    assert res.opening_package.tolist() == [7, 11]


def test_opening_shift_is_infinite_when_the_others_admit_nothing() -> None:
    res = bargain(PackageSpace([[[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]], [0.5, 0.5, 2.0]))
    assert np.isinf(res.opening_shift[:2]).all()
    assert res.opening_package[:2].tolist() == [-1, -1]
    assert res.to_dict()["opening_shift"][0] is None


# --- Properties ----------------------------------------------------------------


@st.composite
def package_spaces(draw: st.DrawFn) -> PackageSpace:
    n_parties = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    values = st.integers(0, 4).map(float)  # few distinct values: ties and duplicate packages
    tables = [
        np.array(
            draw(st.lists(st.lists(values, min_size=s, max_size=s), min_size=n_parties, max_size=n_parties))
        )
        for s in sizes
    ]
    reservation = draw(st.lists(st.integers(0, 12).map(float), min_size=n_parties, max_size=n_parties))
    return PackageSpace(tables, reservation)


def _brute_force(space: PackageSpace) -> tuple[np.ndarray, np.ndarray]:
    """Utilities by explicit enumeration, and the undominated set by O(n^2) comparison."""
    U = np.array(
        [
            [
                sum(t[i, lv] for t, lv in zip(space.tables, levels, strict=True))
                for levels in itertools.product(*map(range, space.sizes))
            ]
            for i in range(space.n_parties)
        ]
    )
    dominated = dominates(U.T[:, None, :], U.T[None, :, :]).any(axis=0)
    return U, np.flatnonzero(~dominated)


@settings(max_examples=60, deadline=None)
@given(space=package_spaces(), block=st.integers(1, 40))
def test_pareto_zopa_and_solutions_match_brute_force(space: PackageSpace, block: int) -> None:
    U, frontier = _brute_force(space)
    assert_allclose(space.utilities(np.arange(space.n_packages)), U)
    res = bargain(space, block_size=block)
    # Every reported package is undominated, and every undominated one is reported.
    assert res.pareto.tolist() == frontier.tolist()
    # ZOPA: exactly the packages meeting every participation constraint.
    margins = U - space.reservation[:, None]
    acceptable = np.all(margins >= 0, axis=0)
    assert res.zopa_size == acceptable.sum()
    levels = space.levels(np.flatnonzero(acceptable))
    for k, used in enumerate(res.zopa_positions):
        assert np.flatnonzero(used).tolist() == sorted(set(levels[:, k].tolist()))
    assert res.max_min_margin == pytest.approx(margins.min(axis=0).max())
    if acceptable.any():
        for pkg in (res.nash, res.kalai_smorodinsky):
            assert pkg is not None
            assert acceptable[pkg]
            assert pkg in frontier
        assert np.prod(margins[:, res.nash]) == pytest.approx(np.prod(margins[:, acceptable], axis=0).max())
        assert res.nash == nash_solution(U, space.reservation)
        assert res.kalai_smorodinsky == kalai_smorodinsky(U, space.reservation)
        assert np.all(res.opening_shift == 0)
    else:
        assert res.nash is None
        assert res.gap > 0
        # Cutting one party's reservation value by its opening shift makes a ZOPA appear.
        for j, shift in enumerate(res.opening_shift):
            if np.isfinite(shift):
                r = space.reservation.copy()
                r[j] -= shift
                assert np.all(U[:, res.opening_package[j]] >= r - 1e-12)
                assert bargain(PackageSpace(space.tables, r)).has_zopa


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=5),
    parties=st.integers(1, 3),
    block=st.integers(1, 300),
    seed=st.integers(0, 2**32 - 1),
)
def test_whole_space_blocks_are_outer_sums_equal_bit_for_bit_to_decoded_utilities(
    sizes: list[int], parties: int, block: int, seed: int
) -> None:
    # Blocks of the whole space add the trailing issues by broadcasting; each package's utility must
    # be the very sum utilities() takes after decoding its index (same terms, same order).
    gen = np.random.default_rng(seed)
    space = PackageSpace([gen.random((parties, s)) for s in sizes], np.zeros(parties))
    idx, U = zip(*space.blocks(block), strict=True)
    every = np.arange(space.n_packages)
    np.testing.assert_array_equal(np.concatenate(idx), every)
    np.testing.assert_array_equal(np.hstack(U), space.utilities(every))


@st.composite
def decimal_spaces(draw: st.DrawFn) -> PackageSpace:
    """Utilities like 0.1, 0.2, 0.3: partial sums that differ by an ulp can round to one full sum."""
    n_parties = draw(st.integers(2, 3))
    sizes = draw(st.lists(st.integers(2, 4), min_size=2, max_size=4))
    values = st.sampled_from([0.1, 0.2, 0.3, 0.7, 1 / 3, 0.6, 0.0])
    tables = [
        np.array(
            draw(st.lists(st.lists(values, min_size=s, max_size=s), min_size=n_parties, max_size=n_parties))
        )
        for s in sizes
    ]
    return PackageSpace(tables, np.zeros(n_parties))


@settings(max_examples=80, deadline=None)
@given(space=decimal_spaces())
def test_the_issue_by_issue_frontier_keeps_ties_made_by_rounding(space: PackageSpace) -> None:
    # The frontier built issue by issue prunes a partial package only when it is dominated by more
    # than the later sums' rounding: the frontier is still exactly the brute force's.
    _, frontier = _brute_force(space)
    built = frontier_by_issues(space)
    assert built is not None
    assert built[0].tolist() == frontier.tolist()
    np.testing.assert_array_equal(built[1], space.utilities(built[0]))


@pytest.mark.parametrize("opposed", [False, True])
def test_the_issue_by_issue_frontier_equals_the_streamed_one(
    opposed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(8)
    tables = [rng.random((3, 7)) for _ in range(5)]
    if opposed:
        for t in tables:
            t[1] = 1.0 - t[0] + 0.1 * t[1]
    space = PackageSpace(tables, np.full(3, 1.5))
    fast = bargain(space, block_size=4096)
    monkeypatch.setattr(bargaining, "FRONTIER_CANDIDATES", 0)  # every step too big: stream
    assert bargaining.frontier_by_issues(space) is None
    slow = bargain(space, block_size=4096)
    assert fast.pareto.tolist() == slow.pareto.tolist()
    np.testing.assert_array_equal(fast.pareto_utilities, slow.pareto_utilities)
    assert (fast.nash, fast.kalai_smorodinsky) == (slow.nash, slow.kalai_smorodinsky)
