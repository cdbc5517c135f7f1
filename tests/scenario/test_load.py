"""Scenario validation: every bad input names the file, the line and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from realpolitik.errors import ScenarioError
from realpolitik.scenario import load, loads
from tests.conftest import SEED_SCENARIO


def test_minimal_scenario_loads(minimal_text: str) -> None:
    s = loads(minimal_text)
    assert set(s.actors) == {"a", "b"}
    assert s.factors["a.p"].value.high == 0.8


def problems(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        loads(text, name="bad.yaml")
    return str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "actor: a\n    name: chance",
            "actor: zz\n    name: chance",
            ["factors.a.p.actor", "unknown actor 'zz'"],
        ),
        ("evidence: [e1]", "evidence: [nope]", ["factors.a.p.evidence.0", "unknown evidence 'nope'"]),
        ("{source: doc,", "{source: elsewhere,", ["evidence.e1.source", "unknown source"]),
        ("proposer: b", "proposer: c", ["offers.deal.proposer", "unknown actor 'c'"]),
        ("to: [a]", "to: [a, q]", ["offers.deal.to.1", "unknown actor 'q'"]),
        ("terms: {land: 0.5}", "terms: {land: 1.5}", ["offers.deal.terms.land", "[0, 1]"]),
        ("terms: {land: 0.5}", "terms: {sea: 0.5}", ["offers.deal.terms.sea", "unknown issue"]),
        ("factor: a.cost", "factor: a.gone", ["levers.b.sanctions.factor", "unknown factor"]),
        ("central: 0.6, low: 0.4, high: 0.8", "central: 1.2, low: 0.4, high: 1.3", ["factors.a.p", "[0, 1]"]),
        ("central: 0.6, low: 0.4, high: 0.8", "central: .nan", ["factors.a.p.value", "finite"]),
        ("value: -0.05", "value: .inf", ["factors.a.cost.value", "finite"]),
        ("value: -0.05", "value: [1, 2]", ["factors.a.cost.value"]),
        (
            "central: 0.6, low: 0.4, high: 0.8",
            "central: 0.6, low: 0.7, high: 0.8",
            ["low <= central <= high"],
        ),
        ("kind: flow", "kind: stream", ["factors.a.cost.kind", "'win_probability'"]),
        (
            "side: continue\n    value: -0.05",
            "sides: continue\n    value: -0.05",
            ["factors.a.cost.sides", "unknown field"],
        ),
        ("schema_version: 1", "schema_version: 7", ["schema_version", "reads schema_version 1"]),
        ("discount: 1.0", "discount: 1.5", ["actors.a.decision.discount", "less than or equal to 1"]),
        ("range: [0, 10]", "range: [10, 0]", ["levers.b.sanctions", "low < high"]),
        (
            "land: {ideal: 1, salience: 1}",
            "land: {ideal: 1, salience: -1}",
            ["actors.a.stances.land", "non-negative"],
        ),
        ("name: Alpha", "nam: Alpha", ["actors.a.nam", "unknown field"]),
        ("to: [a]", "to: []", ["'offers.deal.to': must list at least 1 item; got none."]),
        ("{title: A test document}", "{title: A test document, date: 2025-13-01}", ["sources.doc.date", "month", "2025-13-01"]),
        ("terms: {land: 0.5}", "terms: {land: [1, 2]}", ["'offers.deal.terms.land': Input should be a valid number, or a valid string"]),
        ("value: -0.05", "value: high", ["factors.a.cost.value", "expected a number or a mapping with 'central'; got 'high'"]),
    ],
)
def test_bad_input_names_field_and_line(minimal_text: str, old: str, new: str, expected: list[str]) -> None:
    assert old in minimal_text, old
    message = problems(minimal_text.replace(old, new, 1))
    assert "bad.yaml:" in message
    for fragment in expected:
        assert fragment in message, (fragment, message)


def test_line_number_points_at_the_offending_key(minimal_text: str) -> None:
    text = minimal_text.replace("proposer: b", "proposer: c")
    line = text.splitlines().index("    proposer: c") + 1
    assert f"bad.yaml:{line}: 'offers.deal.proposer'" in problems(text)


@pytest.mark.parametrize(
    ("old", "new", "line_of", "field", "fragment"),
    [
        ("range: [0, 10]", "range: [10, 0]", "range: [10, 0]", "levers.b.sanctions.range", "must be [low, high]"),
        ("land: {ideal: 1, salience: 1}", "land: {ideal: 1,\n        salience: -1}", "salience: -1}", "actors.a.stances.land.salience", "must be non-negative"),
    ],
)
def test_object_checks_point_at_the_field_they_name(
    minimal_text: str, old: str, new: str, line_of: str, field: str, fragment: str
) -> None:
    # A model-level check used to report the lever's or stance's own line and path.
    assert old in minimal_text, old
    text = minimal_text.replace(old, new, 1)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.rstrip().endswith(line_of))
    assert f"bad.yaml:{line}: '{field}': {fragment}" in problems(text)


def test_all_problems_reported_at_once(minimal_text: str) -> None:
    text = minimal_text.replace("proposer: b", "proposer: c").replace("evidence: [e1]", "evidence: [x]")
    with pytest.raises(ScenarioError) as info:
        loads(text)
    assert len(info.value.problems) == 2


def test_duplicate_keys_are_errors_not_silently_dropped(minimal_text: str) -> None:
    text = minimal_text.replace("  b:\n    name: Beta", "  a:\n    name: Beta")
    message = problems(text)
    assert "duplicate key 'actors.a'" in message
    assert "first defined on line" in message


def test_invalid_yaml_gives_line() -> None:
    message = problems("title: [unclosed\nactors: {}\n")
    assert "not valid YAML" in message
    assert "bad.yaml:" in message


def test_bad_indentation_says_so_in_plain_words() -> None:
    message = problems("schema_version: 1\ntitle: x\nactors:\n  a:\n    name: A\n   b: {name: B}\n")
    assert "bad.yaml:6:" in message
    assert "Check the indentation" in message


@pytest.mark.parametrize("text", ["", "- a list\n", "just a string\n"])
def test_not_a_mapping(text: str) -> None:
    assert "bad.yaml:1" in problems(text)


def test_nested_aliases_are_not_walked_exponentially() -> None:
    """A 'billion laughs' file (9 levels of 9 aliases) is rejected at once, not expanded."""
    text, prev = "a: &a [x, x, x, x, x, x, x, x, x]\n", "a"
    for i in range(1, 10):
        text += f"l{i}: &l{i} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
        prev = f"l{i}"
    assert "bad.yaml:7: expands to more than 1,000,000 values through aliases" in problems(text)


def test_missing_file() -> None:
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load("does/not/exist.yaml")


def test_quote_must_be_verbatim_in_source(tmp_path: Path, minimal_text: str) -> None:
    (tmp_path / "doc.txt").write_text("He said: “we will fight on” today.", encoding="utf-8")
    text = minimal_text.replace("{title: A test document}", "{title: A test document, path: doc.txt}")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    load(path)  # straight quotes in the scenario still match typographic ones
    path.write_text(text.replace("we will fight on", "we will fight forever"), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"evidence\.e1\.quote.*not found verbatim"):
        load(path)


def test_seed_scenario_quotes_are_verbatim() -> None:
    s = load(SEED_SCENARIO)
    assert len(s.evidence) >= 10
    assert {f.category.value for f in s.factors.values() if f.actor == "russia"} >= {
        "battlefield",
        "economy",
        "domestic_politics",
        "security",
        "international_support",
        "pressure_levers",
    }


def test_readme_minimal_scenario_is_valid() -> None:
    """The user guide's smallest scenario must keep working as the format evolves."""
    import realpolitik as rp

    readme = (SEED_SCENARIO.parent.parent / "docs" / "guide.md").read_text(encoding="utf-8")
    start = readme.index("```yaml", readme.index("## Scenario files")) + len("```yaml")
    s = loads(readme[start : readme.index("```", start)], name="docs/guide.md")
    assert rp.why(s, actor="north", offer="split").decision == "reject"


def test_validate_reports_schema_and_reference_errors_in_one_run(tmp_path: Path) -> None:
    """A bad date, a bad category and an unknown evidence id: one run reports all three."""
    from tests.conftest import SEED_SCENARIO

    text = SEED_SCENARIO.read_text(encoding="utf-8")
    text = text.replace("    date: 2025-07-30\n    path:", "    date: 2025-13-45\n    path:", 1)
    text = text.replace("    category: security\n", "    category: economics\n", 1)
    text = text.replace("evidence: [war-economy, loyalists, economic-model]", "evidence: [war-economy, nope]", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(SEED_SCENARIO.parent / "sources", tmp_path / "sources")
    with pytest.raises(ScenarioError) as info:
        load(path)
    problems = info.value.problems
    assert any("'sources.seed.date'" in p for p in problems)
    assert any(".category'" in p and "economics" in p for p in problems)
    assert any("unknown evidence 'nope'" in p for p in problems)
