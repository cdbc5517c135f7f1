"""``run save|list|show``: keep a scenario's answer with everything needed to reproduce it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
)

if TYPE_CHECKING:
    from realpolitik.evidence.store import EvidenceStore

run_app = typer.Typer(help="Save a scenario's answer, list saved runs, show one.", no_args_is_help=True)
app.add_typer(run_app, name="run")

DbOpt = Annotated[
    str | None, typer.Option("--db", help="Store file (default: $REALPOLITIK_DB, else the user store).")
]


def _store(db: str | None, *, create: bool = False) -> EvidenceStore:
    from realpolitik.cli.common import open_store

    return open_store(db, create=create, first="save a run first (`realpolitik run save SCENARIO`)")


@run_app.command("save")
@handles_input_errors
def save_command(
    scenario: ScenarioArg,
    label: Annotated[str | None, typer.Option("--label", help="A name for this run.")] = None,
    actor: ActorOpt = None,
    offer: OfferOpt = None,
    seed: SeedOpt = None,
    draws: Annotated[int, typer.Option("--draws", min=0, help="Monte Carlo draws for P(accept).")] = 4000,
    levers: Annotated[bool, typer.Option("--levers", help="Also store the lever search.")] = False,
    simulate: Annotated[bool, typer.Option("--simulate", help="Also store the dynamics simulation.")] = False,
    paths: Annotated[int, typer.Option("--paths", min=1, help="Paths per schedule with --simulate.")] = 4000,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compute why (and P(accept), optionally levers and simulate) and store it as a run."""
    from realpolitik.analysis.decision import default_offer
    from realpolitik.analysis.sampling import seed_sequence
    from realpolitik.errors import ScenarioError
    from realpolitik.guard import read_text
    from realpolitik.history.runs import RunSettings, save_run
    from realpolitik.scenario import loads

    if scenario == "-":
        text, name, base = sys.stdin.read(), "<stdin>", Path.cwd()
    else:
        path = Path(scenario)
        # The guarded reader every scenario read goes through: regular files within the size limit.
        text = read_text(path, kind="scenario", error=ScenarioError)
        name, base = str(path), path.resolve().parent
    s = loads(text, name=name, base_dir=base)
    actor = known_actor(s, actor)
    settings = RunSettings(
        actor=actor,
        offer=offer or default_offer(s, actor, "--offer"),
        seed=int(seed_sequence(seed).entropy),  # type: ignore[arg-type]
        draws=draws,
        levers=levers,
        simulate=simulate,
        paths=paths,
    )
    with _store(db, create=True) as store:
        run = save_run(store, text, settings, name=name, base_dir=base, label=label, scenario=s)
    if as_json:
        print_json(run.to_dict())
        return
    why = run.results["why"]
    out.print(
        f"saved run {run.id}{f' ({label})' if label else ''}: {why['actor_name']} {why['decision']}s "
        f"'{settings.offer}', margin {why['margin']:+.3f}; seed {settings.seed}; scenario "
        f"{run.scenario_hash[:12]}."
    )


@run_app.command("list")
@handles_input_errors
def list_command(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Saved runs, oldest first."""
    from realpolitik.history.runs import list_runs

    with _store(db) as store:
        runs = list_runs(store)
    if as_json:
        print_json([r.to_dict() for r in runs])
        return
    table = Table(title="Saved runs", title_justify="left")
    for col in ("id", "created", "label", "scenario", "actor / offer", "decision", "margin", "P(accept)"):
        table.add_column(col, justify="right" if col in ("id", "margin", "P(accept)") else "left")
    for r in runs:
        why = r.results["why"]
        mc = r.results.get("monte_carlo")
        p = "—" if mc is None else f"{mc['p_accept']['estimate']:.3f}"
        table.add_row(
            str(r.id), r.created_at[:16].replace("T", " "), r.label or "",
            f"{r.scenario_name} ({r.scenario_hash[:8]})", f"{r.settings.actor} / {r.settings.offer}",
            why["decision"], f"{why['margin']:+.3f}", p,
        )  # fmt: skip
    out.print(table)


@run_app.command("show")
@handles_input_errors
def show_command(
    run_id: Annotated[str, typer.Argument(help="Run id, as shown by `run list`.")],
    db: DbOpt = None,
    scenario: Annotated[bool, typer.Option("--scenario", help="Print the stored scenario text.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """One saved run: its inputs' identity, settings and results."""
    from realpolitik.history.runs import get_run

    with _store(db) as store:
        run = get_run(store, run_id)
    if scenario:
        sys.stdout.write(run.scenario_text)
        return
    if as_json:
        print_json(run.to_dict())
        return
    why = run.results["why"]
    out.print(Text(f"run {run.id}{f' ({run.label})' if run.label else ''}, saved {run.created_at}"))
    out.print(Text(f"  scenario {run.scenario_name}, sha256 {run.scenario_hash}"))
    out.print(Text(f"  realpolitik {run.code_version}"))
    out.print(Text(f"  settings {run.settings.to_dict()}"))
    verdict = f"{why['actor_name']} {why['decision']}s '{run.settings.offer}'"
    out.print(Text(f"  {verdict}: margin {why['margin']:+.4f}"))
    mc = run.results.get("monte_carlo")
    if mc is not None:
        p = mc["p_accept"]
        interval = f"{p['estimate']:.3f} [{p['low']:.3f}, {p['high']:.3f}]"
        out.print(Text(f"  P(accept) over the estimates' uncertainty {interval}"))
    for c in why["contributions"][:5]:
        out.print(Text(f"    {c['contribution']:+.4f}  {c['name']}"))
