"""Face commands: ``report`` (a self-contained HTML file) and ``serve`` (the local dashboard)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import (
    ActorOpt,
    OfferOpt,
    ScenarioArg,
    app,
    assignments,
    faces_missing,
    handles_input_errors,
    out,
    read_scenario,
)
from realpolitik.errors import InputError, field_message

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
    ledger: Annotated[
        Path | None, typer.Option(
            "--ledger", "--db",
            help="Store (evidence, saved runs, ledger): adds the evidence timeline and the track record.",
        )
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="Also print the report to this PDF (needs Chromium).", dir_okay=False),
    ] = None,
) -> None:
    """Write one self-contained HTML report (opens offline): the decision, why, and each engine's view."""
    try:
        from realpolitik.report import parse_settings, write_report
    except ImportError as exc:
        raise faces_missing(exc) from None
    s = read_scenario(scenario)
    settings = parse_settings(
        {"actor": actor, "offer": offer, "factors": assignments(factor, "--factor"),
         "levers": assignments(lever, "--lever")},
        "the command line",
    )
    if ledger is not None and not ledger.is_file():
        raise InputError(field_message("--ledger", "the command line", "an existing store file", str(ledger)))
    path = write_report(s, output, settings, ledger=ledger)
    out.print(f"report written to {path.resolve()}")
    if pdf is not None:
        from realpolitik.report.pdf import print_pdf

        out.print(f"PDF written to {print_pdf(path, pdf)}")


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
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Host name clients may use to reach the server (repeatable)."),
    ] = None,
) -> None:
    """Start the local dashboard: move factors and levers, watch the decision change."""
    try:
        from realpolitik.web import serve
    except ImportError as exc:
        raise faces_missing(exc) from None
    paths = scenarios or sorted(Path("scenarios").glob("*.yaml"))
    serve(paths, host=host, port=port, say=out.print, db=db, allow_hosts=allow_host or ())
