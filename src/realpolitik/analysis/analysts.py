"""Several analysts: the decision under each analyst's estimates and their linear opinion pool.

A factor may carry ``estimates: {analyst: {central, low, high, weight, note}}``
besides its reference ``value``. Analyst *a*'s reading of the scenario takes
its estimate for every factor it estimated and the reference value elsewhere.

Pool. The linear opinion pool (Stone 1961; Clemen & Winkler 1999) of the
analysts' distributions for one factor is the mixture
:math:`p(x) = \\sum_a w_a p_a(x)` with weights normalized over the analysts
who estimated it (equal unless ``weight`` is given). Its moments are closed
form: mean :math:`\\mu = \\sum_a w_a \\mu_a`, variance
:math:`\\sum_a w_a (\\sigma_a^2 + \\mu_a^2) - \\mu^2`, so disagreement between
the analysts' means adds to the pooled variance. The Monte Carlo draws each
such factor from that mixture (:mod:`.pool`). For the decision, the pool of
the analysts' P(accept) is :math:`\\sum_a w_a P_a(\\text{accept})` with the
analysts' weights (``analysts:``, equal by default, or from the ledger:
:func:`ledger_weights`), normalized; its decision is accept iff that is at
least 1/2.

Disagreement (:func:`disagreements`): for each factor two or more analysts
estimate, the margin with only that factor at each analyst's central value
(everything else at the reference), so the table shows which estimate's
disagreement moves the margin most and whether it alone changes the decision.

Per-distribution moments: fixed (c, 0); uniform ((l+h)/2, (h-l)^2/12);
triangular ((l+c+h)/3, (l^2+c^2+h^2-lc-lh-ch)/18); PERT (mean (l+4c+h)/6,
variance (mean-l)(h-mean)/7, Vose 2008); normal (c, sd^2, ignoring any
truncation).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from realpolitik.analysis.decision import DecisionProblem, decision_problem, why
from realpolitik.analysis.pool import analyst_weight
from realpolitik.scenario.schema import (
    Analyst,
    AnalystEstimate,
    Distribution,
    Estimate,
    Factor,
    Lever,
    Scenario,
    Stance,
)

if TYPE_CHECKING:
    from realpolitik.ledger.state import QuestionState

__all__ = [
    "AnalystOutcome",
    "ByAnalyst",
    "Disagreement",
    "LedgerWeights",
    "analyst_ids",
    "analyst_view",
    "by_analyst",
    "disagreements",
    "given_estimates",
    "ledger_weights",
    "moments",
    "pooled_moments",
    "with_weights",
]


def moments(e: Estimate) -> tuple[float, float]:
    """Mean and variance of an estimate's distribution (module doc)."""
    c, d = e.central, e.distribution
    if d is Distribution.FIXED:
        return c, 0.0
    if d is Distribution.NORMAL:
        assert e.sd is not None
        return c, e.sd**2
    assert e.low is not None
    assert e.high is not None
    lo, hi = e.low, e.high
    if d is Distribution.UNIFORM:
        return (lo + hi) / 2, (hi - lo) ** 2 / 12
    if d is Distribution.TRIANGULAR:
        return (lo + c + hi) / 3, (lo * lo + c * c + hi * hi - lo * c - lo * hi - c * hi) / 18
    mean = (lo + 4 * c + hi) / 6
    return mean, (mean - lo) * (hi - mean) / 7


def pooled_moments(
    estimates: Sequence[Estimate], weights: Sequence[float] | None = None
) -> tuple[float, float]:
    """Mean and variance of the linear pool (mixture) of ``estimates`` with ``weights`` (equal by default)."""
    w = [1.0] * len(estimates) if weights is None else list(weights)
    total = sum(w)
    m = [moments(e) for e in estimates]
    mean = sum(wi * mu for wi, (mu, _) in zip(w, m, strict=True)) / total
    second = sum(wi * (var + mu * mu) for wi, (mu, var) in zip(w, m, strict=True)) / total
    return mean, max(second - mean * mean, 0.0)


def analyst_ids(scenario: Scenario) -> tuple[str, ...]:
    """Every analyst named in any factor's, salience's, utility's or lever's estimates, in order of
    first appearance."""
    stances = [st for actor in scenario.actors.values() for st in actor.stances.values()]
    saliences = (a for st in stances for a in st.estimates)
    utilities = (a for st in stances for held in st.utility_estimates.values() for a in held)
    levers = (a for lv in scenario.levers.values() for a in lv.estimates)
    factors = (a for f in scenario.factors.values() for a in f.estimates)
    return tuple(dict.fromkeys((*factors, *saliences, *utilities, *levers)))


def _estimate(e: AnalystEstimate) -> Estimate:
    return Estimate.model_validate(e.model_dump(include={"central", "low", "high", "sd", "dist"}))


def given_estimates(scenario: Scenario, analyst: str) -> dict[str, float]:
    """The central value of every number ``analyst`` estimated: factor ids, ``salience:<actor>.<issue>``,
    ``utility:<actor>.<issue>:<level>``, ``per_unit:<lever>``."""
    factors = scenario.factors.items()
    mine = {fid: f.estimates[analyst].central for fid, f in factors if analyst in f.estimates}
    for aid, actor in scenario.actors.items():
        for iid, st in actor.stances.items():
            if analyst in st.estimates:
                mine[f"salience:{aid}.{iid}"] = st.estimates[analyst].central
            for level, held in st.utility_estimates.items():
                if analyst in held:
                    mine[f"utility:{aid}.{iid}:{level}"] = held[analyst].central
    for lid, lv in scenario.levers.items():
        if analyst in lv.estimates:
            mine[f"per_unit:{lid}"] = lv.estimates[analyst].central
    return mine


def analyst_view(scenario: Scenario, analyst: str) -> Scenario:
    """The scenario with ``analyst``'s estimate as each factor's value, salience and lever's ``per_unit``
    where it gave one.

    Every other analyst's estimates are dropped, so the Monte Carlo under this view draws this
    analyst's ranges (and the reference elsewhere), not the pool.
    """
    factors: dict[str, Factor] = {
        fid: f.model_copy(update={"value": _estimate(f.estimates[analyst]), "estimates": {}})
        if analyst in f.estimates
        else f.model_copy(update={"estimates": {}})
        for fid, f in scenario.factors.items()
    }
    actors = {
        aid: actor.model_copy(
            update={
                "stances": {iid: _stance_view(st, analyst) for iid, st in actor.stances.items()}
            }
        )
        for aid, actor in scenario.actors.items()
    }
    levers = {
        lid: lv.model_copy(
            update={**Lever.per_unit_fields(_estimate(lv.estimates[analyst])), "estimates": {}}
            if analyst in lv.estimates
            else {"estimates": {}}
        )
        for lid, lv in scenario.levers.items()
    }
    return scenario.model_copy(update={"factors": factors, "actors": actors, "levers": levers})


def _stance_view(st: Stance, analyst: str) -> Stance:
    """``st`` with ``analyst``'s salience and level utilities where it gave them, no other analyst's."""
    update: dict[str, Any] = {"estimates": {}, "utility_estimates": {}}
    if analyst in st.estimates:
        update["salience"] = _estimate(st.estimates[analyst])
    mine = {level: held[analyst] for level, held in st.utility_estimates.items() if analyst in held}
    if mine:
        update["utilities"] = {**(st.utilities or {}), **{k: e.central for k, e in mine.items()}}
        update["utility_ranges"] = {**st.utility_ranges, **{k: _estimate(e) for k, e in mine.items()}}
    return st.model_copy(update=update)


@dataclass(frozen=True)
class AnalystOutcome:
    analyst: str
    decision: str
    margin: float
    p_accept: float
    estimates: Mapping[str, float]
    """Central value of each factor this analyst estimated."""


@dataclass(frozen=True)
class ByAnalyst:
    """The decision under each analyst's estimates and the pool of their P(accept)."""

    actor: str
    offer: str
    analysts: tuple[AnalystOutcome, ...]
    p_accept: float
    weights: Mapping[str, float] = dataclasses.field(default_factory=dict)
    """Each analyst's normalized weight in the pool of P(accept)."""
    disagreements: tuple[Disagreement, ...] = ()
    weights_from: str = "scenario"
    """``scenario`` (``analysts:``, equal by default) or ``ledger``."""

    @property
    def decision(self) -> str:
        return "accept" if self.p_accept >= 0.5 else "reject"

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "decision": self.decision,
            "p_accept": self.p_accept,
            "weights_from": self.weights_from,
            "analysts": [
                {
                    "analyst": a.analyst,
                    "weight": self.weights.get(a.analyst),
                    "decision": a.decision,
                    "margin": a.margin,
                    "p_accept": a.p_accept,
                    "estimates": dict(a.estimates),
                }
                for a in self.analysts
            ],
            "disagreements": [d.to_dict() for d in self.disagreements],
        }


def by_analyst(scenario: Scenario, actor: str, offer: str, *, weights_from: str = "scenario") -> ByAnalyst:
    """Decide under each analyst's estimates; pool P(accept) with the analysts' weights (module doc).

    With no analysts, the one outcome is the reference scenario's (``reference``).
    """
    outcomes = []
    for a in analyst_ids(scenario):
        r = why(analyst_view(scenario, a), actor, offer)
        outcomes.append(AnalystOutcome(a, r.decision, r.margin, r.p_accept, given_estimates(scenario, a)))
    if not outcomes:
        r = why(scenario, actor, offer)
        outcomes.append(AnalystOutcome("reference", r.decision, r.margin, r.p_accept, {}))
    raw = {o.analyst: analyst_weight(scenario, o.analyst) for o in outcomes}
    total = sum(raw.values())
    if total <= 0:
        raw, total = dict.fromkeys(raw, 1.0), float(len(raw))
    weights = {a: w / total for a, w in raw.items()}
    pool = sum(weights[o.analyst] * o.p_accept for o in outcomes)
    return ByAnalyst(
        actor, offer, tuple(outcomes), pool, weights, disagreements(scenario, actor, offer), weights_from
    )

@dataclass(frozen=True)
class Disagreement:
    """One factor the analysts estimate differently, and what that does to the decision.

    ``margins`` holds the margin with only this factor at each analyst's central value and every
    other number at its reference value, so the spread isolates this estimate's effect.
    """

    factor: str
    name: str
    estimates: Mapping[str, float]
    """Each analyst's central value."""
    margins: Mapping[str, float]

    @property
    def decisions(self) -> dict[str, str]:
        """Each analyst's decision with only this estimate at its value (accept iff margin >= 0)."""
        return {a: "accept" if m >= 0 else "reject" for a, m in self.margins.items()}

    @property
    def spread(self) -> float:
        """Largest minus smallest central value."""
        return max(self.estimates.values()) - min(self.estimates.values())

    @property
    def margin_spread(self) -> float:
        """How far apart the analysts' readings of this factor alone put the margin."""
        return max(self.margins.values()) - min(self.margins.values())

    @property
    def changes_decision(self) -> bool:
        """Whether the analysts' values of this factor alone lead to different decisions."""
        return len(set(self.decisions.values())) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "name": self.name,
            "estimates": dict(self.estimates),
            "spread": self.spread,
            "margins": dict(self.margins),
            "margin_spread": self.margin_spread,
            "decisions": dict(self.decisions),
            "changes_decision": self.changes_decision,
        }


def disagreements(scenario: Scenario, actor: str, offer: str) -> tuple[Disagreement, ...]:
    """Each of ``actor``'s factors and saliences with two or more analysts' estimates, largest margin
    spread first."""
    prob = decision_problem(scenario, actor, offer)
    base = prob.central_values()
    rows = []
    sal = prob.central_saliences()
    for k, iid in enumerate(prob.issue_ids):
        held = scenario.actors[actor].stances[iid].estimates
        if len(held) < 2:
            continue
        at: dict[str, float] = {}
        for a, e in held.items():
            s = sal.copy()
            s[k] = e.central
            at[a] = float(prob.margin(saliences=s))
        name = f"salience of {scenario.issues[iid].name}"
        rows.append(Disagreement(f"salience:{actor}.{iid}", name, _centrals(held), at))
    for j, fid in enumerate(prob.factor_ids):
        ests = scenario.factors[fid].estimates
        if len(ests) < 2:
            continue
        margins = {}
        for a, e in ests.items():
            v = base.copy()
            v[j] = e.central
            margins[a] = float(prob.margin(values=v))
        rows.append(Disagreement(fid, scenario.factors[fid].name, _centrals(ests), margins))
    rows.extend(_utility_disagreements(scenario, actor, offer))
    rows.extend(_lever_disagreements(scenario, prob))
    return tuple(sorted(rows, key=lambda d: -d.margin_spread))


def _centrals(estimates: Mapping[str, Estimate]) -> dict[str, float]:
    return {a: e.central for a, e in estimates.items()}


def _utility_disagreements(scenario: Scenario, actor: str, offer: str) -> Iterator[Disagreement]:
    """Each level utility of ``actor`` with two or more analysts' estimates: the margin with only
    that utility at each analyst's value (it moves the margin only when the offer or the status quo
    sits at or next to that level)."""
    for iid, st in scenario.actors[actor].stances.items():
        for level, held in st.utility_estimates.items():
            if len(held) < 2:
                continue
            margins = {}
            for a, e in held.items():
                one = st.model_copy(update={"utilities": {**(st.utilities or {}), level: e.central}})
                s = scenario.model_copy(
                    update={
                        "actors": {
                            **scenario.actors,
                            actor: scenario.actors[actor].model_copy(
                                update={"stances": {**scenario.actors[actor].stances, iid: one}}
                            ),
                        }
                    }
                )
                margins[a] = float(decision_problem(s, actor, offer).margin())
            name = f"utility of {scenario.issues[iid].name}: {scenario.label(level)}"
            yield Disagreement(f"utility:{actor}.{iid}:{level}", name, _centrals(held), margins)


def _lever_disagreements(scenario: Scenario, prob: DecisionProblem) -> Iterator[Disagreement]:
    """Each lever acting on ``prob``'s actor with two or more analysts' ``per_unit``.

    At its ``current`` intensity a lever changes nothing, so its margins are taken at full
    intensity: the end of its range farthest from ``current``, every other number at its reference.
    """
    for lid, lv in scenario.levers.items():
        if len(lv.estimates) < 2:
            continue
        if lv.factor in prob.factor_ids:
            ids, target = prob.factor_ids, str(lv.factor)
        elif lv.issue in prob.issue_ids:
            ids, target = prob.issue_ids, str(lv.issue)
        else:
            continue
        j = ids.index(target)
        full = max(lv.range, key=lambda t: abs(t - lv.current))
        margins = {}
        for a, e in lv.estimates.items():
            delta = e.central * (full - lv.current)
            if lv.factor is not None:
                v = prob.central_values()
                v[j] += delta
                margins[a] = float(prob.margin(values=v))
            else:
                pos = prob.positions.copy()
                pos[j] = np.clip(pos[j] + delta, *prob.scale_bounds[j])
                margins[a] = float(prob.margin(positions=pos))
        name = f"{lv.name}: effect per unit (margins at intensity {full:g})"
        yield Disagreement(f"per_unit:{lid}", name, _centrals(lv.estimates), margins)


@dataclass(frozen=True)
class LedgerWeights:
    """Analysts' pool weights from their forecast ledger record, and how each was set."""

    weights: Mapping[str, float]
    brier: Mapping[str, float | None]
    """Mean Brier score of ``analyst:<id>`` on resolved binary questions (None: fewer than the minimum)."""
    questions: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"weights": dict(self.weights), "brier": dict(self.brier), "questions": dict(self.questions)}


BRIER_FLOOR = 0.01
"""A Brier score below this counts as this, so one perfect record cannot take all the weight."""


def ledger_weights(
    questions: Iterable[QuestionState], analysts: Sequence[str], *, today: dt.date | None = None
) -> LedgerWeights:
    """Pool weights from the ledger: w_a ∝ 1 / max(Brier_a, 0.01) (docs/analysts.md).

    Brier_a is the ledger's mean Brier score of forecaster ``analyst:<a>`` on resolved binary
    questions (time-weighted as ``ledger score`` computes it), used only when at least
    :data:`~realpolitik.analysis.ledger_scores.MIN_RANKED` questions are scored. An analyst
    without such a record gets the mean weight of those with one; with none, all weigh 1.
    Weights are scaled so they average 1.
    """
    from realpolitik.analysis.ledger_scores import MIN_RANKED, score_ledger

    scores = score_ledger(questions, by="forecaster", today=today, replicates=50)
    record: dict[str, tuple[float | None, int]] = {}
    for g in scores.groups:
        for f in g.forecasters:
            if f.forecaster.startswith("analyst:"):
                n = f.by_type.get("binary", 0)
                mean = f.means.get("binary.brier")
                record[f.forecaster.split(":", 1)[1]] = (mean if n >= MIN_RANKED else None, n)
    brier = {a: record.get(a, (None, 0))[0] for a in analysts}
    raw = {a: 1.0 / max(b, BRIER_FLOOR) for a, b in brier.items() if b is not None}
    fill = sum(raw.values()) / len(raw) if raw else 1.0
    w = {a: raw.get(a, fill) for a in analysts}
    mean = sum(w.values()) / len(w) if w else 1.0
    return LedgerWeights(
        {a: v / mean for a, v in w.items()}, brier, {a: record.get(a, (None, 0))[1] for a in analysts}
    )


def with_weights(scenario: Scenario, weights: Mapping[str, float]) -> Scenario:
    """The scenario with these analysts' pool weights under ``analysts:`` (other fields kept)."""
    analysts = dict(scenario.analysts)
    for a, w in weights.items():
        current = analysts.get(a) or Analyst()
        analysts[a] = current.model_copy(update={"weight": w})
    return scenario.model_copy(update={"analysts": analysts})

