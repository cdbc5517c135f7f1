"""Uncertainty commands: ``levers`` (what would flip the decision) and ``sensitivity`` (Sobol')."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from realpolitik.cli.common import (
    ActorOpt,
    AnalystOpt,
    AnalystWeightsOpt,
    CsvOpt,
    DesignOpt,
    JsonOpt,
    LedgerDbOpt,
    OfferOpt,
    ScenarioArg,
    SchedulerOpt,
    SeedOpt,
    WorkersOpt,
    analyst_scenario,
    app,
    check_design,
    err,
    export_csv,
    handles_input_errors,
    known_actor,
    out,
    print_json,
    read_scenario,
    weighted_scenario,
)


@app.command("levers")
@handles_input_errors
def levers_command(
    scenario: ScenarioArg,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    lever: Annotated[
        list[str] | None, typer.Option("--lever", help="Lever id (repeatable; default: every lever).")
    ] = None,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws, common to every lever.")] = 10_000,
    seed: SeedOpt = None,
    quantile: Annotated[float, typer.Option("--quantile", help="Target P(accept).")] = 0.5,
    design: DesignOpt = "lhs",
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    pair: Annotated[
        str | None, typer.Option("--pair", help="Two levers L1,L2: P(accept) over a grid of both.")
    ] = None,
    pair_grid: Annotated[
        int, typer.Option("--pair-grid", min=2, help="Grid points per lever of --pair.")
    ] = 11,
    csv: CsvOpt = None,
    analyst: AnalystOpt = None,
    analyst_weights: AnalystWeightsOpt = "scenario",
    db: LedgerDbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What lever intensity makes acceptance more likely than not? Monte Carlo with common random numbers."""
    from realpolitik.analysis.acceptance import acceptance_block
    from realpolitik.analysis.decision import default_offer, why
    from realpolitik.analysis.ensemble import open_executor
    from realpolitik.analysis.levers import CLUSTER_PAYOFF, lever_pair, levers
    from realpolitik.analysis.sampling import plan_chunks, seed_sequence
    from realpolitik.analysis.uncertainty import monte_carlo
    from realpolitik.cli import levers_view as view
    from realpolitik.cli.acceptance_view import print_acceptance
    from realpolitik.cli.bounds import check_levers

    s = analyst_scenario(weighted_scenario(read_scenario(scenario), analyst_weights, db), analyst)
    actor = known_actor(s, actor)
    offer = offer or default_offer(s, actor, "--offer")
    ids = lever or list(s.levers)
    check_levers(s, draws, len(ids) + (pair_grid**2 if pair is not None else 0))
    pair_ids = None if pair is None else view.parse_pair(pair, s.levers)
    root = seed_sequence(seed)  # one root: the baseline and every lever see the same draws
    n_chunks = len(plan_chunks(draws, root))
    n_tasks = n_chunks * (len(ids) + 1 + (pair_ids is not None))
    work = draws * (len(ids) + 1)
    if workers is not None and scheduler is None and work < CLUSTER_PAYOFF:
        err.print(f"note: --workers ignored; {draws:,} draws run faster in this process (see docs/speed.md).")
    with (
        open_executor(workers, scheduler, work=work, payoff=CLUSTER_PAYOFF) as ex,
        view.progress_bar(err, "levers", n_tasks, err.is_terminal and not as_json) as tick,
    ):
        kw = {"draws": draws, "rng": root, "design": check_design(design), "executor": ex, "progress": tick}
        mc = monte_carlo(s, actor, offer, **kw)
        report = levers(s, actor, offer, ids, q=quantile, **kw)
        grid = (
            None if pair_ids is None else lever_pair(s, actor, offer, pair_ids, n=pair_grid, q=quantile, **kw)
        )
    export_csv(csv, report.rows())
    if as_json:
        pair_json = None if grid is None else grid.to_dict()
        block = acceptance_block(why(s, actor, offer), mc, seed=root.entropy)
        print_json(
            {
                "seed": root.entropy,
                "acceptance": block.to_dict(),
                "baseline": mc.to_dict(),
                **report.to_dict(),
                "pair": pair_json,
                "reliability": view.reliability_dict(s, actor, ids),
            }
        )
        return
    print_acceptance(out, acceptance_block(why(s, actor, offer), mc, seed=root.entropy))
    for line in view.baseline_lines(mc, s.actors[actor].name)[1:]:
        out.print(Text(line))
    if any(a.reverse for a in report.answers):
        question = f"make {s.actors[actor].name} walk away (P(accept) below {quantile:g})"
    else:
        question = f"make P(accept) >= {quantile:g}"
    out.print(f"What would {question}? (seed {root.entropy})")
    for a in report.answers:
        out.print(Text("  " + view.answer_line(a, s.label)))
    out.print(view.lever_table(report))
    if grid is not None:
        for line in view.pair_grid_lines(grid, [s.levers[lv].unit for lv in grid.levers]):
            out.print(Text(line))
    for line in view.evidence_lines(s, actor, ids):
        out.print(Text(line))


@app.command("sensitivity")
@handles_input_errors
def sensitivity_command(
    scenario: ScenarioArg,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    draws: Annotated[
        int, typer.Option("--draws", help="Base sample size n (rounded up to a power of 2; runs n(d+2)).")
    ] = 1024,
    seed: SeedOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Which estimates matter? Sobol' first-order and total indices of the decision margin."""
    from realpolitik.analysis.decision import default_offer
    from realpolitik.analysis.sampling import seed_sequence
    from realpolitik.analysis.sensitivity import sensitivity
    from realpolitik.cli import levers_view as view
    from realpolitik.cli.bounds import check_sensitivity

    s = read_scenario(scenario)
    actor = known_actor(s, actor)
    if draws >= 2:
        check_sensitivity(s, draws)
    root = seed_sequence(seed)
    res = sensitivity(s, actor, offer or default_offer(s, actor, "--offer"), n=draws, rng=root)
    if as_json:
        print_json({"seed": root.entropy, **res.to_dict()})
        return
    out.print(view.sensitivity_table(res))
    note = res.noise_note()
    if note:
        out.print(Text(note))
    if res.fixed:
        out.print(Text(f"held fixed (no spread): {', '.join(res.fixed)}"))
