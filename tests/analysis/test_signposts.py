"""Signposts: tipping values against the margin formula, and their ranking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realpolitik as rp
from realpolitik.analysis.decision import decision_problem
from realpolitik.analysis.signposts import signposts
from tests.conftest import MINIMAL, SEED_SCENARIO


@pytest.fixture(scope="module")
def seed() -> rp.Scenario:
    return rp.load(SEED_SCENARIO)


@pytest.fixture(scope="module")
def report(seed: rp.Scenario):  # type: ignore[no-untyped-def]
    return signposts(seed, "russia", "us-2025", draws=1000, rng=3)


def _by(report, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in report.signposts if p.parameter == name)


def test_battlefield_initiative_tipping_value_in_closed_form(seed: rp.Scenario, report) -> None:  # type: ignore[no-untyped-def]
    """m = C - delta^H clip(p0 + H tau, 0, 1) (engines.decision, eq. for m): with the clip inactive,
    m(p0*) = 0 gives p0* = p0 + m / delta^H."""
    prob = decision_problem(seed, "russia", "us-2025")
    p0 = seed.factors["russia.battlefield_initiative"].value.central
    tau = seed.factors["russia.attrition_trend"].value.central
    m = float(prob.margin())
    expected = p0 + m / prob.discount**prob.horizon
    assert 0 < expected + prob.horizon * tau < 1  # the clip is inactive at the tipping point
    sp = _by(report, "russia.battlefield_initiative")
    assert sp.tipping_value == pytest.approx(expected, abs=1e-12)
    assert sp.direction == "down"
    # The stated range 0.4 to 0.7, widened x1.25 by the seed's B3 evidence (docs/reliability.md).
    assert sp.distance == pytest.approx((expected - p0) / (1.25 * (0.7 - 0.4)), abs=1e-9)


def test_linear_factors_tip_where_their_term_cancels_the_margin(seed: rp.Scenario, report) -> None:  # type: ignore[no-untyped-def]
    prob = decision_problem(seed, "russia", "us-2025")
    m = float(prob.margin())
    d, H = prob.discount, prob.horizon
    annuity = H if d == 1 else (1 - d**H) / (1 - d)
    for f in ("russia.war_economy_rents", "russia.political_grip", "russia.demobilization_risk"):
        factor = seed.factors[f]
        weight = annuity if factor.kind == "flow" else 1.0
        sign = 1.0 if factor.side == "settle" else -1.0
        sp = _by(report, f)
        assert sp.linear
        assert sp.tipping_value == pytest.approx(factor.value.central - m / (sign * weight), rel=1e-12)


def test_margin_is_zero_at_every_tipping_value(seed: rp.Scenario, report) -> None:  # type: ignore[no-untyped-def]
    prob = decision_problem(seed, "russia", "us-2025")
    s0, v0 = prob.central_saliences(), prob.central_values()
    found = 0
    for sp in report.signposts:
        if sp.tipping_value is None:
            continue
        found += 1
        s, v = s0.copy(), v0.copy()
        if sp.parameter.startswith("salience:"):
            s[prob.issue_ids.index(sp.parameter.removeprefix("salience:"))] = sp.tipping_value
        else:
            v[prob.factor_ids.index(sp.parameter)] = sp.tipping_value
        assert float(prob.margin(s, v)) == pytest.approx(0.0, abs=1e-9), sp.parameter
    assert found >= 10


def test_ranked_by_distance_and_probabilities_valid(report) -> None:  # type: ignore[no-untyped-def]
    ranked = [abs(p.distance) for p in report.signposts if p.distance is not None]
    assert ranked == sorted(ranked)
    assert report.signposts[0].parameter in {"russia.attrition_trend", "russia.battlefield_initiative"}
    for p in report.signposts:
        if p.p_flip_at_edge is not None:
            assert 0.0 <= p.p_flip_at_edge <= 1.0
    assert report.decision == "reject"


def test_same_seed_same_report(seed: rp.Scenario) -> None:
    a = signposts(seed, "russia", "us-2025", draws=300, rng=9).to_dict()
    b = signposts(seed, "russia", "us-2025", draws=300, rng=9).to_dict()
    assert a == b


@settings(max_examples=25, deadline=None)
@given(p=st.floats(0.05, 0.95), cost=st.floats(-0.3, 0.3))
def test_minimal_win_probability_tips_where_the_margin_vanishes(p: float, cost: float) -> None:
    """Minimal scenario, H = 1, delta = 1: m = 0.5 + cost_term... solved by hand as p* = p + m."""
    p, cost = float(f"{p:.12f}"), float(f"{cost:.12f}")  # fixed notation: YAML reads '1e-05' as text
    text = MINIMAL.replace("central: 0.6, low: 0.4, high: 0.8", f"central: {p:.12f}, low: 0.0, high: 1.0").replace(
        "value: -0.05", f"value: {cost:.12f}"
    )
    s = rp.loads(text)
    m = float(decision_problem(s, "a", "deal").margin())
    sp = _by(signposts(s, "a", "deal", draws=0), "a.p")
    expected = p + m  # delta^H = 1, no trend
    if 0.0 <= expected <= 1.0 and abs(m) > 1e-9:
        assert sp.tipping_value == pytest.approx(expected, abs=1e-10)
        assert sp.within_range
    elif not 0.0 <= expected <= 1.0:
        assert sp.tipping_value is None  # a probability cannot leave [0, 1]


def test_negative_draws_is_an_input_error(seed: rp.Scenario) -> None:
    with pytest.raises(rp.InputError, match="draws"):
        signposts(seed, "russia", "us-2025", draws=-1)


def test_no_draws_gives_no_flip_probability(seed: rp.Scenario) -> None:
    r = signposts(seed, "russia", "us-2025", draws=0)
    assert all(p.p_flip_at_edge is None for p in r.signposts)
    assert np.isfinite([p.tipping_value for p in r.signposts if p.tipping_value is not None]).all()
