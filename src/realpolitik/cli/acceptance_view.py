"""Rendering of the acceptance block (:mod:`realpolitik.analysis.acceptance`) for the CLI."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from realpolitik.analysis.acceptance import AcceptanceBlock

__all__ = ["print_acceptance"]


def print_acceptance(console: Console, block: AcceptanceBlock) -> None:
    """The labelled block: one figure and one plain sentence per line, the figure to quote marked."""
    console.print(Text(f"Will {block.actor_name} accept '{block.offer_name}'?", style="bold"))
    lines = block.lines()
    width = max(len(line.label) for line in lines)
    for line in lines:
        mark = "   <- the figure to quote" if line.quote else ""
        console.print(Text(f"  {line.label.ljust(width)}  {line.figure}{mark}"))
        wrapped = textwrap.fill(
            line.sentence, width=max(40, console.width - 1), initial_indent="    ", subsequent_indent="    "
        )
        console.print(Text(wrapped, style="dim"))
