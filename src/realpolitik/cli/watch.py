"""``watch``: new claims in the store under the factor they bear on, toward or away from the flip."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from realpolitik.cli.common import (
    ActorOpt,
    JsonOpt,
    OfferOpt,
    ScenarioArg,
    app,
    handles_input_errors,
    known_actor,
    open_store,
    out,
    parse_date,
    print_json,
    read_scenario,
)
from realpolitik.errors import InputError


@app.command("watch")
@handles_input_errors
def watch_command(
    scenario: ScenarioArg,
    db: Annotated[str | None, typer.Option("--db", help="Evidence store (default: the user store).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only claims dated on or after DATE.")] = None,
    since_run: Annotated[
        str | None, typer.Option("--since-run", help="Only claims dated on or after this saved run.")
    ] = None,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    show: Annotated[int, typer.Option("--show", min=0, help="Claims to print per factor.")] = 5,
    as_json: JsonOpt = False,
) -> None:
    """Which new claims bear on each factor, and do they push the decision toward its tipping point?"""
    from realpolitik.analysis.decision import default_offer
    from realpolitik.history.watch import watch

    if since is not None and since_run is not None:
        raise InputError("give --since or --since-run, not both.")
    s = read_scenario(scenario)
    actor = known_actor(s, actor)
    with open_store(db, first="ingest articles first (`realpolitik ingest FILE`)") as store:
        start = parse_date(since, "--since")
        if since_run is not None:
            from realpolitik.history.runs import get_run

            start = parse_date(get_run(store, since_run).created_at[:10], "--since-run")
        res = watch(s, store, actor, offer or default_offer(s, actor, "--offer"), since=start)
    if as_json:
        print_json(res.to_dict())
        return
    name = s.actors[actor].name
    period = f" since {res.since}" if res.since else ""
    out.print(Text(f"{name} {res.decision}s '{res.offer}'. Claims{period}, by factor (flagged first):"))
    for f in res.factors:
        tip = "no tipping point found" if f.tipping_value is None else f"flips at {f.tipping_value:.4g}"
        dist = "" if f.distance is None else f", {f.distance:+.2f} ranges away"
        flag = "FLAG: new evidence points toward the flip — " if f.flagged else ""
        out.print(Text(f"\n{flag}{f.name} ({f.factor}): central {f.central:.4g}, {tip}{dist}", style="bold"))
        if not f.claims:
            out.print("  no claims.")
            continue
        out.print(Text(f"  {len(f.claims)} claims: {f.toward} toward the flip, {f.away} away"))
        for c in f.claims[:show]:
            src = ", ".join(x for x in (c.outlet, c.event_date) if x)
            out.print(Text(f"  [{c.direction}] “{c.text}” ({src}; {c.id})"))
