"""The seed scenario reproduces the article's conclusion from its cited factors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realpolitik as rp
from tests.conftest import SEED_SCENARIO


@pytest.fixture(scope="module")
def russia() -> rp.DecisionResult:
    return rp.why(rp.load(SEED_SCENARIO), actor="russia", offer="us-2025")


def test_russia_rejects_the_us_offer(russia: rp.DecisionResult) -> None:
    assert russia.decision == "reject"
    assert russia.p_accept < 0.5
    # The offer has "clear benefits": it is worth more than half the stakes to Russia.
    assert russia.offer_value > 0.5


def test_decomposition_is_exact(russia: rp.DecisionResult) -> None:
    assert sum(c.contribution for c in russia.contributions) == pytest.approx(russia.margin, abs=1e-12)
    assert russia.offer_value - russia.reservation_value == pytest.approx(russia.margin, abs=1e-12)


def test_rejection_is_carried_by_the_articles_reasons(russia: rp.DecisionResult) -> None:
    """The article's first reason is that Putin 'thinks he is winning'."""
    carriers = russia.carriers(3)
    assert carriers[0].category == "battlefield"
    against = {c.category for c in russia.contributions if c.contribution < 0}
    assert {"battlefield", "economy", "security", "domestic_politics", "international_support"} <= against
    # every factor pushing toward rejection cites the article
    for c in russia.contributions:
        if c.contribution < 0:
            assert c.evidence, c.name


def test_every_shipped_scenario_validates_and_runs() -> None:
    """Every scenario in scenarios/ and examples/ (the tutorial's) validates and decides."""
    examples = SEED_SCENARIO.parent.parent / "examples"
    paths = sorted([*SEED_SCENARIO.parent.glob("*.yaml"), *examples.glob("*.yaml")])
    assert len(paths) >= 2
    for path in paths:
        s = rp.load(path)
        for oid, offer in s.offers.items():
            for actor in offer.to:
                r = rp.why(s, actor=actor, offer=oid)
                assert 0 <= r.p_accept <= 1


@st.composite
def random_scenarios(draw: st.DrawFn) -> rp.Scenario:
    """Random valid scenarios: a few issues (continuous and discrete) and factors of every kind."""
    n_issues = draw(st.integers(1, 4))
    issues, stances, terms = {}, {}, {}
    for k in range(n_issues):
        if draw(st.booleans()):
            sq = draw(st.floats(0, 10))
            issues[f"i{k}"] = {"name": f"issue {k}", "scale": {"min": 0, "max": 10}, "status_quo": sq}
            stances[f"i{k}"] = {"ideal": draw(st.floats(0, 10)), "salience": draw(st.floats(0, 1))}
            terms[f"i{k}"] = draw(st.floats(0, 10))
        else:
            levels = ["l0", "l1", "l2"]
            sq_level = draw(st.sampled_from(levels))
            issues[f"i{k}"] = {"name": f"issue {k}", "scale": {"levels": levels}, "status_quo": sq_level}
            utilities = {lv: draw(st.floats(0, 1)) for lv in levels}
            stances[f"i{k}"] = {"utilities": utilities, "salience": draw(st.floats(0, 1))}
            terms[f"i{k}"] = draw(st.sampled_from(levels))
    factors = {}
    for j in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["win_probability", "win_trend", "flow", "lump"]))
        side = "continue" if kind.startswith("win") else draw(st.sampled_from(["settle", "continue"]))
        value = draw(st.floats(0, 1)) if kind == "win_probability" else draw(st.floats(-0.3, 0.3))
        factors[f"f{j}"] = {
            "actor": "a", "name": f"factor {j}", "category": "other", "kind": kind, "side": side, "value": value,
        }
    decision = {"horizon": draw(st.floats(1, 36)), "discount": draw(st.floats(0.8, 1.0))}
    return rp.Scenario.model_validate(
        {
            "schema_version": 1,
            "title": "random",
            "issues": issues,
            "actors": {"a": {"name": "A", "stances": stances, "decision": decision}, "b": {"name": "B"}},
            "offers": {"o": {"name": "o", "proposer": "b", "to": ["a"], "terms": terms}},
            "factors": factors,
        }
    )


@settings(max_examples=100, deadline=None)
@given(random_scenarios())
def test_decomposition_sums_to_margin_on_random_scenarios(s: rp.Scenario) -> None:
    r = rp.why(s, actor="a", offer="o")
    assert sum(c.contribution for c in r.contributions) == pytest.approx(r.margin, abs=1e-12)
    assert r.accept == (r.margin >= 0)
    assert 0.0 <= r.p_accept <= 1.0
    # Offer terms against the status quo: the status-quo row plus the issue rows is the offer's value,
    # and an issue the offer leaves at the status quo contributes exactly nothing.
    offer_rows = [c for c in r.contributions if c.kind in ("offer", "status_quo")]
    assert sum(c.contribution for c in offer_rows) == pytest.approx(r.offer_value, abs=1e-12)
    weights = {i: stance.salience.central for i, stance in s.actors["a"].stances.items()}
    total = sum(weights.values())
    for c in r.contributions:
        if c.kind == "offer":
            assert c.status_quo_value is not None
            expected = weights[c.id] * (c.value - c.status_quo_value) / total if total > 0 else 0.0
            assert c.contribution == pytest.approx(expected, abs=1e-12)
            if s.offers["o"].terms[c.id] == s.issues[c.id].status_quo:
                assert c.contribution == 0.0


def test_seed_offer_terms_against_the_status_quo() -> None:
    """'NATO: no membership' is a gain for Russia and a cost for Ukraine; statehood kept sovereign is unchanged."""
    s = rp.load(SEED_SCENARIO)
    russia = {c.id: c for c in rp.why(s, "russia", "us-2025").contributions}
    ukraine = {c.id: c for c in rp.why(s, "ukraine", "us-2025").contributions}
    assert russia["nato"].name == "NATO membership for Ukraine: no membership"
    assert russia["nato"].status_quo == "open door"
    # Russia: salience 0.2 of 1.0, utility 0.2 (open door) -> 1.0 (no membership): +0.16
    assert russia["nato"].contribution == pytest.approx(0.2 * (1.0 - 0.2), abs=1e-12)
    # Ukraine: salience 0.1 of 1.0, utility 0.6 -> 0.0: it gives up 0.06 by signing
    assert ukraine["nato"].contribution == pytest.approx(-0.1 * 0.6, abs=1e-12)
    assert russia["statehood"].name == "Ukrainian statehood: sovereign, armed"
    assert russia["statehood"].position == russia["statehood"].status_quo == "sovereign, armed"
    assert russia["statehood"].contribution == 0.0
    # Russia's status quo: territory 50 of ideal 100 (0.5 x 0.3), open door (0.2 x 0.2), current sanctions (0.2 x 0.1)
    assert russia["status_quo"].contribution == pytest.approx(0.15 + 0.04 + 0.02, abs=1e-12)
    assert russia["crimea"].name.endswith("de jure recognition (US)")


def test_tutorial_scenario_tells_its_story() -> None:
    """docs/scenarios.md walks through this file: Northland rejects, narrowly, because it is winning."""
    s = rp.load(SEED_SCENARIO.parent.parent / "examples" / "border-dispute.yaml")
    r = rp.why(s, actor="north", offer="split")
    assert r.decision == "reject"
    assert -0.1 < r.margin < 0
    assert r.carriers(1)[0].category == "battlefield"


def test_actor_without_factors_has_reservation_value_plus_zero(minimal_text: str) -> None:
    # `why --actor` on a party with no factors printed "fighting on worth -0.000" (JSON -0.0).
    s = rp.loads(minimal_text.replace("to: [a]", "to: [a, b]"))
    r = rp.why(s, actor="b", offer="deal")
    assert r.reservation_value == 0.0
    assert str(r.reservation_value) == "0.0"
    assert f"{r.reservation_value:.3f}" == "0.000"


def test_unknown_actor_without_offer_is_named_as_unknown(minimal_text: str) -> None:
    # `why --actor nobody` used to say "no offer is addressed to 'nobody'", as if the actor existed.
    from realpolitik.analysis.decision import default_offer
    from realpolitik.errors import InputError

    with pytest.raises(InputError, match=r"'actor' of the scenario must be one of \['a', 'b'\]; got 'nobody'"):
        default_offer(rp.loads(minimal_text), "nobody")
