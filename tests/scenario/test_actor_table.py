"""A scenario issue as an EUM actor table."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

import realpolitik as rp
from realpolitik.errors import InputError
from realpolitik.scenario import eum_table
from tests.conftest import SEED_SCENARIO


def test_seed_territory_table() -> None:
    t = eum_table(rp.load(SEED_SCENARIO), "territory")
    assert set(t.actors) >= {"russia", "ukraine", "united_states"}
    i = t.actors.index("russia")
    assert t.position[i] == 100.0
    assert (t.scale_min, t.scale_max) == (0.0, 100.0)
    assert_allclose(t.capability.sum(), 1.0)


def test_discrete_issue_uses_most_valued_level() -> None:
    t = eum_table(rp.load(SEED_SCENARIO), "nato")
    assert t.position[t.actors.index("russia")] == 2.0  # no_membership
    assert t.position[t.actors.index("ukraine")] == 0.0  # membership


def test_unknown_issue_and_too_few_actors(minimal_text: str) -> None:
    s = rp.loads(minimal_text)
    with pytest.raises(InputError, match="'issue'"):
        eum_table(s, "sea")
    with pytest.raises(InputError, match="at least two actors"):
        eum_table(s, "land")  # no actor declares a capability
