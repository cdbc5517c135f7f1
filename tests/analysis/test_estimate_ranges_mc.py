"""Ranges on utilities, decision settings and lever effects carried through the Monte Carlo (issue 13 §3).

They join the one parameter table (analysis.sampling.parameter_table) that `why`'s Monte Carlo,
`levers` and `sensitivity` all draw from.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import realpolitik as rp
from realpolitik.analysis.decision import decision_problem
from realpolitik.analysis.levers import levers
from realpolitik.analysis.sampling import parameter_table
from realpolitik.analysis.sensitivity import sensitivity
from realpolitik.analysis.uncertainty import monte_carlo
from tests.conftest import SEED_SCENARIO
from tests.scenario.test_estimate_ranges import RUSSIA_SETTINGS, run, seed_copy

LEVERS = ["us.deadline_credibility", "us.secondary_tariffs", "us.statehood_concession"]
ONE_READING = [
    (m.group(0), "\n")
    for pattern in (
        r"\n      sceptic:.*\n(?:        .*\n)*",
        r"\n    rating: [A-F][1-6]\n    rating_note: (?:>\n(?:      .*\n)+|.*\n)",
    )
    for m in re.finditer(pattern, SEED_SCENARIO.read_text(encoding="utf-8"))
]
"""Edits dropping the seed's sceptic analyst (two factors' estimates) and its evidence ratings."""


def _degenerate(text: str) -> str:
    """Every bare number of ``text`` written as a range of zero width around itself."""
    return re.sub(r"(-?\d+(?:\.\d+)?)", r"{central: \1, low: \1, high: \1}", text)


def degenerate_edits() -> list[tuple[str, str]]:
    """Zero-width ranges on Russia's settings, each of its level utilities and every lever's per_unit."""
    seed = SEED_SCENARIO.read_text(encoding="utf-8")
    settings = "".join(
        f"      {key}: {{central: {value}, low: {value}, high: {value}}}\n"
        for key, value in (("horizon", 12), ("discount", 0.99), ("temperature", 0.05))
    )
    edits = [(RUSSIA_SETTINGS, settings)]
    russia = seed.split("\n  russia:\n", 1)[1].split("\n  ukraine:\n", 1)[0]
    for line in re.findall(r"utilities: \{[^}]*\}", russia):
        inner = line.removeprefix("utilities: {").removesuffix("}")
        ranged = ", ".join(f"{k}: {_degenerate(v)}" for k, v in (p.split(": ") for p in inner.split(", ")))
        edits.append((line, f"utilities: {{{ranged}}}"))
    for target, value in re.findall(r"\n    ((?:factor|issue): \S+)\n    per_unit: ([-\d.]+)\n", seed):
        edits.append((f"{target}\n    per_unit: {value}\n", f"{target}\n    per_unit: {_degenerate(value)}\n"))
    return edits


def test_all_ranges_degenerate_give_exactly_todays_results(tmp_path: Path) -> None:
    """min = max = central on every new kind of range: every figure is today's, bit for bit."""
    today = rp.load(SEED_SCENARIO)
    ranged = rp.load(seed_copy(tmp_path, *degenerate_edits()))
    russia = ranged.actors["russia"]
    assert set(russia.decision.ranges) == {"horizon", "discount", "temperature"}
    assert sum(len(st.utility_ranges) for st in russia.stances.values()) >= 10
    assert all(lv.per_unit_spread() is not None for lv in ranged.levers.values())

    a, b = (rp.why(s, "russia", "us-2025") for s in (today, ranged))
    assert a.rows() == b.rows()
    a_mc, b_mc = (monte_carlo(s, "russia", "us-2025", draws=1500, rng=7) for s in (today, ranged))
    assert a_mc.to_dict() == b_mc.to_dict()
    a_lv, b_lv = (levers(s, "russia", "us-2025", LEVERS, draws=1500, rng=7) for s in (today, ranged))
    for x, y in zip(a_lv.answers, b_lv.answers, strict=True):
        assert (x.p_accept, x.p_accept_se, x.threshold, x.interval) == (y.p_accept, y.p_accept_se, y.threshold, y.interval)
    a_s, b_s = (sensitivity(s, "russia", "us-2025", n=64, rng=7) for s in (today, ranged))
    assert a_s.to_dict() == b_s.to_dict()


@pytest.mark.parametrize(
    "settings",
    [
        "      horizon: 12\n      discount: 0.99\n      temperature: {central: 0.05, low: 0.02, high: 0.4}\n",
        "      horizon: 12\n      discount: {central: 0.99, low: 0.95, high: 1.0}\n      temperature: 0.05\n",
    ],
    ids=["temperature", "discount"],
)
def test_a_range_on_a_setting_widens_levers_p_accept_interval(tmp_path: Path, settings: str) -> None:
    """Same seed, same draws of everything else: the setting's spread widens P(accept)'s interval.

    Both copies drop the seed's second (sceptic) analyst and its evidence ratings, so the Monte
    Carlo draws the as-written ranges alone, as when this test was written: with the sceptic in the
    pool P(accept) is near 0.26 and many draws sit far from the margin's zero on either side, where
    a noisier temperature pulls P toward 1/2 and narrows the interval instead (docs/analysts.md)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    base = seed_copy(tmp_path / "a", *ONE_READING)
    path = seed_copy(tmp_path / "b", *ONE_READING, (RUSSIA_SETTINGS, settings))
    args = ["--actor", "russia", "--lever", "us.deadline_credibility", "--draws", "3000", "--seed", "5", "--json"]
    widths, parameters = [], []
    for scenario in (base, path):
        code, stdout, _ = run("levers", str(scenario), *args)
        assert code == 0
        data = json.loads(stdout)
        p = data["acceptance"]["p_accept"]
        widths.append(p["high"] - p["low"])
        parameters.append(data["baseline"]["parameters"])
        answer = data["answers"][0]
        # the lever's curve at the current intensity is the baseline's figure, on the same draws
        at = answer["intensities"].index(answer["current"])
        assert answer["p_accept"][at] == pytest.approx(p["estimate"], rel=1e-12)
    key = "decision:" + ("temperature" if "temperature: {" in settings else "discount")
    assert key not in parameters[0]
    assert key in parameters[1]
    assert widths[1] > 1.1 * widths[0]


def test_sensitivity_lists_the_new_parameters(tmp_path: Path) -> None:
    path = seed_copy(
        tmp_path,
        (RUSSIA_SETTINGS,
         "      horizon: {central: 12, low: 6, high: 24}\n      discount: 0.99\n"
         "      temperature: {central: 0.05, low: 0.02, high: 0.1}\n"),
        ("utilities: {tightened: 0.0, current: 0.2, eased: 0.7, lifted: 1.0}",
         "utilities: {tightened: 0.0, current: 0.2, eased: {central: 0.7, low: 0.4, high: 0.9}, lifted: 1.0}"),
        ("    per_unit: -0.0001\n", "    per_unit: {central: -0.0001, low: -0.0002, high: -0.00005}\n"),
    )
    s = rp.load(path)
    result = sensitivity(s, "russia", "us-2025", n=256, rng=1)
    by_name = {i.name: i for i in result.indices}
    new = ["decision:horizon", "decision:temperature", "utility:sanctions:eased", "per_unit:us.secondary_tariffs"]
    assert set(new) <= set(by_name)
    assert by_name["decision:horizon"].total > 0.01
    assert by_name["utility:sanctions:eased"].total > 0.001
    # neither moves the margin itself: the temperature acts on P(accept), a lever's effect away from
    # its current intensity
    for name in ("decision:temperature", "per_unit:us.secondary_tariffs"):
        assert (by_name[name].first_order, by_name[name].total) == (0.0, 0.0)
    # the CLI lists them too, by the same names
    code, stdout, _ = run("sensitivity", str(path), "--actor", "russia", "--draws", "256", "--json")
    assert code == 0
    assert set(new) <= {i["name"] for i in json.loads(stdout)["indices"]}


def test_drawn_inputs_reach_the_margin_draw_by_draw(tmp_path: Path) -> None:
    """Each draw's margin equals the margin of a scenario fixed at that draw's horizon and utility."""
    path = seed_copy(
        tmp_path,
        (RUSSIA_SETTINGS, "      horizon: {central: 12, low: 6, high: 24}\n      discount: 0.99\n      temperature: 0.05\n"),
        ("utilities: {tightened: 0.0, current: 0.2, eased: 0.7, lifted: 1.0}",
         "utilities: {tightened: 0.0, current: 0.2, eased: {central: 0.7, low: 0.4, high: 0.9}, lifted: 1.0}"),
    )
    s = rp.load(path)
    problem = decision_problem(s, "russia", "us-2025")
    table = parameter_table(problem)
    assert table.names[-2:] == ("decision:horizon", "utility:sanctions:eased")
    x = table.sample(5, rng=3)
    sal, val = table.split(x)
    drawn = problem.with_draws(table.others(x)).margin(sal, val)
    contrib = problem.with_draws(table.others(x)).contributions(sal, val)
    np.testing.assert_allclose(contrib.sum(axis=-1), drawn, atol=1e-12)
    russia = s.actors["russia"]
    for i in range(5):
        h, eased = table.others(x)["decision:horizon"][i], table.others(x)["utility:sanctions:eased"][i]
        stance = russia.stances["sanctions"]
        fixed = s.model_copy(update={"actors": {**s.actors, "russia": russia.model_copy(update={
            "decision": russia.decision.model_copy(update={"horizon": float(h), "ranges": {}}),
            "stances": {**russia.stances, "sanctions": stance.model_copy(update={
                "utilities": {**(stance.utilities or {}), "eased": float(eased)}, "utility_ranges": {}})},
        })}})
        one = decision_problem(fixed, "russia", "us-2025")
        assert float(one.margin(sal[i], val[i])) == pytest.approx(float(drawn[i]), abs=1e-12)


def test_an_actor_without_factors_and_a_ranged_horizon_still_runs() -> None:
    """Found by the engine's property test: no battlefield factor and a horizon per draw."""
    from tests.conftest import MINIMAL

    text = MINIMAL.split("factors:\n")[0].replace(
        "decision: {horizon: 1, discount: 1.0, temperature: 0.05}",
        "decision: {horizon: {central: 6, low: 3, high: 12}, discount: 0.99, temperature: 0.05}",
    )
    s = rp.loads(text)
    result = monte_carlo(s, "a", "deal", draws=200, rng=0)
    assert "decision:horizon" in result.parameters
    assert result.central_margin == pytest.approx(0.5)  # the offer's worth, with nothing to fight for
