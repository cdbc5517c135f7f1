"""Source reliability: Admiralty ratings and flags, and the rule that widens a weakly supported range.

Sources and evidence items may carry an Admiralty rating (NATO AJP-2.1;
also US Army FM 2-22.3, appendix B): a letter for the source's reliability,
A (completely reliable) to F (cannot be judged), and a digit for the
information's credibility, 1 (confirmed by other sources) to 6 (cannot be
judged); and flags (``state_affiliated``, ``unverified``, ``retracted``,
``one_sided``). An item's rating is its own, else its source's; its flags are
both's.

The scenario's ``reliability`` rule (:class:`~realpolitik.scenario.schema.ReliabilityRule`)
turns them into a multiplier of a factor's range: per evidence item
``source[letter] * information[digit] * product(flags)`` (``unrated`` when
there is no rating), and per factor the smallest multiplier among the items it
cites, since a number is as well supported as its best evidence. The range's
half-widths around the central value (and ``sd`` for a normal) are multiplied
by it; the central value never moves, so the decision at the central
estimates is unchanged and only the uncertainty (Monte Carlo, ``levers``'
intervals) widens. A factor citing no evidence keeps its range, as does a
bare number (no range to widen). With every item rated A1, or none rated, every
multiplier is 1 and every result is what it was without ratings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from realpolitik.scenario.schema import (
    Distribution,
    Estimate,
    FactorKind,
    ReliabilityRule,
    Scenario,
    SourceFlag,
)

_DEFAULT = ReliabilityRule()

__all__ = [
    "Widening",
    "effective_value",
    "evidence_flags",
    "evidence_rating",
    "item_multiplier",
    "widen",
    "widening",
    "widenings",
]


def evidence_rating(scenario: Scenario, eid: str) -> str | None:
    """The item's Admiralty rating (``B2``): its own, else its source's, else None."""
    ev = scenario.evidence[eid]
    if ev.rating is not None:
        return ev.rating
    source = scenario.sources.get(ev.source)
    return None if source is None else source.rating


def evidence_flags(scenario: Scenario, eid: str) -> tuple[SourceFlag, ...]:
    """The item's flags and its source's, each once."""
    ev = scenario.evidence[eid]
    source = scenario.sources.get(ev.source)
    return tuple(dict.fromkeys((*(() if source is None else source.flags), *ev.flags)))


def item_multiplier(scenario: Scenario, eid: str) -> float:
    """The rule's multiplier for one evidence item (module doc)."""
    rule = scenario.reliability
    rating = evidence_rating(scenario, eid)
    if rating is None:
        m = rule.unrated
    else:
        # A letter or digit the scenario's rule leaves out keeps the default rule's multiplier.
        m = rule.source.get(rating[0], _DEFAULT.source[rating[0]]) * rule.information.get(
            int(rating[1]), _DEFAULT.information[int(rating[1])]
        )
    for flag in evidence_flags(scenario, eid):
        m *= rule.flags.get(flag, 1.0)
    return m


@dataclass(frozen=True)
class Widening:
    """How much a factor's range is widened, and on which evidence."""

    factor: str
    multiplier: float
    evidence: tuple[str, ...]
    """The cited items, each as ``id (rating, flags)``."""
    best: str = ""
    """The cited item with the smallest multiplier (the one that sets it), as in ``evidence``."""

    @property
    def widened(self) -> bool:
        return self.multiplier > 1.0

    def reason(self) -> str:
        """``range widened x2.25 by the reliability rule, its best evidence rated attrition D4; ...``."""
        cited = ", ".join(self.evidence)
        return (
            f"range widened x{self.multiplier:.3g} by the reliability rule, its best evidence rated "
            f"{self.best}; evidence: {cited}"
        )


def _describe(scenario: Scenario, eid: str) -> str:
    rating = evidence_rating(scenario, eid) or "unrated"
    flags = evidence_flags(scenario, eid)
    return f"{eid} {rating}" + (f" [{', '.join(flags)}]" if flags else "")


def widening(scenario: Scenario, fid: str) -> Widening:
    """The factor's multiplier under the rule: the smallest over the evidence it cites (1 for none)."""
    cited = [e for e in scenario.factors[fid].evidence if e in scenario.evidence]
    if not cited:
        return Widening(fid, 1.0, ())
    best = min(cited, key=lambda e: item_multiplier(scenario, e))
    m = item_multiplier(scenario, best)
    return Widening(fid, m, tuple(_describe(scenario, e) for e in cited), _describe(scenario, best))


def widenings(scenario: Scenario, actor: str | None = None) -> tuple[Widening, ...]:
    """Every factor (of ``actor``, if given) whose stated range the rule widens."""
    return tuple(
        w
        for fid, f in scenario.factors.items()
        if (actor is None or f.actor == actor)
        and (w := widening(scenario, fid)).widened
        and effective_value(scenario, fid) != f.value
    )


def _widen(e: Estimate, k: float, bounds: tuple[float, float]) -> Estimate:
    if k == 1.0 or e.distribution is Distribution.FIXED:
        return e
    update: dict[str, float] = {}
    if e.low is not None and e.high is not None:
        update["low"] = max(bounds[0], e.central - k * (e.central - e.low))
        update["high"] = min(bounds[1], e.central + k * (e.high - e.central))
    if e.sd is not None:
        update["sd"] = e.sd * k
    return e.model_copy(update=update)


def widen(scenario: Scenario, fid: str, e: Estimate) -> Estimate:
    """``e`` (the factor's value or an analyst's estimate of it) widened by the factor's multiplier."""
    f = scenario.factors[fid]
    bounds = (0.0, 1.0) if f.kind is FactorKind.WIN_PROBABILITY else (-math.inf, math.inf)
    return _widen(e, widening(scenario, fid).multiplier, bounds)


def effective_value(scenario: Scenario, fid: str) -> Estimate:
    """The factor's value, its range widened by the reliability rule (unchanged at multiplier 1)."""
    return widen(scenario, fid, scenario.factors[fid].value)
