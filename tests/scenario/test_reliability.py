"""Source reliability: Admiralty ratings and flags widen weakly supported ranges (docs/reliability.md)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from realpolitik.analysis.decision import decision_problem, why
from realpolitik.analysis.levers import levers
from realpolitik.errors import ScenarioError
from realpolitik.scenario import Scenario, loads
from realpolitik.scenario.reliability import effective_value, item_multiplier, widening
from tests.conftest import SEED_SCENARIO

SHIPPED_TEXT = SEED_SCENARIO.read_text(encoding="utf-8")
# The seed as it was before its evidence was rated: these tests add their own ratings.
SEED_TEXT = re.sub(r"\n    rating: [A-F][1-6]\n    rating_note: (>\n(      .*\n)+|.*\n)", "\n", SHIPPED_TEXT)
SOURCE_LINE = "    path: sources/000_9fcc4190711d031d.txt\n"


def seed(source_extra: str = "", replace: tuple[tuple[str, str], ...] = ()) -> Scenario:
    text = SEED_TEXT.replace(SOURCE_LINE, SOURCE_LINE + source_extra)
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    return loads(text, name="seed.yaml", base_dir=SEED_SCENARIO.parent)


# The two evidence items behind russia.battlefield_initiative, downgraded to D4.
DOWNGRADED = (
    ("    quote: Putin’s most immediate reason", "    rating: D4\n    quote: Putin’s most immediate reason"),
    ("    quote: there is no question that Putin", "    rating: D4\n    quote: there is no question that Putin"),
)


def _levers(s: Scenario) -> tuple[tuple[float, ...], tuple[float, float] | None]:
    (ans,) = levers(s, "russia", "us-2025", ["us.secondary_tariffs"], draws=64, rng=3).answers
    return ans.p_accept, ans.interval


def test_all_sources_rated_a1_change_nothing() -> None:
    plain, rated = seed(), seed("    rating: A1\n")
    a, b = why(plain, "russia", "us-2025"), why(rated, "russia", "us-2025")
    assert (a.margin, a.p_accept, a.rows()) == (b.margin, b.p_accept, b.rows())
    assert {ev.rating for c in b.contributions for ev in c.evidence} == {"A1"}
    p, r = decision_problem(plain, "russia", "us-2025"), decision_problem(rated, "russia", "us-2025")
    assert p.factor_values == r.factor_values
    assert _levers(plain) == _levers(rated)


def test_downgrading_one_factors_evidence_widens_its_range_by_the_rule() -> None:
    s = seed("    rating: A1\n", DOWNGRADED)
    # Default rule: D -> 1.5, 4 -> 1.5, so x2.25 on the half-widths 0.15 either side of 0.55,
    # clipped to [0, 1]: 0.55 -+ 0.3375 = 0.2125 to 0.8875.
    w = widening(s, "russia.battlefield_initiative")
    assert w.multiplier == pytest.approx(2.25)
    e = effective_value(s, "russia.battlefield_initiative")
    assert e.central == 0.55
    assert (e.low, e.high) == (pytest.approx(0.2125), pytest.approx(0.8875))
    # attrition_trend cites `attrition` (D4) and `inevitable-collapse` (A1): its best support is A1.
    assert widening(s, "russia.attrition_trend").multiplier == 1.0
    # The central decision is unchanged; levers' P(accept) curve and threshold interval change.
    assert why(s, "russia", "us-2025").margin == why(seed(), "russia", "us-2025").margin
    assert _levers(s) != _levers(seed())


def test_flags_multiply_and_the_rule_is_configurable() -> None:
    s = seed(
        "    rating: B2\n    flags: [state_affiliated]\n",
        (("\nevidence:\n", "\nreliability:\n  flags: {state_affiliated: 3}\nevidence:\n"),),
    )
    assert item_multiplier(s, "thinks-winning") == 3.0
    e = effective_value(s, "russia.war_economy_rents")  # 0.008 (0.004 to 0.014)
    assert (e.low, e.high) == (pytest.approx(0.008 - 3 * 0.004), pytest.approx(0.008 + 3 * 0.006))


def test_a_factor_citing_no_evidence_keeps_its_range() -> None:
    s = seed("    rating: E5\n")
    assert effective_value(s, "russia.casualties") == s.factors["russia.casualties"].value


def test_why_shows_the_rating_beside_the_quote_and_the_widening() -> None:
    r = why(seed("    rating: A1\n", DOWNGRADED), "russia", "us-2025")
    row = next(c for c in r.contributions if c.id == "russia.battlefield_initiative")
    assert {ev.rating for ev in row.evidence} == {"D4"}
    assert row.estimate is not None
    assert row.estimate.low == pytest.approx(0.2125)
    assert row.estimate.note is not None
    assert "widened x2.25" in row.estimate.note


@pytest.mark.parametrize(
    ("extra", "replace", "field", "expected"),
    [
        ("    rating: G2\n", (), "sources.seed.rating", "Admiralty rating"),
        ("    rating: A7\n", (), "sources.seed.rating", "Admiralty rating"),
        ("    flags: [biased]\n", (), "sources.seed.flags", "state_affiliated"),
        (
            "",
            ((DOWNGRADED[0][0], "    flags: [retracted]\n" + DOWNGRADED[0][0]),),
            "factors.russia.battlefield_initiative.evidence.0",
            "retracted",
        ),
        ("", (("\nevidence:\n", "\nreliability:\n  source: {C: 0.5}\nevidence:\n"),), "reliability", "at least 1"),
    ],
)
def test_bad_ratings_name_the_field(
    extra: str, replace: tuple[tuple[str, str], ...], field: str, expected: str
) -> None:
    with pytest.raises(ScenarioError) as info:
        seed(extra, replace)
    assert field in str(info.value)
    assert expected in str(info.value)


def test_why_command_prints_the_rating_beside_each_quote(tmp_path: Path) -> None:
    from tests.test_cli import run

    text = SEED_TEXT.replace(SOURCE_LINE, SOURCE_LINE + "    rating: A1\n")
    for old, new in DOWNGRADED:
        text = text.replace(old, new)
    path = tmp_path / "rated.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(SEED_SCENARIO.parent / "sources", tmp_path / "sources")
    code, stdout, _ = run("why", str(path), "--detail")
    assert code == 0
    assert "(seed, rated D4)" in stdout
    assert "(seed, rated A1)" in stdout
    assert "range widened x2.25 by the reliability rule" in stdout


def test_the_shipped_seed_rates_every_item_with_a_note_and_widens_mind_reading_factors() -> None:
    from realpolitik.scenario import load
    from realpolitik.scenario.reliability import evidence_rating, widenings

    assert "rating:" not in SEED_TEXT  # the helper above really strips them
    s = load(SEED_SCENARIO)
    assert s.sources["seed"].rating == "B2"
    assert s.sources["seed"].rating_note
    for eid, ev in s.evidence.items():
        assert ev.rating in ("B2", "B3"), eid
        assert ev.rating_note, eid
        assert evidence_rating(s, eid) == ev.rating
    # B3 -> 1.0 x 1.25: a factor all of whose evidence reads minds or the future is widened x1.25;
    # one citing any B2 item keeps its range (its best support sets it).
    widened = {w.factor: w.multiplier for w in widenings(s)}
    assert widened == {
        "russia.battlefield_initiative": 1.25, "russia.attrition_trend": 1.25, "russia.war_economy_rents": 1.25,
        "russia.sanctions_cost": 1.25, "ukraine.battlefield": 1.25, "ukraine.attrition_trend": 1.25,
    }  # fmt: skip
    e = effective_value(s, "russia.battlefield_initiative")
    assert (e.low, e.high) == (pytest.approx(0.3625), pytest.approx(0.7375))  # 0.55 -+ 1.25 x 0.15
    assert widening(s, "russia.political_grip").multiplier == 1.0  # `opponents` is B2


def test_levers_prints_the_rating_beside_each_quote_and_the_widened_ranges() -> None:
    import json

    from tests.test_cli import run

    args = ("levers", str(SEED_SCENARIO), "--lever", "us.arms_via_europe", "--draws", "200", "--seed", "1")
    code, stdout, _ = run(*args)
    assert code == 0
    assert "us.arms_via_europe: “The latest warning follows" in stdout
    assert "(seed, rated B2)" in stdout
    assert "(seed, rated B3)" in stdout
    assert "battlefield initiative: range widened x1.25 by the reliability rule, its best evidence rated" in stdout
    code, stdout, _ = run(*args, "--json")
    rel = json.loads(stdout)["reliability"]
    assert [e["rating"] for e in rel["lever_evidence"]["us.arms_via_europe"]] == ["B2", "B3"]
    assert {w["factor"] for w in rel["widened"]} >= {"russia.battlefield_initiative", "russia.attrition_trend"}


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("    rating: B2\n    rating_note: >\n", "    rating: Z2\n    rating_note: >\n", "sources.seed.rating"),
        ("    rating: B3\n    rating_note: \"possibly true: a reading of Putin", "    flags: [retracted]\n"
         "    rating: B3\n    rating_note: \"possibly true: a reading of Putin", "factors.russia.battlefield_initiative"),
    ],
)
def test_bad_ratings_exit_2_naming_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    """An unknown rating letter, and a retracted item backing a number, on the command line."""
    from tests.test_cli import run

    assert SHIPPED_TEXT.count(old) == 1
    path = tmp_path / "bad.yaml"
    path.write_text(SHIPPED_TEXT.replace(old, new), encoding="utf-8")
    shutil.copytree(SEED_SCENARIO.parent / "sources", tmp_path / "sources")
    code, _, stderr = run("why", str(path))
    assert code == 2
    assert field in stderr
    assert "Traceback" not in stderr
