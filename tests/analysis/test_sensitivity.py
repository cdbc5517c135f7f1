"""Sobol' indices: the Ishigami function's analytic indices, and the seed scenario's ranking."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik import load
from realpolitik.analysis.sensitivity import saltelli_design, sensitivity, sobol_indices
from realpolitik.errors import InputError, RealpolitikWarning
from tests.analysis._models import scenario
from tests.conftest import SEED_SCENARIO

A, B = 7.0, 0.1


def ishigami(u: np.ndarray) -> np.ndarray:
    """Ishigami & Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi)."""
    x = -np.pi + 2 * np.pi * u
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices() -> tuple[np.ndarray, np.ndarray]:
    """Analytic S1 and ST (Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, §4.9;
    Sobol' & Levitan 1999):

        V   = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
        V1  = (1 + b pi^4/5)^2 / 2,  V2 = a^2/8,  V3 = 0,  V13 = b^2 pi^8 (1/18 - 1/50)
        S_i = V_i / V;  ST1 = (V1 + V13)/V,  ST2 = V2/V,  ST3 = V13/V.
    """
    pi = np.pi
    v = A**2 / 8 + B * pi**4 / 5 + B**2 * pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + B * pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * pi**8 * (1 / 18 - 1 / 50)
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def test_ishigami_indices_recovered() -> None:
    s1, st = ishigami_indices()
    assert s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)  # the published values
    r = sobol_indices(ishigami, ["x1", "x2", "x3"], n=4096, rng=1)
    got_s1 = np.array([i.first_order for i in r.indices])
    got_st = np.array([i.total for i in r.indices])
    np.testing.assert_allclose(got_s1, s1, atol=0.03)
    np.testing.assert_allclose(got_st, st, atol=0.03)
    assert [i.name for i in r.ranked()] == ["x1", "x2", "x3"]


def test_saltelli_design_layout() -> None:
    u = saltelli_design(4, 3, rng=0).reshape(4, 5, 3)
    a, b = u[:, 0], u[:, -1]
    for i in range(3):
        ab = u[:, 1 + i]
        np.testing.assert_array_equal(ab[:, i], b[:, i])
        np.testing.assert_array_equal(np.delete(ab, i, axis=1), np.delete(a, i, axis=1))


def test_seed_scenario_battlefield_dominates() -> None:
    r = sensitivity(load(SEED_SCENARIO), "russia", "us-2025", n=512, rng=0)
    top = [i.name for i in r.ranked()[:2]]
    assert set(top) == {"russia.attrition_trend", "russia.battlefield_initiative"}
    assert r.runs == 512 * (15 + 2)
    assert all(-0.1 <= i.first_order <= 1.1 and i.total >= -0.1 for i in r.indices)


def test_single_uncertain_input_takes_all_variance() -> None:
    r = sensitivity(scenario("{central: 0.6, low: 0.4, high: 0.8}"), "a", "deal", n=256, rng=0)
    assert [i.name for i in r.indices] == ["a.p"]
    assert r.indices[0].first_order == pytest.approx(1.0, abs=0.05)
    assert r.indices[0].total == pytest.approx(1.0, abs=0.05)
    assert "salience:land" in r.fixed


def test_no_uncertainty_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no uncertain"):
        sensitivity(scenario(), "a", "deal", n=64, rng=0)


def test_constant_output_warns_and_returns_zero() -> None:
    with pytest.warns(RealpolitikWarning, match="does not vary"):
        r = sobol_indices(lambda u: np.zeros(len(u)), ["x"], n=16, rng=0)
    assert r.indices[0].total == 0.0


def test_same_seed_same_indices_including_zero() -> None:
    a = sobol_indices(ishigami, ["x1", "x2", "x3"], n=256, rng=0).to_dict()
    b = sobol_indices(ishigami, ["x1", "x2", "x3"], n=256, rng=0).to_dict()
    assert a == b
