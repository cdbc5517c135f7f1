"""Decision engine: Fearon's closed form, exact decomposition, monotonicity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from realpolitik.engines import decision as eng

KINDS = [eng.WIN_PROBABILITY, eng.WIN_TREND, eng.FLOW, eng.LUMP]


def fearon_margin(x: np.ndarray, p: float, c: float) -> np.ndarray:
    """One issue on [0, 1], ideal 1, linear utility; war = lottery p at cost c."""
    knots, values = eng.linear_utility_knots(1.0, 0.0, 1.0)
    u = eng.piecewise_linear_utility(x, knots, values)[:, None]
    terms = eng.offer_terms(u, np.ones_like(u))
    return eng.decision_margin(
        terms,
        np.array([p, -c]),
        [eng.WIN_PROBABILITY, eng.FLOW],
        [eng.CONTINUE, eng.CONTINUE],
        horizon=1,
        discount=1.0,
    )


@pytest.mark.parametrize(("p", "c"), [(0.5, 0.1), (0.7, 0.05), (0.2, 0.3), (0.9, 0.0)])
def test_fearon_bargaining_range(p: float, c: float) -> None:
    """Fearon (1995, p. 387): A prefers a settlement x to war iff x >= p - c_A."""
    x = np.linspace(0, 1, 1001)
    margin = fearon_margin(x, p, c)
    assert_allclose(margin, x - (p - c), atol=1e-12)
    accept = margin >= -1e-12
    assert np.array_equal(accept, x >= p - c - 1e-12)


def test_fearon_range_for_both_sides() -> None:
    """The set both prefer to war is [p - c_A, p + c_B] (Fearon 1995, Figure 1)."""
    p, ca, cb = 0.6, 0.1, 0.15
    x = np.linspace(0, 1, 2001)
    a = fearon_margin(x, p, ca)
    # B's ideal is 0: its utility is 1 - x and it prevails with probability 1 - p.
    b = fearon_margin(1 - x, 1 - p, cb)
    both = x[(a >= -1e-12) & (b >= -1e-12)]
    assert_allclose([both.min(), both.max()], [p - ca, p + cb], atol=1e-3)


@st.composite
def decision_inputs(draw: st.DrawFn) -> tuple:
    k = draw(st.integers(1, 4))
    f = draw(st.integers(0, 7))
    unit = st.floats(0, 1)
    u = np.array(draw(st.lists(unit, min_size=k, max_size=k)))
    w = np.array(draw(st.lists(unit, min_size=k, max_size=k)))
    kinds = np.array(draw(st.lists(st.sampled_from(KINDS), min_size=f, max_size=f)), dtype=int)
    sides = np.where(
        kinds <= eng.WIN_TREND,
        eng.CONTINUE,
        np.array(
            draw(st.lists(st.sampled_from([eng.SETTLE, eng.CONTINUE]), min_size=f, max_size=f)), dtype=int
        )
        if f
        else np.array([], dtype=int),
    )
    values = np.array(draw(st.lists(st.floats(-0.5, 1), min_size=f, max_size=f)))
    horizon = draw(st.floats(0.5, 36))
    discount = draw(st.floats(0.8, 1.0))
    return u, w, kinds, sides, values, horizon, discount


@settings(max_examples=200, deadline=None)
@given(decision_inputs())
def test_contributions_sum_to_margin(inputs: tuple) -> None:
    u, w, kinds, sides, values, horizon, discount = inputs
    terms = eng.offer_terms(u, w)
    margin = eng.decision_margin(terms, values, kinds, sides, horizon, discount)
    issue_c, factor_c = eng.margin_contributions(terms, values, kinds, sides, horizon, discount)
    assert_allclose(issue_c.sum() + factor_c.sum(), margin, rtol=0, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(
    decision_inputs(),
    st.lists(st.tuples(st.floats(0.5, 36), st.floats(0.8, 1.0), st.floats(0.01, 1.0)), min_size=1, max_size=5),
)
def test_settings_drawn_per_draw_match_one_draw_at_a_time(inputs: tuple, draws: list) -> None:
    """A horizon, discount and temperature per draw give each draw the margin, decomposition and
    P(accept) of that draw's numbers (and the decomposition still sums to the margin)."""
    u, w, kinds, sides, values, _, _ = inputs
    h, d, t = (np.array(col) for col in zip(*draws, strict=True))
    terms = np.broadcast_to(eng.offer_terms(u, w), (h.size, u.size))
    v = np.broadcast_to(values, (h.size, values.size))
    margin = eng.decision_margin(terms, v, kinds, sides, h, d)
    issue_c, factor_c = eng.margin_contributions(terms, v, kinds, sides, h, d)
    assert_allclose(issue_c.sum(-1) + factor_c.sum(-1), margin, rtol=0, atol=1e-12)
    p = eng.acceptance_probability(margin, t)
    for i in range(h.size):
        one = eng.decision_margin(terms[i], values, kinds, sides, float(h[i]), float(d[i]))
        assert_allclose(margin[i], one, rtol=0, atol=1e-12)
        assert_allclose(factor_c[i], eng.margin_contributions(terms[i], values, kinds, sides, h[i], d[i])[1],
                        rtol=0, atol=1e-12)
        # The draw's own temperature, on the same margin (the margins agree only to 1e-12 above,
        # which the logit can stretch past 1e-15 at a small temperature).
        assert_allclose(p[i], eng.acceptance_probability(margin[i], float(t[i])), rtol=0, atol=1e-15)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda n: st.lists(st.lists(st.floats(0, 1), min_size=n, max_size=n), min_size=1, max_size=4)
    ),
    st.lists(st.floats(-1, 7), min_size=1, max_size=4),
)
def test_utilities_drawn_per_draw_interpolate_like_one_draw(rows: list, positions: list) -> None:
    values = np.array(rows)
    knots = np.arange(values.shape[1], dtype=float)
    x = np.resize(np.array(positions), values.shape[0])
    drawn = eng.piecewise_linear_utility(x, knots, values)
    for i in range(values.shape[0]):
        assert_allclose(drawn[i], np.interp(x[i], knots, values[i]), rtol=0, atol=1e-15)


@settings(max_examples=150, deadline=None)
@given(decision_inputs(), st.floats(0, 0.5), st.integers(0, 6))
def test_monotone_in_offer_and_in_value_of_continuing(inputs: tuple, delta: float, j: int) -> None:
    """A better offer, or a worse war, never turns accept into reject."""
    u, w, kinds, sides, values, horizon, discount = inputs
    args = (kinds, sides, horizon, discount)
    base = eng.decision_margin(eng.offer_terms(u, w), values, *args)
    better = eng.decision_margin(eng.offer_terms(np.minimum(u + delta, 1), w), values, *args)
    assert better >= base - 1e-12
    if values.size:
        j %= values.size
        worse_war = values.copy()
        # Lower the value of continuing: smaller battlefield or continue-side terms.
        if sides[j] == eng.CONTINUE:
            worse_war[j] -= delta
        else:
            worse_war[j] += delta
        assert eng.decision_margin(eng.offer_terms(u, w), worse_war, *args) >= base - 1e-12


def test_shapley_splits_a_symmetric_clip_equally() -> None:
    """Two identical battlefield factors share the clipped war value equally (symmetry axiom)."""
    kinds = np.array([eng.WIN_PROBABILITY, eng.WIN_PROBABILITY])
    sides = np.array([eng.CONTINUE, eng.CONTINUE])
    _, c = eng.margin_contributions(np.zeros(1), np.array([0.7, 0.7]), kinds, sides, 1, 1.0)
    assert_allclose(c, [-0.5, -0.5])  # clip(1.4) = 1, split in two


def test_shapley_dummy_gets_nothing() -> None:
    """A factor that changes no coalition's value gets zero (dummy axiom): p=1 saturates."""
    kinds = np.array([eng.WIN_PROBABILITY, eng.WIN_TREND])
    sides = np.array([eng.CONTINUE, eng.CONTINUE])
    _, c = eng.margin_contributions(np.zeros(1), np.array([0.5, 0.0]), kinds, sides, 12, 1.0)
    assert_allclose(c, [-0.5, 0.0])


def test_contributions_broadcast_over_draws() -> None:
    rng = np.random.default_rng(0)
    kinds = np.array([eng.WIN_PROBABILITY, eng.WIN_TREND, eng.FLOW, eng.LUMP])
    sides = np.array([eng.CONTINUE, eng.CONTINUE, eng.CONTINUE, eng.SETTLE])
    values = rng.uniform(-0.1, 0.6, size=(50, 4))
    terms = eng.offer_terms(rng.uniform(size=(50, 3)), rng.uniform(size=(50, 3)))
    m = eng.decision_margin(terms, values, kinds, sides, 6, 0.97)
    ic, fc = eng.margin_contributions(terms, values, kinds, sides, 6, 0.97)
    assert m.shape == (50,)
    assert_allclose(ic.sum(-1) + fc.sum(-1), m, atol=1e-12)


def test_annuity_closed_form() -> None:
    assert eng.annuity(12, 1.0) == 12
    assert_allclose(eng.annuity(12, 0.9), sum(0.9**t for t in range(12)))


def test_acceptance_probability_is_logit() -> None:
    m = np.array([-1.0, 0.0, 0.02, 50.0])
    assert_allclose(eng.acceptance_probability(m, 0.05), 1 / (1 + np.exp(-m / 0.05)))
    assert eng.acceptance_probability(0.0, 0.05) == 0.5


def test_zero_salience_values_nothing() -> None:
    assert_allclose(eng.offer_terms([0.3, 0.9], [0.0, 0.0]), [0.0, 0.0])
