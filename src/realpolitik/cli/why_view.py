"""Rendering for ``realpolitik why``: the decision, its terms against the status quo, the estimates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from realpolitik.analysis.analysts import ByAnalyst
    from realpolitik.analysis.decision import Contribution, DecisionResult, EvidenceItem

__all__ = ["render_by_analyst", "render_why"]

NO_RANGE_NOTE = "* no range stated: a single number, held fixed when the uncertainty is sampled."


def render_why(console: Console, r: DecisionResult, detail: bool = False) -> None:
    """Print a decision, its ranked terms (against the status quo) and, with ``detail``, every estimate."""
    verdict = "[bold red]rejects[/]" if not r.accept else "[bold green]accepts[/]"
    console.print(f"{r.actor_name} {verdict} the offer '{r.offer_name}'.")
    console.print(
        f"  margin {r.margin:+.3f} (settling minus continuing, in {r.actor_name}'s stakes utility; "
        f"accept iff >= 0)\n"
        f"  offer worth {r.offer_value:.3f}; fighting on worth {r.reservation_value:.3f} "
        f"over {r.horizon:g} {r.time_unit}s, discount {r.discount:g} per {r.time_unit}"
    )
    carried = ", ".join(f"{c.name} ({c.contribution:+.3f})" for c in r.carriers())
    console.print(Text(f"  carried by: {carried}"))
    refs: dict[str, int] = {}
    quotes: list[EvidenceItem] = []

    def cite(items: tuple[EvidenceItem, ...]) -> str:
        for ev in items:
            if ev.id not in refs:
                refs[ev.id] = len(refs) + 1
                quotes.append(ev)
        return " ".join(dict.fromkeys(f"[{refs[ev.id]}]" for ev in items))

    if r.offer_evidence:
        console.print(f"  the offer: {cite(r.offer_evidence)}")
    table = Table(title="Why: contributions to the margin (they sum to the margin)", title_justify="left")
    for col in ("rank", "contribution", "term", "input", "range", "evidence"):
        table.add_column(col, justify="right" if col in ("rank", "contribution", "input") else "left")
    ranked = r.ranked()
    for i, c in enumerate(ranked, 1):
        style = "red" if c.contribution < 0 else "green"
        table.add_row(
            str(i),
            Text(f"{c.contribution:+.4f}", style=style),
            Text(c.term_text()),
            c.input_text(),
            "" if c.estimate is None else c.estimate.range_text(),
            cite(c.evidence),
        )
    console.print(table)
    who = r.actor_name
    console.print(
        Text(
            "Reference point: the status quo. An issue's row (issue: offered position) is what "
            f"{who} gains (+) or gives up (-) there by signing; its input is {who}'s utility of the "
            "status quo -> of the offer (0 worst, 1 ideal) and its range the issue's salience w. "
            f"The status-quo row is what today's positions are worth to {who}. "
            "A factor's input is its central value, in its unit (--detail)."
        )
    )
    if any(c.estimate is not None and not c.estimate.ranged for c in ranked):
        console.print(Text(NO_RANGE_NOTE))
    if detail:
        _print_estimates(console, ranked, cite)
        _print_inputs(console, r, len(ranked), cite)
    sources = dict.fromkeys((ev.source, ev.source_title) for ev in quotes)
    if quotes:
        console.print("Evidence:")
        for n, ev in enumerate(quotes, 1):
            who = f" — {ev.speaker}" if ev.speaker else ""
            rated = f", {ev.rating_text()}" if ev.rating_text() else ""
            console.print(Text(f"  [{n}] “{ev.quote}”{who} ({ev.source}{rated})"))
        console.print("Sources:")
        for sid, title in sources:
            console.print(Text(f"  ({sid}) {title}"))


def _print_estimates(console: Console, ranked: list[Contribution], cite: object) -> None:
    """Every estimate behind the margin: central value, range, unit, rationale and evidence."""
    console.print("Estimates (every number the answer rests on):")
    for i, c in enumerate(ranked, 1):
        e = c.estimate
        if e is None:
            continue
        what = "salience of the issue" if e.name == "salience" else f"value, in {c.unit}"
        rng = "no range stated" if not e.ranged else "range " + e.range_text().removeprefix("w ")
        refs = cite(c.evidence) if callable(cite) else ""
        console.print(Text(f"  {i}. {c.name} [{c.category}, {c.kind}]"))
        console.print(Text(f"     {what}: {e.central:.4g} ({rng}); evidence {refs or 'none cited'}"))
        console.print(Text(f"     note: {' '.join(e.note.split()) if e.note else 'none given'}"))


def _print_inputs(console: Console, r: DecisionResult, start: int, cite: object) -> None:
    """The estimates that are not rows of the margin: decision settings, utilities, lever effects."""
    if not r.inputs:
        return
    console.print("Decision settings, utilities of each level and lever effects (estimates too):")
    for i, row in enumerate(r.inputs, start + 1):
        e = row.estimate
        rng = "no range stated" if not e.ranged else "range " + e.range_text()
        refs = cite(row.evidence) if callable(cite) else ""
        console.print(Text(f"  {i}. {row.name} [{row.id}]"))
        cited = refs or "none cited"
        console.print(Text(f"     value, in {row.unit}: {e.central:.4g} ({rng}); evidence {cited}"))
        console.print(Text(f"     note: {' '.join(e.note.split()) if e.note else 'none given'}"))


def render_by_analyst(console: Console, split: ByAnalyst) -> None:
    """The decision under each analyst's estimates, their weighted pool, and the disagreement table."""
    title = "By analyst (each analyst's estimates, the reference value elsewhere)"
    table = Table(title=title, title_justify="left")
    for col in ("analyst", "weight", "decision", "margin", "P(accept)", "estimates"):
        table.add_column(col, justify="right" if col in ("weight", "margin", "P(accept)") else "left")
    for a in split.analysts:
        given = ", ".join(f"{fid} {v:.4g}" for fid, v in a.estimates.items())
        weight = split.weights.get(a.analyst)
        shown = "" if weight is None else f"{weight:.2f}"
        table.add_row(a.analyst, shown, a.decision, f"{a.margin:+.3f}", f"{a.p_accept:.1%}", given)
    console.print(table)
    how = {
        "scenario": "weights from the scenario, equal by default",
        "ledger": "weights from the ledger's Brier scores",
    }.get(split.weights_from, split.weights_from)
    console.print(
        Text(f"Linear pool ({how}): P(accept) {split.p_accept:.1%}, {split.decision} (docs/analysts.md).")
    )
    if split.disagreements:
        render_disagreements(console, split)


def render_disagreements(console: Console, split: ByAnalyst) -> None:
    """Which estimates differ most between analysts, and whether that alone changes the decision."""
    table = Table(
        title="Disagreement (one factor at each analyst's value, every other number at the reference)",
        title_justify="left",
    )
    for col in ("factor", "estimates", "spread", "margins", "changes decision"):
        table.add_column(col, justify="right" if col == "spread" else "left")
    for d in split.disagreements:
        table.add_row(
            d.name,
            ", ".join(f"{a} {v:.4g}" for a, v in d.estimates.items()),
            f"{d.spread:.4g}",
            ", ".join(f"{a} {m:+.3f}" for a, m in d.margins.items()),
            "yes: " + ", ".join(f"{a} {v}" for a, v in d.decisions.items()) if d.changes_decision else "no",
        )
    console.print(table)
