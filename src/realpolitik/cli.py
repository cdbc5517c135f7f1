"""The ``realpolitik`` command line: parse, call the library, render.

Exit codes: 0 success, 1 an unexpected failure, 2 invalid input (the message on
standard error names the file, line or field). Results go to standard output,
messages to standard error; ``--json`` gives stable machine-readable output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from realpolitik.analysis.decision import DecisionResult, EvidenceItem, why
from realpolitik.errors import InputError, ModelError
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


def _default_offer(s: Scenario, actor: str) -> str:
    addressed = [oid for oid, o in s.offers.items() if actor in o.to]
    if not addressed:
        raise InputError(f"no offer in the scenario is addressed to '{actor}'; name one with --offer.")
    return addressed[0]


def _default_actor(s: Scenario) -> str:
    for offer in s.offers.values():
        return offer.to[0]
    raise InputError("the scenario has no offers; add one under 'offers'.")


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
    actor: Annotated[
        str | None, typer.Option(help="Deciding actor id (default: first offer's first recipient).")
    ] = None,
    offer: Annotated[
        str | None, typer.Option(help="Offer id (default: first offer addressed to the actor).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Decide accept or reject, and explain the margin factor by factor."""
    s = read_scenario(scenario)
    actor = actor or _default_actor(s)
    result = why(s, actor=actor, offer=offer or _default_offer(s, actor))
    if as_json:
        print_json(result.to_dict())
    else:
        render_why(result)


def main() -> None:
    """Console-script entry point."""
    app()
