"""Modelling warnings: each slip has a test; stderr and JSON carry them; --strict makes them exit 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.scenario import loads
from realpolitik.scenario.lint import scenario_warnings
from tests.conftest import SEED_SCENARIO

runner = CliRunner()

BASE = """\
schema_version: 1
title: lint
sources:
  doc: {title: A document}
evidence:
  used: {source: doc, quote: "we fight"}
  unused: {source: doc, quote: "nobody cites this"}
issues:
  land: {name: land, scale: {min: 0, max: 1}, status_quo: 0.5}
actors:
  a:
    name: Alpha
    decision: {horizon: 6, discount: 0.99, temperature: 0.05}
    stances: {land: {ideal: 1, salience: 1}}
  b:
    name: Beta
    decision: {horizon: 6}
    stances: {land: {ideal: 0, salience: 1}}
  c:
    name: Gamma
offers:
  deal: {name: split, proposer: c, to: [a, b], terms: {land: 0.5}, evidence: [used]}
factors:
  a.p:
    actor: a
    name: winning
    category: battlefield
    kind: win_probability
    side: continue
    value: 0.6
    note: set by hand
  c.cost:
    actor: c
    name: cost to Gamma
    category: economy
    kind: flow
    side: continue
    value: -0.01
levers:
  c.lever: {actor: a, name: push Gamma, factor: c.cost, per_unit: 0.1, unit: u, range: [0, 1]}
"""


@pytest.fixture(scope="module")
def found() -> list[str]:
    return scenario_warnings(loads(BASE))


def test_actor_with_no_factors(found: list[str]) -> None:
    assert any(w.startswith("'actors.b':") and "no factors" in w for w in found)
    assert not any(w.startswith("'actors.c':") for w in found)  # receives no offer


def test_evidence_never_cited(found: list[str]) -> None:
    assert any(w.startswith("'evidence.unused':") for w in found)
    assert not any(w.startswith("'evidence.used':") for w in found)


def test_factor_without_note(found: list[str]) -> None:
    assert any(w.startswith("'factors.c.cost.note':") for w in found)
    assert not any(w.startswith("'factors.a.p.note':") for w in found)


def test_defaulted_decision_settings(found: list[str]) -> None:
    b = next(w for w in found if w.startswith("'actors.b.decision':"))
    assert "discount, temperature" in b
    assert "horizon" not in b.split(":")[1].split("left")[0]
    assert not any(w.startswith("'actors.a.decision':") for w in found)


def test_lever_on_an_actor_without_an_offer(found: list[str]) -> None:
    assert any(w.startswith("'levers.c.lever':") and "receives no offer" in w for w in found)


def test_shipped_scenarios_are_clean() -> None:
    assert scenario_warnings(loads(SEED_SCENARIO.read_text(encoding="utf-8"), base_dir=SEED_SCENARIO.parent)) == []


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "200", "NO_COLOR": "1"})
    return r.exit_code, r.stdout, r.stderr


def test_cli_warns_on_stderr_lists_in_json_and_strict_exits_2() -> None:
    code, stdout, stderr = _run("why", "-", "--actor", "a", "--json", "--draws", "20", stdin=BASE)
    assert code == 0
    assert stderr.count("warning: <stdin>:") == 5
    assert len(json.loads(stdout)["warnings"]) == 5
    code, _, stderr = _run("--strict", "why", "-", "--actor", "a", stdin=BASE)
    assert code == 2
    assert "--strict makes them errors" in stderr
    code, _, stderr = _run("--strict", "validate", str(SEED_SCENARIO))
    assert code == 0, stderr
