"""The seed scenario reproduces the article's conclusion from its cited factors."""

from __future__ import annotations

import pytest

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
    for path in sorted(SEED_SCENARIO.parent.glob("*.yaml")):
        s = rp.load(path)
        for oid, offer in s.offers.items():
            for actor in offer.to:
                r = rp.why(s, actor=actor, offer=oid)
                assert 0 <= r.p_accept <= 1
