"""What every command shares: the typer app, consoles, option types, error handling.

Exit codes: 0 success, 1 an unexpected failure, 2 invalid input (the message on
standard error names the file, line or field). Results go to standard output,
messages to standard error; ``--json`` gives stable machine-readable output.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import warnings
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from realpolitik.errors import InputError, ModelError, RealpolitikWarning, ScenarioError, field_message

if TYPE_CHECKING:
    from realpolitik.evidence.store import EvidenceStore
    from realpolitik.scenario import Scenario

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
            with warnings.catch_warnings():
                # The user sees every edge case the library warns of, as one plain line.
                warnings.simplefilter("always", RealpolitikWarning)
                warnings.showwarning = _warning_printer(warnings.showwarning)
                return func(*args, **kwargs)
        except InputError as exc:
            err.print(Text(f"error: {exc}", style="red"))
            raise typer.Exit(2) from None
        except ModelError as exc:
            err.print(Text(f"error: {exc}", style="red"))
            raise typer.Exit(1) from None
        except MemoryError:
            # The bounds (cli/bounds.py) refuse runs estimated not to fit; this is the safety net.
            hint = "error: out of memory; try fewer draws, paths, grid points or actors."
            err.print(Text(hint, style="red"))
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _warning_printer(fallback: Callable[..., None]) -> Callable[..., None]:
    """``warnings.showwarning`` that prints a RealpolitikWarning as one plain line."""

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, RealpolitikWarning):
            err.print(Text(f"warning: {message}", style="yellow"))
        else:
            fallback(message, category, *args, **kwargs)

    return show


def _read_stdin() -> Scenario:
    """A scenario from standard input, read only up to the scenario size limit."""
    from realpolitik.guard import limit_for
    from realpolitik.scenario import loads

    limit = limit_for("scenario")
    text = sys.stdin.read(limit + 1)
    if len(text) > limit:
        raise ScenarioError(
            f"<stdin>: larger than the {limit // 1024:,} KiB limit for a scenario file; "
            "set REALPOLITIK_MAX_FILE_MB to raise it if the input is genuine."
        )
    return loads(text, name="<stdin>", base_dir=Path.cwd())


class _Run:
    """Per-invocation state: whether warnings are errors, and the warnings met so far."""

    strict = False
    warnings: list[str] = []  # noqa: RUF012  (reset by the app callback at every invocation)


@app.callback()
def _options(
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat modelling warnings as errors (exit 2).")
    ] = False,
) -> None:
    """Why does a party reject a deal that seems to benefit it, and what would change its mind?"""
    _Run.strict = strict
    _Run.warnings = []


def read_scenario(path: str) -> Scenario:
    """Load a scenario from a path, or from standard input for ``-``; report its modelling warnings.

    Warnings go to standard error (and into ``--json`` output under ``warnings``);
    with ``realpolitik --strict`` they are errors (exit 2).
    """
    from realpolitik.scenario import load
    from realpolitik.scenario.lint import scenario_warnings

    s = _read_stdin() if path == "-" else load(path)
    where = "<stdin>" if path == "-" else path
    found = [f"{where}: {w}" for w in scenario_warnings(s)]
    if found and _Run.strict:
        problems = "\n  ".join(found)
        raise InputError(f"{len(found)} warning(s), and --strict makes them errors:\n  {problems}")
    for w in found:
        err.print(Text(f"warning: {w}", style="yellow"))
    _Run.warnings += found
    return s


def print_json(data: object) -> None:
    """Write JSON to standard output, unstyled; a result object also lists the scenario's warnings."""
    if isinstance(data, dict) and _Run.warnings and "warnings" not in data:
        data = {**data, "warnings": list(_Run.warnings)}
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


CsvOpt = Annotated[
    Path | None, typer.Option("--csv", help="Also write the result's table to FILE as CSV.", dir_okay=False)
]


def export_csv(path: Path | None, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` to ``path`` as CSV (when given) and say so on standard error."""
    if path is None:
        return
    from realpolitik.analysis.tables import write_csv

    try:
        n = write_csv(path, rows)
    except OSError as exc:
        raise InputError(f"--csv: cannot write {path} ({exc.strerror}).") from None
    err.print(f"wrote {n} rows to {path}")


SeedOpt = Annotated[int | None, typer.Option("--seed", help="Random seed (default: fresh entropy).")]
DesignOpt = Annotated[str, typer.Option("--design", help="Draws: lhs (Latin hypercube), sobol or random.")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", help="Run on a local Dask cluster, N workers.")]
SchedulerOpt = Annotated[
    str | None, typer.Option("--scheduler", help="Run on the Dask scheduler at tcp://host:port.")
]


def assignments(items: list[str], option: str) -> dict[str, float]:
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


def faces_missing(exc: ImportError) -> typer.Exit:
    hint = f"error: this command needs the web extra: pip install 'realpolitik[web]' ({exc})"
    err.print(Text(hint, style="red"))
    return typer.Exit(2)


def known_actor(s: Scenario, actor: str | None) -> str:
    from realpolitik.analysis.decision import default_actor

    if actor is None:
        return default_actor(s)
    if actor not in s.actors:
        raise InputError(field_message("--actor", "the command line", f"one of {sorted(s.actors)}", actor))
    return actor


def check_design(design: str) -> Any:
    from realpolitik.engines.sampling import DESIGNS

    if design not in DESIGNS:
        raise InputError(field_message("--design", "the command line", f"one of {list(DESIGNS)}", design))
    return design


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An ISO date from the command line (``2025-07-30``); a malformed one names its option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field_message(option, "the command line", "a date YYYY-MM-DD", value)) from None


def open_store(
    db: str | None, *, create: bool = False, first: str = "", read_only: bool = False
) -> EvidenceStore:
    """Open the store at ``--db`` (default: ``$REALPOLITIK_DB``, else the user store).

    Reading commands pass ``create=False`` and never create an empty store by
    accident; ``first`` says how to fill one (``"ingest articles first (…)"``).
    ``read_only`` opens it for reading only (see ``EvidenceStore``).
    """
    from realpolitik.errors import EvidenceError
    from realpolitik.evidence.store import EvidenceStore, default_path

    path = Path(db) if db is not None else default_path()
    if not create and not path.exists():
        hint = f"{first} or name a store with --db." if first else "name a store with --db."
        raise EvidenceError(f"no store at {path}; {hint}")
    return EvidenceStore(path, read_only=read_only)


AnalystWeightsOpt = Annotated[
    str,
    typer.Option(
        "--analyst-weights",
        help="Pool weights of the analysts: 'scenario' (its analysts: weights, equal by default) or "
        "'ledger' (1 / Brier score of each analyst's resolved forecasts in the ledger at --db).",
    ),
]
LedgerDbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Store holding the forecast ledger, for --analyst-weights ledger."),
]


def weighted_scenario(scenario: Scenario, how: str, db: str | None) -> Scenario:
    """The scenario with its analysts weighted as ``--analyst-weights`` says (docs/analysts.md)."""
    if how == "scenario":
        return scenario
    if how != "ledger":
        expected = "'scenario' or 'ledger'"
        raise InputError(field_message("--analyst-weights", "the command line", expected, how))
    from realpolitik.analysis.analysts import analyst_ids, ledger_weights, with_weights
    from realpolitik.ledger.state import fold
    from realpolitik.ledger.store import Ledger

    with open_store(db, first="record forecasts with 'realpolitik ledger' first", read_only=True) as store:
        questions = list(fold(Ledger(store.conn, str(store.path)).entries()).values())
    return with_weights(scenario, ledger_weights(questions, analyst_ids(scenario)).weights)


AnalystOpt = Annotated[
    str | None,
    typer.Option("--analyst", help="Read the scenario as one analyst's estimates (the reference elsewhere)."),
]


def analyst_scenario(scenario: Scenario, analyst: str | None) -> Scenario:
    """The scenario as ``--analyst`` reads it (docs/analysts.md); unchanged without the option."""
    if analyst is None:
        return scenario
    from realpolitik.analysis.analysts import analyst_ids, analyst_view

    known = analyst_ids(scenario)
    if analyst not in known:
        raise InputError(field_message("--analyst", "the scenario", f"one of {list(known)}", analyst))
    return analyst_view(scenario, analyst)
