"""`realpolitik signposts`: text, JSON and bad input."""

from __future__ import annotations

import json

from tests.conftest import SEED_SCENARIO
from tests.test_cli import run


def test_signposts_json_lists_every_estimate_closest_first() -> None:
    code, stdout, _ = run("signposts", str(SEED_SCENARIO), "--seed", "1", "--draws", "200", "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["decision"] == "reject"
    names = [s["parameter"] for s in data["signposts"]]
    assert "russia.battlefield_initiative" in names[:2]
    assert len(names) == len(set(names)) >= 10


def test_signposts_text_explains_its_columns() -> None:
    code, stdout, _ = run("signposts", str(SEED_SCENARIO), "--seed", "1", "--draws", "200", "--top", "3")
    assert code == 0
    assert "Signposts: closest tipping points first" in stdout
    assert "battlefield initiative" in stdout
    assert "distance: (tipping value" in stdout


def test_signposts_unknown_actor_is_exit_2() -> None:
    code, _, stderr = run("signposts", str(SEED_SCENARIO), "--actor", "narnia")
    assert code == 2
    assert "--actor" in stderr
