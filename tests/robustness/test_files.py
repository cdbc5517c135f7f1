"""Hostile files at every read boundary: devices, FIFOs, folders, oversized files,
paths outside the scenario's folder. Each gives exit 2 and a message naming the
file, never a traceback or an unbounded read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.errors import EvidenceError, InputError, ScenarioError, TableError
from realpolitik.evidence.ingest import read_article
from realpolitik.guard import limit_for, read_bytes
from realpolitik.scenario import load
from realpolitik.scenario.tables import read_actor_tables
from tests.conftest import MINIMAL

runner = CliRunner()


def _with_source(tmp_path: Path, source_path: str) -> Path:
    text = MINIMAL.replace("doc: {title: A test document}", f"doc: {{title: A doc, path: {source_path!r}}}")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    return scenario


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_as_source_is_refused_unread(tmp_path: Path, device: str) -> None:
    scenario = _with_source(tmp_path, device)
    with pytest.raises(ScenarioError, match=r"'sources\.doc\.path': must lie in the scenario's folder"):
        load(scenario)
    # Even where the folder is allowed, a device is not a regular file.
    with pytest.raises(ScenarioError, match=r"a device, pipe or socket, not a regular file"):
        load(scenario, source_dirs=[Path("/dev")])


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ScenarioError, match="a device, pipe or socket"):
        load(_with_source(tmp_path, "pipe.txt"))
    with pytest.raises(EvidenceError, match=r"pipe\.txt: is a device, pipe or socket"):
        read_article(fifo)
    with pytest.raises(TableError, match=r"pipe\.txt: is a device, pipe or socket"):
        read_actor_tables(fifo)


def test_source_outside_the_folder_is_not_an_oracle(tmp_path: Path) -> None:
    """A quote checked against /etc/passwd would tell whether the file holds it."""
    (tmp_path / "inner").mkdir()
    scenario = _with_source(tmp_path / "inner", "../secret.txt")
    (tmp_path / "secret.txt").write_text("we will fight on", encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load(scenario)
    assert "must lie in the scenario's folder" in str(exc.value)
    assert "verbatim" not in str(exc.value)


def test_source_outside_the_folder_allowed_explicitly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "inner").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "speech.txt").write_text("Quoth: we will fight on.", encoding="utf-8")
    scenario = _with_source(tmp_path / "inner", str(tmp_path / "docs" / "speech.txt"))
    assert load(scenario, source_dirs=[tmp_path / "docs"]).sources["doc"].path
    monkeypatch.setenv("REALPOLITIK_SOURCE_DIRS", str(tmp_path / "docs"))
    assert load(scenario).sources["doc"].path


def test_confinement_holds_for_the_path_and_its_symlink_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``..``, absolute paths and symlinks pointing out cannot leave the folder; links within it,
    and links to a folder listed in REALPOLITIK_SOURCE_DIRS, are followed."""
    (tmp_path / "inner").mkdir()
    (tmp_path / "secret.txt").write_text("we will fight on", encoding="utf-8")
    for escape in ("sub/../../secret.txt", str(tmp_path / "secret.txt")):
        with pytest.raises(ScenarioError, match="must lie in the scenario's folder"):
            load(_with_source(tmp_path / "inner", escape))
    (tmp_path / "inner" / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ScenarioError, match=r"symlinks resolved; got 'link\.txt'"):
        load(_with_source(tmp_path / "inner", "link.txt"))
    (tmp_path / "inner" / "here.txt").write_text("we will fight on", encoding="utf-8")
    (tmp_path / "inner" / "alias.txt").symlink_to(tmp_path / "inner" / "here.txt")
    assert load(_with_source(tmp_path / "inner", "alias.txt")).sources["doc"].path == "alias.txt"
    monkeypatch.setenv("REALPOLITIK_SOURCE_DIRS", str(tmp_path))
    assert load(_with_source(tmp_path / "inner", "link.txt")).sources["doc"].path == "link.txt"


def test_size_limit_is_enforced_and_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(MINIMAL + "#" * (limit_for("scenario") + 10), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"big\.yaml: larger than the 4 MiB limit for a scenario file"):
        load(big)
    monkeypatch.setenv("REALPOLITIK_MAX_FILE_MB", "8")
    assert load(big).title == "test scenario"
    monkeypatch.setenv("REALPOLITIK_MAX_FILE_MB", "lots")
    with pytest.raises(InputError, match="REALPOLITIK_MAX_FILE_MB"):
        load(big)


def test_read_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(InputError, match=r"0\.976562 KiB"):
        read_bytes(path, kind="CSV", max_bytes=1000)
    assert read_bytes(path, kind="CSV", max_bytes=5000) == b"a" * 5000


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["validate", "{d}"], "is a folder, not a regular file"),
        (["validate", "/dev/zero"], "/dev/zero: is a device, pipe or socket"),
        (["forecast", "{d}/t.csv"], "t.csv: is a folder"),
        (["ingest", "--rules-only", "--db", "{d}/e.sqlite3", "/dev/zero"], "/dev/zero: is a device"),
    ],
)
def test_cli_refuses_non_regular_files_with_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    (tmp_path / "t.csv").mkdir()
    result = runner.invoke(app, [a.format(d=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_report_to_an_existing_folder_is_exit_2(tmp_path: Path, minimal_file: Path) -> None:
    result = runner.invoke(app, ["report", str(minimal_file), "-o", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert str(tmp_path) in result.stderr
    assert "folder" in result.stderr
