"""Competing explanations: the decision under each hypothesis, their mixture, and Bayes from observed choices.

A scenario's ``hypotheses`` are alternative readings of the same actor
("believes it is winning", "regime security first"), each a set of overrides
of factor values and stances with a prior weight :math:`w_h` (normalized to
sum 1). For one actor and one offer this module reports:

* under each hypothesis *h*, the decision and :math:`P_h(\\text{accept})` at the
  central estimates, exactly as :func:`realpolitik.analysis.decision.why`
  computes them on the scenario with *h*'s overrides applied;
* the mixture :math:`P(\\text{accept}) = \\sum_h w_h P_h(\\text{accept})` (the
  law of total probability over explanations), and its decision: accept iff
  the mixture probability is at least 1/2 (with one hypothesis this is
  ``why``'s rule, margin >= 0, since the logit is 1/2 at margin 0);
* the flip weight of each hypothesis: holding the other hypotheses' relative
  weights, the weight :math:`w^*` on *h* at which the mixture probability is
  1/2, :math:`w^* = (1/2 - \\bar P_{-h}) / (P_h - \\bar P_{-h})` with
  :math:`\\bar P_{-h}` the weighted mean of the others (none when it lies
  outside [0, 1]: no weight on *h* flips the decision);
* posterior weights given the ``observed`` decisions, by Bayes' rule with the
  logit likelihood of each observed choice (the decision model's own choice
  probability, as in a logit quantal-response model, McKelvey & Palfrey
  1995): :math:`w_h' \\propto w_h \\prod_i P_h(d_i)` where
  :math:`P_h(d_i)` is :math:`P_h(\\text{accept})` of observation *i*'s actor
  and offer if it accepted, one minus it if it rejected. Computed in logs.

A scenario without hypotheses has one implicit hypothesis, ``as_written``
(weight 1, no overrides), so the output then equals ``why``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from realpolitik.analysis.decision import DecisionResult, decision_problem, why
from realpolitik.analysis.tables import Tabular
from realpolitik.scenario.schema import Actor, Estimate, Factor, Hypothesis, Scenario, Stance

__all__ = [
    "AS_WRITTEN",
    "HypothesesResult",
    "HypothesisOutcome",
    "ObservationOutcome",
    "apply_hypothesis",
    "flip_weight",
    "hypotheses",
    "posterior_weights",
]

AS_WRITTEN = "as_written"
"""Id of the implicit hypothesis of a scenario that declares none."""


def _estimate_text(e: Estimate) -> str:
    lo, hi = e.bounds()
    if e.distribution.value == "fixed" or not (math.isfinite(lo) and math.isfinite(hi)):
        return f"{e.central:.4g}"
    return f"{e.central:.4g} ({lo:.4g} to {hi:.4g})"


def apply_hypothesis(scenario: Scenario, hypothesis: Hypothesis) -> Scenario:
    """The scenario as the hypothesis reads it: its factor values and stance fields replaced.

    The scenario must have been loaded (validated), so every id the
    hypothesis names exists (see ``scenario.validate``).
    """
    factors: dict[str, Factor] = {
        fid: f.model_copy(update={"value": hypothesis.factors[fid]}) if fid in hypothesis.factors else f
        for fid, f in scenario.factors.items()
    }
    actors: dict[str, Actor] = dict(scenario.actors)
    for aid, overrides in hypothesis.stances.items():
        actor = scenario.actors[aid]
        stances: dict[str, Stance] = dict(actor.stances)
        for iid, o in overrides.items():
            update: dict[str, Any] = {}
            if o.salience is not None:
                update["salience"] = o.salience
            if o.ideal is not None:
                update.update(ideal=o.ideal, utilities=None, utility_ranges={})
            if o.utilities is not None:
                # the hypothesis states its utilities as fixed numbers: the scenario's ranges no longer apply
                update.update(utilities=o.utilities, ideal=None, utility_ranges={})
            stances[iid] = stances[iid].model_copy(update=update)
        actors[aid] = actor.model_copy(update={"stances": stances})
    return scenario.model_copy(update={"factors": factors, "actors": actors})


def _overrides_text(scenario: Scenario, h: Hypothesis) -> tuple[str, ...]:
    lines = [
        f"{fid}: {_estimate_text(scenario.factors[fid].value)} -> {_estimate_text(e)}"
        for fid, e in h.factors.items()
    ]
    for aid, overrides in h.stances.items():
        for iid, o in overrides.items():
            given = {k: v for k, v in o.model_dump().items() if v is not None}
            if "salience" in given:
                given["salience"] = _estimate_text(o.salience) if o.salience is not None else None
            lines.append(f"{aid} on {iid}: " + ", ".join(f"{k} {v}" for k, v in given.items()))
    return tuple(lines)


def flip_weight(p_h: float, p_rest: float | None) -> float | None:
    """Weight on a hypothesis at which the mixture P(accept) crosses 1/2 (others keep their ratios).

    ``p_rest`` is the weighted mean P(accept) of the other hypotheses (None if
    there are none). Returns None when no weight in [0, 1] makes the mixture 1/2.
    """
    if p_rest is None or p_h == p_rest:
        return None
    w = (0.5 - p_rest) / (p_h - p_rest)
    return w if 0.0 <= w <= 1.0 else None


def posterior_weights(
    prior: np.ndarray[Any, Any], log_likelihood: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Bayes' rule in logs: posterior ∝ prior × likelihood, normalized; hypotheses with prior 0 stay 0."""
    prior = np.asarray(prior, dtype=float)
    with np.errstate(divide="ignore"):
        log_post = np.log(prior) + np.asarray(log_likelihood, dtype=float)
    log_post = log_post - np.logaddexp.reduce(log_post)
    out: np.ndarray[Any, Any] = np.exp(log_post)
    return out


def _log_choice_probability(margin: float, temperature: float, accepted: bool) -> float:
    """log P(observed choice) under the logit: log σ(±margin / temperature), computed stably."""
    z = margin / temperature
    return float(-np.logaddexp(0.0, -z if accepted else z))


@dataclass(frozen=True)
class HypothesisOutcome:
    """The decision under one hypothesis, with its prior and posterior weight."""

    id: str
    name: str
    prior: float
    posterior: float
    margin: float
    p_accept: float
    flip_weight: float | None
    """Weight on this hypothesis (others keep their ratios) at which the mixture decision flips."""
    overrides: tuple[str, ...] = ()
    note: str | None = None
    evidence: tuple[str, ...] = ()
    result: DecisionResult | None = field(default=None, repr=False, compare=False)

    @property
    def decision(self) -> str:
        return "accept" if self.margin >= 0 else "reject"


@dataclass(frozen=True)
class ObservationOutcome:
    """An observed choice and its likelihood under each hypothesis."""

    actor: str
    offer: str
    date: dt.date
    decision: str
    likelihood: dict[str, float]
    """P(this choice) under each hypothesis id."""
    note: str | None = None


@dataclass(frozen=True)
class HypothesesResult(Tabular):
    """Decision and P(accept) under each hypothesis and the mixture (``rows()``: one per hypothesis)."""

    actor: str
    offer: str
    hypotheses: tuple[HypothesisOutcome, ...]
    p_accept: float
    """Mixture P(accept) at the prior weights."""
    posterior_p_accept: float
    """Mixture P(accept) at the posterior weights (equal to ``p_accept`` with no observations)."""
    observations: tuple[ObservationOutcome, ...] = ()

    @property
    def decision(self) -> str:
        return "accept" if self.p_accept >= 0.5 else "reject"

    @property
    def posterior_decision(self) -> str:
        return "accept" if self.posterior_p_accept >= 0.5 else "reject"

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": h.id,
                "name": h.name,
                "prior": h.prior,
                "posterior": h.posterior,
                "decision": h.decision,
                "margin": h.margin,
                "p_accept": h.p_accept,
                "flip_weight": h.flip_weight,
            }
            for h in self.hypotheses
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "decision": self.decision,
            "p_accept": self.p_accept,
            "posterior_decision": self.posterior_decision,
            "posterior_p_accept": self.posterior_p_accept,
            "hypotheses": [
                {**row, "overrides": list(h.overrides), "note": h.note, "evidence": list(h.evidence)}
                for row, h in zip(self.rows(), self.hypotheses, strict=True)
            ],
            "observations": [
                {
                    "actor": o.actor,
                    "offer": o.offer,
                    "date": o.date.isoformat(),
                    "decision": o.decision,
                    "likelihood": o.likelihood,
                    "note": o.note,
                }
                for o in self.observations
            ],
        }


def _declared(scenario: Scenario) -> dict[str, Hypothesis]:
    if scenario.hypotheses:
        return dict(scenario.hypotheses)
    return {AS_WRITTEN: Hypothesis(name="the scenario as written", weight=1.0)}


def hypotheses(scenario: Scenario, actor: str, offer: str) -> HypothesesResult:
    """Weigh the scenario's competing explanations of ``actor``'s choice on ``offer`` (module doc)."""
    declared = _declared(scenario)
    ids = list(declared)
    prior = np.array([declared[h].weight for h in ids], dtype=float)
    prior = prior / prior.sum()
    readings = {hid: apply_hypothesis(scenario, h) for hid, h in declared.items()}
    results = {hid: why(readings[hid], actor, offer) for hid in ids}
    p = np.array([results[h].p_accept for h in ids])

    log_lik = np.zeros(len(ids))
    observations = []
    for obs in scenario.observed:
        who = obs.actor or scenario.offers[obs.offer].to[0]
        accepted = obs.decision == "accept"
        lik = {}
        for i, hid in enumerate(ids):
            prob = decision_problem(readings[hid], who, obs.offer)
            ll = _log_choice_probability(float(prob.margin()), prob.temperature, accepted)
            log_lik[i] += ll
            lik[hid] = math.exp(ll)
        observations.append(ObservationOutcome(who, obs.offer, obs.date, obs.decision, lik, obs.note))
    posterior = posterior_weights(prior, log_lik)

    outcomes = []
    for i, hid in enumerate(ids):
        rest = np.delete(prior, i)
        p_rest = float(np.delete(p, i) @ rest / rest.sum()) if rest.sum() > 0 else None
        h, r = declared[hid], results[hid]
        outcomes.append(
            HypothesisOutcome(
                id=hid,
                name=h.name,
                prior=float(prior[i]),
                posterior=float(posterior[i]),
                margin=r.margin,
                p_accept=r.p_accept,
                flip_weight=flip_weight(r.p_accept, p_rest),
                overrides=_overrides_text(scenario, h),
                note=" ".join(h.note.split()) if h.note else None,
                evidence=h.evidence,
                result=r,
            )
        )
    return HypothesesResult(
        actor=actor,
        offer=offer,
        hypotheses=tuple(outcomes),
        p_accept=float(prior @ p),
        posterior_p_accept=float(posterior @ p),
        observations=tuple(observations),
    )
