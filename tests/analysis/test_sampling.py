"""Chunked draws: a memo that never thrashes, and draws that are a function of the chunk's seed only."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from realpolitik import load
from realpolitik.analysis import sampling as asm
from realpolitik.analysis.levers import ensemble, lever_effect
from tests.conftest import SEED_SCENARIO


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Indices of the chunks actually drawn (memo misses), in order."""
    calls: list[int] = []
    real = asm.ParameterTable._draw

    def spy(self: asm.ParameterTable, chunk: asm.Chunk, design: str) -> np.ndarray:
        calls.append(chunk.index)
        return real(self, chunk, design)  # type: ignore[arg-type]

    monkeypatch.setattr(asm.ParameterTable, "_draw", spy)
    asm._CACHE.clear()
    yield calls
    asm._CACHE.clear()


def test_a_sweep_larger_than_the_memo_keeps_the_chunks_it_holds(
    counted: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ens = ensemble(load(SEED_SCENARIO), "russia", "us-2025", draws=10 * 256, rng=3, chunk_size=256)
    effect = lever_effect(load(SEED_SCENARIO), ens.problem, "us.secondary_tariffs")
    chunk_bytes = 256 * ens.table.size * 8
    monkeypatch.setattr(asm, "_CACHE_BYTES", 4 * chunk_bytes)  # room for 4 of the 10 chunks
    t = np.array([[0.0], [50.0]])
    first = ens.evaluate((effect,), t)
    assert counted == list(range(10))
    counted.clear()
    again = ens.evaluate((effect,), t)
    # an LRU memo would miss all 10 (each read evicts the chunk needed next); this one misses 6
    assert counted == list(range(4, 10))
    for a, b in zip(first, again, strict=True):
        assert_array_equal(a, b)


def test_another_seed_replaces_the_memo(counted: list[int]) -> None:
    s = load(SEED_SCENARIO)
    table = ensemble(s, "russia", "us-2025", draws=10, rng=0).table
    a = asm.plan_chunks(512, rng=1, chunk_size=256)
    b = asm.plan_chunks(512, rng=2, chunk_size=256)
    for c in (*a, *b, *a):
        table.draw(c)
    assert counted == [0, 1, 0, 1, 0, 1]
    counted.clear()
    for c in a:
        table.draw(c)
    assert counted == []


def test_memoized_draws_equal_fresh_draws_and_are_read_only(counted: list[int]) -> None:
    table = ensemble(load(SEED_SCENARIO), "russia", "us-2025", draws=10, rng=0).table
    (chunk,) = asm.plan_chunks(300, rng=9, chunk_size=300)
    x = table.draw(chunk)
    assert table.draw(chunk) is x
    assert_array_equal(x, table._draw(chunk, "lhs"))
    assert not x.flags.writeable
