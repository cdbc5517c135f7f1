"""Competing explanations: per-hypothesis decisions, the mixture, flip weights and Bayes from observed choices."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from realpolitik.analysis.decision import why
from realpolitik.analysis.hypotheses import AS_WRITTEN, flip_weight, hypotheses, posterior_weights
from realpolitik.errors import ScenarioError
from realpolitik.scenario import Scenario, load, loads
from tests.conftest import SEED_SCENARIO

# Actor a (horizon 1, no discounting, temperature 0.05) is offered 0.5 on an issue with
# u(x) = x and status quo 0, against a war it wins with probability p; its margin is
# m = 0.5 - p (engines/decision.py module docstring). "hawk" reads p = 0.6 (m = -0.1),
# "dove" p = 0.4 (m = +0.1).
ORACLE = """\
schema_version: 1
title: hypotheses oracle
issues:
  land: {{name: land, scale: {{min: 0, max: 1}}, status_quo: 0}}
actors:
  a:
    name: Alpha
    decision: {{horizon: 1, discount: 1.0, temperature: 0.05}}
    stances:
      land: {{ideal: 1, salience: 1}}
  b: {{name: Beta}}
offers:
  deal: {{name: half, proposer: b, to: [a], terms: {{land: 0.5}}}}
factors:
  a.p: {{actor: a, name: win, category: battlefield, kind: win_probability, side: continue, value: 0.45}}
{extra}
"""

TWO = """\
hypotheses:
  hawk: {name: hawk, weight: 0.7, factors: {a.p: 0.6}}
  dove: {name: dove, weight: 0.3, factors: {a.p: 0.4}}
observed:
  - {offer: deal, decision: reject, date: 2025-07-30}
"""


def oracle(extra: str = "") -> Scenario:
    return loads(ORACLE.format(extra=extra), name="oracle.yaml")


def test_two_hypotheses_one_rejection_match_hand_worked_bayes() -> None:
    # Hand-worked: P_hawk(accept) = 1 / (1 + e^2) = 0.1192029, P_dove(accept) = 1 / (1 + e^-2) = 0.8807971.
    # The rejection's likelihood is 0.8807971 under hawk, 0.1192029 under dove, so
    # posterior(hawk) = 0.7 * 0.8807971 / (0.7 * 0.8807971 + 0.3 * 0.1192029) = 0.6165580 / 0.6523188 = 0.9451788.
    # Prior mixture: 0.7 * 0.1192029 + 0.3 * 0.8807971 = 0.3476812 (reject).
    # Flip weight of hawk: (0.5 - 0.8807971) / (0.1192029 - 0.8807971) = 0.5, and of dove likewise.
    res = hypotheses(oracle(TWO), "a", "deal")
    hawk, dove = res.hypotheses
    assert (hawk.id, dove.id) == ("hawk", "dove")
    assert hawk.p_accept == pytest.approx(0.1192029, abs=1e-7)
    assert dove.p_accept == pytest.approx(0.8807971, abs=1e-7)
    assert (hawk.decision, dove.decision) == ("reject", "accept")
    assert hawk.prior == pytest.approx(0.7)
    assert dove.prior == pytest.approx(0.3)
    assert hawk.posterior == pytest.approx(0.9451788, abs=1e-7)
    assert dove.posterior == pytest.approx(1 - 0.9451788, abs=1e-7)
    assert res.p_accept == pytest.approx(0.3476812, abs=1e-7)
    assert res.decision == "reject"
    assert res.posterior_p_accept == pytest.approx(0.9451788 * 0.1192029 + 0.0548212 * 0.8807971, abs=1e-6)
    assert hawk.flip_weight == pytest.approx(0.5)
    assert dove.flip_weight == pytest.approx(0.5)
    (obs,) = res.observations
    assert (obs.actor, obs.decision) == ("a", "reject")
    assert obs.likelihood["hawk"] == pytest.approx(0.8807971, abs=1e-7)


def test_an_acceptance_moves_the_weight_the_other_way() -> None:
    res = hypotheses(oracle(TWO.replace("decision: reject", "decision: accept")), "a", "deal")
    hawk, _ = res.hypotheses
    # 0.7 * 0.1192029 / (0.7 * 0.1192029 + 0.3 * 0.8807971) = 0.0834420 / 0.3476812
    assert hawk.posterior == pytest.approx(0.0834420 / 0.3476812, abs=1e-6)


def test_no_hypotheses_is_todays_why_exactly() -> None:
    s = load(SEED_SCENARIO).model_copy(update={"hypotheses": {}, "observed": ()})
    res = hypotheses(s, "russia", "us-2025")
    base = why(s, "russia", "us-2025")
    (only,) = res.hypotheses
    assert only.id == AS_WRITTEN
    assert (only.prior, only.posterior) == (1.0, 1.0)
    assert only.margin == base.margin
    assert res.p_accept == base.p_accept == only.p_accept
    assert res.decision == base.decision
    assert only.flip_weight is None


def test_one_hypothesis_without_overrides_is_todays_why() -> None:
    s = oracle("hypotheses:\n  only: {name: only, weight: 3}\n")
    res = hypotheses(s, "a", "deal")
    base = why(s, "a", "deal")
    assert res.p_accept == base.p_accept
    assert res.hypotheses[0].margin == base.margin
    assert res.hypotheses[0].prior == 1.0


def test_stance_override_changes_the_offer_value() -> None:
    s = oracle("hypotheses:\n  cares-less: {name: x, stances: {a: {land: {ideal: 0.5}}}}\n")
    (h,) = hypotheses(s, "a", "deal").hypotheses
    # u(0.5) = 1 at the ideal 0.5, so m = 1 - 0.45 = 0.55.
    assert h.margin == pytest.approx(0.55)
    assert h.overrides == ("a on land: ideal 0.5",)


def test_seed_hypotheses_leave_the_baseline_alone_and_a_rejection_favours_winning() -> None:
    s = load(SEED_SCENARIO)
    res = hypotheses(s, "russia", "us-2025")
    bare = s.model_copy(update={"hypotheses": {}, "observed": ()})
    assert why(s, "russia", "us-2025") == why(bare, "russia", "us-2025")
    by_id = {h.id: h for h in res.hypotheses}
    assert set(by_id) == {"believes-winning", "regime-security"}
    assert all(h.decision == "reject" for h in res.hypotheses)
    assert res.decision == "reject"
    # The observed rejection is likelier under the hypothesis with the lower P(accept).
    low, high = sorted(res.hypotheses, key=lambda h: h.p_accept)
    assert low.posterior > low.prior
    assert high.posterior < high.prior


@pytest.mark.parametrize(
    ("extra", "field", "expected"),
    [
        ("hypotheses:\n  h: {name: h, factors: {a.q: 0.5}}\n", "hypotheses.h.factors.a.q", "unknown factor"),
        ("hypotheses:\n  h: {name: h, weight: 0}\n", "hypotheses", "sum to a positive number"),
        ("hypotheses:\n  h: {name: h, weight: -1}\n", "hypotheses.h.weight", "greater than or equal to 0"),
        ("hypotheses:\n  h: {name: h, factors: {a.p: 1.5}}\n", "hypotheses.h.factors.a.p", "[0, 1]"),
        ("hypotheses:\n  h: {name: h, stances: {a: {sea: {ideal: 1}}}}\n", "hypotheses.h.stances.a.sea", "unknown"),
        ("observed:\n  - {offer: nope, decision: reject, date: 2025-07-30}\n", "observed.0.offer", "unknown offer"),
        ("observed:\n  - {offer: deal, decision: maybe, date: 2025-07-30}\n", "observed.0.decision", "accept"),
        ("observed:\n  - {offer: deal, actor: b, decision: reject, date: 2025-07-30}\n", "observed.0.actor", "recipient"),
    ],
)
def test_bad_hypotheses_name_the_field(extra: str, field: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as info:
        oracle(extra)
    assert field in str(info.value)
    assert expected in str(info.value)


@given(
    st.lists(st.floats(0.01, 10), min_size=2, max_size=6),
    st.lists(st.floats(-50, 50), min_size=6, max_size=6),
)
def test_posterior_is_a_distribution_proportional_to_prior_times_likelihood(
    prior: list[float], loglik: list[float]
) -> None:
    w = np.array(prior) / sum(prior)
    ll = np.array(loglik[: len(prior)])
    post = posterior_weights(w, ll)
    assert post.sum() == pytest.approx(1.0)
    assert np.all(post >= 0)
    i, j = 0, 1
    if post[j] > 1e-300 and post[i] > 1e-300:
        assert math.log(post[i] / post[j]) == pytest.approx(math.log(w[i] / w[j]) + ll[i] - ll[j], abs=1e-6)


@given(st.floats(0, 1), st.floats(0, 1))
def test_flip_weight_puts_the_mixture_at_one_half(p_h: float, p_rest: float) -> None:
    w = flip_weight(p_h, p_rest)
    if w is not None:
        assert 0 <= w <= 1
        assert w * p_h + (1 - w) * p_rest == pytest.approx(0.5)
    else:
        assert p_h == p_rest or not min(p_h, p_rest) <= 0.5 <= max(p_h, p_rest)
