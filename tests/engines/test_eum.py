"""Tests of the expected-utility model against published results and invariants.

Oracle: Bueno de Mesquita (1994), Table 1 (EC car-emission standards) as input,
Scholz, Calbert & Smith (2011), Table 2 (median/mean voter after rounds 1–8,
Q = 1.0) as output.  Data are copied in ``tests/data/eum`` (see its README).
"""

from __future__ import annotations

import csv
import filecmp
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from realpolitik.engines import eum, eum_votes
from realpolitik.engines.eum import EUMOptions, run_eum
from realpolitik.errors import InputError, ModelError

DATA = Path(__file__).resolve().parents[1] / "data" / "eum"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "eum"


def load_ec() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with (DATA / "bdm1994_ec_emissions.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    cols = ("position", "capability", "salience")
    x, c, s = (np.array([float(r[k]) for r in rows]) for k in cols)
    return x, c, s


def load_table2() -> np.ndarray:
    return np.loadtxt(DATA / "scholz2011_table2.csv", delimiter=",", skiprows=1)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared oracle folder not present")
def test_copied_oracle_data_match_the_shared_originals() -> None:
    for name in ("bdm1994_ec_emissions.csv", "scholz2011_table2.csv"):
        assert filecmp.cmp(DATA / name, SHARED / name, shallow=False), name


def test_round_zero_mean_and_median_are_the_published_values() -> None:
    x, c, s = load_ec()
    assert round(eum.weighted_mean(x, c, s), 6) == 7.389956
    assert eum.median_voter(x, c, s) == 7.0
    res = run_eum(x, c, s, rounds=0)
    assert res.medians.tolist() == [7.0]
    assert round(float(res.means[0]), 6) == 7.389956


# Rounds 1–8 under the Scholz et al. reading (EUMOptions.scholz2011), our value
# and Table 2's.  "match": equal at the table's printed precision (one decimal,
# rounded half up).  Otherwise the documented difference ours − table.
#
# Why rounds differ.  Scholz et al. (2011) themselves say the published
# description is ambiguous on risk exponents, on which offer an actor takes when
# several arrive, and on the stop rule, and that results "do not stabilise";
# their code is not in the paper, and our reading of it comes second-hand (see
# the module docstring of realpolitik.engines.eum).  Round 2's median (9.61 vs
# 9.9) is the only large gap: Belgium, the median voter, compromises to 9.61
# where Table 2 implies about 9.9; from round 3 the trajectories agree again.
# Every other difference is 0.05–0.07 *above* the table: rounds 3, 4, 5, 6 and
# 8 of the median and 1, 2, 4 of the mean would all match if Table 2 truncated
# rather than rounded — but then the means of rounds 3 and 8 (7.590, 7.572 vs
# 7.6) would not, so no single printing rule explains all of them.
TABLE2_COMPARISON = [
    # round, our median, status, our mean, status (difference ours − table)
    (1, 8.415932, "match", 7.461314, +0.061314),
    (2, 9.610859, -0.289141, 7.552501, +0.052501),
    (3, 9.961980, +0.061980, 7.590145, "match"),
    (4, 9.961980, +0.061980, 7.358131, +0.058131),
    (5, 9.961980, +0.061980, 7.349174, "match"),
    (6, 7.472046, +0.072046, 7.414878, "match"),
    (7, 8.824594, "match", 7.510457, "match"),
    (8, 9.671130, +0.071130, 7.572447, "match"),
]


def _printed(value: float) -> float:
    """Round half up to one decimal, as a printed table does."""
    return float(np.floor(value * 10 + 0.5) / 10)


@pytest.mark.parametrize(("rnd", "med", "med_status", "mean", "mean_status"), TABLE2_COMPARISON)
def test_rounds_1_to_8_against_scholz_table_2(
    rnd: int, med: float, med_status: object, mean: float, mean_status: object
) -> None:
    x, c, s = load_ec()
    res = run_eum(x, c, s, rounds=8, options=EUMOptions.scholz2011())
    table = {int(r[0]): (r[1], r[2]) for r in load_table2()}
    ours = (float(res.medians[rnd]), float(res.means[rnd]))
    for got, pinned, status, published in zip(
        ours, (med, mean), (med_status, mean_status), table[rnd], strict=True
    ):
        assert got == pytest.approx(pinned, abs=1e-6)
        if status == "match":
            assert _printed(got) == pytest.approx(published)
        else:
            assert _printed(got) != pytest.approx(published)
            assert got - published == pytest.approx(status, abs=1e-6)


def test_table2_reading_reproduces_the_published_round_1_and_rounds_3_to_5_shape() -> None:
    """Scholz et al.: median 8.4 after round 1 and 9.9 after rounds 2–5."""
    x, c, s = load_ec()
    med = run_eum(x, c, s, rounds=8, options=EUMOptions.scholz2011()).medians
    assert _printed(med[1]) == 8.4
    assert np.all(np.abs(med[3:6] - 9.9) < 0.1)


def test_equations_as_printed_hold_the_median_at_seven() -> None:
    """With the printed (pairwise) probability the median never leaves 7.0.

    The big actors (Germany, France, Italy) move to 7.0 by round 2 and the rest
    drift toward it, so the printed equations cannot produce Table 2.
    """
    x, c, s = load_ec()
    res = run_eum(x, c, s, rounds=30)
    assert_array_equal(res.medians, np.full(31, 7.0))
    assert_array_equal(res.positions[2, [0, 3, 4, 5]], [7.0, 7.0, 7.0, 7.0])
    assert np.all(np.abs(res.positions[30] - 7.0) < 0.7)


def naive_probabilities(x, c, s, span, r, normalise):
    n = len(x)
    vote = np.zeros((n, n, n))
    for k in range(n):
        for i in range(n):
            for j in range(n):
                dj = (abs(x[k] - x[j]) / span) ** r[k]
                di = (abs(x[k] - x[i]) / span) ** r[k]
                vote[k, i, j] = c[k] * s[k] * (dj - di)
    support = np.clip(vote, 0, None).sum(axis=0)
    if normalise == "global":
        return support / np.abs(vote).sum()
    total = np.abs(vote).sum(axis=0)
    return np.divide(support, total, out=np.zeros_like(total), where=total > 0)


@pytest.mark.parametrize("normalise", ["pairwise", "global"])
@pytest.mark.parametrize("risky_votes", [False, True])
def test_vectorised_probabilities_equal_the_loop(
    normalise: str, risky_votes: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """r = 1 takes the closed-form prefix-sum path, risky votes the blocked path."""
    rng = np.random.default_rng(7)
    x, c, s = rng.uniform(0, 10, 9), rng.uniform(0, 1, 9), rng.uniform(0, 1, 9)
    x[3] = x[5]  # a tie in positions exercises the boundaries of the closed form
    r = rng.uniform(0.5, 2, 9) if risky_votes else np.ones(9)
    want = naive_probabilities(x, c, s, 10.0, r, normalise)
    assert_allclose(eum.success_probabilities(x, c, s, 10.0, r, normalise), want, atol=1e-12)
    # Blocks of 2 third parties: same answer, so the chunking loses nothing.
    monkeypatch.setattr(eum_votes, "_BLOCK_ELEMENTS", 2 * 81)
    assert_allclose(eum.success_probabilities(x, c, s, 10.0, r, normalise), want, atol=1e-12)


def test_expected_utility_matches_equation_e6_with_q_below_one() -> None:
    x, s = np.array([0.0, 3.0, 10.0]), np.array([0.2, 0.7, 0.9])
    P = np.array([[0, 0.3, 0.6], [0.7, 0, 0.4], [0.4, 0.6, 0]])
    r, Q, T, mu, span = 1.5, 0.4, 0.25, 3.0, 10.0
    EU = eum.expected_utilities(x, s, P, mu, span, r, Q, T)
    d, a = 3 / 10, 0.3  # actor 0 challenging actor 1
    U = {
        "s": 2 - 4 * (0.5 - 0.5 * d) ** r,
        "f": 2 - 4 * (0.5 + 0.5 * d) ** r,
        "b": 2 - 4 * (0.5 - 0.25 * (a + d)) ** r,
        "w": 2 - 4 * (0.5 + 0.25 * (a + d)) ** r,
        "sq": 2 - 4 * 0.5**r,
    }
    want = 0.7 * (0.3 * U["s"] + 0.7 * U["f"]) + 0.3 * U["s"]
    want -= Q * U["sq"] + (1 - Q) * (T * U["b"] + (1 - T) * U["w"])
    assert EU[0, 1] == pytest.approx(want)
    assert np.all(np.diag(EU) == 0)


def test_offers_follow_the_octants() -> None:
    x = np.array([0.0, 10.0])
    # Receiver 0 vs sender 1: (u, v) = conflict lost, compromise, capitulation.
    cases = [((0.1, 0.5), 1, 10.0), ((-0.2, 0.5), 2, 4.0), ((-0.6, 0.5), 3, 10.0)]
    for (u01, v01), kind, pos in cases:
        u = np.array([[0.0, u01], [-1.0, 0.0]])
        v = np.array([[0.0, v01], [-1.0, 0.0]])
        k, p = eum.make_offers(x, u, v)
        assert k[0, 1] == kind
        assert p[0, 1] == pytest.approx(pos)
        assert k[1, 0] == 0


def test_risk_exponents_span_half_to_two() -> None:
    x, c, s = load_ec()
    res = run_eum(x, c, s, rounds=3)
    assert res.risk_exponents.min() == pytest.approx(0.5)
    assert res.risk_exponents.max() == pytest.approx(2.0)


def test_bad_input_and_options_raise_input_error() -> None:
    with pytest.raises(InputError, match="saliences"):
        run_eum([1, 2], [1, 1], [0.5, 1.5])
    with pytest.raises(InputError, match="positions"):
        run_eum([1, np.nan], [1, 1], [0.5, 0.5])
    with pytest.raises(InputError, match="scale"):
        run_eum([1, 20], [1, 1], [0.5, 0.5], scale=(0, 10))
    with pytest.raises(InputError, match="offer_rule"):
        EUMOptions(offer_rule="nearest")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'Q'"):
        EUMOptions(Q=1.5)
    with pytest.raises(ModelError):
        run_eum([1, 2], [0, 0], [0.5, 0.5])


def test_stop_rule_ends_the_run_when_positions_settle() -> None:
    x, c, s = load_ec()
    res = run_eum(x, c, s, rounds=50, options=EUMOptions(stop="median", tol=1e-12))
    assert res.converged
    assert res.rounds_run == 1  # the median is 7.0 before and after round 1
    still = run_eum([2.0, 2.0], [1, 1], [1, 1], rounds=50, options=EUMOptions(stop="positions"))
    assert (still.converged, still.rounds_run) == (True, 1)
    assert res.to_dict()["rounds_run"] == res.rounds_run


# ---- properties -----------------------------------------------------------

actor_tables = st.integers(min_value=2, max_value=7).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(0, 100, allow_nan=False, allow_subnormal=False), min_size=n, max_size=n),
        st.lists(st.floats(0.01, 10), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1), min_size=n, max_size=n),
    )
)
readings = st.sampled_from([EUMOptions(), EUMOptions.scholz2011(), EUMOptions(Q=0.5, T=0.3)])


@settings(max_examples=40, deadline=None)
@given(actor_tables, readings)
def test_positions_stay_on_the_issue_scale(table, options) -> None:
    x, c, s = (np.array(v) for v in table)
    res = run_eum(x, c, s, rounds=4, scale=(0, 100), options=options)
    assert np.all((res.positions >= 0) & (res.positions <= 100))
    assert np.all((res.medians >= 0) & (res.medians <= 100))


@settings(max_examples=40, deadline=None)
@given(actor_tables, st.floats(0.05, 1))
def test_an_actor_with_all_the_capability_keeps_its_position(table, s0) -> None:
    x, c, s = (np.array(v) for v in table)
    c[1:] = 0.0
    s[0] = s0
    res = run_eum(x, c, s, rounds=4, scale=(0, 100))
    assert np.all(res.positions[:, 0] == x[0])
    assert res.forecast == x[0]


@settings(max_examples=40, deadline=None)
@given(actor_tables, st.randoms(use_true_random=False), readings)
def test_results_do_not_depend_on_actor_order(table, random, options) -> None:
    x, c, s = (np.array(v) for v in table)
    perm = list(range(x.size))
    random.shuffle(perm)
    a = run_eum(x, c, s, rounds=4, scale=(0, 100), options=options)
    b = run_eum(x[perm], c[perm], s[perm], rounds=4, scale=(0, 100), options=options)
    assert_allclose(b.positions, a.positions[:, perm], atol=1e-9)
    assert_allclose(b.medians, a.medians, atol=1e-9)
    assert_allclose(b.means, a.means, atol=1e-9)


def test_offers_are_reported_in_the_callers_actor_order() -> None:
    x, c, s = load_ec()
    perm = np.array([9, 3, 0, 7, 1, 5, 2, 8, 4, 6])
    a = run_eum(x, c, s, rounds=2, options=EUMOptions.scholz2011()).last_offers
    b = run_eum(x[perm], c[perm], s[perm], rounds=2, options=EUMOptions.scholz2011()).last_offers
    assert_array_equal(b.kind, a.kind[np.ix_(perm, perm)])
    assert_array_equal(b.chosen_kind, a.chosen_kind[perm])
    # France and Italy are identical actors, so either may be named as the sender;
    # what must agree is who the sender is (its position, capability, salience).
    senders = np.where(b.chosen >= 0, perm[np.maximum(b.chosen, 0)], -1)
    profile = np.column_stack([x, c, s])
    assert_array_equal(profile[senders[senders >= 0]], profile[a.chosen[perm][senders >= 0]])
    assert_array_equal(senders >= 0, a.chosen[perm] >= 0)
