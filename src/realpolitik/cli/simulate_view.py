"""Rendering for ``realpolitik simulate``: a plain-text chart, tables, the answer, path export.

Only presentation and file output live here; the numbers come from
:mod:`realpolitik.analysis.dynamics`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from realpolitik.analysis.dynamics import BASELINE, DynamicsResult, LeverEffect
from realpolitik.errors import InputError

__all__ = ["answer_lines", "chart_lines", "progress_bar", "settlement_table", "write_paths"]

_MARKS = "abcdefghijklmnopqrstuvwxyz"


def chart_lines(r: DynamicsResult, height: int = 10, width: int = 60) -> list[str]:
    """P(settled by t) per schedule as a text chart: one letter per schedule, 0–100% on the y axis."""
    T = r.steps
    w = max(1, width // (T + 1))  # characters per step
    grid = [[" "] * ((T + 1) * w) for _ in range(height + 1)]
    legend = []
    for mark, (sid, o) in zip(_MARKS, r.outcomes.items(), strict=False):
        legend.append(f"  {mark} = {sid}: {o.name}")
        rows = np.rint(o.settled_by * height).astype(int)
        for t, row in enumerate(rows):
            for col in range(t * w, (t + 1) * w):
                cell = grid[height - row][col]
                grid[height - row][col] = mark if cell in (" ", mark) else "*"
    lines = [
        f"P(settled by {r.time_unit} t), {r.paths} paths per schedule: the share of simulated wars that "
        f"have ended in the settlement by each {r.time_unit} (letters below; '*': schedules overlap)"
    ]
    for i, row in enumerate(grid):
        label = f"{100 * (height - i) / height:4.0f}% |" if i % 2 == 0 else "      |"
        lines.append(label + "".join(row))
    lines.append("      +" + "-" * ((T + 1) * w))
    ticks = [" "] * ((T + 1) * w + 4)
    for t in range(0, T + 1, 6 if T > 12 else 1):
        for j, ch in enumerate(str(t)):
            ticks[t * w + j] = ch
    lines.append("       " + "".join(ticks).rstrip() + f"  ({r.time_unit}s)")
    return lines + legend


def _pct(x: tuple[float, float, float]) -> str:
    return f"{100 * x[0]:.1f}% [{100 * x[1]:.1f}–{100 * x[2]:.1f}]"


def settlement_table(
    r: DynamicsResult, checkpoints: tuple[int, ...], names: dict[str, str] | None = None
) -> Table:
    """P(settled by each checkpoint) with intervals, median settlement step, each party's P(accept)."""
    level = f"{100 * r.confidence:g}% CI"
    unit = r.time_unit
    table = Table(
        title=f"Settlement by schedule ({level}, Wilson)",
        title_justify="left",
        caption=(
            f"P(accepts) now: the party's mean acceptance probability at {unit} 0 over all paths; "
            f"at {unit} {r.steps}: among the paths still at war then (— when none are), so it is not "
            f"the chance of a deal by {unit} {r.steps}, which is P(settled by {r.steps})."
        ),
        caption_justify="left",
    )
    table.add_column("schedule", no_wrap=True)
    for t in checkpoints:
        table.add_column(f"P(settled by {unit} {t})", justify="right", no_wrap=True)
    table.add_column(f"median {unit} of settlement", justify="right")
    for a in r.parties:
        who = (names or {}).get(a, a)
        table.add_column(f"P({who} accepts) now", justify="right")
        table.add_column(f"P({who} accepts) at {unit} {r.steps}, if still at war", justify="right")
    for sid, o in r.outcomes.items():
        median = o.settlement_quantiles((0.5,))[0]
        accept = [
            "—" if np.isnan(v) else f"{v:.2f}"
            for i in range(len(r.parties))
            for v in (o.p_accept[0, i], o.p_accept[-1, i])
        ]
        table.add_row(
            sid, *(_pct(o.p_settled_by(t)) for t in checkpoints),
            f"> {r.steps}" if median is None else f"{median:g}", *accept,
        )
    return table


def _effect_line(e: LeverEffect, r: DynamicsResult) -> str:
    b, w, d = e.baseline, e.with_schedule, e.difference
    verdict = "changes" if e.changes else "does not detectably change"
    return (
        f"{e.schedule} {verdict} P(settled within {e.step} {r.time_unit}s): "
        f"{100 * b[0]:.1f}% -> {100 * w[0]:.1f}%, difference {100 * d[0]:+.1f} points "
        f"({100 * r.confidence:g}% CI {100 * d[1]:+.1f} to {100 * d[2]:+.1f})"
    )


def answer_lines(r: DynamicsResult) -> list[str]:
    """Each schedule against the baseline, in words, with the paired interval."""
    parties = ", ".join(r.parties)
    head = (
        f"Against the baseline ('{BASELINE}'), settlement of '{r.offer}' (all of {parties} accept), "
        f"paired over the same {r.paths} paths:"
    )
    return [head, *(f"  {_effect_line(e, r)}" for e in r.effects)]


@contextmanager
def progress_bar(console: Console, total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on ``console`` (standard error); yields a callback advancing it by one unit."""
    if not enabled:
        yield lambda _step: None
        return
    columns = (TextColumn("simulating"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("simulate", total=total)
        yield lambda _step: bar.advance(task)


def write_paths(r: DynamicsResult, path: Path) -> int:
    """Write one row per (schedule, path) to CSV or Parquet; returns the row count."""
    table = r.paths_table()
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(
                f"writing '{path}' needs pyarrow, which is not installed; "
                "install it (pip install pyarrow) or give a .csv file instead."
            ) from None
        pq.write_table(pa.table({k: v.tolist() if v.dtype == object else v for k, v in table.items()}), path)
    elif suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(table)
            writer.writerows(zip(*(v.tolist() for v in table.values()), strict=True))
    else:
        raise InputError(f"'--paths-out' must end in .csv or .parquet; got {str(path)!r}.")
    return len(next(iter(table.values())))
