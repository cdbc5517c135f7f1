"""Warnings that catch modelling slips in a valid scenario.

A scenario can be valid and still say something its author did not mean. Each
check below names the key path and what to do; the CLI prints them on standard
error (exit 0), lists them under ``warnings`` in ``--json``, and ``--strict``
makes them errors (exit 2).

- an actor that receives an offer but has no factors: fighting on is then
  worth 0 to it, so it accepts any offer worth anything;
- evidence that nothing cites;
- a factor without a ``note`` saying how its number was set;
- an actor that receives an offer with decision settings (horizon, discount,
  temperature) left at their defaults;
- a lever acting on a factor of an actor that receives no offer (no decision
  it could change).
"""

from __future__ import annotations

from realpolitik.scenario.schema import Scenario

__all__ = ["scenario_warnings"]


def _cited(s: Scenario) -> set[str]:
    """Every evidence id some entry cites."""
    refs: set[str] = set()
    for a in s.actors.values():
        refs.update(a.evidence)
        for st in a.stances.values():
            refs.update(st.evidence)
    for group in (s.offers, s.factors, s.levers, s.schedules):
        for item in group.values():
            refs.update(getattr(item, "evidence", ()))
    for sch in s.schedules.values():
        for act in sch.activations:
            refs.update(act.evidence)
    if s.dynamics is not None:
        refs.update(s.dynamics.battlefield.evidence)
        for b in s.dynamics.beliefs.values():
            refs.update(b.evidence)
        for rules in s.dynamics.concessions.values():
            for rule in rules:
                refs.update(rule.evidence)
    return refs


def scenario_warnings(s: Scenario) -> list[str]:
    """Every modelling slip found, one message each, in file order of the sections."""
    deciding = {a for o in s.offers.values() for a in o.to}
    with_factors = {f.actor for f in s.factors.values()}
    found = []
    for aid in s.actors:
        if aid in deciding and aid not in with_factors:
            found.append(
                f"'actors.{aid}': receives an offer but has no factors, so fighting on is worth 0 to it "
                "and it accepts any offer worth more than nothing; add the factors that make it fight on."
            )
    for aid in s.actors:
        if aid not in deciding:
            continue
        actor = s.actors[aid]
        given = actor.decision.model_fields_set if "decision" in actor.model_fields_set else set()
        missing = [k for k in ("horizon", "discount", "temperature") if k not in given]
        if missing:
            d = s.actors[aid].decision
            shown = ", ".join(f"{k} {getattr(d, k):g}" for k in missing)
            found.append(
                f"'actors.{aid}.decision': {', '.join(missing)} left at the default ({shown}); "
                "state them so the reader knows they were chosen."
            )
    cited = _cited(s)
    found += [
        f"'evidence.{eid}': never cited; cite it where it backs a number, or remove it."
        for eid in s.evidence
        if eid not in cited
    ]
    found += [
        f"'factors.{fid}.note': missing; say how the number was set (it is an estimate)."
        for fid, f in s.factors.items()
        if not (f.note and f.note.strip())
    ]
    for lid, lv in s.levers.items():
        if lv.factor is not None and s.factors[lv.factor].actor not in deciding:
            who = s.factors[lv.factor].actor
            found.append(
                f"'levers.{lid}': acts on '{lv.factor}' of '{who}', which receives no offer, so it cannot "
                "change any decision; address an offer to it or point the lever at another factor."
            )
    return found
