"""Blocked draws: a memo that never thrashes, draws that are a function of the block's seed only,
and results that do not depend on the chunk size."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from realpolitik import load
from realpolitik.analysis import sampling as asm
from realpolitik.analysis.levers import ensemble, lever_effect
from realpolitik.analysis.uncertainty import monte_carlo
from tests.conftest import SEED_SCENARIO

B = asm.BLOCK


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Indices of the blocks actually drawn (memo misses), in order."""
    calls: list[int] = []
    real = asm.ParameterTable._draw

    def spy(self: asm.ParameterTable, block: asm.Block, design: str) -> np.ndarray:
        calls.append(block.index)
        return real(self, block, design)  # type: ignore[arg-type]

    monkeypatch.setattr(asm.ParameterTable, "_draw", spy)
    asm._CACHE.clear()
    yield calls
    asm._CACHE.clear()


def test_a_sweep_larger_than_the_memo_keeps_the_blocks_it_holds(
    counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ens = ensemble(load(SEED_SCENARIO), "russia", "us-2025", draws=10 * B, rng=3, chunk_size=B)
    effect = lever_effect(load(SEED_SCENARIO), ens.problem, "us.secondary_tariffs")
    block_bytes = B * ens.table.size * 8
    monkeypatch.setattr(asm, "_CACHE_BYTES", 4 * block_bytes)  # room for 4 of the 10 blocks
    t = np.array([[0.0], [50.0]])
    first = ens.evaluate((effect,), t)
    assert counted == list(range(10))
    counted.clear()
    again = ens.evaluate((effect,), t)
    # an LRU memo would miss all 10 (each read evicts the block needed next); this one misses 6
    assert counted == list(range(4, 10))
    for a, b in zip(first, again, strict=True):
        assert_array_equal(a, b)


def test_another_seed_replaces_the_memo(counted: list[int]) -> None:
    s = load(SEED_SCENARIO)
    table = ensemble(s, "russia", "us-2025", draws=10, rng=0).table
    a = asm.plan_blocks(512, rng=1, block_size=256)
    b = asm.plan_blocks(512, rng=2, block_size=256)
    for c in (*a, *b, *a):
        table.draw(c)
    assert counted == [0, 1, 0, 1, 0, 1]
    counted.clear()
    for c in a:
        table.draw(c)
    assert counted == []


def test_memoized_draws_equal_fresh_draws_and_are_read_only(counted: list[int]) -> None:
    table = ensemble(load(SEED_SCENARIO), "russia", "us-2025", draws=10, rng=0).table
    (block,) = asm.plan_blocks(300, rng=9)
    x = table.draw(block)
    assert x.shape == (table.size, 300)
    assert table.draw(block) is x
    assert_array_equal(x, table._draw(block, "lhs"))
    assert not x.flags.writeable


def test_each_block_is_a_latin_hypercube_of_its_own() -> None:
    # Replicated LHS (McKay 1995): every block stratifies every axis into its own draws' strata.
    table = ensemble(load(SEED_SCENARIO), "russia", "us-2025", draws=10, rng=0).table
    for block in asm.plan_blocks(2 * B + 77, rng=5):
        u = asm.smp.design_block(block.size, table.size, "lhs", np.random.default_rng(block.seed))
        for row in u:
            assert_array_equal(np.sort(np.floor(row * block.size)), np.arange(block.size))


CHUNK_SIZES = (1, B - 1, 3 * B + 5, 10**9)  # one block per chunk, odd sizes, everything in one chunk


@settings(max_examples=6, deadline=None)
@given(draws=st.integers(1, 5 * B), seed=st.integers(0, 2**32 - 1))
def test_lever_curves_are_identical_for_any_chunk_size(draws: int, seed: int) -> None:
    s = load(SEED_SCENARIO)
    results = []
    for size in CHUNK_SIZES:
        ens = ensemble(s, "russia", "us-2025", draws=draws, rng=seed, chunk_size=size)
        effect = lever_effect(s, ens.problem, "us.secondary_tariffs")
        results.append((ens.evaluate((effect,), effect.grid(5)[:, None]), ens.bootstrap((effect,), effect.grid(3)[:, None], 7)))
    (curve0, boot0), *rest = results
    for curve, boot in rest:
        for a, b in zip(curve0, curve, strict=True):
            assert_array_equal(a, b)
        assert_array_equal(boot0, boot)


@pytest.mark.parametrize("design", asm.smp.DESIGNS)
def test_monte_carlo_is_identical_for_any_chunk_size(design: str) -> None:
    s = load(SEED_SCENARIO)
    runs = [
        monte_carlo(s, "russia", "us-2025", draws=2 * B + 333, rng=11, design=design, chunk_size=size).to_dict()
        for size in CHUNK_SIZES
    ]
    assert all(r == runs[0] for r in runs[1:])


def test_pooled_parameters_take_the_designs_own_uniforms() -> None:
    # The seed pools two analysts on two factors: the fast LHS path must hand each pool the very
    # u the general path forms, and give the other parameters the general path's values to rounding.
    s = load(SEED_SCENARIO)
    table = ensemble(s, "russia", "us-2025", draws=10, rng=0).table
    assert table.mixtures
    (block,) = asm.plan_blocks(B, rng=21)
    fast = table._draw(block, "lhs")
    u = asm.smp.design_block(B, table.size, "lhs", np.random.default_rng(block.seed))
    slow = table.transform()(u)
    for m in table.mixtures:
        slow[m.column] = m.from_unit(u[m.column])
        assert_array_equal(fast[m.column], slow[m.column])
    np.testing.assert_allclose(fast, slow, rtol=0, atol=1e-12)
