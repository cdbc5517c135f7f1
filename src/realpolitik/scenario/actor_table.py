"""A scenario issue as the actor table of the multi-actor forecast.

The expected-utility model (Bueno de Mesquita 1994) needs, per issue, each
actor's position, salience and capability. A scenario already holds them: the
position is the actor's ideal point on the issue (for a discrete issue given
as a utility table, the level it values most), the salience is its stance's
salience, and the capability is the actor's.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Estimate, Scenario, Stance

__all__ = ["EumTable", "eum_table", "eum_uncertainty"]


class EumTable(NamedTuple):
    """Central values of the actor table for one issue."""

    actors: tuple[str, ...]
    capability: NDArray[np.float64]
    position: NDArray[np.float64]
    salience: NDArray[np.float64]
    scale_min: float
    scale_max: float


def _participants(scenario: Scenario, issue: str) -> list[str]:
    if issue not in scenario.issues:
        raise InputError(field_message("issue", "the scenario", f"one of {sorted(scenario.issues)}", issue))
    actors = [aid for aid, a in scenario.actors.items() if issue in a.stances and a.capability is not None]
    if len(actors) < 2:
        raise InputError(
            f"issue '{issue}' needs at least two actors with a stance on it and a 'capability' "
            f"to forecast; found {actors}."
        )
    return actors


def _position(scenario: Scenario, issue: str, stance: Stance) -> float:
    if stance.ideal is not None:
        return scenario.issues[issue].position_value(stance.ideal)
    assert stance.utilities is not None  # the schema requires ideal or utilities
    levels = scenario.issues[issue].scale.levels or ()
    return float(max(range(len(levels)), key=lambda k: stance.utilities[levels[k]]))  # type: ignore[index]


def eum_table(scenario: Scenario, issue: str) -> EumTable:
    """Actor table (central estimates) for ``issue``; actors need a stance and a capability."""
    actors = _participants(scenario, issue)
    stances = [scenario.actors[a].stances[issue] for a in actors]
    salience = np.array([s.salience.central for s in stances])
    if np.any(salience > 1):
        bad = actors[int(np.argmax(salience > 1))]
        raise InputError(
            field_message(
                f"actors.{bad}.stances.{issue}.salience",
                "the scenario",
                "in [0, 1] for the forecast",
                float(salience.max()),
            )
        )
    lo, hi = scenario.issues[issue].scale.bounds
    return EumTable(
        actors=tuple(actors),
        capability=np.array([scenario.actors[a].capability.central for a in actors]),  # type: ignore[union-attr]
        position=np.array([_position(scenario, issue, s) for s in stances]),
        salience=salience,
        scale_min=lo,
        scale_max=hi,
    )


def eum_uncertainty(scenario: Scenario, issue: str) -> dict[str, tuple[Estimate, ...]]:
    """The declared uncertainty of capabilities and saliences, in the order of :func:`eum_table`."""
    actors = _participants(scenario, issue)
    return {
        "capability": tuple(scenario.actors[a].capability for a in actors),  # type: ignore[misc]
        "salience": tuple(scenario.actors[a].stances[issue].salience for a in actors),
    }
