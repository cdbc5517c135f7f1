"""Views of the model over time: signposts (what to watch) and the evidence timeline.

The timeline needs a store (``realpolitik report --db STORE``): the claims about
the deciding actor, by factor category and event date, coloured by effect, with
the P(accept) of the runs saved for that actor on the same time axis.
"""

from __future__ import annotations

from typing import Any

from realpolitik.report import charts
from realpolitik.report.sections import ReportContext, section

__all__ = ["signposts_view", "timeline_view"]


@section("signposts", "Signposts: which estimate is closest to flipping the decision", order=58)
def signposts_view(ctx: ReportContext) -> dict[str, Any] | None:
    from realpolitik.analysis.signposts import signposts

    res = signposts(ctx.scenario, ctx.actor, ctx.offer, draws=min(ctx.draws, 2000), rng=ctx.seed)
    rows = [p.to_dict() for p in res.signposts[:8]]
    if not rows:
        return None
    return {"decision": res.decision, "margin": res.margin, "draws": res.draws, "rows": rows}


@section("timeline", "Timeline: the evidence and the assessment over time", order=95)
def timeline_view(ctx: ReportContext) -> dict[str, Any] | None:
    if ctx.ledger is None:
        return None
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.history.runs import list_runs

    with EvidenceStore(ctx.ledger) as store:
        hits = store.search(kind="claim", actor=ctx.actor, limit=5000)
        runs = [r for r in list_runs(store) if r.settings.actor == ctx.actor]
    claims = [
        {"date": h.event_date, "factor": h.factor, "effect": h.effect, "text": h.text}
        for h in hits
        if h.event_date
    ]
    points = [
        {"date": r.created_at[:10], "p_accept": r.results["monte_carlo"]["p_accept"]["estimate"],
         "label": r.label or f"run {r.id}"}
        for r in runs
        if "monte_carlo" in r.results
    ]  # fmt: skip
    if not claims and not points:
        return None
    return {
        "claims": len(claims),
        "runs": len(points),
        "chart": charts.svg(charts.timeline(claims, points)) if claims else None,
    }
