"""Comparison command: ``compare`` (two scenarios, one actor, the change of margin attributed exactly)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from realpolitik.cli.common import (
    ActorOpt,
    JsonOpt,
    OfferOpt,
    app,
    handles_input_errors,
    out,
    print_json,
    read_scenario,
)

if TYPE_CHECKING:
    from realpolitik.analysis.compare import MarginChange


def _value(x: float | str | None) -> str:
    if x is None:
        return "absent"
    return f"{x:.4g}" if isinstance(x, float | int) else str(x)


def render_change(console: Console, r: MarginChange, labels: tuple[str, str] = ("A", "B")) -> None:
    """Both decisions, then the change of margin split over the inputs that moved (largest first)."""
    for label, d in zip(labels, (r.before, r.after), strict=True):
        verdict = f"{d.actor_name} {d.decision}s '{d.offer_name}'"
        console.print(Text(f"{label}: {verdict} (margin {d.margin:+.3f})"))
    flip = " — the decision flips" if r.flipped else ""
    console.print(Text(f"Change of margin {labels[0]} -> {labels[1]}: {r.change:+.4f}{flip}"))
    if not r.changes:
        console.print("No input of this decision differs.")
        return
    table = Table(
        title=f"What moved the margin (exact: the shares sum to {r.change:+.4f})", title_justify="left"
    )
    for col in ("input", "kind", labels[0], labels[1], "share of the change"):
        table.add_column(col, justify="right" if col == "share of the change" else "left")
    for c in r.ranked():
        style = "red" if c.contribution < 0 else "green" if c.contribution > 0 else ""
        share = Text(f"{c.contribution:+.4f}", style=style)
        table.add_row(Text(c.name), c.kind, _value(c.before), _value(c.after), share)
    console.print(table)
    console.print(
        Text(
            "Each share is the input's Shapley value over the inputs that moved (exact sums; a linear term's "
            "share is its own change). The status quo and the temperature do not move the margin (share 0)."
        )
    )


@app.command("compare")
@handles_input_errors
def compare_command(
    scenario_a: Annotated[str, typer.Argument(help="The first scenario (the baseline).")],
    scenario_b: Annotated[str, typer.Argument(help="The second scenario (the what-if, or a later vintage).")],
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    offer_b: Annotated[
        str | None, typer.Option("--offer-b", help="Offer id in the second scenario, when it differs.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Compare two scenarios: both decisions and the exact change of the margin, input by input."""
    from realpolitik.analysis.compare import compare
    from realpolitik.analysis.decision import default_actor, default_offer

    a, b = read_scenario(scenario_a), read_scenario(scenario_b)
    actor = actor or default_actor(a)
    offer = offer or default_offer(a, actor, "--offer")
    result = compare(a, b, actor, offer, offer_b)
    if as_json:
        print_json({"a": scenario_a, "b": scenario_b, **result.to_dict()})
        return
    render_change(out, result)
