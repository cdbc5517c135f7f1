"""Deals on a package space sampled rather than enumerated (issue 8: "or sample it when it is too large")."""

from __future__ import annotations

import pytest

from realpolitik.analysis.deals import MAX_PACKAGES, DealsResult, deals
from realpolitik.errors import InputError
from realpolitik.scenario import Scenario
from tests.analysis._packages import wide


@pytest.fixture(scope="module")
def small() -> tuple[Scenario, DealsResult]:
    s = wide(5, 6, p=0.45)  # 7776 packages, about 1800 acceptable to both
    return s, deals(s, top=200)


def test_sampling_every_package_is_the_enumeration(small: tuple[Scenario, DealsResult]) -> None:
    s, full = small
    assert full.sampled is None
    assert full.seed is None
    assert full.zopa_share is None
    assert deals(s, top=200, samples=full.n_packages, rng=1).to_dict() == full.to_dict()


@pytest.mark.parametrize("share", [0.05, 0.3, 0.8])
def test_a_sample_finds_a_subset_of_the_zone(small: tuple[Scenario, DealsResult], share: float) -> None:
    s, full = small
    n = int(share * full.n_packages)
    d = deals(s, top=200, samples=n, rng=4)
    assert d.sampled == n
    assert d.n_packages == full.n_packages
    assert 0 < d.zopa_size <= full.zopa_size
    for k, positions in d.zopa_positions.items():
        assert set(positions) <= set(full.zopa_positions[k])
    # Every package the sample calls acceptable is acceptable (margins are why's, per package).
    for p in (d.nash, d.kalai_smorodinsky, *d.pareto[: d.pareto_in_zopa]):
        assert p is not None
        assert all(m.accept for m in p.margins)
    assert d.nash is not None
    assert full.nash is not None
    assert d.nash.nash_product <= full.nash.nash_product + 1e-12
    # The share interval covers the true share (a 95% interval; seed fixed, so not flaky).
    share_ci = d.zopa_share
    assert share_ci is not None
    assert share_ci.low <= full.zopa_size / full.n_packages <= share_ci.high
    out = d.to_dict()
    assert out["estimated"] is True
    assert out["sampled"] == n
    assert out["seed"] == 4
    assert "Estimated from a uniform sample" in d.statement()
    assert "sampled packages are acceptable" in d.statement()


def test_same_seed_same_result_other_seed_other_sample(small: tuple[Scenario, DealsResult]) -> None:
    s, _ = small
    a, b, c = (deals(s, samples=1000, rng=r).to_dict() for r in (9, 9, 10))
    assert a == b
    assert a["zopa_size"] != c["zopa_size"] or a["pareto"] != c["pareto"]


def test_a_space_too_large_to_enumerate_is_sampled_by_default() -> None:
    s = wide(12, 10)  # 10**12 packages: 10,000 times MAX_PACKAGES
    d = deals(s, samples=200_000, rng=0)  # seconds (benchmarks/bench_bargaining.py), not hours
    assert d.n_packages == 10**12 > MAX_PACKAGES
    assert d.sampled == 200_000
    assert d.has_zopa
    assert "200,000 of the 1,000,000,000,000 packages" in d.statement()
    assert [p.label for p in d.offers] == ["offer:deal"]  # offers are still packages of the space
    default = deals(wide(9, 10), rng=0)  # 10**9 packages, no sample size given
    assert default.sampled == 10**6


@pytest.mark.parametrize(("samples", "match"), [(0, "'samples'"), (MAX_PACKAGES + 1, "'samples'")])
def test_bad_sample_sizes(small: tuple[Scenario, DealsResult], samples: int, match: str) -> None:
    with pytest.raises(InputError, match=match):
        deals(small[0], samples=samples)


def test_a_space_too_large_to_index_is_an_input_error() -> None:
    with pytest.raises(InputError, match="64 bits"):
        deals(wide(20, 10), samples=10)
