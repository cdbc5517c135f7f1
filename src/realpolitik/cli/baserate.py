"""Base-rate command: ``baserate REFERENCE.csv``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from realpolitik.cli.common import JsonOpt, app, handles_input_errors, out, print_json
from realpolitik.cli.ledger import ScaleOpt, _pairs, _scale
from realpolitik.errors import InputError, field_message


@app.command("baserate")
@handles_input_errors
def baserate_command(
    reference: Annotated[str, typer.Argument(help="Reference-class CSV: start, end, outcome, attributes.")],
    where: Annotated[list[str] | None, typer.Option("--where", help="COLUMN=VALUE (repeatable).")] = None,
    event: Annotated[str, typer.Option("--event", help="Outcome value counted as an event.")] = "yes",
    after: Annotated[
        float | None, typer.Option("--after", help="Only cases still going after M months.")
    ] = None,
    within: Annotated[
        float | None,
        typer.Option(
            "--within", help="Count cases that ended within N months (after --after) instead of --event."
        ),
    ] = None,
    model: Annotated[
        float | None, typer.Option("--model", help="The model's probability, to set beside it.")
    ] = None,
    level: Annotated[float, typer.Option("--level", help="Interval level.")] = 0.95,
    scale: ScaleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The base rate of comparable cases, with a Wilson interval, beside the model's probability."""
    from realpolitik.analysis.baserate import base_rate, divergence, read_reference
    from realpolitik.analysis.estimative import describe

    if after is not None and within is None:
        raise InputError(field_message("--after", "the command line", "used with --within", after))
    if not 0 < level < 1:
        raise InputError(field_message("--level", "the command line", "a number in (0, 1)", level))
    if model is not None and not 0 <= model <= 1:
        raise InputError(field_message("--model", "the command line", "a probability in [0, 1]", model))
    rate = base_rate(
        read_reference(reference),
        _pairs(where, "--where", numeric=False),
        event=event,
        within=within,
        after=after or 0.0,
        level=level,
    )
    if as_json:
        print_json({**rate.to_dict(), "model": model})
        return
    words = _scale(scale)
    sel = ", ".join(f"{k}={v}" for k, v in rate.where.items()) or "all rows"
    out.print(
        Text(
            f"{reference} ({sel}): {rate.question} in {rate.events} of {rate.n} comparable cases = "
            f"{describe(rate.rate, words)}, {100 * level:g}% Wilson interval "
            f"{100 * rate.low:.0f}–{100 * rate.high:.0f}%."
        )
    )
    if rate.excluded:
        out.print(
            Text(f"  {rate.excluded} matching case(s) left out: still going, not observed past the window.")
        )
    out.print(Text(f"  cases: {', '.join(rate.cases)}"))
    if model is not None:
        out.print(Text(divergence(model, rate.rate, rate.low, rate.high, words)))
