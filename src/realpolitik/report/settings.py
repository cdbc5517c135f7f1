"""What-if settings shared by the report and the dashboard.

A :class:`Settings` names the deciding actor and the offer and overrides
factor values and lever intensities. :func:`apply_settings` returns the
scenario *as it would be* under those settings — a new validated
:class:`~realpolitik.scenario.schema.Scenario` — so every analysis runs on it
unchanged and the faces never do arithmetic on results.

Levers follow the schema's definition (:class:`~realpolitik.scenario.schema.Lever`):
at intensity ``i`` a lever adds ``per_unit * (i - current)`` to its factor's
value (the whole estimate shifts, range included) or moves the offer's
position on its issue by that much, clipped to the issue's scale; on an issue
of discrete levels the position moves to the nearest level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from realpolitik.analysis.decision import default_actor, default_offer
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Factor, FactorKind, Scenario

__all__ = [
    "Control",
    "Settings",
    "apply_settings",
    "controls",
    "default_actor",
    "default_offer",
    "parse_settings",
    "resolve",
]

Id = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Finite = Annotated[float, Field(allow_inf_nan=False)]


class Settings(BaseModel):
    """Who decides on what, and the what-if overrides (all optional)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: Id | None = None
    """Deciding actor id (default: the first offer's first recipient)."""
    offer: Id | None = None
    """Offer id (default: the first offer addressed to the actor)."""
    factors: dict[Id, Finite] = Field(default_factory=dict, max_length=500)
    """New central value per factor id, in the factor's unit."""
    levers: dict[Id, Finite] = Field(default_factory=dict, max_length=500)
    """Intensity per lever id, within the lever's range."""


def parse_settings(data: Mapping[str, Any], where: str = "the settings") -> Settings:
    """Validate ``data`` as :class:`Settings`; problems become one :class:`InputError`."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = [
            field_message(".".join(map(str, e["loc"])) or "settings", where, _expected(e), e.get("input"))
            for e in exc.errors()
        ]
        raise InputError(" ".join(problems)) from None


def _expected(error: Any) -> str:
    """Pydantic's message as the 'must be ...' part of the house template."""
    if error["type"] == "extra_forbidden":
        return f"absent (known fields: {', '.join(Settings.model_fields)})"
    if error["type"] == "missing":
        return "given"
    msg = str(error["msg"]).removeprefix("Value error, ")
    return msg[len("Input should be ") :] if msg.startswith("Input should be ") else msg


def resolve(s: Scenario, settings: Settings) -> Settings:
    """Fill in the default actor and offer and check every id exists."""
    actor = settings.actor or default_actor(s)
    if actor not in s.actors:
        raise InputError(field_message("actor", "the settings", f"one of {sorted(s.actors)}", actor))
    offer = settings.offer or default_offer(s, actor)
    if offer not in s.offers:
        raise InputError(field_message("offer", "the settings", f"one of {sorted(s.offers)}", offer))
    for fid in settings.factors:
        if fid not in s.factors:
            raise InputError(
                field_message("factors", "the settings", f"factor ids of {sorted(s.factors)}", fid)
            )
    for lid, value in settings.levers.items():
        if lid not in s.levers:
            raise InputError(field_message("levers", "the settings", f"lever ids of {sorted(s.levers)}", lid))
        lo, hi = s.levers[lid].range
        if not lo <= value <= hi:
            raise InputError(field_message(f"levers.{lid}", "the settings", f"in [{lo:g}, {hi:g}]", value))
    return settings.model_copy(update={"actor": actor, "offer": offer})


def _moved(f: Factor, central: float, shift: float) -> dict[str, Any]:
    """The factor's estimate with a new central value.

    The range shifts with the levers acting on the factor (they move the
    world) and widens to include an analyst's override; a probability's range
    stays within [0, 1].
    """
    d = f.value.model_dump(exclude_none=True)
    d["central"] = central
    if "low" in d and "high" in d:
        lo, hi = min(d["low"] + shift, central), max(d["high"] + shift, central)
        if f.kind is FactorKind.WIN_PROBABILITY:
            lo, hi = max(lo, 0.0), min(hi, 1.0)
        d["low"], d["high"] = lo, hi
    return d


def _set_factor(s: Scenario, fid: str, central: float, shift: float) -> Factor:
    f = s.factors[fid]
    if f.kind is FactorKind.WIN_PROBABILITY and not 0.0 <= central <= 1.0:
        raise InputError(field_message(f"factors.{fid}", "the settings", "a probability in [0, 1]", central))
    try:
        return Factor.model_validate({**f.model_dump(exclude_none=True), "value": _moved(f, central, shift)})
    except ValidationError as exc:
        msg = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise InputError(
            f"the settings give factor '{fid}' the value {central:g}, which it cannot take: {msg}."
        ) from None


def _moved_position(s: Scenario, offer: str, issue: str, delta: float) -> float | str:
    iss = s.issues[issue]
    here = iss.position_value(s.offers[offer].terms.get(issue, iss.status_quo))
    lo, hi = iss.scale.bounds
    moved = min(max(here + delta, lo), hi)
    if iss.scale.levels is not None:
        return iss.scale.nearest_level(moved)
    return moved


def apply_settings(s: Scenario, settings: Settings) -> Scenario:
    """The scenario with ``settings``' factor values and lever intensities applied.

    Factor overrides set the central value; levers then act on top of it.
    Raises :class:`~realpolitik.errors.InputError` for unknown ids, a lever
    outside its range, or a value the factor cannot take (a probability
    outside [0, 1]).
    """
    settings = resolve(s, settings)
    assert settings.offer is not None  # resolve fills it in
    centrals = {fid: s.factors[fid].value.central for fid in s.factors}
    centrals.update(settings.factors)
    shifts = dict.fromkeys(s.factors, 0.0)
    terms = dict(s.offers[settings.offer].terms)
    for lid, intensity in settings.levers.items():
        lever = s.levers[lid]
        delta = lever.shift(intensity)
        if lever.factor is not None:
            centrals[lever.factor] += delta
            shifts[lever.factor] += delta
        elif lever.issue is not None:
            terms[lever.issue] = _moved_position(s, settings.offer, lever.issue, delta)
    changed = {fid for fid in centrals if centrals[fid] != s.factors[fid].value.central}
    factors = dict(s.factors)
    for fid in changed:
        factors[fid] = _set_factor(s, fid, centrals[fid], shifts[fid])
    offers = dict(s.offers)
    offers[settings.offer] = s.offers[settings.offer].model_copy(update={"terms": terms})
    # The world is now at the set intensities: lever analyses measure from there.
    levers = {
        lid: lv.model_copy(update={"current": settings.levers[lid]}) if lid in settings.levers else lv
        for lid, lv in s.levers.items()
    }
    return s.model_copy(update={"factors": factors, "offers": offers, "levers": levers})


@dataclass(frozen=True)
class Control:
    """A slider: what it sets, its range, step and current value."""

    kind: str
    """``factor`` or ``lever``."""
    id: str
    name: str
    unit: str
    min: float
    max: float
    step: float
    value: float


def _factor_range(f: Factor) -> tuple[float, float]:
    lo, hi = f.value.bounds()
    c = f.value.central
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo == hi:
        half = max(abs(c), 0.01)
        lo, hi = c - half, c + half
    if f.kind is FactorKind.WIN_PROBABILITY:
        lo, hi = max(lo, 0.0), min(hi, 1.0)
    return lo, hi


def controls(s: Scenario, settings: Settings) -> list[Control]:
    """Sliders for the deciding actor's factors (over their ranges) and the levers acting on it."""
    settings = resolve(s, settings)
    out = []
    for fid, f in s.factors.items():
        if f.actor != settings.actor:
            continue
        lo, hi = _factor_range(f)
        value = settings.factors.get(fid, f.value.central)
        lo, hi = min(lo, value), max(hi, value)
        out.append(Control("factor", fid, f.name, f.unit, lo, hi, (hi - lo) / 100, value))
    stances = s.actors[settings.actor or ""].stances
    for lid, lever in s.levers.items():
        acts_on_actor = (lever.factor is not None and s.factors[lever.factor].actor == settings.actor) or (
            lever.issue is not None and lever.issue in stances
        )
        if not acts_on_actor:
            continue
        lo, hi = lever.range
        step = 1.0 if lever.issue is not None and s.issues[lever.issue].scale.levels else (hi - lo) / 100
        value = settings.levers.get(lid, lever.current)
        out.append(Control("lever", lid, lever.name, lever.unit, lo, hi, step, value))
    return out
