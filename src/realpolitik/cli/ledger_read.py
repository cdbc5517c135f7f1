"""Reading the ledger: ``ledger list|show|due|score``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from realpolitik.cli.common import JsonOpt, handles_input_errors, out, print_json
from realpolitik.cli.ledger import (
    DbOpt,
    ScaleOpt,
    _ledger,
    _open,
    _print_forecasts,
    _scale,
    _today,
    ledger_app,
)

if TYPE_CHECKING:
    from realpolitik.analysis.estimative import Scale
    from realpolitik.analysis.ledger_scores import ForecasterScore, GroupScores
    from realpolitik.ledger.state import QuestionState


def _questions(db: str | None) -> dict[int, QuestionState]:
    from realpolitik.ledger.state import fold

    with _open(db) as store:
        return fold(_ledger(store).entries())


def _table(qs: list[QuestionState], today: dt.date, scale: Scale | None) -> Table:
    from realpolitik.analysis.estimative import describe

    table = Table(show_lines=False)
    for col in ("id", "status", "deadline"):
        table.add_column(col, no_wrap=True)
    table.add_column("question", overflow="fold", ratio=1)
    table.add_column("latest forecasts", overflow="fold")
    for q in qs:
        latest = "; ".join(f"{k} {describe(f['p'], scale)}" for k, f in q.latest().items() if "p" in f)
        table.add_row(str(q.id), q.status(today), q.spec["deadline"], Text(q.spec["text"]), Text(latest))
    return table


@ledger_app.command("list")
@handles_input_errors
def list_command(
    status: Annotated[
        str | None, typer.Option("--status", help="open, due, resolved, annulled or unresolvable.")
    ] = None,
    db: DbOpt = None,
    scale: ScaleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the questions with their status and latest forecasts."""
    today = _today()
    qs = [q for q in _questions(db).values() if status is None or q.status(today) == status]
    if as_json:
        print_json([q.to_dict(today) for q in qs])
    elif not qs:
        out.print("no questions" + (f" with status {status}." if status else " in the ledger."))
    else:
        out.print(_table(qs, today, _scale(scale)))


@ledger_app.command("due")
@handles_input_errors
def due_command(db: DbOpt = None, scale: ScaleOpt = None, as_json: JsonOpt = False) -> None:
    """Questions past their deadline and not resolved: resolve them ('ledger resolve')."""
    today = _today()
    qs = [q for q in _questions(db).values() if q.status(today) == "due"]
    if as_json:
        print_json([q.to_dict(today) for q in qs])
    elif not qs:
        out.print("nothing is due: every question past its deadline is resolved.")
    else:
        out.print(f"{len(qs)} question(s) past the deadline and unresolved:")
        out.print(_table(qs, today, _scale(scale)))


@ledger_app.command("show")
@handles_input_errors
def show_command(
    question: Annotated[int, typer.Argument(help="Question id.")],
    db: DbOpt = None,
    scale: ScaleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One question: criteria, deadline, every forecast in order, the resolution and the seal."""
    with _open(db) as store:
        ledger = _ledger(store)
        ledger.question(question)  # LedgerError if unknown or not a question
    q = _questions(db)[question]
    today = _today()
    if as_json:
        print_json(q.to_dict(today))
        return
    s = q.spec
    out.print(Text(f"question {q.id} ({q.status(today)}): {s['text']}", style="bold"))
    for label, value in (
        ("criteria", s["criteria"]),
        ("decided by", s.get("decided_by")),
        ("opened", s["opened"]),
        ("deadline", s["deadline"]),
        ("type", s["type"]),
        ("tags", ", ".join(s["tags"])),
        ("analyst", s.get("analyst")),
        ("scenario", (s.get("scenario") or {}).get("path")),
        ("command", s.get("command")),
        ("run", s.get("run_id")),
        ("sealed", f"{q.entry['recorded']}  {q.entry['hash']}"),
    ):
        if value:
            out.print(Text(f"  {label:>10}: {value}"))
    out.print("  forecasts:")
    _print_forecasts([f for _, f in q.forecasts], _scale(scale))
    if q.resolution is not None:
        r = q.resolution
        out.print(
            Text(
                f"  resolution (entry {q.resolution_seq}): {r['status']} {r['outcome']!r} on {r['date']}"
                + (f", source {r['source']}" if r.get("source") else "")
            )
        )


@ledger_app.command("score")
@handles_input_errors
def score_command(
    by: Annotated[
        str, typer.Option("--by", help="Group questions by forecaster (all together), model, analyst or tag.")
    ] = "forecaster",
    bins: Annotated[int, typer.Option("--bins", min=2, max=20, help="Calibration bins.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap intervals.")] = 0,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Brier, log and CRPS scores, calibration, and each forecaster against the baselines."""
    from realpolitik.analysis.ledger_scores import score_ledger

    res = score_ledger(_questions(db).values(), by=by, bins=bins, rng=seed)
    if as_json:
        print_json(res.to_dict())
        return
    counts = ", ".join(f"{v} {k}" for k, v in sorted(res.counts.items())) or "no questions"
    out.print(
        f"ledger: {counts}. Scores are negatively oriented (lower is better); time-weighted over updates."
    )
    if not res.groups:
        out.print("nothing resolved yet: nothing to score.")
    for g in res.groups:
        _print_group(g)


def _num(v: float | None, fmt: str = ".4f") -> str:
    return "" if v is None else format(v, fmt)


Column = Callable[["ForecasterScore"], str]


def _print_group(g: GroupScores) -> None:
    out.print(Text(f"\n{g.group}: {g.questions} resolved question(s)", style="bold"))
    if g.message:
        out.print(Text(f"  {g.message}"))
    if not g.ranked:
        return
    scored = sorted((f for f in g.forecasters if f.means), key=lambda f: f.means.get("binary.brier", 9.0))
    columns: dict[str, Column] = {  # column -> value per forecaster; a column nobody has is left out
        "n": lambda f: str(f.n),
        "Brier": lambda f: _num(f.means.get("binary.brier")),
        "log": lambda f: _num(f.means.get("binary.log")),
        "reliability": lambda f: _num(f.murphy.reliability if f.murphy else None),
        "resolution": lambda f: _num(f.murphy.resolution if f.murphy else None),
        "uncertainty": lambda f: _num(f.murphy.uncertainty if f.murphy else None),
        "Brier (categorical)": lambda f: _num(f.means.get("categorical.brier")),
        "log (categorical)": lambda f: _num(f.means.get("categorical.log")),
        "CRPS": lambda f: _num(f.means.get("numeric.crps"), ".3g"),
    }
    shown = {k: v for k, v in columns.items() if any(v(f) for f in scored)}
    table = Table(show_lines=False)
    table.add_column("forecaster", no_wrap=True)
    for col in shown:
        table.add_column(col, no_wrap=True, justify="right")
    for f in scored:
        table.add_row(f.forecaster, *(v(f) for v in shown.values()))
    out.print(table)
    for f in scored:
        if f.verdict:
            out.print(Text(f"  {f.forecaster}: {f.verdict}"))
        if f.calibration is not None:
            for line in reliability_lines(f):
                out.print(Text(line))
    for c in g.comparisons:
        d = c.difference
        better = "better" if d.high < 0 else "worse" if d.low > 0 else "no clear difference"
        out.print(
            Text(
                f"  {c.forecaster} − {c.baseline} ({c.metric}, {d.n} questions): {d.mean:+.4f} "
                f"[{d.low:+.4f}, {d.high:+.4f}] → {better}"
            )
        )


def reliability_lines(f: ForecasterScore, width: int = 40) -> list[str]:
    """A text reliability diagram: per bin, the mean forecast (|) against the observed frequency (█)."""
    t = f.calibration
    if t is None:
        return []
    lines = [f"  reliability diagram of {f.forecaster} (bar: observed frequency; | mean forecast):"]
    for i in range(t.count.size):
        if t.count[i] == 0:
            continue
        obs, mean = float(t.observed[i]), float(t.mean_forecast[i])
        bar = ["█" if j < round(obs * width) else " " for j in range(width)]
        bar[min(width - 1, round(mean * width))] = "|"
        lines.append(
            f"    {t.edges[i]:.1f}–{t.edges[i + 1]:.1f}  n={t.count[i]:>6.4g}  "
            f"{''.join(bar)}  forecast {mean:.2f} observed {obs:.2f}"
        )
    return lines
