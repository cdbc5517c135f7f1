"""Scenario commands: ``validate``, ``schema`` and ``why``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from realpolitik.cli.common import (
    ActorOpt,
    AnalystOpt,
    AnalystWeightsOpt,
    CsvOpt,
    JsonOpt,
    LedgerDbOpt,
    OfferOpt,
    ScenarioArg,
    analyst_scenario,
    app,
    export_csv,
    handles_input_errors,
    out,
    print_json,
    read_scenario,
    weighted_scenario,
)

if TYPE_CHECKING:
    pass


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
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="What-if: FACTOR=VALUE (new central value) or LEVER=INTENSITY (repeatable)."
        ),
    ] = None,
    csv: CsvOpt = None,
    detail: Annotated[
        bool, typer.Option("--detail", help="List every estimate: value, range, note and evidence.")
    ] = False,
    by_analyst: Annotated[
        bool,
        typer.Option("--by-analyst", help="Also decide under each analyst's estimates and their pool."),
    ] = False,
    analyst_weights: AnalystWeightsOpt = "scenario",
    db: LedgerDbOpt = None,
    analyst: AnalystOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Decide accept or reject, and explain the margin factor by factor."""
    from realpolitik.analysis.acceptance import acceptance_block
    from realpolitik.analysis.decision import default_actor, default_offer, why
    from realpolitik.analysis.uncertainty import monte_carlo
    from realpolitik.cli.acceptance_view import print_acceptance
    from realpolitik.cli.why_view import render_why

    s = analyst_scenario(weighted_scenario(read_scenario(scenario), analyst_weights, db), analyst)
    actor = actor or default_actor(s)
    offer = offer or default_offer(s, actor, "--offer")
    change = None
    if set_:
        from realpolitik.analysis.compare import what_if
        from realpolitik.cli.common import assignments

        s, change = what_if(s, actor, offer, assignments(set_, "--set"))
    result = why(s, actor=actor, offer=offer)
    mc = monte_carlo(s, result.actor, result.offer, draws=draws, rng=seed)
    block = acceptance_block(result, mc, seed=seed)
    export_csv(csv, result.rows())
    split = None
    if by_analyst:
        from realpolitik.analysis.analysts import by_analyst as split_by_analyst

        split = split_by_analyst(s, actor, offer, weights_from=analyst_weights)
    if as_json:
        what = None if change is None else change.to_dict()
        extra = {} if split is None else {"by_analyst": split.to_dict()}
        decision = result.to_dict()
        # The logit at the central estimates is acceptance.p_central; a bare top-level p_accept
        # beside acceptance.p_accept (the figure to quote) read as a second answer.
        decision.pop("p_accept")
        print_json({**decision, "acceptance": block.to_dict(), "what_if": what, **extra})
        return
    if change is not None:
        from realpolitik.cli.compare import render_change

        settings = ", ".join(set_ or [])
        out.print(f"[bold]What-if: {settings}[/] (the baseline is the scenario as written)", markup=True)
        render_change(out, change, labels=("baseline", "what-if"))
    print_acceptance(out, block)
    render_why(out, result, detail=detail)
    if split is not None:
        from realpolitik.cli.why_view import render_by_analyst

        render_by_analyst(out, split)
