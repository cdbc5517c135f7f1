"""Saved runs: a scenario's answer, kept with everything needed to reproduce it.

A run stores the scenario's text (and the folder its sources are read from),
its SHA-256 content hash, the code version, the seed and the settings, and the
results: ``why`` at the central estimates, P(accept) over the estimates'
uncertainty, and optionally the lever search and the dynamics simulation.
Every stochastic part runs from the stored seed, so :func:`replay` recomputes
the stored results bit for bit with the same code version.

Runs live in the evidence store (SQLite, table ``runs``, created by the
store's own migrations), so one file holds the evidence and the assessments
made from it, and :mod:`realpolitik.history.diff` can say what changed
between two of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.errors import InputError

if TYPE_CHECKING:
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.scenario import Scenario

__all__ = ["RunSettings", "SavedRun", "compute_results", "get_run", "list_runs", "replay", "save_run"]


@dataclass(frozen=True)
class RunSettings:
    """What a run computes, and from which seed."""

    actor: str
    offer: str
    seed: int
    draws: int = 4000
    """Monte Carlo draws for P(accept) over the uncertainty (and the lever search)."""
    levers: bool = False
    simulate: bool = False
    paths: int = 4000
    """Simulated paths per schedule, when ``simulate``."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SavedRun:
    """One stored run."""

    id: int
    label: str | None
    created_at: str
    scenario_name: str
    scenario_hash: str
    code_version: str
    settings: RunSettings
    results: dict[str, Any] = field(repr=False)
    scenario_text: str = field(repr=False, default="")
    base_dir: str = ""

    def to_dict(self, *, with_scenario: bool = False) -> dict[str, Any]:
        out = {
            "id": self.id,
            "label": self.label,
            "created_at": self.created_at,
            "scenario_name": self.scenario_name,
            "scenario_hash": self.scenario_hash,
            "code_version": self.code_version,
            "settings": self.settings.to_dict(),
            "results": self.results,
        }
        if with_scenario:
            out["scenario"] = self.scenario_text
            out["base_dir"] = self.base_dir
        return out

    def scenario(self) -> Scenario:
        """The stored scenario, loaded (its sources are read from the stored folder)."""
        from realpolitik.scenario import loads

        name = f"run {self.id}: {self.scenario_name}"
        return loads(self.scenario_text, name=name, base_dir=Path(self.base_dir))


def _normalised(data: Any) -> Any:
    """JSON round trip: what is stored is exactly what a replay compares against."""
    return json.loads(json.dumps(data, sort_keys=True, default=str))


def compute_results(scenario: Scenario, settings: RunSettings) -> dict[str, Any]:
    """The results a run stores, all seeded from ``settings.seed``."""
    from realpolitik.analysis.decision import why
    from realpolitik.analysis.sampling import seed_sequence
    from realpolitik.analysis.uncertainty import monte_carlo

    results: dict[str, Any] = {"why": why(scenario, settings.actor, settings.offer).to_dict()}
    root = seed_sequence(settings.seed)
    if settings.draws:
        mc = monte_carlo(scenario, settings.actor, settings.offer, draws=settings.draws, rng=root)
        results["monte_carlo"] = mc.to_dict()
    if settings.levers and scenario.levers:
        from realpolitik.analysis.levers import levers

        results["levers"] = levers(
            scenario, settings.actor, settings.offer, draws=max(settings.draws, 1), rng=root
        ).to_dict()
    if settings.simulate and scenario.dynamics is not None:
        from realpolitik.analysis.dynamics import simulate

        results["simulate"] = simulate(scenario, paths=settings.paths, rng=settings.seed).to_dict()
    normalised: dict[str, Any] = _normalised(results)
    return normalised


def scenario_hash(text: str) -> str:
    """SHA-256 of the scenario's text, the identity of its content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _code_version() -> str:
    from realpolitik import __version__

    return __version__


def save_run(
    store: EvidenceStore,
    scenario_text: str,
    settings: RunSettings,
    *,
    name: str,
    base_dir: Path,
    label: str | None = None,
    now: dt.datetime | None = None,
    scenario: Scenario | None = None,
) -> SavedRun:
    """Compute a run's results and store them; returns the stored run.

    ``scenario`` is ``scenario_text`` already loaded, when the caller has it (it is parsed otherwise).
    """
    if scenario is None:
        from realpolitik.scenario import loads

        scenario = loads(scenario_text, name=name, base_dir=base_dir)
    results = compute_results(scenario, settings)
    created = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    with store.conn:
        cur = store.conn.execute(
            "INSERT INTO runs (label, created_at, scenario_name, scenario_hash, scenario, base_dir, "
            "code_version, settings, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                label,
                created,
                name,
                scenario_hash(scenario_text),
                scenario_text,
                str(base_dir.resolve()),
                _code_version(),
                json.dumps(settings.to_dict(), sort_keys=True),
                json.dumps(results, sort_keys=True),
            ),
        )
    return get_run(store, int(cur.lastrowid or 0))


def _row_to_run(row: Any) -> SavedRun:
    return SavedRun(
        id=int(row["id"]),
        label=row["label"],
        created_at=row["created_at"],
        scenario_name=row["scenario_name"],
        scenario_hash=row["scenario_hash"],
        code_version=row["code_version"],
        settings=RunSettings(**json.loads(row["settings"])),
        results=json.loads(row["results"]),
        scenario_text=row["scenario"],
        base_dir=row["base_dir"],
    )


def get_run(store: EvidenceStore, run_id: int | str) -> SavedRun:
    """The run with this id; an unknown id is an input error naming it."""
    try:
        key = int(str(run_id).removeprefix("run-"))
    except ValueError:
        raise InputError(
            f"run id must be a number as shown by `realpolitik run list`; got {run_id!r}."
        ) from None
    row = store.conn.execute("SELECT * FROM runs WHERE id = ?", (key,)).fetchone()
    if row is None:
        raise InputError(
            f"no run {run_id!r} in the store {str(store.path)!r}; "
            "`realpolitik run list` shows the saved runs."
        )
    return _row_to_run(row)


def list_runs(store: EvidenceStore) -> list[SavedRun]:
    """Every stored run, oldest first."""
    return [_row_to_run(r) for r in store.conn.execute("SELECT * FROM runs ORDER BY id")]


def replay(run: SavedRun) -> dict[str, Any]:
    """Recompute a stored run's results from its stored scenario, settings and seed."""
    return compute_results(run.scenario(), run.settings)
