"""The ``realpolitik`` command line: parse, call the library, render.

Exit codes: 0 success, 1 an unexpected failure, 2 invalid input (the message on
standard error names the file, line or field). Results go to standard output,
messages to standard error; ``--json`` gives stable machine-readable output.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from realpolitik.analysis.decision import DecisionResult, EvidenceItem, default_actor, default_offer, why
from realpolitik.errors import InputError, ModelError, field_message
from realpolitik.scenario import Scenario, load, loads
from realpolitik.scenario.schema import Scenario as ScenarioModel

app = typer.Typer(
    name="realpolitik",
    help="Why does a party reject a deal that seems to benefit it, and what would change its mind?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

ScenarioArg = Annotated[str, typer.Argument(help="Scenario YAML file, or - for standard input.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
ActorOpt = Annotated[
    str | None, typer.Option(help="Deciding actor id (default: first offer's first recipient).")
]
OfferOpt = Annotated[str | None, typer.Option(help="Offer id (default: first offer addressed to the actor).")]


def handles_input_errors(func: F) -> F:
    """Turn user-input errors into a clear message and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            err.print(Text(f"error: {exc}", style="red"))
            raise typer.Exit(2) from None
        except ModelError as exc:
            err.print(Text(f"error: {exc}", style="red"))
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def read_scenario(path: str) -> Scenario:
    """Load a scenario from a path, or from standard input for ``-``."""
    if path == "-":
        return loads(sys.stdin.read(), name="<stdin>", base_dir=Path.cwd())
    return load(path)


def print_json(data: object) -> None:
    """Write JSON to standard output, unstyled."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


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
    print_json(ScenarioModel.model_json_schema())


def render_why(r: DecisionResult) -> None:
    """Print a decision and its ranked factor contributions."""
    verdict = "[bold red]rejects[/]" if not r.accept else "[bold green]accepts[/]"
    out.print(f"{r.actor_name} {verdict} the offer '{r.offer_name}'.")
    out.print(
        f"  margin {r.margin:+.3f} (settling minus continuing, in {r.actor_name}'s stakes utility; "
        f"accept iff >= 0)\n"
        f"  P(accept) {r.p_accept:.3f} (logit, temperature {r.temperature:g})\n"
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
    as_json: JsonOpt = False,
) -> None:
    """Decide accept or reject, and explain the margin factor by factor."""
    s = read_scenario(scenario)
    actor = actor or default_actor(s)
    result = why(s, actor=actor, offer=offer or default_offer(s, actor, "--offer"))
    if as_json:
        print_json(result.to_dict())
    else:
        render_why(result)


def _assignments(items: list[str], option: str) -> dict[str, float]:
    """Parse repeated ``ID=NUMBER`` options."""
    parsed = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            parsed[key.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep or not key.strip():
            raise InputError(field_message(option, "the command line", "ID=NUMBER", item))
    return parsed


def _faces_missing(exc: ImportError) -> typer.Exit:
    hint = f"error: this command needs the web extra: pip install 'realpolitik[web]' ({exc})"
    err.print(Text(hint, style="red"))
    return typer.Exit(2)


SetFactor = Annotated[
    list[str], typer.Option("--factor", help="What-if factor value, ID=NUMBER (repeatable).")
]
SetLever = Annotated[
    list[str], typer.Option("--lever", help="What-if lever intensity, ID=NUMBER (repeatable).")
]


@app.command("report")
@handles_input_errors
def report_command(
    scenario: ScenarioArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    factor: SetFactor = [],  # noqa: B006 -- typer reads the default; it is never mutated
    lever: SetLever = [],  # noqa: B006
) -> None:
    """Write one self-contained HTML report (opens offline): the decision, why, and each engine's view."""
    try:
        from realpolitik.report import parse_settings, write_report
    except ImportError as exc:
        raise _faces_missing(exc) from None
    s = read_scenario(scenario)
    settings = parse_settings(
        {"actor": actor, "offer": offer, "factors": _assignments(factor, "--factor"),
         "levers": _assignments(lever, "--lever")},
        "the command line",
    )
    path = write_report(s, output, settings)
    out.print(f"report written to {path.resolve()}")


@app.command("serve")
@handles_input_errors
def serve_command(
    scenarios: Annotated[
        list[Path] | None, typer.Argument(help="Scenario files to offer (default: scenarios/*.yaml here).")
    ] = None,
    host: Annotated[
        str, typer.Option(help="Interface to bind; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    db: Annotated[
        Path | None, typer.Option("--db", help="Evidence store to search (default: the user store, if any).")
    ] = None,
) -> None:
    """Start the local dashboard: move factors and levers, watch the decision change."""
    try:
        from realpolitik.web import serve
    except ImportError as exc:
        raise _faces_missing(exc) from None
    paths = scenarios or sorted(Path("scenarios").glob("*.yaml"))
    serve(paths, host=host, port=port, say=out.print, db=db)


ModelOpt = Annotated[str, typer.Option("--model", help="eum, mean, median or nbs.")]
ReadingOpt = Annotated[
    str, typer.Option("--reading", help="EUM reading: 'printed' equations or 'scholz2011' (their Table 2).")
]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Random seed (default: fresh entropy).")]
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
    from realpolitik import cli_forecast as view
    from realpolitik.analysis.forecast import monte_carlo
    from realpolitik.engines.forecast_baselines import forecast

    options = view.reading_options(reading)
    fi = view.forecast_input(source, issue, (shock_position, shock_salience, shock_capability))
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
    out.print(f"{model} forecast of '{fi.issue}': {res.forecast:.3f} (scale {lo:g} to {hi:g})")
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
        out.print(view.monte_carlo_line(mc))


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
    from realpolitik import cli_forecast as view
    from realpolitik.analysis.forecast import backtest
    from realpolitik.scenario.tables import read_issue_tables, read_outcomes

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


DesignOpt = Annotated[str, typer.Option("--design", help="Draws: lhs (Latin hypercube), sobol or random.")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", help="Run on a local Dask cluster, N workers.")]
SchedulerOpt = Annotated[
    str | None, typer.Option("--scheduler", help="Run on the Dask scheduler at tcp://host:port.")
]


def _known_actor(s: Scenario, actor: str | None) -> str:
    if actor is None:
        return default_actor(s)
    if actor not in s.actors:
        raise InputError(field_message("--actor", "the command line", f"one of {sorted(s.actors)}", actor))
    return actor


def _design(design: str) -> Any:
    from realpolitik.engines.sampling import DESIGNS

    if design not in DESIGNS:
        raise InputError(field_message("--design", "the command line", f"one of {list(DESIGNS)}", design))
    return design


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
    as_json: JsonOpt = False,
) -> None:
    """What lever intensity makes acceptance more likely than not? Monte Carlo with common random numbers."""
    from realpolitik import cli_levers as view
    from realpolitik.analysis.ensemble import open_executor
    from realpolitik.analysis.levers import lever_pair, levers
    from realpolitik.analysis.sampling import plan_chunks, seed_sequence
    from realpolitik.analysis.uncertainty import monte_carlo

    s = read_scenario(scenario)
    actor = _known_actor(s, actor)
    offer = offer or default_offer(s, actor, "--offer")
    ids = lever or list(s.levers)
    pair_ids = None if pair is None else view.parse_pair(pair, s.levers)
    root = seed_sequence(seed)  # one root: the baseline and every lever see the same draws
    n_chunks = len(plan_chunks(draws, root))
    n_tasks = n_chunks * (len(ids) + 1 + (pair_ids is not None))
    with (
        open_executor(workers, scheduler) as ex,
        view.progress_bar(err, "levers", n_tasks, err.is_terminal and not as_json) as tick,
    ):
        kw = {"draws": draws, "rng": root, "design": _design(design), "executor": ex, "progress": tick}
        mc = monte_carlo(s, actor, offer, **kw)
        report = levers(s, actor, offer, ids, q=quantile, **kw)
        grid = (
            None if pair_ids is None else lever_pair(s, actor, offer, pair_ids, n=pair_grid, q=quantile, **kw)
        )
    if as_json:
        pair_json = None if grid is None else grid.to_dict()
        print_json({"seed": root.entropy, "baseline": mc.to_dict(), **report.to_dict(), "pair": pair_json})
        return
    for line in view.baseline_lines(mc, s.actors[actor].name):
        out.print(Text(line))
    out.print(f"What would make P(accept) >= {quantile:g}? (seed {root.entropy})")
    for a in report.answers:
        out.print(Text("  " + view.answer_line(a)))
    out.print(view.lever_table(report))
    if grid is not None:
        for line in view.pair_grid_lines(grid, [s.levers[lv].unit for lv in grid.levers]):
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
    from realpolitik import cli_levers as view
    from realpolitik.analysis.sampling import seed_sequence
    from realpolitik.analysis.sensitivity import sensitivity

    s = read_scenario(scenario)
    actor = _known_actor(s, actor)
    root = seed_sequence(seed)
    res = sensitivity(s, actor, offer or default_offer(s, actor, "--offer"), n=draws, rng=root)
    if as_json:
        print_json({"seed": root.entropy, **res.to_dict()})
        return
    out.print(view.sensitivity_table(res))
    if res.fixed:
        out.print(Text(f"held fixed (no spread): {', '.join(res.fixed)}"))


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
    as_json: JsonOpt = False,
) -> None:
    """Is there a deal every party prefers to fighting on? ZOPA or gap, Pareto, Nash and KS packages."""
    from realpolitik import cli_deals as view
    from realpolitik.analysis.deals import deals

    s = read_scenario(scenario)
    parties = None if actors is None else [a.strip() for a in actors.split(",") if a.strip()]
    fixed = view.parse_fixed(fix or [])
    res = deals(s, actors=parties, top=top, grid=grid, fixed=fixed, samples=samples, rng=seed)
    if res.sampled is not None and samples is None:
        err.print(Text(view.sampling_notice(res)))
    if as_json:
        print_json(res.to_dict())
    else:
        view.render_deals(out, res)

def _add_evidence_commands() -> None:
    from realpolitik.cli_evidence import register

    register(app)


_add_evidence_commands()


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
    from realpolitik import cli_simulate as view
    from realpolitik.analysis.dynamics import PATH_CHUNK, simulate
    from realpolitik.analysis.ensemble import open_executor

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


PIPE_WIDTH = 120
"""Width of tables written to a pipe or file; terminals use their own width."""


def main() -> None:
    """Console-script entry point."""
    # Rich falls back to 80 columns off a terminal, which crushes wide tables in
    # files and pipes; honour COLUMNS when given, else use a width that fits them.
    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        out.width = PIPE_WIDTH
    app()
