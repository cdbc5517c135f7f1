"""`realpolitik diff`: runs, files and git revisions, with evidence and clear errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SEED_SCENARIO
from tests.test_cli import run


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """The seed and a copy in which the battlefield estimate fell (the value and the as_written analyst's
    reading, which the Monte Carlo pools with the sceptic's), next to the seed's sources."""
    folder = tmp_path / "scen"
    shutil.copytree(SEED_SCENARIO.parent, folder)
    before = folder / SEED_SCENARIO.name
    after = folder / "later.yaml"
    text = before.read_text(encoding="utf-8")
    assert text.count("central: 0.55, low: 0.40") == 2
    after.write_text(text.replace("central: 0.55, low: 0.40", "central: 0.40, low: 0.25"), encoding="utf-8")
    return before, after


def test_diff_of_two_files_attributes_the_change(two_versions: tuple[Path, Path]) -> None:
    code, stdout, _ = run("diff", *map(str, two_versions), "--json")
    assert code == 0
    data = json.loads(stdout)
    assert [c["id"] for c in data["changes"]] == ["russia.battlefield_initiative"]
    assert sum(c["contribution"] for c in data["changes"]) == pytest.approx(data["margin_change"], abs=1e-12)
    code, stdout, _ = run("diff", *map(str, two_versions))
    assert "sum of shares" in stdout
    assert "battlefield initiative" in stdout


def test_diff_of_two_saved_runs(two_versions: tuple[Path, Path], tmp_path: Path) -> None:
    db = str(tmp_path / "runs.sqlite3")
    for path in two_versions:
        code, _, _ = run("run", "save", str(path), "--db", db, "--seed", "1", "--draws", "300")
        assert code == 0
    code, stdout, _ = run("diff", "1", "2", "--db", db, "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["before"] == "run 1"
    assert data["p_accept_uncertain_after"] > data["p_accept_uncertain_before"]
    code, _, stderr = run("diff", "1", "7", "--db", db)
    assert code == 2
    assert "no run '7'" in stderr


def test_diff_against_git_history(two_versions: tuple[Path, Path]) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    before, after = two_versions
    repo = before.parent
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "v1"], check=True)
    before.write_text(after.read_text(encoding="utf-8"), encoding="utf-8")
    code, stdout, _ = run("diff", str(before), "--rev", "HEAD", "--json")
    assert code == 0
    assert [c["id"] for c in json.loads(stdout)["changes"]] == ["russia.battlefield_initiative"]
    code, _, stderr = run("diff", str(before), "--rev", "no-such-rev")
    assert code == 2
    assert "no-such-rev" in stderr


def test_diff_of_different_scenarios_names_what_differs() -> None:
    code, _, stderr = run("diff", str(SEED_SCENARIO), "examples/border-dispute.yaml")
    assert code == 2
    assert "actors differ" in stderr


def test_diff_needs_two_versions_or_a_revision() -> None:
    code, _, stderr = run("diff", str(SEED_SCENARIO))
    assert code == 2
    assert "--rev" in stderr


def test_diff_report_draws_the_waterfall(two_versions: tuple[Path, Path], tmp_path: Path) -> None:
    page = tmp_path / "diff.html"
    code, _, stderr = run("diff", *map(str, two_versions), "--report", str(page))
    assert code == 0
    assert "diff report written" in stderr
    html = page.read_text(encoding="utf-8")
    assert 'data-testid="diff-waterfall"' in html
    assert "<svg" in html
    assert "battlefield initiative" in html
    assert "<script" not in html


def test_a_factor_that_changes_its_side_is_refused(two_versions: tuple[Path, Path]) -> None:
    before, after = two_versions
    text = before.read_text(encoding="utf-8")
    i = text.index("  russia.war_economy_rents:")
    j = text.index("side: continue", i)
    after.write_text(text[:j] + "side: settle" + text[j + len("side: continue"):], encoding="utf-8")
    code, _, stderr = run("diff", str(before), str(after))
    assert code == 2
    assert "russia.war_economy_rents" in stderr
