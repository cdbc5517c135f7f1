"""Dynamics command: ``simulate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from realpolitik.cli.common import (
    JsonOpt,
    ScenarioArg,
    SchedulerOpt,
    SeedOpt,
    WorkersOpt,
    app,
    err,
    handles_input_errors,
    out,
    print_json,
    read_scenario,
)
from realpolitik.errors import InputError, field_message


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
    as_json: JsonOpt = False,
) -> None:
    """War as a process: when is the offer accepted, and do deadlines, sanctions and arms change that?"""
    from realpolitik.analysis.dynamics import PATH_CHUNK, simulate
    from realpolitik.analysis.ensemble import open_executor
    from realpolitik.cli import simulate_view as view

    if rule not in (None, "margin", "logit"):
        raise InputError(field_message("--rule", "the command line", "'margin' or 'logit'", rule))
    s = read_scenario(scenario)
    steps = horizon or (s.dynamics.steps if s.dynamics is not None else 24)
    n_schedules = len({"baseline", *(schedule or s.schedules)})
    checkpoints = tuple(sorted({t for t in (12, 24, steps) if t <= steps}))
    show = err.is_terminal and not as_json and paths * (steps + 1) * n_schedules > 2_000_000
    with (
        open_executor(workers, scheduler) as ex,
        view.progress_bar(err, -(-paths // PATH_CHUNK), show) as tick,  # one tick per chunk of paths
    ):
        res = simulate(
            s, schedule, steps=horizon, paths=paths, rule=rule, uncertain=not central,
            checkpoints=checkpoints, rng=seed, progress=tick, executor=ex,
        )
    if paths_out is not None:
        rows = view.write_paths(res, paths_out)
        err.print(f"wrote {rows} paths to {paths_out}")
    if as_json:
        print_json(res.to_dict())
        return
    sampled = "central estimates" if central else "estimates sampled per path"
    out.print(
        f"{res.title}: offer '{res.offer}' to {', '.join(res.parties)}; settles when all accept "
        f"(rule: {res.rule}; {sampled}; seed {res.seed})."
    )
    for line in view.chart_lines(res):
        out.print(Text(line))
    out.print(view.settlement_table(res, checkpoints))
    for line in view.answer_lines(res):
        out.print(Text(line))
