"""Exact attribution of a change of margin between two versions of a scenario."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realpolitik as rp
from realpolitik.analysis.attribution import margin_change
from tests.conftest import MINIMAL, SEED_SCENARIO

SEED_TEXT = SEED_SCENARIO.read_text(encoding="utf-8")


def _seed(text: str) -> rp.Scenario:
    return rp.loads(text, name="copy", base_dir=SEED_SCENARIO.parent)


def test_a_changed_battlefield_estimate_carries_the_whole_change() -> None:
    before = rp.load(SEED_SCENARIO)
    after = _seed(SEED_TEXT.replace("central: 0.55", "central: 0.45", 1))
    res = margin_change(before, after, "russia", "us-2025")
    [only] = res.changes
    assert only.id == "russia.battlefield_initiative"
    assert (only.before, only.after) == (0.55, 0.45)
    assert only.contribution == pytest.approx(res.change, abs=1e-15)
    # With the clip inactive, the war term falls by delta^H * 0.1: the change is known in closed form.
    prob = rp.why(before, "russia", "us-2025")
    assert res.change == pytest.approx(0.1 * prob.discount**prob.horizon, rel=1e-12)


def test_identical_versions_have_no_changes() -> None:
    s = rp.load(SEED_SCENARIO)
    res = margin_change(s, s, "russia", "us-2025")
    assert res.changes == ()
    assert res.change == 0.0


def test_a_linear_factor_change_is_its_closed_form() -> None:
    before = _seed(SEED_TEXT)
    rents = before.factors["russia.war_economy_rents"].value.central
    after = _seed(SEED_TEXT.replace(f"central: {rents}", "central: 0.012", 1))
    res = margin_change(before, after, "russia", "us-2025")
    [c] = res.changes
    assert c.exact_linear
    assert c.contribution == pytest.approx(res.change, abs=1e-15)


def _minimal(p: float, cost: float, salience: float, horizon: float, discount: float, offer: float) -> rp.Scenario:
    # Fixed notation: YAML 1.1 reads '1e-05' (no dot) as a string.
    p, cost, salience, discount, offer = (float(f"{x:.12f}") for x in (p, cost, salience, discount, offer))
    f = "{:.12f}".format
    text = (
        MINIMAL.replace("central: 0.6, low: 0.4, high: 0.8", f"central: {f(p)}, low: 0.0, high: 1.0")
        .replace("value: -0.05", f"value: {f(cost)}")
        .replace("land: {ideal: 1, salience: 1}", f"land: {{ideal: 1, salience: {f(salience)}}}")
        .replace("horizon: 1, discount: 1.0", f"horizon: {horizon}, discount: {f(discount)}")
        .replace("terms: {land: 0.5}", f"terms: {{land: {f(offer)}}}")
    )
    return rp.loads(text)


inputs = st.tuples(
    st.floats(0.0, 1.0), st.floats(-0.2, 0.2), st.floats(0.1, 3.0), st.integers(1, 24),
    st.floats(0.8, 1.0), st.floats(0.0, 1.0),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(a=inputs, b=inputs)
def test_shares_sum_to_the_change_of_margin(a: tuple, b: tuple) -> None:  # type: ignore[type-arg]
    before, after = _minimal(*a), _minimal(*b)
    res = margin_change(before, after, "a", "deal")
    assert sum(c.contribution for c in res.changes) == pytest.approx(res.change, abs=1e-12)
    changed = {c.id for c in res.changes}
    assert ("a.p" in changed) == (f"{a[0]:.12f}" != f"{b[0]:.12f}")
    assert ("horizon" in changed) == (a[3] != b[3])


def test_versions_with_different_actors_are_refused_naming_them() -> None:
    with pytest.raises(rp.InputError, match="actors differ"):
        margin_change(rp.load(SEED_SCENARIO), rp.loads(MINIMAL), "a", "deal")


def test_a_factor_that_changes_its_side_is_refused() -> None:
    before = rp.loads(MINIMAL)
    after = rp.loads(MINIMAL.replace("kind: flow\n    side: continue", "kind: flow\n    side: settle"))
    with pytest.raises(rp.InputError, match=r"a\.cost"):
        margin_change(before, after, "a", "deal")
