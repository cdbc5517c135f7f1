"""Several analysts: per-analyst decisions, the linear opinion pool and its closed-form moments."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from realpolitik.analysis.analysts import by_analyst, moments, pooled_moments
from realpolitik.analysis.decision import why
from realpolitik.errors import ScenarioError
from realpolitik.scenario import Scenario, loads
from realpolitik.scenario.schema import Estimate
from tests.test_cli import run

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "why_by_analyst.txt"

# Actor a: offer worth 0.5, war won with probability p, so the margin is 0.5 - p (temperature 0.05).
TEXT = """\
schema_version: 1
title: two analysts
issues:
  land: {{name: land, scale: {{min: 0, max: 1}}, status_quo: 0}}
actors:
  a:
    name: Alpha
    decision: {{horizon: 1, discount: 1.0, temperature: 0.05}}
    stances:
      land: {{ideal: 1, salience: 1}}
  b: {{name: Beta}}
offers:
  deal: {{name: half, proposer: b, to: [a], terms: {{land: 0.5}}}}
factors:
  a.p:
    actor: a
    name: win
    category: battlefield
    kind: win_probability
    side: continue
    value: {{central: 0.45, low: 0.3, high: 0.6}}
    estimates:
      {estimates}
"""

TWO = "hawk: {central: 0.6, low: 0.5, high: 0.7, note: attrition favours a}\n      dove: {central: 0.35, low: 0.25, high: 0.45}"


def scenario(estimates: str = TWO) -> Scenario:
    return loads(TEXT.format(estimates=estimates), name="analysts.yaml")


def test_each_analyst_and_the_pool() -> None:
    split = by_analyst(scenario(), "a", "deal")
    hawk, dove = split.analysts
    assert (hawk.analyst, hawk.decision, dove.decision) == ("hawk", "reject", "accept")
    assert hawk.margin == pytest.approx(-0.1)
    assert dove.margin == pytest.approx(0.15)
    # 1 / (1 + e^2) = 0.1192029 and 1 / (1 + e^-3) = 0.9525741, pooled with equal weights: 0.5358885.
    assert split.p_accept == pytest.approx(0.5358885, abs=1e-7)
    assert split.decision == "accept"
    assert split.analysts[0].estimates == {"a.p": 0.6}


def test_two_identical_analysts_give_the_single_analyst_answer() -> None:
    one = by_analyst(scenario("x: {central: 0.6, low: 0.5, high: 0.7}"), "a", "deal")
    two = by_analyst(
        scenario("x: {central: 0.6, low: 0.5, high: 0.7}\n      y: {central: 0.6, low: 0.5, high: 0.7}"), "a", "deal"
    )
    assert two.p_accept == one.p_accept == one.analysts[0].p_accept
    assert pooled_moments([Estimate(central=0.6, low=0.5, high=0.7)] * 2) == pytest.approx(
        moments(Estimate(central=0.6, low=0.5, high=0.7))
    )


def test_no_analysts_is_the_reference_why() -> None:
    s = scenario("{}")
    (only,) = by_analyst(s, "a", "deal").analysts
    assert (only.analyst, only.p_accept) == ("reference", why(s, "a", "deal").p_accept)


def test_linear_pool_moments_match_the_closed_form() -> None:
    # Uniform(0, 1) (mean 1/2, variance 1/12) and Uniform(1, 3) (mean 2, variance 1/3), weights 1 : 3:
    # mean = 0.25 * 0.5 + 0.75 * 2 = 1.625; E[x^2] = 0.25 * (1/12 + 1/4) + 0.75 * (1/3 + 4) = 3.3333...;
    # variance = 3.33333 - 1.625^2 = 0.692708.
    a = Estimate(central=0.5, low=0, high=1, dist="uniform")
    b = Estimate(central=2, low=1, high=3, dist="uniform")
    mean, var = pooled_moments([a, b], [1, 3])
    assert mean == pytest.approx(1.625)
    assert var == pytest.approx(0.25 * (1 / 12 + 0.25) + 0.75 * (1 / 3 + 4) - 1.625**2)
    assert var == pytest.approx(0.6927083, abs=1e-7)
    # And a sample of the mixture agrees.
    rng = np.random.default_rng(0)
    pick = rng.random(400_000) < 0.25
    x = np.where(pick, rng.uniform(0, 1, pick.size), rng.uniform(1, 3, pick.size))
    assert x.mean() == pytest.approx(mean, abs=0.01)
    assert x.var() == pytest.approx(var, abs=0.01)


@pytest.mark.parametrize(
    ("est", "mean", "var"),
    [
        (Estimate(central=0.3, low=0.0, high=1.0, dist="triangular"), 1.3 / 3, (0.09 + 1 - 0.3) / 18),
        (Estimate(central=0.5, low=0.0, high=1.0), 0.5, 0.25 / 7),
        (Estimate(central=2.0, sd=0.5), 2.0, 0.25),
        (Estimate(central=2.0), 2.0, 0.0),
    ],
)
def test_moments_of_each_distribution(est: Estimate, mean: float, var: float) -> None:
    assert moments(est) == (pytest.approx(mean), pytest.approx(var))


def test_an_analysts_probability_outside_0_1_names_the_field() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario("hawk: {central: 1.4}")
    assert "factors.a.p.estimates.hawk" in str(info.value)


def test_why_by_analyst_golden(tmp_path: Path) -> None:
    path = tmp_path / "analysts.yaml"
    path.write_text(TEXT.format(estimates=TWO), encoding="utf-8")
    code, stdout, _ = run("why", str(path), "--by-analyst", "--draws", "200")
    assert code == 0
    text = stdout[stdout.index("By analyst") :]
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_seed_as_written_analyst_equals_the_reference_why() -> None:
    from realpolitik.scenario import load
    from tests.conftest import SEED_SCENARIO

    s = load(SEED_SCENARIO)
    split = by_analyst(s, "russia", "us-2025")
    as_written, sceptic = split.analysts
    base = why(s, "russia", "us-2025")
    assert (as_written.margin, as_written.p_accept) == (base.margin, base.p_accept)
    assert sceptic.margin > as_written.margin


LUMP = """
  a.q:
    actor: a
    name: sweetener
    category: offer_terms
    kind: lump
    side: settle
    value: 0
    estimates:
      hawk: 0
      dove: 0.02
"""


def test_disagreement_table_ranks_by_effect_on_the_margin_and_says_what_flips() -> None:
    s = loads(TEXT.format(estimates=TWO) + LUMP, name="analysts.yaml")
    win, sweetener = by_analyst(s, "a", "deal").disagreements
    # win alone: margin 0.5 - p at each analyst's p, the sweetener at its reference 0.
    assert win.factor == "a.p"
    assert dict(win.margins) == {"hawk": pytest.approx(-0.1), "dove": pytest.approx(0.15)}
    assert win.changes_decision
    assert dict(win.decisions) == {"hawk": "reject", "dove": "accept"}
    # The sweetener alone, win at its reference 0.45: margin 0.05 + q; both accept.
    assert sweetener.factor == "a.q"
    assert dict(sweetener.margins) == {"hawk": pytest.approx(0.05), "dove": pytest.approx(0.07)}
    assert not sweetener.changes_decision
    assert win.margin_spread > sweetener.margin_spread
    assert sweetener.spread == pytest.approx(0.02)


def test_analyst_weights_from_the_scenario_weigh_the_pool() -> None:
    s = loads(TEXT.format(estimates=TWO) + "analysts: {hawk: {weight: 3}, dove: {weight: 1}}\n", name="w.yaml")
    split = by_analyst(s, "a", "deal")
    assert dict(split.weights) == {"hawk": 0.75, "dove": 0.25}
    # 0.75 / (1 + e^2) + 0.25 / (1 + e^-3) = 0.75 * 0.1192029 + 0.25 * 0.9525741 = 0.3275457.
    assert split.p_accept == pytest.approx(0.3275457, abs=1e-7)
    assert split.decision == "reject"


def test_weights_summing_to_zero_exit_2_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    path.write_text(
        TEXT.format(estimates=TWO) + "analysts: {hawk: {weight: 0}, dove: {weight: 0}}\n", encoding="utf-8"
    )
    code, _, stderr = run("why", str(path), "--by-analyst")
    assert code == 2
    assert "factors.a.p.estimates" in stderr
    assert "must sum to a positive number" in stderr
    path.write_text(TEXT.format(estimates="hawk: {central: 0.5, weight: -1}"), encoding="utf-8")
    code, _, stderr = run("why", str(path))
    assert code == 2
    assert "factors.a.p.estimates.hawk.weight" in stderr


def test_why_by_analyst_json_has_weights_and_disagreements(tmp_path: Path) -> None:
    import json

    path = tmp_path / "analysts.yaml"
    path.write_text(TEXT.format(estimates=TWO), encoding="utf-8")
    code, stdout, _ = run("why", str(path), "--by-analyst", "--draws", "200", "--json")
    assert code == 0
    split = json.loads(stdout)["by_analyst"]
    assert [a["weight"] for a in split["analysts"]] == [0.5, 0.5]
    assert split["weights_from"] == "scenario"
    (d,) = split["disagreements"]
    assert d["changes_decision"] is True
    assert d["factor"] == "a.p"


def _ledger_store(path: Path, n: int = 12) -> None:
    """``n`` resolved yes questions: hawk forecast 0.8 on each, dove 0.5, and 'late' only on the first 3."""
    import datetime as dt

    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.ledger import Ledger, forecast_record, question_body

    d0 = dt.date(2025, 1, 1)
    with EvidenceStore(path) as store:
        led = Ledger(store.conn, str(store.path))
        for i in range(n):
            fs = [forecast_record("analyst", "hawk", d0, p=0.8), forecast_record("analyst", "dove", d0, p=0.5)]
            if i < 3:
                fs.append(forecast_record("analyst", "late", d0, p=0.9))
            entry, _ = led.add_question(
                question_body(f"q{i}", "yes if so", opened=d0, deadline=dt.date(2025, 6, 1), forecasts=fs),
                recorded="2025-01-01T00:00:00+00:00",
            )
            led.resolve(entry["seq"], "yes", date=dt.date(2025, 3, 1), source="https://example.org")


def test_ledger_weights_are_inverse_brier_and_equal_without_a_record(tmp_path: Path) -> None:
    from realpolitik.analysis.analysts import ledger_weights
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.ledger import Ledger, fold

    _ledger_store(tmp_path / "l.sqlite3")
    with EvidenceStore(tmp_path / "l.sqlite3") as store:
        qs = list(fold(Ledger(store.conn, str(store.path)).entries()).values())
    lw = ledger_weights(qs, ["hawk", "dove", "late", "nobody"])
    # Every question resolved yes: hawk's Brier is (1 - 0.8)^2 = 0.04, dove's (1 - 0.5)^2 = 0.25
    # (times 2 if the two-category form is used: the ratio is the same).
    assert lw.brier["dove"] / lw.brier["hawk"] == pytest.approx(0.25 / 0.04)
    assert lw.weights["hawk"] / lw.weights["dove"] == pytest.approx(0.25 / 0.04)
    # 'late' has only 3 resolved questions (< 10) and 'nobody' none: both get the scored analysts' mean weight.
    assert lw.brier["late"] is None
    assert lw.questions["late"] == 3
    assert lw.weights["late"] == lw.weights["nobody"] == pytest.approx((lw.weights["hawk"] + lw.weights["dove"]) / 2)
    assert sum(lw.weights.values()) == pytest.approx(4)
    # No record at all: equal weights.
    assert set(ledger_weights(qs, ["x", "y"]).weights.values()) == {1.0}


def test_why_by_analyst_weighs_by_the_ledger(tmp_path: Path) -> None:
    import json

    _ledger_store(tmp_path / "l.sqlite3")
    path = tmp_path / "analysts.yaml"
    path.write_text(TEXT.format(estimates=TWO), encoding="utf-8")
    args = ("why", str(path), "--by-analyst", "--draws", "200", "--json")
    code, stdout, _ = run(*args, "--analyst-weights", "ledger", "--db", str(tmp_path / "l.sqlite3"))
    assert code == 0
    split = json.loads(stdout)["by_analyst"]
    weights = {a["analyst"]: a["weight"] for a in split["analysts"]}
    assert weights["hawk"] / weights["dove"] == pytest.approx(0.25 / 0.04)
    assert split["weights_from"] == "ledger"
    # hawk 25/29, dove 4/29: 25/29 * 0.1192029 + 4/29 * 0.9525741 = 0.2341507.
    assert split["p_accept"] == pytest.approx(0.2341507, abs=1e-6)
    code, _, stderr = run(*args, "--analyst-weights", "votes")
    assert code == 2
    assert "--analyst-weights" in stderr


SALIENCES = """\
schema_version: 1
title: two analysts on a salience
issues:
  land: {{name: land, scale: {{min: 0, max: 1}}, status_quo: 0}}
  money: {{name: money, scale: {{min: 0, max: 1}}, status_quo: 0}}
actors:
  a:
    name: Alpha
    decision: {{horizon: 1, discount: 1.0, temperature: 0.05}}
    stances:
      land:
        ideal: 1
        salience: {{central: 0.5, low: 0.4, high: 0.6}}
        estimates: {estimates}
      money: {{ideal: 1, salience: 0.5}}
  b: {{name: Beta}}
offers:
  deal: {{name: all the land, proposer: b, to: [a], terms: {{land: 1}}}}
factors:
  a.p:
    actor: a
    name: win
    category: battlefield
    kind: win_probability
    side: continue
    value: 0.45
"""


def salience_scenario(estimates: str) -> Scenario:
    return loads(SALIENCES.format(estimates=estimates), name="saliences.yaml")


def test_analysts_estimates_of_a_salience_split_the_decision_and_the_disagreement() -> None:
    s = salience_scenario("{hawk: {central: 0.3, low: 0.2, high: 0.4}, dove: {central: 0.7, low: 0.6, high: 0.8}}")
    split = by_analyst(s, "a", "deal")
    hawk, dove = split.analysts
    # The offer gives all the land and no money: worth s_land / (s_land + s_money); margin = worth - 0.45.
    assert hawk.margin == pytest.approx(0.3 / 0.8 - 0.45)
    assert dove.margin == pytest.approx(0.7 / 1.2 - 0.45)
    assert (hawk.decision, dove.decision) == ("reject", "accept")
    assert hawk.estimates == {"salience:a.land": 0.3}
    (d,) = split.disagreements
    assert d.factor == "salience:a.land"
    assert d.changes_decision
    assert dict(d.margins) == {"hawk": pytest.approx(0.3 / 0.8 - 0.45), "dove": pytest.approx(0.7 / 1.2 - 0.45)}
    # why decides at the stated salience 0.5: worth 0.5, margin +0.05.
    assert why(s, "a", "deal").margin == pytest.approx(0.05)


def test_a_pooled_salience_feeds_the_monte_carlo() -> None:
    from realpolitik.analysis.decision import decision_problem
    from realpolitik.analysis.sampling import parameter_table
    from realpolitik.analysis.uncertainty import monte_carlo

    one = salience_scenario("{x: {central: 0.3, low: 0.2, high: 0.4}}")
    two = salience_scenario("{x: {central: 0.3, low: 0.2, high: 0.4}, y: {central: 0.3, low: 0.2, high: 0.4}}")
    a, b = (monte_carlo(s, "a", "deal", draws=2000, rng=4) for s in (one, two))
    assert a.to_dict() == b.to_dict()
    pooled = salience_scenario("{x: {central: 0.3, low: 0.2, high: 0.4}, y: {central: 0.7, low: 0.6, high: 0.8}}")
    table = parameter_table(decision_problem(pooled, "a", "deal"))
    x = table.sample(100_000, rng=2)[:, table.names.index("salience:land")]
    mean, var = pooled_moments([Estimate(central=0.3, low=0.2, high=0.4), Estimate(central=0.7, low=0.6, high=0.8)])
    assert x.mean() == pytest.approx(mean, abs=4 * np.sqrt(var / x.size))
    assert x.var() == pytest.approx(var, rel=0.03)


def test_a_negative_salience_estimate_and_zero_weights_name_the_field(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        salience_scenario("{hawk: {central: -0.1}}")
    assert "actors.a.stances.land" in str(info.value)
    path = tmp_path / "zero.yaml"
    path.write_text(SALIENCES.format(estimates="{hawk: {central: 0.3, weight: 0}}"), encoding="utf-8")
    code, _, stderr = run("why", str(path), "--by-analyst")
    assert code == 2
    assert "actors.a.stances.land.estimates" in stderr


def test_levers_and_why_under_one_analyst(tmp_path: Path) -> None:
    """`--analyst` reads the scenario as one analyst's estimates: the seed's sceptic makes P(accept) higher."""
    import json

    from tests.conftest import SEED_SCENARIO

    args = ("--draws", "400", "--seed", "2", "--json")
    base = json.loads(run("levers", str(SEED_SCENARIO), "--lever", "us.arms_via_europe", *args)[1])
    code, stdout, _ = run("levers", str(SEED_SCENARIO), "--lever", "us.arms_via_europe", *args, "--analyst", "sceptic")
    assert code == 0
    sceptic = json.loads(stdout)
    assert sceptic["acceptance"]["p_accept"]["estimate"] > base["acceptance"]["p_accept"]["estimate"]
    code, stdout, _ = run("why", str(SEED_SCENARIO), "--json", "--analyst", "sceptic")
    assert json.loads(stdout)["margin"] == pytest.approx(by_analyst(load_seed(), "russia", "us-2025").analysts[1].margin)
    code, _, stderr = run("why", str(SEED_SCENARIO), "--analyst", "nobody")
    assert code == 2
    assert "--analyst" in stderr


def load_seed() -> Scenario:
    from realpolitik.scenario import load
    from tests.conftest import SEED_SCENARIO

    return load(SEED_SCENARIO)


def test_levers_pool_weighs_by_the_ledger(tmp_path: Path) -> None:
    """The ledger's weights reach the pooled Monte Carlo: hawk (Brier 0.04) outweighs dove (0.25)."""
    import json

    _ledger_store(tmp_path / "l.sqlite3")
    path = tmp_path / "pool.yaml"
    path.write_text(TEXT.format(estimates=TWO) + "levers: {}\n", encoding="utf-8")
    args = ("levers", str(path), "--draws", "2000", "--seed", "3", "--json")
    equal = json.loads(run(*args)[1])["acceptance"]["p_accept"]["estimate"]
    code, stdout, _ = run(*args, "--analyst-weights", "ledger", "--db", str(tmp_path / "l.sqlite3"))
    assert code == 0
    ledger = json.loads(stdout)["acceptance"]["p_accept"]["estimate"]
    # hawk (p = 0.6, margin -0.1) now carries 25/29 of the pool: acceptance falls.
    assert ledger < equal - 0.1


# A lever concedes land to a: at intensity t the offer gives 0.3 + per_unit * t, so the margin is that - 0.45.
LEVERS = """\
schema_version: 1
title: analysts of a lever
issues:
  land: {{name: land, scale: {{min: 0, max: 1}}, status_quo: 0}}
actors:
  a:
    name: Alpha
    decision: {{horizon: 1, discount: 1.0, temperature: 0.05}}
    stances:
      land: {{ideal: 1, salience: 1}}
  b: {{name: Beta}}
offers:
  deal: {{name: some land, proposer: b, to: [a], terms: {{land: 0.3}}}}
factors:
  a.p:
    actor: a
    name: win
    category: battlefield
    kind: win_probability
    side: continue
    value: {{central: 0.45, low: 0.35, high: 0.55}}
levers:
  b.give:
    actor: b
    name: give land
    issue: land
    per_unit: {{central: 0.05, low: 0.01, high: 0.1}}
    unit: tranche
    range: [0, 5]
    estimates: {estimates}
"""


def lever_scenario(estimates: str) -> Scenario:
    return loads(LEVERS.format(estimates=estimates), name="levers.yaml")


def _levers_stdout(tmp_path: Path, estimates: str, *extra: str) -> str:
    path = tmp_path / "levers.yaml"  # one path: the output names it
    path.write_text(LEVERS.format(estimates=estimates), encoding="utf-8")
    code, stdout, stderr = run("levers", str(path), "--draws", "1000", "--seed", "5", "--json", *extra)
    assert code == 0, stderr
    return stdout


def test_two_identical_analysts_of_a_lever_give_the_single_analysts_levers_output(tmp_path: Path) -> None:
    x = "{central: 0.02, low: 0.01, high: 0.04}"
    one = _levers_stdout(tmp_path, f"{{x: {x}}}")
    two = _levers_stdout(tmp_path, f"{{x: {x}, y: {x}}}")
    assert one == two
    # the analyst's estimate is drawn, not the reference per_unit: fewer draws reach acceptance
    assert one != _levers_stdout(tmp_path, "{}")


def test_analysts_of_a_lever_split_and_disagree() -> None:
    s = lever_scenario("{hawk: {central: 0.01, low: 0.0, high: 0.02}, dove: {central: 0.1, low: 0.08, high: 0.12}}")
    split = by_analyst(s, "a", "deal")
    assert [a.analyst for a in split.analysts] == ["hawk", "dove"]
    assert split.analysts[1].estimates == {"per_unit:b.give": 0.1}
    # at its current intensity a lever moves nothing: both read the offer as the reference does
    assert [a.margin for a in split.analysts] == [pytest.approx(why(s, "a", "deal").margin)] * 2
    (d,) = split.disagreements
    assert d.factor == "per_unit:b.give"
    # at full intensity 5: hawk offers 0.35 (margin -0.1), dove 0.8 (margin +0.35)
    assert dict(d.margins) == {"hawk": pytest.approx(-0.1), "dove": pytest.approx(0.35)}
    assert d.changes_decision
    assert by_analyst(lever_scenario("{hawk: {central: 0.01}}"), "a", "deal").disagreements == ()


def test_a_pooled_lever_effect_feeds_the_monte_carlo() -> None:
    from realpolitik.analysis.decision import decision_problem
    from realpolitik.analysis.sampling import parameter_table

    ests = [Estimate(central=0.01, low=0.0, high=0.02), Estimate(central=0.1, low=0.08, high=0.12)]
    s = lever_scenario("{hawk: {central: 0.01, low: 0.0, high: 0.02}, dove: {central: 0.1, low: 0.08, high: 0.12}}")
    table = parameter_table(decision_problem(s, "a", "deal"))
    x = table.sample(100_000, rng=3)[:, table.names.index("per_unit:b.give")]
    mean, var = pooled_moments(ests)
    assert x.mean() == pytest.approx(mean, abs=4 * np.sqrt(var / x.size))
    assert x.var() == pytest.approx(var, rel=0.03)
    # fixed but different analysts still make the effect uncertain
    fixed = lever_scenario("{hawk: {central: 0.01}, dove: {central: 0.1}}").model_copy()
    t = parameter_table(decision_problem(fixed, "a", "deal"))
    assert set(np.unique(t.sample(1000, rng=1)[:, t.names.index("per_unit:b.give")])) == {0.01, 0.1}


def test_levers_under_one_analyst_of_a_lever(tmp_path: Path) -> None:
    both = "{hawk: {central: 0.01, low: 0.0, high: 0.02}, dove: {central: 0.1, low: 0.08, high: 0.12}}"
    under_dove = _levers_stdout(tmp_path, both, "--analyst", "dove")
    # the same as a scenario that states dove's estimate as the lever's per_unit
    text = LEVERS.format(estimates="{}").replace("{central: 0.05, low: 0.01, high: 0.1}", "{central: 0.1, low: 0.08, high: 0.12}")
    path = tmp_path / "levers.yaml"
    path.write_text(text, encoding="utf-8")
    code, stdout, _ = run("levers", str(path), "--draws", "1000", "--seed", "5", "--json")
    assert (code, stdout) == (0, under_dove)
    assert json.loads(under_dove)["answers"][0]["per_unit"] == 0.1


def test_a_bad_lever_estimates_block_exits_2_naming_the_field(tmp_path: Path) -> None:
    for estimates, field in (
        ("{hawk: {central: 0.01, weight: 0}}", "levers.b.give.estimates"),
        ("{hawk: {central: 0.01, low: 0.05, high: 0.1}}", "levers.b.give.estimates.hawk"),
        ("{hawk: {centre: 0.01}}", "levers.b.give.estimates.hawk"),
    ):
        path = tmp_path / "bad.yaml"
        path.write_text(LEVERS.format(estimates=estimates), encoding="utf-8")
        code, _, stderr = run("levers", str(path), "--draws", "200")
        assert code == 2, estimates
        assert field in stderr, (estimates, stderr)


# A level utility read two ways: the offer gives level `some`, worth u(some), so the margin is u(some) - 0.45.
UTILITIES = """\
schema_version: 1
title: analysts of a utility
issues:
  st: {{name: status, scale: {{levels: [none, some, full]}}, status_quo: none}}
actors:
  a:
    name: Alpha
    decision: {{horizon: 1, discount: 1.0, temperature: 0.05}}
    stances:
      st:
        utilities: {{none: 0.0, some: {{central: 0.5, low: 0.4, high: 0.6}}, full: 1.0}}
        salience: 1
        utility_estimates: {estimates}
  b: {{name: Beta}}
offers:
  deal: {{name: some, proposer: b, to: [a], terms: {{st: some}}}}
factors:
  a.p:
    actor: a
    name: win
    category: battlefield
    kind: win_probability
    side: continue
    value: 0.45
"""


def utility_scenario(estimates: str) -> Scenario:
    return loads(UTILITIES.format(estimates=estimates), name="utilities.yaml")


def test_analysts_of_a_level_utility_split_disagree_and_pool() -> None:
    from realpolitik.analysis.decision import decision_problem
    from realpolitik.analysis.sampling import parameter_table
    from realpolitik.analysis.uncertainty import monte_carlo

    both = "{some: {hawk: {central: 0.3, low: 0.2, high: 0.4}, dove: {central: 0.7, low: 0.6, high: 0.8}}}"
    s = utility_scenario(both)
    hawk, dove = by_analyst(s, "a", "deal").analysts
    assert (hawk.margin, dove.margin) == (pytest.approx(-0.15), pytest.approx(0.25))
    assert hawk.estimates == {"utility:a.st:some": 0.3}
    (d,) = by_analyst(s, "a", "deal").disagreements
    assert (d.factor, d.changes_decision) == ("utility:a.st:some", True)
    assert dict(d.margins) == {"hawk": pytest.approx(-0.15), "dove": pytest.approx(0.25)}
    assert why(s, "a", "deal").margin == pytest.approx(0.05)  # the stated utility 0.5
    table = parameter_table(decision_problem(s, "a", "deal"))
    x = table.sample(100_000, rng=2)[:, table.names.index("utility:st:some")]
    mean, var = pooled_moments([Estimate(central=0.3, low=0.2, high=0.4), Estimate(central=0.7, low=0.6, high=0.8)])
    assert x.mean() == pytest.approx(mean, abs=4 * np.sqrt(var / x.size))
    assert x.var() == pytest.approx(var, rel=0.03)
    one = utility_scenario("{some: {x: {central: 0.3, low: 0.2, high: 0.4}}}")
    two = utility_scenario("{some: {x: {central: 0.3, low: 0.2, high: 0.4}, y: {central: 0.3, low: 0.2, high: 0.4}}}")
    a, b = (monte_carlo(t, "a", "deal", draws=2000, rng=4) for t in (one, two))
    assert a.to_dict() == b.to_dict()


def test_why_under_one_analyst_of_a_utility(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    both = "{some: {hawk: {central: 0.3, low: 0.2, high: 0.4}, dove: {central: 0.7, low: 0.6, high: 0.8}}}"
    path.write_text(UTILITIES.format(estimates=both), encoding="utf-8")
    code, stdout, _ = run("why", str(path), "--json", "--analyst", "dove")
    assert code == 0
    assert json.loads(stdout)["margin"] == pytest.approx(0.25)


def test_a_bad_utility_estimates_block_exits_2_naming_the_field(tmp_path: Path) -> None:
    for estimates, field in (
        ("{some: {hawk: {central: 0.3, weight: 0}}}", "actors.a.stances.st.utility_estimates.some"),
        ("{some: {hawk: {central: 1.3}}}", "actors.a.stances.st"),
        ("{most: {hawk: {central: 0.3}}}", "actors.a.stances.st"),
    ):
        path = tmp_path / "bad.yaml"
        path.write_text(UTILITIES.format(estimates=estimates), encoding="utf-8")
        code, _, stderr = run("why", str(path), "--by-analyst")
        assert code == 2, estimates
        assert field in stderr, (estimates, stderr)
        assert "utility_estimates" in stderr, (estimates, stderr)
