"""Rendering of ``realpolitik deals``: the ZOPA or the gap, the frontier, Nash and KS packages."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from realpolitik.analysis.deals import MAX_PACKAGES, DealsResult, Package
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Position

__all__ = ["parse_fixed", "render_deals", "sampling_notice"]


def parse_fixed(items: list[str]) -> dict[str, Position]:
    """Parse repeated ``ISSUE=POSITION`` options (a number, or a level name)."""
    fixed: dict[str, Position] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(field_message("--fix", "the command line", "ISSUE=POSITION", item))
        try:
            fixed[key.strip()] = float(value)
        except ValueError:
            fixed[key.strip()] = value.strip()
    return fixed


def sampling_notice(d: DealsResult) -> str:
    """Why the packages were sampled when the user did not ask for it (printed on standard error)."""
    return (
        f"note: {d.n_packages:,} packages are too many to enumerate (at most {MAX_PACKAGES:,}); "
        f"estimating from a uniform sample of {d.sampled:,} (seed {d.seed}). "
        "Use --samples N for another size, --seed S to repeat it, or a coarser --grid / --fix to enumerate."
    )


def _terms(p: Package) -> str:
    return ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in p.terms.items())


def _packages(console: Console, title: str, packages: list[Package]) -> None:
    """One line of margins per package, then its terms (wide tables would not fit a terminal)."""
    console.print(title)
    for p in packages:
        line = Text(f"  {p.label:<18}")
        for m in p.margins:
            line.append(f" {m.actor_name} ")
            line.append(f"{m.margin:+.3f}", style="green" if m.accept else "red")
        if p.nash_product is not None:
            line.append(f"  Nash product {p.nash_product:.4f}")
        console.print(line)
        console.print(Text(f"  {'':<18} {_terms(p)}", style="dim"))


def _carriers(console: Console, p: Package) -> None:
    console.print(f"  {p.label}: {_terms(p)}")
    for m in p.margins:
        carried = ", ".join(f"{c.name} ({c.contribution:+.3f})" for c in m.carriers)
        verdict = "accepts" if m.accept else "rejects"
        console.print(
            Text(
                f"    {m.actor_name} {verdict}: margin {m.margin:+.3f} = value {m.offer_value:.3f} "
                f"- reservation {m.reservation_value:.3f}; carried by {carried}"
            )
        )


def render_deals(console: Console, d: DealsResult) -> None:
    """Print the bargaining picture of :func:`realpolitik.analysis.deals.deals`."""
    console.print(Text(d.statement(), style="bold"))
    held = f"; held fixed: {d.fixed}" if d.fixed else ""
    space = f"{d.n_packages} packages"
    if d.sampled is not None:
        space = f"{d.sampled} sampled of {space}"
    console.print(
        f"  {space} over {', '.join(d.issues)}{held}; "
        f"Pareto frontier {d.pareto_size} packages, {d.pareto_in_zopa} of them in the ZOPA."
    )
    named = [p for p in (d.nash, d.kalai_smorodinsky) if p is not None]
    if named:
        _packages(console, "Bargaining solutions (margin over each party's reservation value):", named)
    else:
        _packages(console, "Closest package (the largest smallest margin):", [d.closest])
    order = "Nash product" if d.has_zopa else "smallest margin"
    _packages(console, f"Pareto frontier, top {len(d.pareto)} by {order}:", list(d.pareto))
    console.print("Why each party takes or refuses them:")
    unique: dict[int, Package] = {}
    for p in named or [d.closest]:
        unique.setdefault(p.index, p)  # Nash and KS often coincide
    for p in unique.values():
        _carriers(console, p)
    if not d.has_zopa:
        console.print("What would have to change (the smallest cut in one party's reservation value):")
        for o in d.opening_shifts:
            if o.shift is None or o.package is None:
                console.print(f"  {o.actor_name}: no cut of its reservation value alone opens a zone.")
            else:
                console.print(
                    f"  {o.actor_name}: cut by {o.shift:.3f}, which makes {_terms(o.package)} acceptable."
                )
    if d.offers:
        _packages(console, "The scenario's offers, for comparison:", list(d.offers))
