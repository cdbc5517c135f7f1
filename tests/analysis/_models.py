"""An analytic decision problem shared by the uncertainty and lever tests.

Actor ``a`` (horizon 1, no discounting) weighs an offer of 0.5 on an issue
where its utility is linear, u(x) = x (ideal 1 on [0, 1]), against a war it
wins with probability p, at a flow cost c = -0.05 (continue side). The margin
(engines/decision.py module docstring) is

    m = U(x) - [p + c * A_1] = 0.5 - p + 0.05,   A_1 = 1,

and the lever ``b.sanctions`` adds -0.01 (t - 0) to c, so m(t) = 0.55 - p + 0.01 t.
"""

from __future__ import annotations

from realpolitik.scenario import Scenario, loads

TEMPERATURE = 0.05

TEXT = """\
schema_version: 1
title: analytic test scenario
issues:
  land: {{name: land, scale: {{min: 0, max: 1}}, status_quo: 0.5}}
  status:
    name: status
    scale: {{levels: [none, some, full]}}
    status_quo: none
actors:
  a:
    name: Alpha
    decision: {{horizon: 1, discount: 1.0, temperature: {temperature}}}
    stances:
      land: {{ideal: {land_ideal}, salience: 1}}
      status: {{utilities: {{none: 0.0, some: 0.5, full: 1.0}}, salience: {status_salience}}}
  b:
    name: Beta
    stances:
      land: {{ideal: 0, salience: 1}}
offers:
  deal: {{name: split, proposer: b, to: [a], terms: {{land: 0.5}}}}
factors:
  a.p: {{actor: a, name: chance of winning, category: battlefield, kind: win_probability, side: continue, value: {p}}}
  a.cost: {{actor: a, name: cost of war, category: economy, kind: flow, side: continue, value: -0.05}}
levers:
  b.sanctions: {{actor: b, name: sanctions, factor: a.cost, per_unit: -0.01, unit: notches, range: [0, 10]}}
  b.status: {{actor: b, name: status concession, issue: status, per_unit: 1.0, unit: levels, range: [0, 2]}}
  b.land: {{actor: b, name: land concession, issue: land, per_unit: 1.0, unit: share, range: [0, 0.5]}}
"""


def scenario(p: str = "0.6", status_salience: str = "0", land_ideal: float = 1.0) -> Scenario:
    """The analytic scenario with win probability ``p`` (a YAML number or Estimate mapping)."""
    text = TEXT.format(p=p, status_salience=status_salience, temperature=TEMPERATURE, land_ideal=land_ideal)
    return loads(text, name="analytic.yaml")
