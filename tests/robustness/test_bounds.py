"""Options that size a run are checked against memory before any work starts:
a run that cannot fit is refused with its estimate (exit 2), never a NumPy
out-of-memory traceback minutes later."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.analysis import ensemble
from realpolitik.cli import app
from tests.conftest import SEED_SCENARIO

runner = CliRunner()
S = str(SEED_SCENARIO)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["sensitivity", S, "--draws", "1000000000"], "'--draws' of sensitivity"),
        (["levers", S, "--draws", "1000000000"], "'--draws' of levers"),
        (["simulate", S, "--paths", "1000000000"], "'--paths' of simulate"),
        (["deals", S, "--grid", "1000000000"], "'--grid' of deals"),
        (["deals", S, "--samples", "1000000000000"], "'--samples' of deals"),
        (["forecast", S, "--issue", "territory", "--draws", "1000000000"], "'--draws' of forecast"),
        (["forecast", S, "--issue", "territory", "--rounds", "1000000000"], "'--rounds' of forecast"),
    ],
)
def test_oversized_runs_are_refused_at_once(args: list[str], option: str) -> None:
    start = time.monotonic()
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert option in result.stderr
    assert "Traceback" not in result.output
    assert time.monotonic() - start < 30  # refused before the work, not after


def test_the_message_gives_the_estimate_and_what_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REALPOLITIK_MEMORY_MB", "1024")
    result = runner.invoke(app, ["sensitivity", S, "--draws", "1000000000"])
    assert result.exit_code == 2
    assert "must be at most" in result.stderr
    assert "GiB of memory and 1.0 GiB is available" in result.stderr
    assert "REALPOLITIK_MEMORY_MB" in result.stderr


def test_actor_count_is_bounded_by_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(f"a{i},1,{i % 7},0.5\n" for i in range(2000))
    (tmp_path / "t.csv").write_text("actor,capability,position,salience\n" + rows, encoding="utf-8")
    monkeypatch.setenv("REALPOLITIK_MEMORY_MB", "64")
    result = runner.invoke(app, ["forecast", str(tmp_path / "t.csv"), "--rounds", "1"])
    assert result.exit_code == 2, result.output
    assert "must hold at most about" in result.stderr
    assert "got 2,000" in result.stderr


def test_unreachable_scheduler_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(ensemble, "SCHEDULER_TIMEOUT", 1)
    start = time.monotonic()
    result = runner.invoke(app, ["levers", S, "--draws", "100", "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2, result.output
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.stderr
    assert time.monotonic() - start < 20


def test_single_actor_and_extra_csv_fields_warn(tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text("actor,capability,position,salience\nsolo,1,3,1\n", encoding="utf-8")
    result = runner.invoke(app, ["forecast", str(tmp_path / "one.csv"), "--model", "median"])
    assert result.exit_code == 0, result.output
    assert "warning: issue" in result.stderr
    assert "single actor (solo)" in result.stderr
    (tmp_path / "extra.csv").write_text(
        "actor,capability,position,salience\na,1,3,1\nb,1,5,1,surplus\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["forecast", str(tmp_path / "extra.csv"), "--model", "median"])
    assert result.exit_code == 0, result.output
    assert "line(s) 3 have more fields than the header's 4" in result.stderr
