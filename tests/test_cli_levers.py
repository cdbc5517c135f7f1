"""`realpolitik levers` and `realpolitik sensitivity`: JSON, the seed scenario's answer, exit code 2."""

from __future__ import annotations

import itertools
import json

import pytest
from typer.testing import CliRunner

from realpolitik.analysis.ensemble import local_cluster
from realpolitik.cli import app
from tests.conftest import SEED_SCENARIO

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "120", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_levers_json_on_the_seed_scenario() -> None:
    code, stdout, _ = run("levers", str(SEED_SCENARIO), "--draws", "2048", "--seed", "0", "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["actor"] == "russia"
    assert data["offer"] == "us-2025"
    assert data["seed"] == 0
    assert data["q"] == 0.5
    answers = {a["lever"]: a for a in data["answers"]}
    assert len(answers) == 5
    for a in answers.values():
        assert a["found"] == (a["threshold"] is not None)
        assert all(0 <= p <= 1 for p in a["p_accept"])
        assert a["p_current"] == pytest.approx(data["baseline"]["p_accept"]["estimate"])  # same draws
    assert data["baseline"]["p_accept"]["estimate"] < 0.5


def test_levers_text_answers_every_lever() -> None:
    code, stdout, _ = run("levers", str(SEED_SCENARIO), "--draws", "1024", "--seed", "1")
    assert code == 0
    assert "What would make P(accept) >= 0.5?" in stdout
    for lever in (
        "us.arms_via_europe",
        "us.secondary_tariffs",
        "us.deadline_credibility",
        "us.statehood_concession",
    ):
        assert f"{lever}: " in stdout


def test_levers_same_seed_same_json() -> None:
    args = (
        "levers",
        str(SEED_SCENARIO),
        "--lever",
        "us.arms_via_europe",
        "--draws",
        "512",
        "--seed",
        "3",
        "--json",
    )
    assert run(*args)[1] == run(*args)[1]


def test_levers_on_a_dask_scheduler_match_one_process() -> None:
    # An in-process cluster (threads) behind --scheduler: reliable on a loaded CI machine. The
    # --workers path (worker processes) is exercised by benchmarks/bench_montecarlo.py, which
    # asserts the same identity.
    pytest.importorskip("distributed")
    base = (
        "levers",
        str(SEED_SCENARIO),
        "--lever",
        "us.secondary_tariffs",
        "--draws",
        "4096",
        "--seed",
        "5",
        "--json",
    )
    code, one, _ = run(*base)
    with local_cluster(2, processes=False) as cluster:
        code2, many, _ = run(*base, "--scheduler", cluster.scheduler_address)
    assert code == code2 == 0
    assert json.loads(one) == json.loads(many)


PAIR = "us.arms_via_europe,us.secondary_tariffs"


def test_levers_pair_json_shape_and_common_random_numbers() -> None:
    args = ("--lever", "us.secondary_tariffs", "--draws", "1024", "--seed", "2", "--pair-grid", "31")
    code, stdout, _ = run("levers", str(SEED_SCENARIO), *args, "--pair", PAIR, "--json")
    assert code == 0
    data = json.loads(stdout)
    g = data["pair"]
    assert g["levers"] == ["us.arms_via_europe", "us.secondary_tariffs"]
    assert g["q"] == 0.5
    assert g["draws"] == 1024
    rows, cols = g["intensities"]
    assert len(rows) == len(cols) == 31
    p = g["p_accept"]
    assert [len(r) for r in p] == [31] * 31
    assert g["reaches_q"] == [[x >= 0.5 for x in r] for r in p]
    # Same draws as the one-lever search: the row with arms at its current level (0) is the
    # tariff lever's own curve, and the corner is the baseline.
    (tariffs,) = data["answers"]
    assert tariffs["intensities"] == cols
    assert p[rows.index(0.0)] == pytest.approx(tariffs["p_accept"], rel=1e-12)
    assert p[0][0] == pytest.approx(data["baseline"]["p_accept"]["estimate"], rel=1e-12)
    # Both levers lower Russia's value of fighting on: P(accept) rises along rows and columns.
    assert all(b >= a for r in p for a, b in itertools.pairwise(r))
    assert all(b >= a for c in zip(*p, strict=True) for a, b in itertools.pairwise(c))


def test_levers_pair_text_grid_marks_cells_at_or_above_q() -> None:
    args = ("--lever", "us.arms_via_europe", "--draws", "1024", "--seed", "2", "--pair-grid", "5")
    code, stdout, _ = run("levers", str(SEED_SCENARIO), *args, "--pair", PAIR)
    assert code == 0
    lines = stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "rows \\ cols" in line)
    assert lines[head].split()[3:] == ["0", "25", "50", "75", "100"]
    body = lines[head + 1 : head + 6]
    assert [line.split()[0] for line in body] == ["0", "7.5", "15", "22.5", "30"]
    cells = [cell for line in body for cell in line.split()[1:]]
    assert len(cells) == 25
    marked = [c.endswith("*") for c in cells]
    assert marked == [float(c.rstrip("*")) >= 0.5 for c in cells]
    assert f"{sum(marked)} of 25 combinations" in lines[head + 6]


def test_levers_without_pair_has_null_pair_in_json() -> None:
    args = ("--lever", "us.arms_via_europe", "--draws", "256", "--seed", "0", "--json")
    code, stdout, _ = run("levers", str(SEED_SCENARIO), *args)
    assert code == 0
    assert json.loads(stdout)["pair"] is None


def test_sensitivity_json_ranks_battlefield_first() -> None:
    code, stdout, _ = run("sensitivity", str(SEED_SCENARIO), "--draws", "256", "--seed", "0", "--json")
    assert code == 0
    data = json.loads(stdout)
    totals = [i["total"] for i in data["indices"]]
    assert totals == sorted(totals, reverse=True)
    assert data["indices"][0]["name"] in {"russia.attrition_trend", "russia.battlefield_initiative"}


def test_sensitivity_text() -> None:
    code, stdout, _ = run("sensitivity", str(SEED_SCENARIO), "--draws", "128", "--seed", "0")
    assert code == 0
    assert "Sobol' indices of the margin" in stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("levers", "--lever", "us.nope"), "lever"),
        (("levers", "--actor", "mars"), "actor"),
        (("levers", "--draws", "0"), "draws"),
        (("levers", "--draws", "-3"), "draws"),
        (("levers", "--quantile", "1.5"), "quantile"),
        (("levers", "--design", "halton"), "design"),
        (("levers", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"), "not both"),
        (("levers", "--pair", "us.arms_via_europe,us.nope"), "us.nope"),
        (("levers", "--pair", "us.nope,us.arms_via_europe"), "--pair"),
        (("levers", "--pair", "us.arms_via_europe,us.arms_via_europe"), "two different levers"),
        (("levers", "--pair", "us.arms_via_europe"), "two lever ids"),
        (("levers", "--pair", "us.arms_via_europe,us.secondary_tariffs,us.statehood_concession"), "--pair"),
        (("levers", "--pair", "us.arms_via_europe,us.secondary_tariffs", "--pair-grid", "1"), "pair-grid"),
        (("sensitivity", "--actor", "mars"), "actor"),
        (("sensitivity", "--draws", "1"), "n"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: tuple[str, ...], needle: str) -> None:
    command, *rest = args
    code, _, stderr = run(command, str(SEED_SCENARIO), *rest)
    assert code == 2
    assert needle in stderr
