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
the analysts' means adds to the pooled variance. For the decision, the pool of
the analysts' P(accept) is :math:`\\sum_a w_a P_a(\\text{accept})` with equal
analyst weights (``why --by-analyst``); its decision is accept iff that is at
least 1/2.

Per-distribution moments: fixed (c, 0); uniform ((l+h)/2, (h-l)^2/12);
triangular ((l+c+h)/3, (l^2+c^2+h^2-lc-lh-ch)/18); PERT (mean (l+4c+h)/6,
variance (mean-l)(h-mean)/7, Vose 2008); normal (c, sd^2, ignoring any
truncation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from realpolitik.analysis.decision import why
from realpolitik.scenario.schema import Distribution, Estimate, Factor, Scenario

__all__ = [
    "AnalystOutcome",
    "ByAnalyst",
    "analyst_ids",
    "analyst_view",
    "by_analyst",
    "moments",
    "pooled_moments",
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
    """Every analyst named in any factor's ``estimates``, in order of first appearance."""
    return tuple(dict.fromkeys(a for f in scenario.factors.values() for a in f.estimates))


def analyst_view(scenario: Scenario, analyst: str) -> Scenario:
    """The scenario with ``analyst``'s estimate as each factor's value where it gave one."""
    factors: dict[str, Factor] = {
        fid: f.model_copy(
            update={
                "value": Estimate.model_validate(
                    f.estimates[analyst].model_dump(include={"central", "low", "high", "sd", "dist"})
                )
            }
        )
        if analyst in f.estimates
        else f
        for fid, f in scenario.factors.items()
    }
    return scenario.model_copy(update={"factors": factors})


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

    @property
    def decision(self) -> str:
        return "accept" if self.p_accept >= 0.5 else "reject"

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "decision": self.decision,
            "p_accept": self.p_accept,
            "analysts": [
                {
                    "analyst": a.analyst,
                    "decision": a.decision,
                    "margin": a.margin,
                    "p_accept": a.p_accept,
                    "estimates": dict(a.estimates),
                }
                for a in self.analysts
            ],
        }


def by_analyst(scenario: Scenario, actor: str, offer: str) -> ByAnalyst:
    """Decide under each analyst's estimates; pool P(accept) with equal weights (the reference if none)."""
    outcomes = []
    for a in analyst_ids(scenario):
        r = why(analyst_view(scenario, a), actor, offer)
        mine = {fid: f.estimates[a].central for fid, f in scenario.factors.items() if a in f.estimates}
        outcomes.append(AnalystOutcome(a, r.decision, r.margin, r.p_accept, mine))
    if not outcomes:
        r = why(scenario, actor, offer)
        outcomes.append(AnalystOutcome("reference", r.decision, r.margin, r.p_accept, {}))
    pool = sum(o.p_accept for o in outcomes) / len(outcomes)
    return ByAnalyst(actor, offer, tuple(outcomes), pool)
