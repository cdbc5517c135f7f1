"""The optional `dynamics` and `schedules` sections: validated with file, line and field."""

from __future__ import annotations

import pytest

from realpolitik.errors import ScenarioError
from realpolitik.scenario import load, loads
from realpolitik.scenario.schema import Scenario
from tests.conftest import SEED_SCENARIO

DYNAMICS = """\
dynamics:
  steps: 12
  battlefield: {actor: a, p0: 0.5, volatility: 0.05}
  beliefs:
    a: {strength: 10}
  concessions:
    deal:
      - {issue: land, per_step: 0.02, limit: 0.9}
schedules:
  sanction:
    activations:
      - {lever: b.sanctions, intensity: 10, at: 1, delay: 2}
"""


def problems(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        loads(text, name="bad.yaml")
    return str(info.value)


def test_sections_load_and_files_without_them_still_do(minimal_text: str) -> None:
    s = loads(minimal_text + DYNAMICS)
    assert s.dynamics is not None
    assert s.dynamics.beliefs["a"].strength.central == 10
    assert s.schedules["sanction"].activations[0].delay == 2
    assert loads(minimal_text).dynamics is None  # version-1 files without the sections are unchanged
    seed = load(SEED_SCENARIO)
    assert {"baseline", "deadline-10-12-day", "arms-via-europe"} <= set(seed.schedules)
    assert "dynamics" in Scenario.model_json_schema()["properties"]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("lever: b.sanctions", "lever: b.nope", "schedules.sanction.activations.0.lever", "unknown lever"),
        ("intensity: 10,", "intensity: 11,", "schedules.sanction.activations.0.intensity", "range"),
        ("battlefield: {actor: a,", "battlefield: {actor: z,", "dynamics.battlefield.actor", "unknown actor"),
        ("p0: 0.5", "p0: 1.5", "dynamics.battlefield.p0", "[0, 1]; got 1.5."),
        ("    a: {strength: 10}", "    b: {strength: 10}", "dynamics.beliefs.b", "win_probability"),
        ("    a: {strength: 10}", "    a: {strength: 0}", "dynamics.beliefs.a.strength", "positive; got 0."),
        ("    deal:\n", "    nodeal:\n", "dynamics.concessions.nodeal", "unknown offer"),
        ("limit: 0.9", "limit: 2", "dynamics.concessions.deal.0.limit", "[0, 1]"),
        ("per_step: 0.02", "per_step: 0", "dynamics.concessions.deal.0.per_step", "non-zero"),
        ("delay: 2", "delay: -1", "schedules.sanction.activations.0.delay", "greater than or equal"),
        ("at: 1,", "at: 1, if_battlefield_below: 0.4, if_battlefield_above: 0.6,",
         "schedules.sanction.activations.0", "at most one"),
        ("  steps: 12\n", "  steps: 12\n  offer: nope\n", "dynamics.offer", "unknown offer"),
    ],
)
def test_bad_dynamics_name_line_and_field(minimal_text: str, old: str, new: str, field: str, message: str) -> None:
    assert old in DYNAMICS, old
    text = minimal_text + DYNAMICS.replace(old, new, 1)
    report = problems(text)
    changed = [row.strip() for row in new.splitlines() if row.strip()][-1]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if changed in row)
    assert f"bad.yaml:{line}: '{field}'" in report, report
    assert message in report, report
