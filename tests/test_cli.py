"""The command line: golden output, JSON, and exit code 2 on bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.scenario.reliability import effective_value
from tests.conftest import ROOT, SEED_SCENARIO

runner = CliRunner()
GOLDEN = ROOT / "tests" / "golden"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "120", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_why_golden_seed() -> None:
    """Golden file; regenerate with REALPOLITIK_UPDATE_GOLDEN=1 after a deliberate change."""
    code, stdout, _ = run("why", str(SEED_SCENARIO), "--actor", "russia", "--offer", "us-2025")
    assert code == 0
    golden = GOLDEN / "why_seed.txt"
    if os.environ.get("REALPOLITIK_UPDATE_GOLDEN"):
        golden.write_text(stdout, encoding="utf-8")
    assert stdout == golden.read_text(encoding="utf-8")


def test_why_json_is_stable_and_sums() -> None:
    code, stdout, _ = run("why", str(SEED_SCENARIO), "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["actor"] == "russia"
    assert data["decision"] == "reject"
    assert {"margin", "acceptance", "contributions", "offer_value", "reservation_value", "inputs"} <= set(data)
    # one P(accept): the reconciled block's, never a second top-level figure beside it
    assert "p_accept" not in data
    assert data["acceptance"]["quote"] == "p_accept"
    assert 0 <= data["acceptance"]["p_central"]["estimate"] <= 1
    total = sum(c["contribution"] for c in data["contributions"])
    assert total == pytest.approx(data["margin"], abs=1e-12)


def test_why_reads_stdin(minimal_text: str) -> None:
    code, stdout, _ = run("why", "-", "--json", stdin=minimal_text)
    assert code == 0
    assert json.loads(stdout)["offer"] == "deal"


def test_validate_ok(minimal_file: Path) -> None:
    code, stdout, _ = run("validate", str(minimal_file))
    assert code == 0
    assert "valid" in stdout


def test_schema_is_json_schema() -> None:
    code, stdout, _ = run("schema")
    assert code == 0
    schema = json.loads(stdout)
    assert "actors" in schema["properties"]
    assert "$defs" in schema


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("proposer: b", "proposer: c", "offers.deal.proposer"),
        ("evidence: [e1]", "evidence: [nope]", "factors.a.p.evidence.0"),
        ("central: 0.6, low: 0.4, high: 0.8", "central: 1.5", "factors.a.p"),
        ("central: 0.6, low: 0.4, high: 0.8", "central: .nan", "factors.a.p.value"),
        ("value: -0.05", "value: .inf", "factors.a.cost.value"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "why"])
def test_bad_input_exits_2_naming_field(
    tmp_path: Path, minimal_text: str, command: str, old: str, new: str, field: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(minimal_text.replace(old, new), encoding="utf-8")
    code, stdout, stderr = run(command, str(path))
    assert code == 2
    assert field in stderr
    assert str(path) in stderr
    assert "Traceback" not in stderr + stdout


@pytest.mark.parametrize(("option", "value"), [("--actor", "nobody"), ("--offer", "nothing")])
def test_unknown_actor_or_offer_exits_2(option: str, value: str) -> None:
    code, _, stderr = run("why", str(SEED_SCENARIO), option, value)
    assert code == 2
    assert value in stderr


def test_missing_file_exits_2() -> None:
    code, _, stderr = run("why", "no-such-file.yaml")
    assert code == 2
    assert "no such scenario file" in stderr


def test_why_detail_lists_every_estimate_with_range_note_and_evidence() -> None:
    import realpolitik as rp

    code, stdout, _ = run("why", str(SEED_SCENARIO), "--detail", "--draws", "200")
    assert code == 0
    assert "Estimates (every number the answer rests on):" in stdout
    after = stdout.split("Estimates (every number the answer rests on):")[1]
    rows, inputs = after.split("Decision settings, utilities of each level and lever effects (estimates too):")
    detail = " ".join(rows.split())
    s = rp.load(SEED_SCENARIO)
    for fid, f in s.factors.items():
        if f.actor != "russia":
            continue
        assert f.name in detail, fid
        shown = effective_value(s, fid)  # as widened by the evidence ratings
        assert f"range {shown.low:.4g} to {shown.high:.4g}" in detail, fid
        if f.note:
            assert " ".join(f.note.split()) in detail, fid
    assert detail.count("note: none given") == sum(
        1 for f in s.factors.values() if f.actor == "russia" and not f.note
    ) + len(s.actors["russia"].stances)
    # the settings, every level's utility and every lever acting on russia, each marked as unranged
    listed = " ".join(inputs.split("Evidence:")[0].split())
    russia = s.actors["russia"]
    ids = ["decision:horizon", "decision:discount", "decision:temperature"]
    ids += [f"utility:{i}:{lv}" for i, st in russia.stances.items() for lv in (st.utilities or {})]
    ids += [
        f"per_unit:{lid}" for lid, lv in s.levers.items()
        if lv.issue in russia.stances or (lv.factor and s.factors[lv.factor].actor == "russia")
    ]
    assert all(f"[{i}]" in listed for i in ids)
    assert listed.count("(no range stated)") == len(ids)
    assert " ".join(s.levers["us.secondary_tariffs"].note.split()) in listed


def test_why_marks_numbers_without_a_range(minimal_text: str) -> None:
    """A bare number is an estimate with no stated range: the table marks it and says what that means."""
    code, stdout, _ = run("why", "-", "--draws", "50", stdin=minimal_text)
    assert code == 0
    assert "no range *" in stdout
    assert "* no range stated" in stdout
    _, js, _ = run("why", "-", "--json", "--draws", "50", stdin=minimal_text)
    rows = {c["id"]: c for c in json.loads(js)["contributions"]}
    assert rows["land"]["estimate"]["low"] is None
    assert rows["status_quo"]["kind"] == "status_quo"
