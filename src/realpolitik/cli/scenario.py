"""Scenario commands: ``validate``, ``schema`` and ``why``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from realpolitik.cli.common import (
    ActorOpt,
    JsonOpt,
    OfferOpt,
    ScenarioArg,
    app,
    handles_input_errors,
    out,
    print_json,
    read_scenario,
)

if TYPE_CHECKING:
    from realpolitik.analysis.decision import DecisionResult, EvidenceItem


@app.command()
@handles_input_errors
def validate(scenario: ScenarioArg) -> None:
    """Check a scenario file and report every problem with its line."""
    s = read_scenario(scenario)
    counts = ", ".join(
        f"{len(getattr(s, k))} {k}" for k in ("actors", "issues", "offers", "factors", "levers", "evidence")
    )
    out.print(f"{scenario}: valid ({counts}).")


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    from realpolitik.scenario.schema import Scenario as ScenarioModel

    print_json(ScenarioModel.model_json_schema())


def render_why(r: DecisionResult) -> None:
    """Print a decision and its ranked factor contributions."""
    verdict = "[bold red]rejects[/]" if not r.accept else "[bold green]accepts[/]"
    out.print(f"{r.actor_name} {verdict} the offer '{r.offer_name}'.")
    out.print(
        f"  margin {r.margin:+.3f} (settling minus continuing, in {r.actor_name}'s stakes utility; "
        f"accept iff >= 0)\n"
        f"  offer worth {r.offer_value:.3f}; fighting on worth {r.reservation_value:.3f} "
        f"over {r.horizon:g} {r.time_unit}s, discount {r.discount:g} per {r.time_unit}"
    )
    carried = ", ".join(f"{c.name} ({c.contribution:+.3f})" for c in r.carriers())
    out.print(f"  carried by: {carried}")
    refs: dict[str, int] = {}
    quotes = []

    def cite(items: tuple[EvidenceItem, ...]) -> str:
        for ev in items:
            if ev.id not in refs:
                refs[ev.id] = len(refs) + 1
                quotes.append(ev)
        return " ".join(dict.fromkeys(f"[{refs[ev.id]}]" for ev in items))

    if r.offer_evidence:
        out.print(f"  the offer: {cite(r.offer_evidence)}")
    table = Table(title="Why: contributions to the margin (they sum to the margin)", title_justify="left")
    for col in ("rank", "contribution", "term", "value", "category", "evidence"):
        table.add_column(col, justify="right" if col in ("rank", "contribution", "value") else "left")
    for i, c in enumerate(r.ranked(), 1):
        style = "red" if c.contribution < 0 else "green"
        table.add_row(
            str(i),
            Text(f"{c.contribution:+.4f}", style=style),
            c.name,
            f"{c.value:.4g}",
            c.category,
            cite(c.evidence),
        )
    out.print(table)
    sources = dict.fromkeys((ev.source, ev.source_title) for ev in quotes)
    if quotes:
        out.print("Evidence:")
        for n, ev in enumerate(quotes, 1):
            who = f" — {ev.speaker}" if ev.speaker else ""
            out.print(Text(f"  [{n}] “{ev.quote}”{who} ({ev.source})"))
        out.print("Sources:")
        for sid, title in sources:
            out.print(Text(f"  ({sid}) {title}"))


@app.command("why")
@handles_input_errors
def why_command(
    scenario: ScenarioArg,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    draws: Annotated[
        int, typer.Option("--draws", min=2, help="Monte Carlo draws for P(accept) over the uncertainty.")
    ] = 4000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of those draws (fixed, so `why` repeats).")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Decide accept or reject, and explain the margin factor by factor."""
    from realpolitik.analysis.acceptance import acceptance_block
    from realpolitik.analysis.decision import default_actor, default_offer, why
    from realpolitik.analysis.uncertainty import monte_carlo
    from realpolitik.cli.acceptance_view import print_acceptance

    s = read_scenario(scenario)
    actor = actor or default_actor(s)
    result = why(s, actor=actor, offer=offer or default_offer(s, actor, "--offer"))
    mc = monte_carlo(s, result.actor, result.offer, draws=draws, rng=seed)
    block = acceptance_block(result, mc, seed=seed)
    if as_json:
        print_json({**result.to_dict(), "acceptance": block.to_dict()})
    else:
        print_acceptance(out, block)
        render_why(result)
