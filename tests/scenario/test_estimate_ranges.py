"""Ranges on utilities, decision settings and lever effects (issue 13 §3): the schema and its messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import realpolitik as rp
from realpolitik.cli import app
from realpolitik.scenario.schema import DecisionSettings, Estimate, Lever, Stance
from tests.conftest import SEED_SCENARIO

SEED_TEXT = SEED_SCENARIO.read_text(encoding="utf-8")

RUSSIA_SETTINGS = """\
      horizon: 12        # months of fighting Russia weighs against a deal now
      discount: 0.99     # per month
      temperature: 0.05  # decision noise, in stakes utility
"""
RUSSIA_NATO = "utilities: {membership: 0.0, open_door: 0.2, no_membership: 1.0}"
TARIFFS = "    per_unit: -0.0001\n"


def seed_copy(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The seed with text replacements, beside a copy of its sources (quotes are checked against them)."""
    text = SEED_TEXT
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    shutil.copytree(SEED_SCENARIO.parent / "sources", tmp_path / "sources")
    path = tmp_path / "seed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "160", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


RANGED = (
    (
        RUSSIA_SETTINGS,
        "      horizon: {central: 12, low: 6, high: 24}\n"
        "      discount: {central: 0.99, low: 0.97, high: 1.0, dist: uniform}\n"
        "      temperature: {central: 0.05, low: 0.02, high: 0.1}\n"
        "      note: A year is the planning cycle the Kremlin quotes.\n",
    ),
    (RUSSIA_NATO, "utilities: {membership: 0.0, open_door: {central: 0.2, low: 0.1, high: 0.4}, no_membership: 1.0}"),
    (TARIFFS, "    per_unit: {central: -0.0001, low: -0.0002, high: -0.00005}\n"),
)


def test_written_ranges_keep_the_central_number_where_it_was() -> None:
    """A ranged number's central value stands in the field every command reads; the estimate beside it."""
    d = DecisionSettings.model_validate({"horizon": {"central": 12, "low": 6, "high": 24}, "discount": 0.99})
    assert d.horizon == 12.0
    assert d.ranges["horizon"] == Estimate(central=12, low=6, high=24)
    assert "discount" not in d.ranges
    st = Stance.model_validate(
        {"utilities": {"a": 0.0, "b": {"central": 0.3, "low": 0.1, "high": 0.5}}, "salience": 1}
    )
    assert st.utilities == {"a": 0.0, "b": 0.3}
    assert set(st.utility_ranges) == {"b"}
    lv = Lever.model_validate(
        {"actor": "b", "name": "x", "issue": "land", "unit": "share", "range": [0, 1],
         "per_unit": {"central": 1.0, "low": 0.5, "high": 2.0, "dist": "triangular"}}
    )
    assert lv.per_unit == 1.0
    assert lv.per_unit_range == (0.5, 2.0)
    spread = lv.per_unit_spread()
    assert spread is not None
    assert spread.distribution.value == "triangular"
    # a bare number still works and means "no stated range"
    plain = DecisionSettings.model_validate({"horizon": 12})
    assert plain.ranges == {}


def test_seed_with_ranges_loads_and_why_detail_shows_them(tmp_path: Path) -> None:
    path = seed_copy(tmp_path, *RANGED)
    s = rp.load(path)
    russia = s.actors["russia"]
    assert russia.decision.horizon == 12
    assert set(russia.decision.ranges) == {"horizon", "discount", "temperature"}
    assert russia.stances["nato"].utilities == {"membership": 0.0, "open_door": 0.2, "no_membership": 1.0}
    # the central decision is today's
    assert rp.why(s, "russia", "us-2025").margin == rp.why(rp.load(SEED_SCENARIO), "russia", "us-2025").margin
    code, stdout, _ = run("why", str(path), "--detail", "--draws", "100")
    assert code == 0
    listed = " ".join(stdout.split("lever effects (estimates too):")[1].split())
    assert "[decision:horizon] value, in months: 12 (range 6 to 24)" in listed
    assert "[decision:discount] value, in per month: 0.99 (range 0.97 to 1)" in listed
    assert "[decision:temperature] value, in stakes utility, logit scale: 0.05 (range 0.02 to 0.1)" in listed
    assert listed.count("note: A year is the planning cycle the Kremlin quotes.") == 3
    assert "[utility:nato:open_door] value, in utility (0 worst, 1 ideal): 0.2 (range 0.1 to 0.4)" in listed
    assert "[utility:nato:membership] value, in utility (0 worst, 1 ideal): 0 (no range stated)" in listed
    assert "(range -0.0002 to -5e-05)" in listed
    code, js, _ = run("why", str(path), "--json", "--draws", "100")
    import json

    inputs = {i["id"]: i for i in json.loads(js)["inputs"]}
    assert inputs["decision:horizon"]["estimate"]["low"] == 6
    assert inputs["utility:nato:membership"]["estimate"]["low"] is None


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (RUSSIA_NATO, "utilities: {membership: 0.0, open_door: {central: 0.2, low: 0.1, high: 1.4}, no_membership: 1.0}",
         "actors.russia.stances.nato.utilities"),
        (RUSSIA_NATO, "utilities: {membership: 0.0, open_door: {central: 0.2, lo: 0.1}, no_membership: 1.0}",
         "actors.russia.stances.nato.utilities"),
        ("      horizon: 12 ", "      horizon: {central: 12, low: 0, high: 24} ", "actors.russia.decision.horizon"),
        ("      discount: 0.99 ", "      discount: {central: 0.99, low: 0.9, high: 1.1} ",
         "actors.russia.decision.discount"),
        ("      temperature: 0.05 ", "      temperature: {central: 0.05, sd: 0.02, dist: normal} ",
         "actors.russia.decision.temperature"),
        ("      temperature: 0.05 ", "      temperature: {central: 0.05, low: 0.06, high: 0.1} ",
         "actors.russia.decision.temperature"),
        (TARIFFS, "    per_unit: {central: -0.0001, low: 0.0, high: 0.001}\n", "levers.us.secondary_tariffs.per_unit"),
    ],
)
def test_bad_ranges_exit_2_naming_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    path = seed_copy(tmp_path, (old, new))
    code, stdout, stderr = run("validate", str(path))
    assert code == 2
    assert f"'{field}'" in stderr
    assert str(path) in stderr
    assert "Traceback" not in stdout + stderr


def test_report_lists_the_other_estimates_with_range_and_note(tmp_path: Path) -> None:
    from realpolitik.report import Settings
    from realpolitik.report.render import render_sections
    from realpolitik.report.sections import ReportContext
    from tests.faces import Page

    s = rp.load(seed_copy(tmp_path, *RANGED))
    ctx = ReportContext(s, Settings(actor="russia", offer="us-2025"), draws=200)
    ctx.draw_charts = False
    page = Page(render_sections(ctx, ("why",)))
    assert any(a.get("data-testid") == "input-table" for _, a in page.tags)
    text = " ".join(page.visible.split())
    assert "decision horizon months 12 6 to 24 A year is the planning cycle the Kremlin quotes." in text
    assert "utility of NATO membership for Ukraine: open door utility (0 worst, 1 ideal) 0.2 0.1 to 0.4" in text
    assert "utility of NATO membership for Ukraine: membership utility (0 worst, 1 ideal) 0 no range *" in text


def test_json_schema_accepts_what_the_loader_accepts() -> None:
    """`realpolitik schema` describes bare numbers and ranged forms alike (it rejected both before)."""
    import json

    import jsonschema
    import yaml

    from realpolitik.scenario.schema import Scenario
    from tests.conftest import MINIMAL

    validator = jsonschema.Draft202012Validator(Scenario.model_json_schema())
    ranged = SEED_TEXT
    for old, new in RANGED:
        ranged = ranged.replace(old, new, 1)

    def errors(text: str) -> list[str]:
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))
        return [".".join(map(str, e.path)) for e in validator.iter_errors(data)]

    assert errors(MINIMAL) == []  # bare numbers for saliences and factor values
    assert errors(ranged) == []  # ranged settings, utilities and per_unit
    assert errors(ranged.replace("horizon: {central: 12", "horizon: {centre: 12")) == ["actors.russia.decision.horizon"]
    assert errors(MINIMAL.replace("value: -0.05", "value: {low: 1}")) == ["factors.a.cost.value"]
