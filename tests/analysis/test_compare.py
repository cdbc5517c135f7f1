"""compare: the change of margin between two scenarios, attributed exactly to the inputs that moved."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realpolitik as rp
from realpolitik.analysis.compare import compare, shapley_values
from tests.analysis.test_decision import random_scenarios
from tests.conftest import SEED_SCENARIO


@pytest.fixture(scope="module")
def seed() -> rp.Scenario:
    return rp.load(SEED_SCENARIO)


def _with_factor(s: rp.Scenario, fid: str, **value: float) -> rp.Scenario:
    f = s.factors[fid]
    new = f.model_copy(update={"value": f.value.model_copy(update=value)})
    return s.model_copy(update={"factors": {**s.factors, fid: new}})


def test_changed_battlefield_estimate_takes_the_whole_change(seed: rp.Scenario) -> None:
    """One battlefield estimate moved: the change of margin is attributed to it alone, exactly."""
    other = _with_factor(seed, "russia.battlefield_initiative", central=0.45)
    r = compare(seed, other, "russia", "us-2025")
    assert [c.id for c in r.changes] == ["russia.battlefield_initiative"]
    # Hand-worked: the war term is 0.99**12 * clip(p0 + 12 * (0.015 + 0.005), 0, 1); p0 0.55 -> 0.45.
    assert r.change == pytest.approx(0.99**12 * 0.10, abs=1e-12)
    assert r.changes[0].contribution == pytest.approx(r.change, abs=1e-15)
    assert (r.changes[0].before, r.changes[0].after) == (0.55, 0.45)
    assert r.before.decision == "reject"


def test_interacting_inputs_split_by_shapley_and_sum_exactly(seed: rp.Scenario) -> None:
    """Battlefield and trend moved together under the clip, plus a flow and a salience."""
    other = _with_factor(seed, "russia.battlefield_initiative", central=0.85)
    other = _with_factor(other, "russia.attrition_trend", central=0.03)
    other = _with_factor(other, "russia.war_economy_rents", central=0.002)
    stance = other.actors["russia"].stances["nato"]
    russia = other.actors["russia"].model_copy(
        update={"stances": {**other.actors["russia"].stances, "nato": stance.model_copy(
            update={"salience": stance.salience.model_copy(update={"central": 0.4})})}}
    )
    other = other.model_copy(update={"actors": {**other.actors, "russia": russia}})
    r = compare(seed, other, "russia", "us-2025")
    assert {c.id for c in r.changes} == {
        "russia.battlefield_initiative", "russia.attrition_trend", "russia.war_economy_rents", "nato"
    }
    assert sum(c.contribution for c in r.changes) == pytest.approx(r.change, abs=1e-12)
    rents = next(c for c in r.changes if c.id == "russia.war_economy_rents")
    annuity = (1 - 0.99**12) / (1 - 0.99)
    assert rents.contribution == pytest.approx(annuity * (0.008 - 0.002), abs=1e-12)  # linear: exact own term
    # The clip binds at 0.85 + 12 * 0.05 > 1: both battlefield inputs share the (capped) war change.
    assert r.flipped is False or r.after.accept


def test_no_change_no_terms(seed: rp.Scenario) -> None:
    r = compare(seed, seed, "russia", "us-2025")
    assert r.changes == ()
    assert r.change == 0.0


def test_shapley_values_of_a_known_game() -> None:
    """Glove game (Shapley 1953 textbook example): v = 1 iff player 0 and one of players 1, 2 join."""
    def value(mask):  # type: ignore[no-untyped-def]
        return (mask[:, 0] & (mask[:, 1] | mask[:, 2])).astype(float)

    phi = shapley_values(3, value)
    assert phi == pytest.approx([2 / 3, 1 / 6, 1 / 6])


@settings(max_examples=60, deadline=None)
@given(random_scenarios(), random_scenarios())
def test_attribution_sums_to_the_change_on_random_pairs(a: rp.Scenario, b: rp.Scenario) -> None:
    """Random pairs differ in issues, factors, utilities, horizon and discount: the split is still exact."""
    r = compare(a, b, "a", "o")
    assert sum(c.contribution for c in r.changes) == pytest.approx(r.change, abs=1e-10)


@settings(deadline=None)
@given(st.floats(-0.05, 0.05))
def test_single_linear_change_is_its_own_term(delta: float) -> None:
    """A continue-side lump enters the margin as -v: moving it by delta moves the margin by -delta."""
    s = rp.load(SEED_SCENARIO)
    new = -0.02 + delta
    other = _with_factor(s, "russia.threatened_measures", central=new, low=-0.1, high=0.1)
    r = compare(s, other, "russia", "us-2025")
    assert sum(c.contribution for c in r.changes) == pytest.approx(r.change, abs=1e-12)
    if new != -0.02:
        assert r.changes[0].contribution == pytest.approx(-(new + 0.02), abs=1e-12)


def _cli(*args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from realpolitik.cli import app

    res = CliRunner().invoke(app, list(args), env={"COLUMNS": "140", "NO_COLOR": "1"})
    return res.exit_code, res.stdout, res.stderr


def test_compare_command_on_the_seed_and_a_changed_copy(tmp_path, seed: rp.Scenario) -> None:  # type: ignore[no-untyped-def]
    """`compare` attributes the change of margin to the one battlefield estimate edited in the file."""
    import json

    text = SEED_SCENARIO.read_text(encoding="utf-8")
    edited = text.replace("value: {central: 0.55, low: 0.40, high: 0.70}", "value: {central: 0.45, low: 0.40, high: 0.70}")
    assert edited != text
    other = tmp_path / "ukraine-edited.yaml"
    other.write_text(edited, encoding="utf-8")
    shutil.copytree(SEED_SCENARIO.parent / "sources", tmp_path / "sources")
    code, stdout, stderr = _cli("compare", str(SEED_SCENARIO), str(other), "--actor", "russia", "--json")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert [c["id"] for c in data["changes"]] == ["russia.battlefield_initiative"]
    assert data["changes"][0]["contribution"] == pytest.approx(data["change"], abs=1e-15)
    assert data["change"] == pytest.approx(0.99**12 * 0.10, abs=1e-12)
    code, stdout, _ = _cli("compare", str(SEED_SCENARIO), str(other), "--actor", "russia")
    assert code == 0
    assert "battlefield initiative" in stdout
    assert "What moved the margin (exact" in stdout


def test_why_set_reports_the_what_if_against_the_baseline() -> None:
    import json

    code, stdout, _ = _cli(
        "why", str(SEED_SCENARIO), "--draws", "100", "--json",
        "--set", "russia.battlefield_initiative=0.3", "--set", "us.statehood_concession=1",
    )
    assert code == 0
    data = json.loads(stdout)
    assert data["decision"] == "accept"
    w = data["what_if"]
    assert w["before"]["decision"] == "reject"
    assert w["flipped"] is True
    assert {c["id"] for c in w["changes"]} == {"russia.battlefield_initiative", "statehood"}
    assert sum(c["contribution"] for c in w["changes"]) == pytest.approx(w["change"], abs=1e-12)
    code, _, stderr = _cli("why", str(SEED_SCENARIO), "--set", "nope=1")
    assert code == 2
    assert "--set" in stderr
