"""Why does an actor accept or reject an offer? Orchestrates the decision engine.

:func:`decision_problem` turns one (scenario, actor, offer) into plain arrays
(:class:`DecisionProblem`); :func:`why` evaluates it at the central estimates
and explains the margin factor by factor with the evidence behind each.
Monte Carlo, lever search and bargaining call the same
:meth:`DecisionProblem.margin`, so every face reports the same number.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.engines import decision as eng
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Estimate, FactorKind, Issue, Scenario, Side, Stance

__all__ = [
    "Contribution",
    "DecisionProblem",
    "DecisionResult",
    "EvidenceItem",
    "decision_problem",
    "default_actor",
    "default_offer",
    "why",
]

_KIND = {
    FactorKind.WIN_PROBABILITY: eng.WIN_PROBABILITY,
    FactorKind.WIN_TREND: eng.WIN_TREND,
    FactorKind.FLOW: eng.FLOW,
    FactorKind.LUMP: eng.LUMP,
}
_SIDE = {Side.SETTLE: eng.SETTLE, Side.CONTINUE: eng.CONTINUE}

Array = NDArray[np.float64]


@dataclass(frozen=True)
class DecisionProblem:
    """One actor facing one offer, as arrays (issues K, factors F).

    ``saliences`` and ``factor_values`` hold the uncertain inputs as
    :class:`~realpolitik.scenario.schema.Estimate` objects; :meth:`margin`
    takes sampled values for them, so the same problem serves the central
    case, Monte Carlo and lever search.
    """

    actor: str
    offer: str
    issue_ids: tuple[str, ...]
    positions: Array
    """Offered position per issue, on each issue's numeric scale."""
    scale_bounds: Array
    """(K, 2) lower and upper ends of each issue's scale."""
    knots: tuple[Array, ...]
    utilities: tuple[Array, ...]
    saliences: tuple[Estimate, ...]
    factor_ids: tuple[str, ...]
    factor_values: tuple[Estimate, ...]
    kinds: NDArray[np.int_]
    sides: NDArray[np.int_]
    horizon: float
    discount: float
    temperature: float

    def central_saliences(self) -> Array:
        return np.array([e.central for e in self.saliences], dtype=float)

    def central_values(self) -> Array:
        return np.array([e.central for e in self.factor_values], dtype=float)

    def issue_utilities(self, positions: ArrayLike | None = None) -> Array:
        """Utility in [0, 1] of each offered position (default: the offer's); broadcasts over draws."""
        pos = self.positions if positions is None else np.asarray(positions, dtype=float)
        pos = np.clip(pos, self.scale_bounds[:, 0], self.scale_bounds[:, 1])
        u = np.empty(pos.shape)
        for k in range(len(self.issue_ids)):  # a loop over issues (few), not over draws
            u[..., k] = eng.piecewise_linear_utility(pos[..., k], self.knots[k], self.utilities[k])
        return u

    def offer_terms(self, saliences: ArrayLike, positions: ArrayLike | None = None) -> Array:
        """Per-issue terms of the offer's utility; positions broadcast over draws."""
        return eng.offer_terms(self.issue_utilities(positions), saliences)

    def margin(
        self,
        saliences: ArrayLike | None = None,
        values: ArrayLike | None = None,
        positions: ArrayLike | None = None,
    ) -> Array:
        """Margin of accepting; any argument left out takes its central value."""
        s = self.central_saliences() if saliences is None else saliences
        v = self.central_values() if values is None else values
        terms = self.offer_terms(s, positions)
        return eng.decision_margin(terms, v, self.kinds, self.sides, self.horizon, self.discount)

    def reservation_value(self, values: ArrayLike | None = None) -> Array:
        """The offer utility U(x) at which the actor is indifferent: accept iff U(x) >= r."""
        v = self.central_values() if values is None else np.asarray(values, dtype=float)
        zero_terms = np.zeros((*v.shape[:-1], 1))
        # 0.0 - x, not -x: an actor with no factors has reservation value 0.0, not -0.0 ("-0.000").
        return 0.0 - eng.decision_margin(zero_terms, v, self.kinds, self.sides, self.horizon, self.discount)


@dataclass(frozen=True)
class EvidenceItem:
    """A quotation backing a number."""

    id: str
    quote: str
    speaker: str | None
    source: str
    source_title: str


@dataclass(frozen=True)
class Contribution:
    """One named term of the margin."""

    id: str
    name: str
    kind: str
    """``offer`` for an issue of the offer, else the factor kind."""
    category: str
    value: float
    """The input value (offered utility for issues, factor value for factors)."""
    contribution: float
    """Its exact share of the margin; positive pushes toward accepting."""
    evidence: tuple[EvidenceItem, ...] = ()


@dataclass(frozen=True)
class DecisionResult:
    """The decision of one actor on one offer, and why."""

    actor: str
    actor_name: str
    offer: str
    offer_name: str
    accept: bool
    margin: float
    p_accept: float
    offer_value: float
    reservation_value: float
    horizon: float
    discount: float
    temperature: float
    time_unit: str
    contributions: tuple[Contribution, ...] = field(default_factory=tuple)
    offer_evidence: tuple[EvidenceItem, ...] = ()

    @property
    def decision(self) -> str:
        return "accept" if self.accept else "reject"

    def ranked(self) -> list[Contribution]:
        """Contributions, largest in absolute value first."""
        return sorted(self.contributions, key=lambda c: -abs(c.contribution))

    def carriers(self, n: int = 3) -> list[Contribution]:
        """The ``n`` largest terms pushing toward the decision taken."""
        sign = 1.0 if self.accept else -1.0
        pushing = [c for c in self.ranked() if sign * c.contribution > 0]
        return pushing[:n]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["decision"] = self.decision
        out["contributions"] = [asdict(c) for c in self.ranked()]
        return out


def _stance_utility(issue: Issue, stance: Stance) -> tuple[Array, Array]:
    lo, hi = issue.scale.bounds
    if stance.utilities is not None:
        levels = issue.scale.levels or ()
        knots = np.arange(len(levels), dtype=float)
        return knots, np.array([stance.utilities[name] for name in levels], dtype=float)
    assert stance.ideal is not None  # the schema requires ideal or utilities
    return eng.linear_utility_knots(issue.position_value(stance.ideal), lo, hi)


def decision_problem(scenario: Scenario, actor: str, offer: str) -> DecisionProblem:
    """Assemble the arrays for ``actor`` weighing ``offer``.

    Raises :class:`~realpolitik.errors.InputError` for an unknown actor or
    offer, or an actor with no stance on any issue (it could not value a deal).
    """
    if actor not in scenario.actors:
        raise InputError(field_message("actor", "the scenario", f"one of {sorted(scenario.actors)}", actor))
    if offer not in scenario.offers:
        raise InputError(field_message("offer", "the scenario", f"one of {sorted(scenario.offers)}", offer))
    a = scenario.actors[actor]
    if not a.stances:
        raise InputError(
            f"actor '{actor}' has no 'stances', so it cannot value offer '{offer}'; "
            "add a stance (ideal or utilities, and salience) for at least one issue."
        )
    o = scenario.offers[offer]
    issue_ids = tuple(a.stances)
    issues = [scenario.issues[i] for i in issue_ids]
    shapes = [_stance_utility(scenario.issues[i], a.stances[i]) for i in issue_ids]
    factors = {fid: f for fid, f in scenario.factors.items() if f.actor == actor}
    return DecisionProblem(
        actor=actor,
        offer=offer,
        issue_ids=issue_ids,
        positions=np.array(
            [
                iss.position_value(o.terms.get(i, iss.status_quo))
                for i, iss in zip(issue_ids, issues, strict=True)
            ],
            dtype=float,
        ),
        scale_bounds=np.array([iss.scale.bounds for iss in issues], dtype=float).reshape(-1, 2),
        knots=tuple(k for k, _ in shapes),
        utilities=tuple(u for _, u in shapes),
        saliences=tuple(a.stances[i].salience for i in issue_ids),
        factor_ids=tuple(factors),
        factor_values=tuple(f.value for f in factors.values()),
        kinds=np.array([_KIND[f.kind] for f in factors.values()], dtype=int),
        sides=np.array([_SIDE[f.side] for f in factors.values()], dtype=int),
        horizon=a.decision.horizon,
        discount=a.decision.discount,
        temperature=a.decision.temperature,
    )


def _evidence(scenario: Scenario, ids: tuple[str, ...]) -> tuple[EvidenceItem, ...]:
    items = []
    for eid in ids:
        ev = scenario.evidence[eid]
        title = scenario.sources[ev.source].title
        items.append(EvidenceItem(eid, ev.quote, ev.speaker, ev.source, title))
    return tuple(items)


def default_actor(scenario: Scenario) -> str:
    """The first recipient of the first offer."""
    for offer in scenario.offers.values():
        return offer.to[0]
    raise InputError("the scenario has no offers; add one under 'offers'.")


def default_offer(scenario: Scenario, actor: str, option: str = "'offer'") -> str:
    """The first offer addressed to ``actor``; ``option`` is where the message says to name one."""
    if actor not in scenario.actors:
        raise InputError(field_message("actor", "the scenario", f"one of {sorted(scenario.actors)}", actor))
    addressed = [oid for oid, o in scenario.offers.items() if actor in o.to]
    if not addressed:
        raise InputError(f"no offer in the scenario is addressed to '{actor}'; name one with {option}.")
    return addressed[0]


def why(scenario: Scenario, actor: str, offer: str) -> DecisionResult:
    """Decide at the central estimates and decompose the margin exactly.

    Examples
    --------
    >>> import realpolitik as rp
    >>> s = rp.load("scenarios/ukraine-2025-07.yaml")
    >>> rp.why(s, actor="russia", offer="us-2025").decision
    'reject'
    """
    prob = decision_problem(scenario, actor, offer)
    sal, val = prob.central_saliences(), prob.central_values()
    utilities = prob.issue_utilities()
    terms = eng.offer_terms(utilities, sal)
    issue_c, factor_c = eng.margin_contributions(
        terms, val, prob.kinds, prob.sides, prob.horizon, prob.discount
    )
    margin = float(prob.margin(sal, val))
    a, o = scenario.actors[actor], scenario.offers[offer]
    rows = [
        Contribution(
            id=iid,
            name=f"offer: {scenario.issues[iid].name}",
            kind="offer",
            category="offer_terms",
            value=float(utilities[k]),
            contribution=float(issue_c[k]),
            evidence=_evidence(scenario, a.stances[iid].evidence),
        )
        for k, iid in enumerate(prob.issue_ids)
    ]
    rows += [
        Contribution(
            id=fid,
            name=scenario.factors[fid].name,
            kind=scenario.factors[fid].kind.value,
            category=scenario.factors[fid].category.value,
            value=float(val[j]),
            contribution=float(factor_c[j]),
            evidence=_evidence(scenario, scenario.factors[fid].evidence),
        )
        for j, fid in enumerate(prob.factor_ids)
    ]
    return DecisionResult(
        actor=actor,
        actor_name=a.name,
        offer=offer,
        offer_name=o.name,
        accept=bool(margin >= 0),
        margin=margin,
        p_accept=float(eng.acceptance_probability(margin, prob.temperature)),
        offer_value=float(terms.sum()),
        reservation_value=float(prob.reservation_value(val)),
        horizon=prob.horizon,
        discount=prob.discount,
        temperature=prob.temperature,
        time_unit=scenario.time_unit,
        contributions=tuple(rows),
        offer_evidence=_evidence(scenario, o.evidence),
    )
