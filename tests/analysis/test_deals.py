"""Deals on scenarios: the same margins as `why`, and the seed scenario's answer."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realpolitik as rp
from realpolitik.analysis.deals import DealsResult, deals
from realpolitik.errors import InputError
from tests.conftest import SEED_SCENARIO


@pytest.fixture(scope="module")
def seed() -> rp.Scenario:
    return rp.load(SEED_SCENARIO)


@pytest.fixture(scope="module")
def seed_deals(seed: rp.Scenario) -> DealsResult:
    return deals(seed)


def test_every_offer_has_the_margin_why_gives(seed: rp.Scenario, seed_deals: DealsResult) -> None:
    assert [p.label for p in seed_deals.offers] == [f"offer:{o}" for o in seed.offers]
    for package in seed_deals.offers:
        oid = package.label.removeprefix("offer:")
        for m in package.margins:
            assert m.margin == pytest.approx(rp.why(seed, m.actor, oid).margin, abs=1e-12)
    # The seed's known answer: Russia rejects the US offer by 0.200, Ukraine accepts it.
    us = seed_deals.offers[0]
    assert [round(m.margin, 3) for m in us.margins] == [-0.2, 0.355]


def test_seed_answer(seed_deals: DealsResult) -> None:
    d = seed_deals
    assert d.actors == ("russia", "ukraine")
    assert d.issues == ("territory", "nato", "sanctions", "crimea", "statehood")
    assert d.n_packages == 21 * 3 * 4 * 2 * 4
    assert d.has_zopa
    for p in (d.nash, d.kalai_smorodinsky, *d.pareto):
        assert p is not None
        assert all(m.accept for m in p.margins)
    # Nash maximizes the product of the margins among the reported frontier packages.
    assert d.nash.nash_product == pytest.approx(max(p.nash_product for p in d.pareto))
    # Every deal both accept caps Ukraine's army: neither full sovereignty nor the end of
    # statehood (which Ukraine values below fighting on) is in the zone of agreement.
    assert d.nash.terms["statehood"] == "army_caps"
    assert d.ruled_out()["statehood"] == ("sovereign_armed", "disarmed_neutral", "end_of_statehood")
    assert "statehood at sovereign_armed or disarmed_neutral or end_of_statehood" in d.statement()
    assert set(d.zopa_positions["statehood"]) == {"army_caps"}


def test_with_statehood_off_the_table_there_is_no_deal(seed: rp.Scenario) -> None:
    d = deals(seed, fixed={"statehood": "sovereign_armed"})
    assert not d.has_zopa
    assert d.nash is None
    assert d.blocking_actor == "russia"
    russia, ukraine = d.opening_shifts
    # The closest package gives Russia everything else it wants and still falls short by the gap.
    assert d.closest.terms == {
        "territory": 100.0,
        "nato": "no_membership",
        "sanctions": "lifted",
        "crimea": "de_jure_us",
        "statehood": "sovereign_armed",
    }
    assert d.gap == pytest.approx(-d.closest.margins[0].margin)
    assert russia.shift == pytest.approx(d.gap)
    assert ukraine.shift is None  # Russia refuses every package; Ukraine's concessions cannot help
    assert "No package" in d.statement()
    assert d.to_dict()["fixed"] == {"statehood": "sovereign_armed"}


@settings(max_examples=15, deadline=None)
@given(
    territory=st.integers(0, 100),
    nato=st.sampled_from(["membership", "open_door", "no_membership"]),
    statehood=st.sampled_from(["sovereign_armed", "army_caps", "disarmed_neutral", "end_of_statehood"]),
)
def test_why_and_deals_agree_on_any_offer(
    seed: rp.Scenario, territory: int, nato: str, statehood: str
) -> None:
    # Add the offer to the scenario: deals places it on its grid (offers are packages) and must
    # report exactly the margin `why` gives for it.
    offer = (
        rp.Scenario.model_validate(seed.model_dump())
        .offers["us-2025"]
        .model_copy(update={"terms": {"territory": float(territory), "nato": nato, "statehood": statehood}})
    )
    s = seed.model_copy(update={"offers": {"probe": offer}})
    d = deals(s, actors=["russia", "ukraine"], top=0)
    (probe,) = d.offers
    for m in probe.margins:
        assert m.margin == pytest.approx(rp.why(s, m.actor, "probe").margin, abs=1e-12)
    assert probe.terms["territory"] == territory


def test_minimal_scenario_continuous_issue(minimal_text: str) -> None:
    s = rp.loads(minimal_text, name="minimal.yaml")
    d = deals(s, actors=["a", "b"], grid=11)
    # b has no factors: fighting on is worth 0 to it, so it accepts everything. a's reservation
    # value (horizon 1, no discounting) is its chance of winning 0.6 plus the flow -0.05 of war's
    # cost = 0.55, and its utility is the land it gets (ideal 1): it accepts land >= 0.55.
    assert d.grid["land"] == tuple(float(x) for x in np.round(np.linspace(0, 1, 11), 12))
    assert d.has_zopa
    assert d.zopa_size == 5  # land in {0.6, 0.7, 0.8, 0.9, 1.0}
    assert d.nash.margins[0].reservation_value == pytest.approx(0.55)
    assert d.nash is not None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"actors": ["russia", "nobody"]}, "'actors'"),
        ({"actors": ["russia"]}, "at least two"),
        ({"grid": 1}, "'grid'"),
        ({"fixed": {"nope": 1}}, "'fix'"),
        ({"fixed": {"statehood": "abolished"}}, "levels"),
    ],
)
def test_bad_input(seed: rp.Scenario, kwargs: dict, match: str) -> None:
    with pytest.raises(InputError, match=match):
        deals(seed, **kwargs)
