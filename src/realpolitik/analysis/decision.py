"""Why does an actor accept or reject an offer? Orchestrates the decision engine.

:func:`decision_problem` turns one (scenario, actor, offer) into plain arrays
(:class:`DecisionProblem`); :func:`why` evaluates it at the central estimates
and explains the margin factor by factor with the evidence behind each.
Monte Carlo, lever search and bargaining call the same
:meth:`DecisionProblem.margin`, so every face reports the same number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.analysis.pool import Pool, factor_pool, lever_pool, salience_pool, utility_pool
from realpolitik.analysis.tables import Tabular
from realpolitik.engines import decision as eng
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.reliability import effective_value, evidence_flags, evidence_rating, widening
from realpolitik.scenario.schema import Distribution, Estimate, FactorKind, Issue, Scenario, Side, Stance

__all__ = [
    "Contribution",
    "DecisionProblem",
    "DecisionResult",
    "DrawnInputs",
    "EstimateInfo",
    "EvidenceItem",
    "InputEstimate",
    "decision_problem",
    "default_actor",
    "default_offer",
    "evidence_items",
    "input_estimates",
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
class DrawnInputs:
    """Draws of a decision problem's settings and level utilities, where these are uncertain.

    Each array holds one value per draw (shape ``(...)``, the draws' leading axes); ``None``
    keeps the problem's own number. ``utilities`` has one entry per issue: ``None``, or the
    utility at each knot per draw, shape ``(..., n_knots)``.
    """

    horizon: Array | None = None
    discount: Array | None = None
    temperature: Array | None = None
    utilities: tuple[Array | None, ...] = ()


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
    status_quo: Array
    """Status-quo position per issue: the reference the offer's terms are measured against."""
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
    factor_pools: tuple[Pool | None, ...] = ()
    """Per factor, the linear pool of its analysts' estimates that the Monte Carlo draws it from
    (:mod:`.pool`), or None: drawn from its value. The central value stays ``factor_values``'."""
    salience_pools: tuple[Pool | None, ...] = ()
    """Per issue, the linear pool of the analysts' estimates of its salience, or None."""
    uncertain_inputs: tuple[tuple[str, Estimate], ...] = ()
    """The other uncertain numbers behind the decision, by parameter name: ``decision:horizon``
    (``:discount``, ``:temperature``), ``utility:<issue>:<level>`` and ``per_unit:<lever>`` (levers
    acting on this actor), each only when it has a range. See :meth:`with_draws`."""
    input_pools: tuple[tuple[str, Pool], ...] = ()
    """The linear pools of analysts' estimates of ``uncertain_inputs`` (``utility:<issue>:<level>``,
    ``per_unit:<lever>``), by parameter name; such an input is drawn from its pool (:mod:`.pool`)."""
    drawn: DrawnInputs | None = None
    """Per-draw settings and utilities (:meth:`with_draws`); None at the central estimates."""
    levels: tuple[tuple[str, ...], ...] = ()
    """Per issue, its level names (the knots of a ``utilities`` stance); empty for a continuous scale."""

    def with_draws(self, inputs: Mapping[str, Array]) -> DecisionProblem:
        """The problem with drawn settings and level utilities (``inputs``: parameter name -> draws).

        Names not about settings or utilities (``per_unit:...``) are left to the caller.
        """
        settings = {k: inputs.get(f"decision:{k}") for k in ("horizon", "discount", "temperature")}
        utilities: list[Array | None] = []
        for k, iid in enumerate(self.issue_ids):
            prefix = f"utility:{iid}:"
            drawn = {
                self.levels[k].index(name.removeprefix(prefix)): inputs[name]
                for name in inputs
                if name.startswith(prefix)
            }
            if not drawn:
                utilities.append(None)
                continue
            first = next(iter(drawn.values()))
            u = np.broadcast_to(self.utilities[k], (*np.shape(first), self.utilities[k].size)).copy()
            for knot, values in drawn.items():
                u[..., knot] = values
            utilities.append(u)
        if all(v is None for v in settings.values()) and all(u is None for u in utilities):
            return self
        return replace(self, drawn=DrawnInputs(**settings, utilities=tuple(utilities)))

    def _setting(self, key: str) -> float | Array:
        value = None if self.drawn is None else getattr(self.drawn, key)
        return getattr(self, key) if value is None else value  # type: ignore[no-any-return]

    def acceptance_probability(self, margin: ArrayLike) -> Array:
        """Logit P(accept) of ``margin`` at this problem's temperature (per draw when drawn)."""
        return eng.acceptance_probability(margin, self._setting("temperature"))

    def central_saliences(self) -> Array:
        return np.array([e.central for e in self.saliences], dtype=float)

    def central_values(self) -> Array:
        return np.array([e.central for e in self.factor_values], dtype=float)

    def issue_utilities(self, positions: ArrayLike | None = None) -> Array:
        """Utility in [0, 1] of each offered position (default: the offer's); broadcasts over draws."""
        pos = self.positions if positions is None else np.asarray(positions, dtype=float)
        pos = np.clip(pos, self.scale_bounds[:, 0], self.scale_bounds[:, 1])
        u = np.empty(pos.shape)
        drawn = self.drawn.utilities if self.drawn is not None else ()
        values = [d if d is not None else self.utilities[k] for k, d in enumerate(drawn)] or self.utilities
        if any(np.ndim(v) > 1 for v in values):
            shape = np.broadcast_shapes(pos.shape[:-1], *(np.shape(v)[:-1] for v in values))
            u = np.empty((*shape, len(self.issue_ids)))
        for k in range(len(self.issue_ids)):  # a loop over issues (few), not over draws
            u[..., k] = eng.piecewise_linear_utility(pos[..., k], self.knots[k], values[k])
        return u

    def offer_terms(self, saliences: ArrayLike, positions: ArrayLike | None = None) -> Array:
        """Per-issue terms of the offer's utility; positions broadcast over draws."""
        return eng.offer_terms(self.issue_utilities(positions), saliences)

    def contributions(
        self, saliences: ArrayLike, values: ArrayLike, positions: ArrayLike | None = None
    ) -> Array:
        """The margin's exact terms, shape (..., 1 + K + F), summing to :meth:`margin`.

        Column 0 is the status quo's value :math:`U(q)`; columns ``1..K`` what
        the actor gains (+) or gives up (-) on each issue by signing, against
        the status quo; then each factor's contribution (Shapley shares for the
        battlefield terms). This is the one place the reference point is set:
        ``why``, ``deals`` and the Monte Carlo's decisive terms all read it.
        """
        sal = np.asarray(saliences, dtype=float)
        terms = self.offer_terms(sal, positions)
        reference = self.offer_terms(sal, np.broadcast_to(self.status_quo, terms.shape))
        base, changes = eng.status_quo_terms(terms, reference)
        _, factor_c = eng.margin_contributions(
            terms, values, self.kinds, self.sides, self._setting("horizon"), self._setting("discount")
        )
        factor_c = np.broadcast_to(factor_c, (*changes.shape[:-1], factor_c.shape[-1]))
        return np.concatenate([base[..., None], changes, factor_c], axis=-1)

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
        h, d = self._setting("horizon"), self._setting("discount")
        return eng.decision_margin(terms, v, self.kinds, self.sides, h, d)

    def margin_rows(self) -> Array:
        """(4, K + F): the margin's four sums (:func:`~realpolitik.engines.decision.margin_from_sums`)
        as rows over saliences then factor values, at the offered positions.

        ``margin_rows() @ x`` for parameter-major draws ``x`` (K + F, n) gives the total salience,
        the salience-weighted utility of the offer, the flows and lumps, and :math:`p_0 + H\\tau`
        of every draw in one matrix product.
        """
        k, f = len(self.issue_ids), len(self.factor_ids)
        rows = np.zeros((4, k + f))
        rows[0, :k] = 1.0
        rows[1, :k] = self.issue_utilities()
        rows[2, k:] = eng.factor_coefficients(self.kinds, self.sides, self.horizon, self.discount)
        rows[3, k:] = eng.battlefield_weights(self.kinds, self.horizon)
        return rows

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
    rating: str | None = None
    """Admiralty rating (``B2``): the item's own, else its source's (docs/reliability.md)."""
    flags: tuple[str, ...] = ()

    def rating_text(self) -> str:
        """``rated B2; state_affiliated`` for display beside the quote (empty when neither is set)."""
        parts = ([f"rated {self.rating}"] if self.rating else []) + list(self.flags)
        return "; ".join(parts)


@dataclass(frozen=True)
class EstimateInfo:
    """The analyst's estimate behind a row: central value, stated range and rationale."""

    name: str
    """What is estimated: ``value`` of a factor, ``salience`` of an issue."""
    central: float
    low: float | None
    high: float | None
    note: str | None = None

    @property
    def ranged(self) -> bool:
        """Whether a range was stated (a bare number has none)."""
        return self.low is not None and self.high is not None

    def range_text(self) -> str:
        """``low to high`` (``w low to high`` for a salience), or ``no range *`` when none was stated."""
        prefix = "w " if self.name == "salience" else ""
        if self.low is None or self.high is None:
            return f"{prefix}no range *"
        return f"{prefix}{self.low:.4g} to {self.high:.4g}"

    @classmethod
    def of(cls, name: str, e: Estimate, note: str | None = None) -> EstimateInfo:
        lo, hi = e.bounds()
        ranged = e.distribution.value != "fixed" and math.isfinite(lo) and math.isfinite(hi)
        return cls(name, e.central, lo if ranged else None, hi if ranged else None, note)


@dataclass(frozen=True)
class InputEstimate:
    """An estimate the answer rests on that is not a row of the margin: a decision setting,
    a level's utility, or a lever's effect per unit."""

    id: str
    """``decision:horizon`` (``:discount``, ``:temperature``), ``utility:<issue>:<level>``,
    ``per_unit:<lever>``: the parameter's name in the Monte Carlo."""
    name: str
    unit: str
    estimate: EstimateInfo
    evidence: tuple[EvidenceItem, ...] = ()


@dataclass(frozen=True)
class Contribution:
    """One named term of the margin.

    Offer terms are measured against the status quo: the ``status_quo`` row
    is what today's positions are worth to the actor, and each issue's row is
    what signing gains (+) or gives up (-) on that issue.
    """

    id: str
    name: str
    kind: str
    """``status_quo``, ``offer`` for an issue of the offer, else the factor kind."""
    category: str
    value: float
    """The input: the offered position's utility (issues), U(status quo), or the factor's value."""
    contribution: float
    """Its exact share of the margin; positive pushes toward accepting."""
    evidence: tuple[EvidenceItem, ...] = ()
    unit: str = ""
    """Unit of ``value``."""
    position: str | None = None
    """Offer rows: the offered position, labelled."""
    status_quo: str | None = None
    """Offer rows: the status-quo position, labelled."""
    status_quo_value: float | None = None
    """Offer rows: the status-quo position's utility."""
    estimate: EstimateInfo | None = None
    """The estimate behind the row (factor value; issue salience); None for the status-quo row."""

    def input_text(self) -> str:
        """The row's input at the central estimates: ``u(status quo) -> u(offer)`` for an issue."""
        if self.kind == "offer" and self.status_quo_value is not None:
            return f"{self.status_quo_value:.2f} -> {self.value:.2f}"
        if self.kind == "status_quo":
            return f"{self.value:.3f}"
        return f"{self.value:.4g}"

    def term_text(self) -> str:
        """The row's name; an offer row that keeps the status quo says so."""
        if self.kind == "offer" and self.position is not None and self.position == self.status_quo:
            return f"{self.name} (unchanged)"
        return self.name


@dataclass(frozen=True)
class DecisionResult(Tabular):
    """The decision of one actor on one offer, and why (``rows()``: one per term of the margin)."""

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
    inputs: tuple[InputEstimate, ...] = ()
    """The other estimates behind the answer: decision settings, utilities, lever effects."""

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

    def rows(self) -> list[dict[str, Any]]:
        """One row per term of the margin, largest first; ``contribution`` sums to the margin."""
        return [
            {
                "id": c.id,
                "term": c.term_text(),
                "kind": c.kind,
                "category": c.category,
                "contribution": c.contribution,
                "value": c.value,
                "unit": c.unit,
                "position": c.position,
                "status_quo": c.status_quo,
                "status_quo_value": c.status_quo_value,
                "estimate": None if c.estimate is None else c.estimate.name,
                "central": None if c.estimate is None else c.estimate.central,
                "low": None if c.estimate is None else c.estimate.low,
                "high": None if c.estimate is None else c.estimate.high,
                "note": " ".join(c.estimate.note.split()) if c.estimate and c.estimate.note else None,
                "evidence": " ".join(ev.id for ev in c.evidence),
            }
            for c in self.ranked()
        ]

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
    pools = {
        f"per_unit:{lid}": pool
        for lid, lv in scenario.levers.items()
        if (lv.factor in factors or lv.issue in a.stances) and (pool := lever_pool(scenario, lid)) is not None
    }
    for iid, stance in a.stances.items():
        for level in stance.utility_estimates:
            if (pool := utility_pool(scenario, actor, iid, level)) is not None:
                pools[f"utility:{iid}:{level}"] = pool
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
        status_quo=np.array([iss.position_value(iss.status_quo) for iss in issues], dtype=float),
        scale_bounds=np.array([iss.scale.bounds for iss in issues], dtype=float).reshape(-1, 2),
        knots=tuple(k for k, _ in shapes),
        utilities=tuple(u for _, u in shapes),
        saliences=tuple(a.stances[i].salience for i in issue_ids),
        factor_ids=tuple(factors),
        factor_values=tuple(effective_value(scenario, fid) for fid in factors),
        kinds=np.array([_KIND[f.kind] for f in factors.values()], dtype=int),
        sides=np.array([_SIDE[f.side] for f in factors.values()], dtype=int),
        horizon=a.decision.horizon,
        discount=a.decision.discount,
        temperature=a.decision.temperature,
        factor_pools=tuple(factor_pool(scenario, fid) for fid in factors),
        salience_pools=tuple(salience_pool(scenario, actor, i) for i in issue_ids),
        uncertain_inputs=tuple(
            (rid, est)
            for rid, _, _, est, _, _ in _other_estimates(scenario, actor)
            if _has_spread(est) or rid in pools
        ),
        input_pools=tuple(pools.items()),
        levels=tuple(iss.scale.levels or () for iss in issues),
    )


def _evidence(scenario: Scenario, ids: tuple[str, ...]) -> tuple[EvidenceItem, ...]:
    items = []
    for eid in ids:
        ev = scenario.evidence[eid]
        title = scenario.sources[ev.source].title
        flags = tuple(f.value for f in evidence_flags(scenario, eid))
        items.append(
            EvidenceItem(eid, ev.quote, ev.speaker, ev.source, title, evidence_rating(scenario, eid), flags)
        )
    return tuple(items)


def evidence_items(scenario: Scenario, ids: tuple[str, ...]) -> tuple[EvidenceItem, ...]:
    """The quotes ``ids`` with speaker, source, Admiralty rating and flags, for display."""
    return _evidence(scenario, ids)


def _widened_note(scenario: Scenario, fid: str) -> str | None:
    """The factor's note, with the reliability rule's widening appended when it widened the range."""
    note, w = scenario.factors[fid].note, widening(scenario, fid)
    if not w.widened or effective_value(scenario, fid) == scenario.factors[fid].value:
        return note
    return f"{note.strip()} [{w.reason()}]" if note else f"[{w.reason()}]"


_SETTING_NAMES = {
    "horizon": ("decision horizon", "{unit}s"),
    "discount": ("discount factor", "per {unit}"),
    "temperature": ("temperature (decision noise)", "stakes utility, logit scale"),
}


_Other = tuple[str, str, str, Estimate, str | None, tuple[str, ...]]


def _other_estimates(scenario: Scenario, actor: str) -> list[_Other]:
    """(id, name, unit, estimate, note, evidence ids) of the settings, level utilities and lever effects."""
    a = scenario.actors[actor]
    rows: list[_Other] = []
    ranges: dict[str, Estimate] = {str(k): e for k, e in a.decision.ranges.items()}
    for key, (name, unit) in _SETTING_NAMES.items():
        est = ranges.get(key) or Estimate(central=getattr(a.decision, key))
        rows.append((f"decision:{key}", name, unit.format(unit=scenario.time_unit), est, a.decision.note, ()))
    for iid, stance in a.stances.items():
        for level, u in (stance.utilities or {}).items():
            est = stance.utility_ranges.get(level) or Estimate(central=u)
            name = f"utility of {scenario.issues[iid].name}: {scenario.label(level)}"
            unit = "utility (0 worst, 1 ideal)"
            rows.append((f"utility:{iid}:{level}", name, unit, est, stance.note, stance.evidence))
    factors = {fid for fid, f in scenario.factors.items() if f.actor == actor}
    for lid, lv in scenario.levers.items():
        if lv.factor in factors or lv.issue in a.stances:
            est = lv.per_unit_spread() or Estimate(central=lv.per_unit)
            if lv.factor is not None:
                moved = scenario.factors[lv.factor].unit
            else:
                scale = scenario.issues[str(lv.issue)].scale
                moved = scale.unit or ("levels" if scale.levels else "scale points")
            name = f"{lv.name}: effect per unit"
            rows.append((f"per_unit:{lid}", name, f"{moved} per {lv.unit}", est, lv.note, lv.evidence))
    return rows


def input_estimates(scenario: Scenario, actor: str) -> tuple[InputEstimate, ...]:
    """Every estimate behind ``actor``'s decisions beyond its margin's rows.

    The actor's decision settings, the utility of each level of the issues it has a stance on,
    and the effect per unit of every lever acting on one of its factors or of those issues; a
    bare number carries no range.
    """
    rows = []
    for rid, name, unit, est, note, ev in _other_estimates(scenario, actor):
        kind, _, rest = rid.partition(":")
        what = rest if kind == "decision" else kind  # "horizon", ..., "utility", "per_unit"
        rows.append(InputEstimate(rid, name, unit, EstimateInfo.of(what, est, note), _evidence(scenario, ev)))
    return tuple(rows)


def _has_spread(e: Estimate) -> bool:
    """Whether a draw of ``e`` can differ from its central value (the sampler's test)."""
    lo, hi = e.bounds()
    return e.distribution is not Distribution.FIXED and lo != hi


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
    sq_utilities = prob.issue_utilities(prob.status_quo)
    terms = eng.offer_terms(utilities, sal)
    contrib = prob.contributions(sal, val)
    K = len(prob.issue_ids)
    margin = float(prob.margin(sal, val))
    a, o = scenario.actors[actor], scenario.offers[offer]
    rows = [
        Contribution(
            id="status_quo",
            name="status quo (today's positions)",
            kind="status_quo",
            category="offer_terms",
            value=float(contrib[0]),
            contribution=float(contrib[0]),
            unit="stakes utility",
        )
    ]
    for k, iid in enumerate(prob.issue_ids):
        issue, stance = scenario.issues[iid], a.stances[iid]
        offered = o.terms.get(iid, issue.status_quo)
        rows.append(
            Contribution(
                id=iid,
                name=f"{issue.name}: {scenario.position_label(iid, offered)}",
                kind="offer",
                category="offer_terms",
                value=float(utilities[k]),
                contribution=float(contrib[1 + k]),
                evidence=_evidence(scenario, stance.evidence),
                unit="utility (0 worst, 1 ideal)",
                position=scenario.position_label(iid, offered),
                status_quo=scenario.position_label(iid, issue.status_quo),
                status_quo_value=float(sq_utilities[k]),
                estimate=EstimateInfo.of("salience", stance.salience, stance.note),
            )
        )
    for j, fid in enumerate(prob.factor_ids):
        f = scenario.factors[fid]
        rows.append(
            Contribution(
                id=fid,
                name=f.name,
                kind=f.kind.value,
                category=f.category.value,
                value=float(val[j]),
                contribution=float(contrib[1 + K + j]),
                evidence=_evidence(scenario, f.evidence),
                unit=f.unit,
                estimate=EstimateInfo.of(
                    "value", effective_value(scenario, fid), _widened_note(scenario, fid)
                ),
            )
        )
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
        inputs=input_estimates(scenario, actor),
    )
