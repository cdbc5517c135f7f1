"""Watch: new claims in the evidence store, sorted under the factor they bear on.

For the deciding actor and offer, each factor of the actor is watched by two
searches of the store's claims: every claim about the same actor with the same
factor category (what the extractor labels, :mod:`realpolitik.evidence.claims`),
and the factor's own ``watch:`` queries (text matches about that actor). Each
claim is placed relative to the factor's tipping point
(:mod:`realpolitik.analysis.signposts`):

- a claim whose effect is ``settle`` pushes the actor toward settling, so it
  points **toward the flip** when the actor rejects and **away** when it accepts;
- ``continue_war`` the other way round; ``neutral`` is reported as unclear.

A factor is **flagged** when at least one new claim points toward the flip and
no fewer point toward it than away. Nothing is changed automatically: the
analyst updates the estimate, saves a run, and ``realpolitik diff`` shows the
consequence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from realpolitik.errors import EvidenceError, InputError

if TYPE_CHECKING:
    from realpolitik.analysis.signposts import Signpost
    from realpolitik.evidence.store import EvidenceStore, Hit
    from realpolitik.scenario import Scenario

__all__ = ["WatchReport", "WatchedClaim", "WatchedFactor", "direction", "watch"]

LIMIT = 200
"""Claims fetched per search."""


@dataclass(frozen=True)
class WatchedClaim:
    id: str
    text: str
    effect: str | None
    direction: str
    """``toward the flip``, ``away from the flip`` or ``unclear``."""
    event_date: str | None
    reported: str | None
    source: str | None
    outlet: str | None
    matched_by: str
    """``category`` (actor and factor category) or the watch query that found it."""


@dataclass(frozen=True)
class WatchedFactor:
    factor: str
    name: str
    central: float
    tipping_value: float | None
    distance: float | None
    claims: tuple[WatchedClaim, ...]

    @property
    def toward(self) -> int:
        return sum(c.direction == "toward the flip" for c in self.claims)

    @property
    def away(self) -> int:
        return sum(c.direction == "away from the flip" for c in self.claims)

    @property
    def flagged(self) -> bool:
        return self.toward > 0 and self.toward >= self.away

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(toward=self.toward, away=self.away, flagged=self.flagged)
        return d


@dataclass(frozen=True)
class WatchReport:
    actor: str
    offer: str
    decision: str
    since: str | None
    factors: tuple[WatchedFactor, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "decision": self.decision,
            "since": self.since,
            "factors": [f.to_dict() for f in self.factors],
        }


def direction(effect: str | None, decision: str) -> str:
    """Where a claim with this effect pushes the decision, relative to its flip."""
    if effect not in ("settle", "continue_war"):
        return "unclear"
    toward_settling = effect == "settle"
    return "toward the flip" if toward_settling == (decision == "reject") else "away from the flip"


def _claim(hit: Hit, decision: str, matched_by: str) -> WatchedClaim:
    return WatchedClaim(
        id=hit.id, text=hit.text, effect=hit.effect, direction=direction(hit.effect, decision),
        event_date=hit.event_date, reported=hit.date, source=hit.title, outlet=hit.outlet,
        matched_by=matched_by,
    )  # fmt: skip


def watch(
    scenario: Scenario,
    store: EvidenceStore,
    actor: str,
    offer: str,
    *,
    since: dt.date | None = None,
) -> WatchReport:
    """Claims since ``since`` bearing on each of ``actor``'s factors, placed against the tipping point.

    Raises :class:`~realpolitik.errors.InputError` naming the factor's ``watch``
    entry when a query is not valid search syntax.
    """
    from realpolitik.analysis.signposts import signposts
    from realpolitik.evidence.store import fts_query

    report = signposts(scenario, actor, offer, draws=0)
    posts: dict[str, Signpost] = {p.parameter: p for p in report.signposts}
    decision = report.decision
    factors = []
    for fid, f in scenario.factors.items():
        if f.actor != actor:
            continue
        found: dict[str, WatchedClaim] = {}
        for hit in store.search(kind="claim", actor=actor, factor=str(f.category), since=since, limit=LIMIT):
            found.setdefault(hit.id, _claim(hit, decision, "category"))
        for i, query in enumerate(f.watch):
            try:
                fts_query(query)
            except EvidenceError as exc:
                raise InputError(f"'factors.{fid}.watch[{i}]': {exc}") from None
            for hit in store.search(query, kind="claim", actor=actor, since=since, limit=LIMIT):
                found.setdefault(hit.id, _claim(hit, decision, query))
        post = posts.get(fid)
        claims = sorted(found.values(), key=lambda c: (c.event_date or "", c.id), reverse=True)
        factors.append(
            WatchedFactor(
                factor=fid, name=f.name, central=float(f.value.central),
                tipping_value=None if post is None else post.tipping_value,
                distance=None if post is None else post.distance, claims=tuple(claims),
            )
        )
    factors.sort(key=lambda w: (not w.flagged, abs(w.distance) if w.distance is not None else float("inf")))
    return WatchReport(
        actor=actor, offer=offer, decision=decision, since=None if since is None else since.isoformat(),
        factors=tuple(factors),
    )  # fmt: skip

