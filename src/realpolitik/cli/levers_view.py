"""Rendering for ``realpolitik levers`` and ``realpolitik sensitivity`` (the CLI face only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from realpolitik.analysis.ensemble import Progress as ProgressCallback
from realpolitik.analysis.levers import LeverAnswer, LeverGrid, LeverReport
from realpolitik.analysis.sensitivity import SensitivityResult
from realpolitik.analysis.uncertainty import UncertaintyResult
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Scenario

__all__ = [
    "answer_line",
    "baseline_lines",
    "evidence_lines",
    "lever_table",
    "pair_grid_lines",
    "parse_pair",
    "progress_bar",
    "reliability_dict",
    "sensitivity_table",
]


def evidence_lines(scenario: Scenario, actor: str, lever_ids: Sequence[str]) -> list[str]:
    """Each lever's quotes with their Admiralty ratings, then every range the reliability rule widened."""
    from realpolitik.analysis.decision import evidence_items
    from realpolitik.scenario.reliability import widenings

    lines = ["Evidence behind the levers (rating beside each quote, docs/reliability.md):"]
    for lid in lever_ids:
        items = evidence_items(scenario, scenario.levers[lid].evidence)
        if not items:
            lines.append(f"  {lid}: no evidence cited (analyst estimate)")
        for ev in items:
            rated = f", {ev.rating_text()}" if ev.rating_text() else ""
            lines.append(f"  {lid}: “{ev.quote}” ({ev.source}{rated})")
    for w in widenings(scenario, actor):
        lines.append(f"  {scenario.factors[w.factor].name}: {w.reason()}")
    return lines


def reliability_dict(scenario: Scenario, actor: str, lever_ids: Sequence[str]) -> dict[str, object]:
    """The same for ``--json``: ratings of each lever's evidence, and the widened ranges."""
    from realpolitik.analysis.decision import evidence_items
    from realpolitik.scenario.reliability import widenings

    return {
        "lever_evidence": {
            lid: [
                {"id": ev.id, "rating": ev.rating, "flags": list(ev.flags)}
                for ev in evidence_items(scenario, scenario.levers[lid].evidence)
            ]
            for lid in lever_ids
        },
        "widened": [
            {"factor": w.factor, "multiplier": w.multiplier, "reason": w.reason()}
            for w in widenings(scenario, actor)
        ],
    }


@contextmanager
def progress_bar(console: Console, label: str, total: int, enabled: bool) -> Iterator[ProgressCallback]:
    """A rich progress bar on ``console`` (standard error); a no-op callback when disabled."""
    if not enabled:
        yield lambda _n: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _num(x: float) -> str:
    return f"{x:.4g}"


def _shift(a: LeverAnswer, intensity: float) -> str:
    return f"{a.per_unit * (intensity - a.current):+.4g}"


def baseline_lines(mc: UncertaintyResult, actor_name: str) -> list[str]:
    """The Monte Carlo picture at the current lever settings."""
    p, s, m = mc.p_accept, mc.share_accept, mc.margin
    q = m.quantiles
    top = ", ".join(f"{d.name} {d.probability:.0%}" for d in mc.decisive if d.probability >= 0.01)
    return [
        f"{actor_name}: P(accept) {p.estimate:.3f} [{p.low:.3f}, {p.high:.3f}] "
        f"(mean logit probability over {mc.draws} {mc.design} draws, {p.level:.0%} {p.method} interval)",
        f"  share of draws accepting {s.estimate:.3f} [{s.low:.3f}, {s.high:.3f}] ({s.method}); "
        f"margin median {q['0.5']:+.3f}, 90% range {q['0.05']:+.3f} to {q['0.95']:+.3f} "
        f"(central {mc.central_margin:+.3f})",
        f"  decisive term (pushes hardest toward the decision taken): {top}",
    ]


def _interval(a: LeverAnswer) -> str:
    if a.interval is None:
        return ""
    lo, hi = a.interval
    found = "" if a.bootstrap_found is None or a.bootstrap_found >= 0.995 else (
        f"; found in {a.bootstrap_found:.0%} of bootstrap replicates"
    )
    return f" [{a.interval_level:.0%} interval {_num(lo)} to {_num(hi)}{found}]"


def _per_unit(a: LeverAnswer) -> str:
    if a.per_unit_range is None:
        return ""
    lo, hi = a.per_unit_range
    return f"; effect per unit {_num(a.per_unit)} (range {_num(lo)} to {_num(hi)}, drawn per draw)"


def _cost(a: LeverAnswer) -> str:
    return "" if a.cost is None else f"; cost {a.cost:.4g} ({_num(a.cost_per_unit or 0.0)} per unit)"


def answer_line(a: LeverAnswer, label: Callable[[str], str] = str) -> str:
    """One sentence answering 'what intensity of this lever makes acceptance more likely than not?'

    For an actor that already accepts, it answers the reverse question: what would make it walk away.
    ``label`` turns a level id into the words the scenario gives it (``Scenario.label``).
    """
    lo, hi = a.range
    if not a.affects_actor:
        return (
            f"{a.lever}: does not act on this actor (its {a.target} '{a.target_id}' is not among its terms)."
        )
    if a.reverse:
        if not a.found:
            return (
                f"{a.lever}: nothing within the declared range [{_num(lo)}, {_num(hi)}] {a.unit} would "
                f"make it walk away; P(accept) stays >= {a.q:g} (lowest {min(a.p_accept):.3f})."
            )
        assert a.threshold is not None
        assert a.p_at_threshold is not None
        level = f" (offer '{a.target_id}' at '{label(a.threshold_level)}')" if a.threshold_level else ""
        way = "up" if a.threshold > a.current else "down"
        return (
            f"{a.lever}: walks away at {_num(a.threshold)} {a.unit}{level}, {way} from {_num(a.current)} "
            f"(shifting {a.target_id} by {_shift(a, a.threshold)}): P(accept) falls to {a.p_at_threshold:.3f}"
            f"{_interval(a)}{_cost(a)}."
        )
    if not a.found:
        beyond = (
            f" Only past the range: shifting {a.target_id} by {_shift(a, a.beyond_range)} would "
            f"(intensity {_num(a.beyond_range)} on this lever's scale)."
            if a.beyond_range is not None
            else ""
        )
        return (
            f"{a.lever}: none within the declared range [{_num(lo)}, {_num(hi)}] {a.unit} would; "
            f"P(accept) reaches at most {a.p_max:.3f} (at {_num(a.at_max)}, shifting {a.target_id} by "
            f"{_shift(a, a.at_max)}).{beyond}"
        )
    assert a.threshold is not None
    assert a.p_at_threshold is not None
    level = f" (offer '{a.target_id}' at '{label(a.threshold_level)}')" if a.threshold_level else ""
    note = "" if a.monotone else " (curve not monotone: first crossing reported)"
    way = "up" if a.threshold >= a.current else "down"
    return (
        f"{a.lever}: {_num(a.threshold)} {a.unit}{level}, {way} from {_num(a.current)} "
        f"(shifting {a.target_id} by {_shift(a, a.threshold)}), gives P(accept) {a.p_at_threshold:.3f}"
        f"{_interval(a)}{_per_unit(a)}{_cost(a)}{note}."
    )


def lever_table(r: LeverReport) -> Table:
    """Threshold per lever, and P(accept) now and at best."""
    t = Table(
        title=f"Threshold intensity for P(accept) = {r.q:g} (same draws for every lever; "
        f"interval: Poisson bootstrap)",
        title_justify="left",
        caption=r.ranking_rule(),
        caption_justify="left",
    )
    for col in ("lever", "unit", "current", "threshold", "interval", "P now", "P max (at)", "cost"):
        t.add_column(col, justify="left" if col in ("lever", "unit") else "right")
    for a in r.ranked():
        thr = "none in range" if a.threshold is None else _num(a.threshold)
        if a.reverse and a.threshold is not None:
            thr = f"walks away at {thr}"
        iv = "" if a.interval is None else f"{_num(a.interval[0])} to {_num(a.interval[1])}"
        t.add_row(
            a.lever,
            a.unit,
            _num(a.current),
            Text(thr, style="green" if a.found else "red"),
            iv,
            f"{a.p_current:.3f}",
            f"{a.p_max:.3f} ({_num(a.at_max)})",
            "" if a.cost is None else f"{a.cost:.4g}",
        )
    return t


def sensitivity_table(r: SensitivityResult) -> Table:
    """Ranked Sobol' indices with bootstrap half-widths."""
    t = Table(
        title=f"Sobol' indices of the {r.output} ({r.runs} runs; ± is a bootstrap half-width)",
        title_justify="left",
    )
    for col in ("rank", "parameter", "first order S1", "total ST", "ST - S1"):
        t.add_column(col, justify="left" if col == "parameter" else "right")
    for i, s in enumerate(r.ranked(), 1):
        t.add_row(
            str(i),
            s.name,
            f"{s.first_order:.3f} ± {s.first_order_conf:.3f}",
            f"{s.total:.3f} ± {s.total_conf:.3f}",
            f"{s.total - s.first_order:+.3f}",
        )
    return t


def parse_pair(text: str, known: Iterable[str]) -> tuple[str, str]:
    """``L1,L2`` as two different known lever ids; InputError (exit 2) otherwise."""
    ids = [part.strip() for part in text.split(",")]
    known = sorted(known)
    if len(ids) != 2 or not all(ids):
        raise InputError(field_message("--pair", "the command line", "two lever ids, L1,L2", text))
    for lever in ids:
        if lever not in known:
            raise InputError(field_message("--pair", "the command line", f"lever ids from {known}", lever))
    if ids[0] == ids[1]:
        raise InputError(field_message("--pair", "the command line", "two different levers", text))
    return ids[0], ids[1]


def pair_grid_lines(g: LeverGrid, units: Sequence[str]) -> list[str]:
    """The two-lever grid as plain text: rows the first lever, columns the second, ``*`` at >= q."""
    rows, cols = (tuple(_num(t) for t in ts) for ts in g.intensities)
    corner = "rows \\ cols"
    left = max(len(corner), *map(len, rows))
    width = max(6, *map(len, cols)) + 1
    hits = sum(map(sum, g.reaches_q))
    lines = [
        f"P(accept) for two levers together ({g.draws} draws, the same in every cell; * marks >= {g.q:g})",
        f"  rows: {g.levers[0]} ({units[0]}); columns: {g.levers[1]} ({units[1]})",
        "  " + corner.rjust(left) + "".join(c.rjust(width) + " " for c in cols),
    ]
    for label, ps, marks in zip(rows, g.p_accept, g.reaches_q, strict=True):
        cells = "".join(
            f"{p:.3f}".rjust(width) + ("*" if hit else " ") for p, hit in zip(ps, marks, strict=True)
        )
        lines.append("  " + label.rjust(left) + cells)
    total, best = len(rows) * len(cols), max(map(max, g.p_accept))
    verdict = (
        f"{hits} of {total} combinations reach P(accept) >= {g.q:g}."
        if hits
        else f"No combination in the grid reaches P(accept) >= {g.q:g} (at most {best:.3f})."
    )
    return [*lines, "  " + verdict]
