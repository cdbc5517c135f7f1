"""Request and response bodies of the dashboard API (pydantic v2).

Requests reuse the report's :class:`~realpolitik.report.settings.Settings`
(finite numbers only, unknown keys refused), so the API, the command line and
the report accept exactly the same what-if settings.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from realpolitik.errors import InputError
from realpolitik.report.settings import Id, Settings, default_actor, default_offer
from realpolitik.scenario.schema import Scenario

__all__ = [
    "ControlOut",
    "ErrorOut",
    "EvidenceHit",
    "EvidenceOut",
    "ScenarioOut",
    "StoreOut",
    "ViewOut",
    "ViewRequest",
    "WhyRequest",
    "evidence_hits",
    "scenario_summary",
]


class WhyRequest(Settings):
    """A scenario id and the settings to evaluate it under."""

    scenario: Id
    """Id of a loaded scenario (see ``GET /api/scenarios``)."""

    def settings(self) -> Settings:
        return Settings.model_validate(self.model_dump(exclude={"scenario"}))


class ViewRequest(WhyRequest):
    """A view request: the settings, and which views to render."""

    sections: list[Annotated[str, StringConstraints(max_length=40)]] | None = Field(None, max_length=20)
    """Keys of the views to render (``GET /api/sections``); ``None`` renders every view."""
    quick: bool = False
    """Render only the decision, at once, and list every view in ``pending`` (a slider move)."""

    def settings(self) -> Settings:
        return Settings.model_validate(self.model_dump(exclude={"scenario", "sections", "quick"}))


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ErrorOut(_Out):
    error: str
    """What was wrong, and where."""
    detail: Any = None


class NamedOut(_Out):
    id: str
    name: str


class OfferOut(NamedOut):
    to: list[str]


class ScenarioOut(_Out):
    id: str
    title: str
    description: str | None
    actors: list[NamedOut]
    offers: list[OfferOut]
    default_actor: str | None
    default_offer: str | None
    n_factors: int
    n_levers: int
    n_evidence: int


class ControlOut(_Out):
    kind: str
    id: str
    name: str
    unit: str
    min: float
    max: float
    step: float
    value: float


class ViewOut(_Out):
    why: dict[str, Any]
    html: str
    """The views as an escaped HTML fragment."""
    acceptance: dict[str, Any] | None = None
    """The acceptance block (stable keys, as ``why --json``) under these settings."""
    baseline: dict[str, Any] | None = None
    """The decision as the scenario is written (no what-if): decision, margin, P(accept) to quote."""
    what_if: dict[str, Any] | None = None
    """The change of margin from the baseline, attributed to the inputs the settings moved."""
    pending: list[str] = []
    """Views not rendered yet: ask for each with ``sections=[key]`` (quick requests only)."""


class EvidenceHit(_Out):
    id: str
    quote: str
    speaker: str | None
    source: str
    source_title: str
    outlet: str | None
    date: str | None
    url: str | None
    cited_by: list[str]
    """Names of the factors, stances and offers that cite this quote."""


class StoreOut(_Out):
    query: str
    results: list[dict[str, Any]]
    """Hits of the evidence store (quote or claim, speaker, article title, outlet, date)."""


class EvidenceOut(_Out):
    query: str
    total: int
    results: list[EvidenceHit]


def scenario_summary(sid: str, s: Scenario) -> ScenarioOut:
    try:
        actor: str | None = default_actor(s)
        offer: str | None = default_offer(s, actor or "")
    except InputError:
        actor = offer = None
    return ScenarioOut(
        id=sid,
        title=s.title,
        description=s.description,
        actors=[NamedOut(id=k, name=a.name) for k, a in s.actors.items()],
        offers=[OfferOut(id=k, name=o.name, to=list(o.to)) for k, o in s.offers.items()],
        default_actor=actor,
        default_offer=offer,
        n_factors=len(s.factors),
        n_levers=len(s.levers),
        n_evidence=len(s.evidence),
    )


def _citations(s: Scenario) -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {eid: [] for eid in s.evidence}
    for f in s.factors.values():
        for eid in f.evidence:
            cited[eid].append(f.name)
    for a in s.actors.values():
        for iid, st in a.stances.items():
            for eid in st.evidence:
                cited[eid].append(f"{a.name} on {s.issues[iid].name}")
    for o in s.offers.values():
        for eid in o.evidence:
            cited[eid].append(f"offer: {o.name}")
    for lv in s.levers.values():
        for eid in lv.evidence:
            cited[eid].append(f"lever: {lv.name}")
    return {k: list(dict.fromkeys(v)) for k, v in cited.items()}


def evidence_hits(s: Scenario, query: str) -> list[EvidenceHit]:
    """Quotes whose text, speaker or source contains every word of ``query`` (case-insensitive)."""
    words = query.casefold().split()
    cited = _citations(s)
    hits = []
    for eid, ev in s.evidence.items():
        src = s.sources[ev.source]
        haystack = " ".join(filter(None, (ev.quote, ev.speaker, src.title, src.outlet))).casefold()
        if all(w in haystack for w in words):
            when = ev.date or src.date
            hits.append(
                EvidenceHit(
                    id=eid,
                    quote=ev.quote,
                    speaker=ev.speaker,
                    source=ev.source,
                    source_title=src.title,
                    outlet=src.outlet,
                    date=when.isoformat() if when else None,
                    url=src.url,
                    cited_by=cited[eid],
                )
            )
    return hits
