"""The views of a report, one per analysis: a registry of section builders.

Each section is a function ``build(ctx) -> dict | None`` registered with
:func:`section`, plus a Jinja2 partial ``templates/sections/<key>.html`` that
renders the dict. A section declares the analysis modules it needs; it is
shown only when they import (so a face never breaks while an engine is being
built) and when its builder returns a dict (``None`` = nothing to show for
this scenario, e.g. no levers). The report and the dashboard render the same
sections, so a new engine adds its view here, in one place.

Builders call the analysis API — the same functions as the CLI — and turn
results into plain values and charts; they never compute model quantities.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.analysis.decision import DecisionResult, EvidenceItem, why
from realpolitik.report import charts
from realpolitik.report.settings import Settings, apply_settings, resolve
from realpolitik.scenario.schema import Scenario

if TYPE_CHECKING:
    from realpolitik.analysis.acceptance import AcceptanceBlock
    from realpolitik.analysis.dynamics import DynamicsResult
    from realpolitik.analysis.uncertainty import UncertaintyResult

__all__ = [
    "REGISTRY",
    "BuiltSection",
    "ReportContext",
    "Section",
    "available_sections",
    "build_sections",
    "section",
]

Builder = Callable[["ReportContext"], Mapping[str, Any] | None]


class ReportContext:
    """A scenario under what-if settings, with results computed once and shared by sections."""

    draw_charts = True
    """Whether views draw their charts (the dashboard's quick decision view does not)."""

    def __init__(
        self,
        scenario: Scenario,
        settings: Settings | None = None,
        *,
        draws: int = 10_000,
        seed: int = 0,
        ledger: str | Path | None = None,
    ) -> None:
        self.base = scenario
        self.draws = draws
        """Monte Carlo draws for the views that sample the uncertainty."""
        self.seed = seed
        """Their root seed: the same settings give the same report."""
        self.ledger = Path(ledger) if ledger is not None else None
        """The store holding a forecast ledger to show (track record view), if any."""
        self.settings = resolve(scenario, settings or Settings())
        self.actor: str = self.settings.actor or ""
        self.offer: str = self.settings.offer or ""

    @cached_property
    def scenario(self) -> Scenario:
        """The scenario with the settings applied."""
        return apply_settings(self.base, self.settings)

    @cached_property
    def why(self) -> DecisionResult:
        return why(self.scenario, self.actor, self.offer)

    @cached_property
    def mc(self) -> UncertaintyResult:
        """Monte Carlo P(accept) over the estimates' uncertainty (shared by every view)."""
        from realpolitik.analysis.uncertainty import monte_carlo

        return monte_carlo(self.scenario, self.actor, self.offer, draws=self.draws, rng=self.seed)

    @cached_property
    def dynamics(self) -> DynamicsResult | None:
        """The simulated war, when the scenario has dynamics (shared by every view)."""
        if getattr(self.scenario, "dynamics", None) is None:
            return None
        from realpolitik.analysis.dynamics import simulate

        return simulate(self.scenario, paths=min(self.draws, 4000), rng=self.seed)

    @cached_property
    def acceptance(self) -> AcceptanceBlock:
        """The reconciled acceptance block (:mod:`realpolitik.analysis.acceptance`)."""
        from realpolitik.analysis.acceptance import acceptance_block, settled_within

        dyn = self.dynamics
        settled = None
        if dyn is not None and dyn.offer == self.offer and self.actor in dyn.parties:
            names = {a: self.scenario.actors[a].name for a in dyn.parties}
            horizon = round(self.scenario.actors[self.actor].decision.horizon)
            settled = settled_within(dyn, horizon, names=names)
        return acceptance_block(self.why, self.mc, seed=self.seed, settled=settled)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    build: Builder
    requires: tuple[str, ...] = ()
    order: int = 100

    @property
    def template(self) -> str:
        return f"sections/{self.key}.html"

    def available(self) -> bool:
        """Whether every analysis module this view needs imports."""
        for name in self.requires:
            try:
                importlib.import_module(name)
            except ImportError:
                return False
        return True


@dataclass(frozen=True)
class BuiltSection:
    key: str
    title: str
    template: str
    context: Mapping[str, Any]


REGISTRY: dict[str, Section] = {}


def section(
    key: str, title: str, *, requires: tuple[str, ...] = (), order: int = 100
) -> Callable[[Builder], Builder]:
    """Register a view: ``@section("levers", "What would change its mind", requires=(...))``."""

    def register(build: Builder) -> Builder:
        REGISTRY[key] = Section(key, title, build, requires, order)
        return build

    return register


def available_sections() -> list[Section]:
    return sorted((s for s in REGISTRY.values() if s.available()), key=lambda s: s.order)


def build_sections(ctx: ReportContext, keys: tuple[str, ...] | None = None) -> list[BuiltSection]:
    """Build every available section (or those in ``keys``) that has something to show."""
    built = []
    for sec in available_sections():
        if keys is not None and sec.key not in keys:
            continue
        data = sec.build(ctx)
        if data is not None:
            built.append(BuiltSection(sec.key, sec.title, sec.template, data))
    return built


# --- the decision and why -------------------------------------------------------------------------


class _Citations:
    """Numbers evidence in order of first citation, as footnotes."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[int, EvidenceItem]] = {}

    def cite(self, evidence: tuple[EvidenceItem, ...]) -> list[tuple[int, EvidenceItem]]:
        """(footnote number, item) for each item, numbering new ones."""
        for ev in evidence:
            self.items.setdefault(ev.id, (len(self.items) + 1, ev))
        return [self.items[ev.id] for ev in evidence]


def _source_info(s: Scenario, sid: str) -> dict[str, Any]:
    src = s.sources[sid]
    url = src.url or ""
    return {
        "id": sid,
        "title": src.title,
        "outlet": src.outlet,
        "date": src.date.isoformat() if src.date else None,
        "url": url,
        # Only web addresses become links; anything else (javascript:, data:) stays text.
        "linkable": url.lower().startswith(("https://", "http://")),
    }


@section("why", "Why: the decision, term by term", order=10)
def why_section(ctx: ReportContext) -> dict[str, Any]:
    r = ctx.why
    cites = _Citations()
    offer_refs = cites.cite(r.offer_evidence)
    rows = [{"c": c, "quotes": cites.cite(c.evidence)} for c in r.ranked()]
    inputs = [{"i": i, "refs": cites.cite(i.evidence)} for i in r.inputs]
    # Drawing the chart (Vega) costs about a second; a slider move's quick view skips it.
    chart = charts.waterfall([(c.name, c.contribution) for c in r.ranked()]) if ctx.draw_charts else None
    used_sources = dict.fromkeys(ev.source for _, ev in cites.items.values())
    return {
        "r": r,
        "acceptance": ctx.acceptance.lines(),
        "offer_refs": offer_refs,
        "offer_terms": _offer_terms(ctx),
        "rows": rows,
        "inputs": inputs,
        "carriers": r.carriers(),
        "waterfall": charts.svg(chart) if chart is not None else "",
        "evidence": list(cites.items.values()),
        "sources": [_source_info(ctx.scenario, sid) for sid in used_sources],
    }


def _offer_terms(ctx: ReportContext) -> list[dict[str, Any]]:
    s = ctx.scenario
    offer = s.offers[ctx.offer]
    return [
        {
            "issue": s.issues[iid].name,
            "position": offer.terms.get(iid, s.issues[iid].status_quo),
            "unit": s.issues[iid].scale.unit,
            "status_quo": iid not in offer.terms,
        }
        for iid in s.actors[ctx.actor].stances
    ]


# The engines' views register themselves on import (kept in their own module).
from realpolitik.report import history_views as _history_views  # noqa: E402, F401
from realpolitik.report import ledger_view as _ledger_view  # noqa: E402, F401
from realpolitik.report import views as _views  # noqa: E402, F401
from realpolitik.report import weigh_views as _weigh_views  # noqa: E402, F401
