"""The batched EUM against one run_eum call per draw, under every reading of the model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from realpolitik.engines.eum import EUMOptions, run_eum
from realpolitik.engines.eum_batch import run_eum_draws
from realpolitik.errors import InputError, ModelError

READINGS = [
    EUMOptions(),
    EUMOptions.scholz2011(),
    EUMOptions(risk="neutral", perspective="own", offer_rule="strongest"),
    EUMOptions(Q=0.5, T=0.3, offer_rule="type_priority"),
    EUMOptions(stop="positions", tol=1e-6),
    EUMOptions(stop="median", tol=1e-3, probability="global"),
]


def _draws(seed: int, d: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gen = np.random.default_rng(seed)
    x = gen.uniform(0, 100, (d, n))
    x[:, 0], x[:, 1] = 0.0, 100.0  # every draw spans the scale
    if n > 3:
        x[: d // 2, 2] = x[: d // 2, 3]  # shared positions, as after a capitulation
    return x, gen.uniform(0.1, 10, (d, n)), gen.uniform(0.05, 1, (d, n))


def _loop(x: np.ndarray, c: np.ndarray, s: np.ndarray, rounds: int, opt: EUMOptions) -> np.ndarray:
    rows = []
    for d in range(x.shape[0]):
        res = run_eum(x[d], c[d], s[d], rounds=rounds, scale=(0.0, 100.0), options=opt)
        med = np.concatenate([res.medians, np.repeat(res.medians[-1], rounds + 1 - res.medians.size)])
        mean = np.concatenate([res.means, np.repeat(res.means[-1], rounds + 1 - res.means.size)])
        rows.append(np.concatenate([med, mean]))
    return np.array(rows)


@pytest.mark.parametrize(
    "opt", READINGS, ids=lambda o: f"{o.probability}-{o.risk}-{o.offer_rule}-{o.stop}-Q{o.Q}"
)
@pytest.mark.parametrize("n", [3, 6, 11])
def test_batched_runs_equal_one_run_per_draw(opt: EUMOptions, n: int) -> None:
    x, c, s = _draws(n, 40, n)
    fc, med, mean = run_eum_draws(x, c, s, scale=(0.0, 100.0), rounds=8, options=opt)
    want = _loop(x, c, s, 8, opt)
    # the medians (the forecast) bit for bit; the means (a weighted sum, taken in another order) to rounding
    assert_array_equal(med, want[:, :9])
    assert_array_equal(fc, want[:, 8])
    assert_allclose(mean, want[:, 9:], rtol=1e-13, atol=0)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 9), n=st.integers(2, 8), rounds=st.integers(0, 6))
def test_a_draws_result_does_not_depend_on_the_others(seed: int, d: int, n: int, rounds: int) -> None:
    x, c, s = _draws(seed, d, n)
    _, med, mean = run_eum_draws(x, c, s, scale=(0.0, 100.0), rounds=rounds)
    assert med.shape == mean.shape == (d, rounds + 1)
    k = d // 2
    _, med_a, _ = run_eum_draws(x[:k], c[:k], s[:k], scale=(0.0, 100.0), rounds=rounds)
    _, med_b, _ = run_eum_draws(x[k:], c[k:], s[k:], scale=(0.0, 100.0), rounds=rounds)
    assert_array_equal(np.concatenate([med_a, med_b]), med)
    assert np.all((med >= 0) & (med <= 100))


def test_zero_weight_and_bad_shapes_are_rejected() -> None:
    x, c, s = _draws(0, 3, 4)
    c[1] = 0.0
    with pytest.raises(ModelError, match="zero"):
        run_eum_draws(x, c, s, scale=(0.0, 100.0))
    with pytest.raises(InputError, match="positions"):
        run_eum_draws(x, c[:, :2], s, scale=(0.0, 100.0))
