"""Dynamics command: ``simulate``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from realpolitik.cli.common import (
    CsvOpt,
    JsonOpt,
    ScenarioArg,
    SchedulerOpt,
    SeedOpt,
    WorkersOpt,
    app,
    err,
    export_csv,
    handles_input_errors,
    out,
    print_json,
    read_scenario,
)
from realpolitik.errors import InputError, field_message

if TYPE_CHECKING:
    from realpolitik.analysis.acceptance import AcceptanceBlock
    from realpolitik.analysis.dynamics import DynamicsResult
    from realpolitik.scenario import Scenario


@app.command("simulate")
@handles_input_errors
def simulate_command(
    scenario: ScenarioArg,
    horizon: Annotated[
        int | None, typer.Option("--horizon", help="Steps to simulate (default: dynamics.steps, else 24).")
    ] = None,
    paths: Annotated[int, typer.Option("--paths", help="Simulated paths per schedule.")] = 10_000,
    schedule: Annotated[
        list[str] | None, typer.Option("--schedule", help="Schedule id (repeatable; default: all).")
    ] = None,
    seed: SeedOpt = None,
    rule: Annotated[
        str | None, typer.Option("--rule", help="Acceptance: margin (accept iff >= 0) or logit.")
    ] = None,
    central: Annotated[
        bool, typer.Option("--central", help="Use central estimates (no parameter uncertainty).")
    ] = False,
    paths_out: Annotated[
        Path | None, typer.Option("--paths-out", help="Write every path to FILE.csv or FILE.parquet.")
    ] = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    csv: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """War as a process: when is the offer accepted, and do deadlines, sanctions and arms change that?"""
    from realpolitik.analysis.dynamics import CLUSTER_PAYOFF, PATH_CHUNK, simulate
    from realpolitik.analysis.ensemble import open_executor
    from realpolitik.cli import simulate_view as view
    from realpolitik.cli.acceptance_view import print_acceptance
    from realpolitik.cli.bounds import check_simulate

    if rule not in (None, "margin", "logit"):
        raise InputError(field_message("--rule", "the command line", "'margin' or 'logit'", rule))
    s = read_scenario(scenario)
    steps = horizon or (s.dynamics.steps if s.dynamics is not None else 24)
    n_schedules = len({"baseline", *(schedule or s.schedules)})
    check_simulate(s, paths, steps, n_schedules)
    checkpoints = tuple(sorted({t for t in (12, 24, steps) if t <= steps}))
    show = err.is_terminal and not as_json and paths * (steps + 1) * n_schedules > 2_000_000
    work = paths * n_schedules
    if workers is not None and scheduler is None and work < CLUSTER_PAYOFF:
        err.print(f"note: --workers ignored; {paths:,} paths run faster in this process (see docs/speed.md).")
    with (
        open_executor(workers, scheduler, work=work, payoff=CLUSTER_PAYOFF) as ex,
        view.progress_bar(err, -(-paths // PATH_CHUNK), show) as tick,  # one tick per chunk of paths
    ):
        res = simulate(
            s, schedule, steps=horizon, paths=paths, rule=rule, uncertain=not central,
            checkpoints=checkpoints, rng=seed, progress=tick, executor=ex, keep_paths=paths_out is not None,
        )
    if paths_out is not None:
        rows = view.write_paths(res, paths_out)
        err.print(f"wrote {rows} paths to {paths_out}")
    blocks = acceptance_blocks(s, res, seed)
    export_csv(csv, res.rows())
    if as_json:
        print_json({**res.to_dict(), "acceptance": {b.actor: b.to_dict() for b in blocks}})
        return
    sampled = "central estimates" if central else "estimates sampled per path"
    out.print(
        f"{res.title}: offer '{res.offer}' to {', '.join(res.parties)}; settles when all accept "
        f"(rule: {res.rule}; {sampled}; seed {res.seed})."
    )
    for line in view.chart_lines(res):
        out.print(Text(line))
    out.print(view.settlement_table(res, checkpoints, {a: s.actors[a].name for a in res.parties}))
    for line in view.answer_lines(res):
        out.print(Text(line))
    for block in blocks:
        print_acceptance(out, block)


def acceptance_blocks(s: Scenario, res: DynamicsResult, seed: int | None) -> list[AcceptanceBlock]:
    """The acceptance block of each party, with P(settled within its decision horizon) from the baseline."""
    from realpolitik.analysis.acceptance import acceptance_block, settled_within
    from realpolitik.analysis.decision import why
    from realpolitik.analysis.uncertainty import monte_carlo

    blocks = []
    names = {a: s.actors[a].name for a in res.parties}
    for actor in res.parties:
        decision = why(s, actor, res.offer)
        mc = monte_carlo(s, actor, res.offer, draws=4000, rng=seed)
        horizon = round(s.actors[actor].decision.horizon)
        settled = settled_within(res, horizon, names=names)
        blocks.append(acceptance_block(decision, mc, seed=seed, settled=settled))
    return blocks
