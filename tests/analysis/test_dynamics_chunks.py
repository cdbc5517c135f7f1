"""War as a process in chunks of paths: one process and a Dask cluster agree bit for bit, and the
common random numbers hold across chunks (Glasserman 2004, Monte Carlo Methods in Financial
Engineering, §4.2: every schedule sees the same random numbers on the same path)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.testing import assert_array_equal

import realpolitik as rp
from realpolitik.analysis.dynamics import BASELINE, DynamicsResult, simulate
from realpolitik.analysis.ensemble import DaskExecutor, SerialExecutor, local_cluster
from realpolitik.analysis.sampling import BLOCK
from tests.conftest import SEED_SCENARIO

KW = {"steps": 12, "paths": 3 * BLOCK + 500, "chunk_size": BLOCK, "rng": 11}  # 4 chunks, the last one short


@pytest.fixture(scope="module")
def seed() -> rp.Scenario:
    return rp.load(SEED_SCENARIO)


@pytest.fixture(scope="module")
def serial(seed: rp.Scenario) -> DynamicsResult:
    return simulate(seed, **KW)


def _same(a: DynamicsResult, b: DynamicsResult) -> None:
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    for key, column in a.paths_table().items():
        assert_array_equal(column, b.paths_table()[key])


def test_identical_on_a_dask_cluster(seed: rp.Scenario, serial: DynamicsResult) -> None:
    distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    with (
        local_cluster(2, processes=False) as cluster,
        distributed.Client(cluster) as client,
    ):
        ticks: list[int] = []
        many = simulate(seed, executor=DaskExecutor(client), progress=ticks.append, **KW)
    _same(serial, many)
    assert sum(ticks) == 4  # one tick per chunk of paths


@pytest.mark.parametrize("chunk_size", [1, 2 * BLOCK + 3, 10**9])
def test_same_seed_same_paths_whatever_the_chunk_size(
    seed: rp.Scenario, serial: DynamicsResult, chunk_size: int
) -> None:
    _same(serial, simulate(seed, executor=SerialExecutor(), **{**KW, "chunk_size": chunk_size}))


def test_common_random_numbers_hold_across_chunks(seed: rp.Scenario, serial: DynamicsResult) -> None:
    # The baseline's paths do not depend on which other schedules run alongside it.
    alone = simulate(seed, [], **KW)
    assert_array_equal(alone.outcomes[BASELINE].settle_step, serial.outcomes[BASELINE].settle_step)
    assert_array_equal(alone.outcomes[BASELINE].battlefield, serial.outcomes[BASELINE].battlefield)
    # The deadline only adds costs to Russia's fighting on: path by path, in every chunk, it
    # settles no later than the baseline, which holds only if both saw the same battles.
    base = serial.outcomes[BASELINE].settle_step
    dead = serial.outcomes["deadline-10-12-day"].settle_step
    settled = base >= 0
    assert settled.sum() > 0
    assert np.all((dead[settled] >= 0) & (dead[settled] <= base[settled]))


def test_pooled_step_means_equal_the_mean_over_all_paths(seed: rp.Scenario) -> None:
    # With every estimate central, the margin at step 0 is the same on every path: the pooled
    # mean over chunks must be it, whatever the chunking.
    one = simulate(seed, [], steps=3, paths=10, uncertain=False, rng=0, chunk_size=3)
    for i, actor in enumerate(one.parties):
        np.testing.assert_allclose(one.outcomes[BASELINE].mean_margin[0, i], rp.why(seed, actor, "us-2025").margin)
    assert one.outcomes[BASELINE].settle_step.size == 10


def test_reduced_blocks_give_the_same_summaries_as_the_kept_paths(
    seed: rp.Scenario, serial: DynamicsResult
) -> None:
    # Workers ship counts and sums, not paths: every summary must be what the paths give.
    reduced = simulate(seed, **KW, keep_paths=False)
    assert json.dumps(reduced.to_dict()) == json.dumps(serial.to_dict())
    with pytest.raises(ValueError, match="keep_paths"):
        reduced.paths_table()
    for o in serial.outcomes.values():
        assert o.settle_step is not None
        assert o.terms is not None
        assert o.realized_flows is not None
        s = o.settle_step
        never = np.where(s >= 0, s, np.iinfo(np.int64).max).astype(float)
        q = (0.05, 0.1, 0.5, 0.9, 1.0)
        want = [None if v > KW["steps"] + 1 else float(v) for v in np.quantile(never, q, method="inverted_cdf")]
        assert o.settlement_quantiles(q) == want
        t = np.arange(KW["steps"] + 1)[:, None]
        np.testing.assert_array_equal(o.settled_by, ((s >= 0) & (s <= t)).mean(axis=1))
        np.testing.assert_allclose(o.mean_realized_flows, o.realized_flows.mean(axis=0), rtol=1e-12)
        if (s >= 0).any():
            np.testing.assert_allclose(o.mean_terms, np.nanmean(o.terms, axis=0), rtol=1e-12)
    base = serial.outcomes[BASELINE].settle_step
    for e in serial.effects:
        other = serial.outcomes[e.schedule].settle_step
        d = ((other >= 0) & (other <= e.step)).astype(float) - ((base >= 0) & (base <= e.step))
        assert e.difference[0] == pytest.approx(d.mean(), abs=1e-15)
        half = 1.959963984540054 * d.std(ddof=1) / np.sqrt(d.size)  # z of a 95 % interval
        assert e.difference[2] - e.difference[0] == pytest.approx(half, rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("workers", [1, 2])
def test_reduced_on_dask_identical_for_any_chunk_size(
    seed: rp.Scenario, serial: DynamicsResult, workers: int
) -> None:
    distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")
    with local_cluster(workers, processes=False) as cluster, distributed.Client(cluster) as client:
        for size in (1, 2 * BLOCK + 3, 10**9):
            got = simulate(seed, executor=DaskExecutor(client), **{**KW, "chunk_size": size}, keep_paths=False)
            assert json.dumps(got.to_dict()) == json.dumps(serial.to_dict())
