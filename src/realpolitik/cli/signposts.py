"""``signposts``: the estimates whose tipping points lie closest, i.e. what to watch."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from realpolitik.cli.common import (
    ActorOpt,
    JsonOpt,
    OfferOpt,
    ScenarioArg,
    SeedOpt,
    app,
    handles_input_errors,
    known_actor,
    out,
    print_json,
    read_scenario,
)


def _num(x: float | None, fmt: str = ".4g") -> str:
    return "—" if x is None else format(x, fmt)


@app.command("signposts")
@handles_input_errors
def signposts_command(
    scenario: ScenarioArg,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    draws: Annotated[
        int, typer.Option("--draws", min=0, help="Draws of the other estimates for P(flip at edge); 0 skips.")
    ] = 2000,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows to print (JSON has all).")] = 15,
    seed: SeedOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Which estimate, if the news moved it, would flip the decision? Tipping values, closest first."""
    from realpolitik.analysis.decision import default_offer
    from realpolitik.analysis.signposts import signposts

    s = read_scenario(scenario)
    actor = known_actor(s, actor)
    res = signposts(s, actor, offer or default_offer(s, actor, "--offer"), draws=draws, rng=seed)
    if as_json:
        print_json(res.to_dict())
        return
    name = s.actors[actor].name
    out.print(
        f"{name} {res.decision}s '{res.offer}' (margin {res.margin:+.3f}). Each estimate's tipping value is "
        "where the decision flips with every other estimate at its central value."
    )
    table = Table(title="Signposts: closest tipping points first", title_justify="left")
    for col in ("rank", "estimate", "central", "range", "tipping value", "distance", "P(flip) at edge"):
        table.add_column(col, justify="left" if col in ("estimate", "range") else "right")
    for i, p in enumerate(res.signposts[:top], 1):
        rng = "no range" if p.low is None else f"{p.low:.4g} to {p.high:.4g}"
        dist = "—" if p.distance is None else f"{p.distance:+.2f} ranges"
        dist += " (in range)" if p.within_range else ""
        tip = "none found" if p.tipping_value is None else f"{p.tipping_value:.4g}"
        table.add_row(str(i), p.name, _num(p.central), rng, tip, dist, _num(p.p_flip_at_edge, ".1%"))
    out.print(table)
    out.print(
        Text(
            "distance: (tipping value − central) / width of the stated range; '(in range)' marks a flip the "
            "stated range already allows. P(flip) at edge: share of draws of the other estimates "
            f"({res.draws} draws, seed {res.seed}) in which the decision flips with this estimate at the "
            "edge of its range nearest the tipping value."
        )
    )
