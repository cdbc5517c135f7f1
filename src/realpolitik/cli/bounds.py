"""Memory-aware bounds for the options that size a run.

``--draws``, ``--paths``, ``--grid``, ``--samples``, ``--rounds`` and the
number of actors decide how much memory a command needs. Before any work
starts, each command estimates that memory from the option and the scenario's
size (bytes per draw, path or grid point, calibrated on the shipped scenario
with a safety factor; see ``docs/robustness.md``) and compares it with the
memory this machine has available now. A run that would not fit is refused
with the estimate and the largest value that fits, instead of dying minutes
later in a NumPy out-of-memory traceback.

The budget is ``REALPOLITIK_MEMORY_MB`` if set, else 80% of the available
memory (``MemAvailable`` of ``/proc/meminfo``; 4 GiB where that is unknown).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from realpolitik.errors import InputError

if TYPE_CHECKING:
    from realpolitik.scenario import Scenario

__all__ = [
    "MAX_ROUNDS",
    "check_deals",
    "check_forecast",
    "check_levers",
    "check_sensitivity",
    "check_simulate",
    "memory_budget",
    "require",
]

_GIB = 1024**3
#: Most EUM rounds: it settles within tens of rounds; more only spends time.
MAX_ROUNDS = 10_000


def memory_budget() -> int:
    """Bytes a run may use: ``REALPOLITIK_MEMORY_MB``, else 80% of the memory available now."""
    raw = os.environ.get("REALPOLITIK_MEMORY_MB")
    if raw:
        try:
            return int(float(raw) * 1024 * 1024)
        except ValueError:
            raise InputError(f"'REALPOLITIK_MEMORY_MB' must be a number of MiB; got {raw!r}.") from None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(int(line.split()[1]) * 1024 * 0.8)
    except (OSError, ValueError, IndexError):
        pass
    return 4 * _GIB


def _size(n: float) -> str:
    return f"{n / _GIB:,.1f} GiB" if n >= _GIB / 10 else f"{n / 1024**2:,.0f} MiB"


def require(option: str, command: str, value: int, per_unit: float, unit: str, fixed: float = 0.0) -> None:
    """Refuse ``value`` of ``option`` if ``fixed + value * per_unit`` bytes exceed the budget."""
    need = fixed + value * per_unit
    budget = memory_budget()
    if need <= budget:
        return
    largest = max(int((budget - fixed) // per_unit), 0)
    raise InputError(
        f"'{option}' of {command} must be at most {largest:,} on this machine; got {value:,}: "
        f"{value:,} {unit} would need about {_size(need)} of memory and {_size(budget)} is available "
        "(set REALPOLITIK_MEMORY_MB to change the budget)."
    )


def _estimates(s: Scenario) -> int:
    """Number of estimates a decision problem can draw (factors and stances), an upper bound."""
    return len(s.factors) + sum(len(a.stances) for a in s.actors.values()) + len(s.levers)


def check_levers(s: Scenario, draws: int, n_levers: int) -> None:
    """Monte Carlo of P(accept): every estimate, margins and flags per draw, for baseline and levers."""
    require("--draws", "levers", draws, 16.0 * (_estimates(s) + 2 + n_levers), "draws")


def check_sensitivity(s: Scenario, n: int) -> None:
    """Saltelli's design: n (rounded up to 2^k) × (d + 2) rows of d estimates, and their margins."""
    d = _estimates(s)
    base = 1 << max(n - 1, 1).bit_length()
    require("--draws", "sensitivity", base, 24.0 * (d + 2) * (d + 1), "base draws (rounded to a power of 2)")


def check_simulate(s: Scenario, paths: int, steps: int, n_schedules: int) -> None:
    """Per path and schedule: the state at every step, and the sampled estimates."""
    per_path = 16.0 * (n_schedules + 1) * (steps + 1 + _estimates(s))
    require("--paths", "simulate", paths, per_path, "paths")
    require("--horizon", "simulate", steps, 16.0 * paths * (n_schedules + 1), "steps")


def check_deals(s: Scenario, grid: int, samples: int | None) -> None:
    """Per grid point, every party's utility on every continuous issue; per sample, one package."""
    width = (len(s.actors) + 2) * max(len(s.issues), 1)
    require("--grid", "deals", grid, 64.0 * width, "grid points")
    if samples is not None:
        require("--samples", "deals", samples, 32.0 * width, "sampled packages")


def check_forecast(n_actors: int, rounds: int, draws: int, per_round_pairs: float) -> None:
    """EUM: ``per_round_pairs`` n×n float arrays live in one round; history per round; draws' inputs.

    ``per_round_pairs`` is the number of n×n arrays (or, when the engine works
    in blocks, the block's share of them) a round holds at once.
    """
    if rounds > MAX_ROUNDS:
        raise InputError(
            f"'--rounds' of forecast must be at most {MAX_ROUNDS:,} (the EUM settles within tens of "
            f"rounds); got {rounds:,}."
        )
    history = 8.0 * 3 * n_actors * (rounds + 1)
    need, budget = history + 8.0 * per_round_pairs * n_actors**2, memory_budget()
    if need > budget:
        largest = int(((budget - history) / (8.0 * per_round_pairs)) ** 0.5) if budget > history else 0
        raise InputError(
            f"the forecast's actor table must hold at most about {largest:,} actors on this machine; got "
            f"{n_actors:,}, which would need about {_size(need)} of memory per round and {_size(budget)} "
            "is available (set REALPOLITIK_MEMORY_MB to change the budget)."
        )
    require("--draws", "forecast", draws, 8.0 * (3 * n_actors + 2 * (rounds + 1) + 1), "draws", fixed=history)
