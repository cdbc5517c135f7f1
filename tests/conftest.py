"""Shared fixtures: paths, and a small valid scenario that tests mutate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The suite is deterministic by default, so CI passes or fails the same way on
# every run; HYPOTHESIS_PROFILE=explore searches new examples when hunting bugs.
# No per-example deadline: speed is measured by benchmarks, and a loaded machine must not fail a test.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]
SEED_SCENARIO = ROOT / "scenarios" / "ukraine-2025-07.yaml"

MINIMAL = """\
schema_version: 1
title: test scenario
sources:
  doc: {title: A test document}
evidence:
  e1: {source: doc, quote: "we will fight on", speaker: A. Leader}
issues:
  land:
    name: land
    scale: {min: 0, max: 1}
    status_quo: 0.5
actors:
  a:
    name: Alpha
    decision: {horizon: 1, discount: 1.0, temperature: 0.05}
    stances:
      land: {ideal: 1, salience: 1}
  b:
    name: Beta
    stances:
      land: {ideal: 0, salience: 1}
offers:
  deal:
    name: split
    proposer: b
    to: [a]
    terms: {land: 0.5}
factors:
  a.p:
    actor: a
    name: chance of winning
    category: battlefield
    kind: win_probability
    side: continue
    value: {central: 0.6, low: 0.4, high: 0.8}
    evidence: [e1]
  a.cost:
    actor: a
    name: cost of war
    category: economy
    kind: flow
    side: continue
    value: -0.05
levers:
  b.sanctions:
    actor: b
    name: sanctions
    factor: a.cost
    per_unit: -0.01
    unit: notches
    range: [0, 10]
"""


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL


@pytest.fixture
def minimal_file(tmp_path: Path) -> Path:
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path
