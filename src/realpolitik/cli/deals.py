"""Bargaining command: ``deals``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from realpolitik.cli.common import (
    CsvOpt,
    JsonOpt,
    ScenarioArg,
    SeedOpt,
    app,
    err,
    export_csv,
    handles_input_errors,
    out,
    print_json,
    read_scenario,
)


@app.command("deals")
@handles_input_errors
def deals_command(
    scenario: ScenarioArg,
    actors: Annotated[
        str | None,
        typer.Option("--actors", help="Parties, comma-separated (default: first offer's recipients)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=0, help="Pareto packages to show, by Nash product.")] = 5,
    grid: Annotated[int, typer.Option("--grid", min=2, help="Grid points on each continuous issue.")] = 21,
    fix: Annotated[
        list[str] | None,
        typer.Option("--fix", help="Hold an issue at a position, ISSUE=POSITION (repeatable)."),
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option("--samples", help="Evaluate a uniform sample of N packages (default: all, if <= 1e8)."),
    ] = None,
    seed: SeedOpt = None,
    csv: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Is there a deal every party prefers to fighting on? ZOPA or gap, Pareto, Nash and KS packages."""
    from realpolitik.analysis.deals import deals
    from realpolitik.cli import deals_view as view
    from realpolitik.cli.bounds import check_deals

    s = read_scenario(scenario)
    check_deals(s, grid, samples)
    parties = None if actors is None else [a.strip() for a in actors.split(",") if a.strip()]
    fixed = view.parse_fixed(fix or [])
    res = deals(s, actors=parties, top=top, grid=grid, fixed=fixed, samples=samples, rng=seed)
    if res.sampled is not None and samples is None:
        err.print(Text(view.sampling_notice(res)))
    export_csv(csv, res.rows())
    if as_json:
        print_json(res.to_dict())
    else:
        view.render_deals(out, res)
