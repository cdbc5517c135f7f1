"""Results as tables: --csv round-trips, .to_frame() and the notebook HTML view."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import realpolitik as rp
from realpolitik.analysis.tables import read_csv, write_csv
from realpolitik.cli import app
from tests.conftest import SEED_SCENARIO

runner = CliRunner()


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def _numbers(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if isinstance(v, float)} for r in rows]


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("why", ("--draws", "100")),
        ("levers", ("--draws", "200", "--seed", "0", "--lever", "us.arms_via_europe")),
        ("deals", ("--top", "2")),
        ("simulate", ("--paths", "200", "--seed", "1", "--schedule", "arms-via-europe")),
    ],
)
def test_csv_round_trips(tmp_path: Path, command: str, extra: tuple[str, ...]) -> None:
    """The CSV a command writes reads back to the same numbers as its result's rows."""
    path = tmp_path / f"{command}.csv"
    res = runner.invoke(app, [command, str(SEED_SCENARIO), *extra, "--csv", str(path)])
    assert res.exit_code == 0, res.stderr
    assert f"rows to {path}" in res.stderr
    back = read_csv(path)
    assert back
    again = tmp_path / "again.csv"
    write_csv(again, back)
    assert read_csv(again) == back  # a fixed point: nothing lost or reformatted
    assert all(isinstance(v, float) for r in _numbers(back) for v in r.values())


def test_why_rows_frame_and_html_agree() -> None:
    r = rp.why(rp.load(SEED_SCENARIO), "russia", "us-2025")
    rows = r.rows()
    assert sum(row["contribution"] for row in rows) == pytest.approx(r.margin, abs=1e-12)
    frame = r.to_frame()
    assert list(frame.columns) == list(rows[0])
    assert frame["contribution"].sum() == pytest.approx(r.margin, abs=1e-12)
    html = r._repr_html_()
    assert html.startswith("<table>")
    assert "NATO membership for Ukraine: no membership" in html


def test_csv_values_equal_the_result(tmp_path: Path) -> None:
    r = rp.why(rp.load(SEED_SCENARIO), "russia", "us-2025")
    path = tmp_path / "why.csv"
    write_csv(path, r.rows())
    back = read_csv(path)
    for got, want in zip(back, r.rows(), strict=True):
        assert got["id"] == want["id"]
        assert got["contribution"] == want["contribution"]  # repr() keeps every digit


def test_html_view_escapes_input() -> None:
    from realpolitik.analysis.tables import Tabular

    class Hostile(Tabular):
        def rows(self) -> list[dict[str, object]]:
            return [{"name": "<script>alert(1)</script>"}]

    assert "<script>" not in Hostile()._repr_html_()
