"""Group-decision commands: ``forecast`` (EUM and baselines) and ``backtest``."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from realpolitik.cli.common import JsonOpt, SeedOpt, app, handles_input_errors, out, print_json
from realpolitik.errors import RealpolitikWarning

ModelOpt = Annotated[str, typer.Option("--model", help="eum, mean, median or nbs.")]
ReadingOpt = Annotated[
    str, typer.Option("--reading", help="EUM reading: 'printed' equations or 'scholz2011' (their Table 2).")
]
#: n×n float arrays one EUM round holds at once (its peak; see docs/robustness.md).
EUM_PAIR_ARRAYS = 24
#: Beyond engines.eum.BLOCK_ACTORS the round works in blocks: only the last offers stay n×n
#: (an int8 kind and a float position table, twice while they are put back in the caller's order).
EUM_BLOCKED_PAIR_ARRAYS = 2.5
RoundsOpt = Annotated[int, typer.Option("--rounds", min=0, help="EUM rounds.")]


@app.command("forecast")
@handles_input_errors
def forecast_command(
    source: Annotated[str, typer.Argument(help="Scenario YAML, or CSV actor,capability,position,salience.")],
    issue: Annotated[str | None, typer.Option("--issue", help="Issue id (scenario or long CSV).")] = None,
    rounds: RoundsOpt = 10,
    model: ModelOpt = "eum",
    draws: Annotated[int, typer.Option("--draws", min=0, help="Monte Carlo draws of shocked inputs.")] = 0,
    shock_position: Annotated[float, typer.Option(help="Position shock, share of the scale.")] = 0.05,
    shock_salience: Annotated[float, typer.Option(help="Salience shock (CSV input).")] = 0.1,
    shock_capability: Annotated[float, typer.Option(help="Relative capability shock (CSV input).")] = 0.2,
    reading: ReadingOpt = "printed",
    seed: SeedOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Forecast a group decision: median and mean position per round (EUM or a baseline)."""
    from realpolitik.analysis.forecast import monte_carlo
    from realpolitik.cli import forecast_view as view
    from realpolitik.cli.bounds import check_forecast
    from realpolitik.engines.forecast_baselines import forecast

    options = view.reading_options(reading)
    fi = view.forecast_input(source, issue, (shock_position, shock_salience, shock_capability))
    from realpolitik.engines.eum import BLOCK_ACTORS

    pairs = EUM_PAIR_ARRAYS if len(fi.actors) <= BLOCK_ACTORS else EUM_BLOCKED_PAIR_ARRAYS
    check_forecast(len(fi.actors), rounds, draws, pairs if model == "eum" else 0)
    if len(fi.actors) == 1:
        warnings.warn(
            f"issue '{fi.issue}' has a single actor ({fi.actors[0]}); every model forecasts its position.",
            RealpolitikWarning,
            stacklevel=1,
        )
    table = (fi.position, fi.capability, fi.salience)
    res = forecast(model, *table, scale=fi.scale, rounds=rounds, options=options)
    mc = None
    if draws:
        mc = monte_carlo(
            model, *table, fi.uncertainty,
            draws=draws, rng=seed, scale=fi.scale, rounds=rounds, options=options,
        )  # fmt: skip
    if as_json:
        print_json({"issue": fi.issue, **res.to_dict(list(fi.actors)), "monte_carlo": mc and mc.to_dict()})
        return
    lo, hi = res.scale
    scale = f"scale {lo:g} to {hi:g}" if fi.levels is None else f"levels 0 to {hi:g}: {', '.join(fi.levels)}"
    out.print(Text(f"{model} forecast of '{fi.issue}': {fi.label(res.forecast)} ({scale})"))
    for line in view.chart(res):
        out.print(Text(line))
    if model == "eum":
        out.print("Offers accepted in the last round:")
        for line in view.offers_lines(res, fi.actors):
            out.print(Text(line))
        # Baselines are hard to beat empirically; show them beside every EUM forecast.
        baselines = {m: forecast(m, *table, scale=fi.scale).forecast for m in ("mean", "median", "nbs")}
        out.print("Baselines: " + ", ".join(f"{m} {v:.3f}" for m, v in baselines.items()))
    if mc is not None:
        out.print(Text(view.monte_carlo_line(mc, fi)))


@app.command("backtest")
@handles_input_errors
def backtest_command(
    issues: Annotated[Path, typer.Argument(help="Long CSV: issue,actor,capability,position,salience.")],
    outcomes: Annotated[Path, typer.Option("--outcomes", help="CSV issue,outcome.")],
    model: Annotated[list[str] | None, typer.Option("--model", help="Model to score (repeatable).")] = None,
    rounds: RoundsOpt = 10,
    boot: Annotated[int, typer.Option("--boot", min=100, help="Bootstrap resamples.")] = 2000,
    reading: ReadingOpt = "printed",
    seed: SeedOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Mean absolute error of each model against observed outcomes, and paired comparisons."""
    from realpolitik.analysis.forecast import backtest
    from realpolitik.cli import forecast_view as view
    from realpolitik.cli.bounds import check_forecast
    from realpolitik.scenario.tables import read_issue_tables, read_outcomes

    check_forecast(0, rounds, 0, 0)

    models = tuple(model or ("eum", "mean", "median", "nbs"))
    options = view.reading_options(reading)
    data = read_issue_tables(issues), read_outcomes(outcomes)
    res = backtest(*data, models, rounds=rounds, options=options, n_boot=boot, rng=seed)
    if as_json:
        print_json(res.to_dict())
        return
    for table in view.backtest_tables(res):
        out.print(table)
    if res.unscored:
        out.print(f"issues without an outcome (not scored): {', '.join(res.unscored)}")
