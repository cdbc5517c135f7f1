"""The engines' views: one registered section per analysis (see :mod:`.sections`).

Each builder imports its analysis inside the function, so this module imports
whatever is installed; :meth:`~realpolitik.report.sections.Section.available`
hides a view whose analysis does not import. Builders read result objects
(their fields or ``.to_dict()``) and make charts; they compute nothing.
"""

from __future__ import annotations

from typing import Any

from realpolitik.errors import InputError
from realpolitik.report import charts
from realpolitik.report.sections import ReportContext, section

__all__ = [
    "deals_view",
    "dynamics_view",
    "forecast_view",
    "levers_view",
    "sensitivity_view",
    "uncertainty_view",
]

UNCERTAINTY = "realpolitik.analysis.uncertainty"
LEVERS = "realpolitik.analysis.levers"
SENSITIVITY = "realpolitik.analysis.sensitivity"
FORECAST = "realpolitik.analysis.forecast"
DEALS = "realpolitik.analysis.deals"
DYNAMICS = "realpolitik.analysis.dynamics"


@section(
    "uncertainty", "How sure: P(accept) over the estimates’ uncertainty", requires=(UNCERTAINTY,), order=20
)
def uncertainty_view(ctx: ReportContext) -> dict[str, Any]:
    r = ctx.mc
    m = r.margin
    chart = charts.histogram(m.histogram_counts, m.histogram_edges, "margin of accepting (stakes utility)")
    return {
        "r": r,
        "actor_name": ctx.why.actor_name,
        "histogram": charts.svg(chart),
        "decisive": [d for d in r.decisive if d.probability > 0][:6],
    }


@section("levers", "What would change its mind: levers", requires=(LEVERS,), order=30)
def levers_view(ctx: ReportContext) -> dict[str, Any] | None:
    from realpolitik.analysis.levers import levers

    if not ctx.scenario.levers:
        return None
    report = levers(ctx.scenario, ctx.actor, ctx.offer, draws=min(ctx.draws, 4000), rng=ctx.seed)
    answers = [a for a in report.answers if a.affects_actor]
    if not answers:
        return None
    points = []
    for a in answers:
        lo, hi = a.range
        for t, p in zip(a.intensities, a.p_accept, strict=True):
            points.append({"share": (t - lo) / (hi - lo), "p": p, "lever": a.name})
    chart = charts.curves(
        points,
        "share",
        "p",
        "lever",
        "intensity, from the bottom (0) to the top (1) of each lever’s range",
        "P(accept)",
        threshold=report.q,
    )
    # The smallest flip: the lever that needs the smallest move, as a share of its declared range.
    moves = [
        ((a.threshold - a.current) / (a.range[1] - a.range[0]), a)
        for a in answers
        if a.found and a.threshold is not None
    ]
    smallest = min(moves, key=lambda m: m[0], default=(None, None))[1]
    return {
        "report": report,
        "answers": answers,
        "smallest": smallest,
        "actor_name": ctx.why.actor_name,
        "curves": charts.svg(chart),
    }


@section("sensitivity", "Which estimates matter: Sobol’ sensitivity", requires=(SENSITIVITY,), order=40)
def sensitivity_view(ctx: ReportContext) -> dict[str, Any] | None:
    from realpolitik.analysis.sensitivity import sensitivity

    try:
        r = sensitivity(ctx.scenario, ctx.actor, ctx.offer, n=512, rng=ctx.seed)
    except InputError:
        return None  # nothing uncertain to attribute variance to
    d = r.to_dict()
    names = {fid: f.name for fid, f in ctx.scenario.factors.items()}
    rows = sorted(d["indices"], key=lambda i: -i["total"])[:12]
    chart = charts.bars(
        [(names.get(i["name"], i["name"]), i["total"]) for i in rows], "total Sobol’ index S_T"
    )
    return {"rows": rows, "names": names, "d": d, "chart": charts.svg(chart)}


@section("forecast", "Where the group decision heads: forecast per round", requires=(FORECAST,), order=50)
def forecast_view(ctx: ReportContext) -> dict[str, Any] | None:
    from realpolitik.engines.forecast_baselines import forecast
    from realpolitik.scenario import eum_table

    issues = []
    for iid, issue in ctx.scenario.issues.items():
        try:
            t = eum_table(ctx.scenario, iid)
        except InputError:
            continue  # fewer than two actors with a stance and a capability
        if len(t.actors) < 3:
            continue  # two actors: every model just splits the difference; nothing to show per round
        scale = (t.scale_min, t.scale_max)
        runs = {
            m: forecast(m, t.position, t.capability, t.salience, scale=scale)
            for m in ("eum", "mean", "median", "nbs")
        }
        eum = runs["eum"]
        points = [
            {"round": k, "position": float(v), "model": "EUM median"} for k, v in enumerate(eum.medians)
        ]
        for m in ("mean", "median", "nbs"):
            label = {
                "mean": "mean (baseline)",
                "median": "weighted median (baseline)",
                "nbs": "Nash bargaining (baseline)",
            }[m]
            points += [
                {"round": k, "position": runs[m].forecast, "model": label} for k in range(len(eum.medians))
            ]
        chart = charts.curves(
            points, "round", "position", "model", "round", f"position on {issue.name}", y_domain=scale
        )
        issues.append(
            {
                "name": issue.name,
                "levels": issue.scale.levels,
                "unit": issue.scale.unit,
                "forecasts": {m: r.forecast for m, r in runs.items()},
                "rounds": eum.rounds_run,
                "chart": charts.svg(chart),
                "actors": [ctx.scenario.actors[a].name for a in t.actors],
            }
        )
    return {"issues": issues} if issues else None


@section("deals", "Is there a deal: bargaining range", requires=(DEALS,), order=60)
def deals_view(ctx: ReportContext) -> dict[str, Any] | None:
    from realpolitik.analysis.deals import deals

    parties = ctx.scenario.offers[ctx.offer].to
    if len(parties) < 2:
        return None
    d = deals(ctx.scenario, actors=parties, top=5)
    return {"d": d, "statement": d.statement(), "issues": {i: ctx.scenario.issues[i].name for i in d.issues}}


@section("dynamics", "When does a deal become acceptable: war as a process", requires=(DYNAMICS,), order=70)
def dynamics_view(ctx: ReportContext) -> dict[str, Any] | None:
    r = ctx.dynamics
    if r is None:
        return None
    d = r.to_dict()
    points = [
        {"step": t, "p": p, "schedule": s["name"]}
        for s in d["schedules"].values()
        for t, p in enumerate(s["settled_by"])
    ]
    chart = charts.curves(points, "step", "p", "schedule", f"{r.time_unit}s from now", "P(settled by then)")
    names = {sid: s["name"] for sid, s in d["schedules"].items()}
    return {"d": d, "names": names, "chart": charts.svg(chart)}
