"""The linear opinion pool of several analysts' estimates of one number, as Monte Carlo components.

A factor (or a salience, a level's utility, or a lever's ``per_unit``) with ``estimates``
(docs/analysts.md) is uncertain in two ways: each analyst's range, and the analysts'
disagreement. The Monte Carlo (``levers``' P(accept) and its interval, ``sensitivity``,
``signposts``' P(flip)) draws such a factor from the **linear opinion pool** of the
analysts' distributions, the mixture :math:`p(x) = \\sum_a w_a p_a(x)` (Stone 1961;
Clemen & Winkler 1999), while its central value, which ``why`` decides at, stays the
reference ``value``.

Weights. Analyst *a*'s weight in a factor's pool is its estimate's own
``weight`` when given, else the analyst's weight under ``analysts:`` (default
1; or from the ledger, :func:`realpolitik.analysis.analysts.ledger_weights`),
normalized over the analysts who estimated the factor. Each analyst's range is
widened by the reliability rule exactly as the reference value's is
(docs/reliability.md), since they cite the same evidence. Identical estimates
are merged (their weights summed): the pool of one distribution with itself is
that distribution, so two analysts who agree give exactly one analyst's draws.

Sampling a mixture with one uniform per draw keeps the design's stratification:
with cumulative weights :math:`W_0 = 0 < W_1 < \\dots < W_A = 1`, a uniform
:math:`u` in :math:`[W_{a-1}, W_a)` picks component *a* and
:math:`(u - W_{a-1}) / w_a`, again uniform, is fed to that component's inverse
CDF (the composition method, Devroye 1986, §I.4).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from realpolitik.scenario.reliability import widen
from realpolitik.scenario.schema import AnalystEstimate, Estimate, Scenario

__all__ = ["Pool", "analyst_weight", "factor_pool", "lever_pool", "salience_pool", "utility_pool"]

Pool = tuple[tuple[Estimate, float], ...]
"""Components of a linear pool: (estimate, weight), weights summing to 1."""


def analyst_weight(scenario: Scenario, analyst: str) -> float:
    """The analyst's pool weight under ``analysts:`` (1 when the analyst is not listed there)."""
    a = scenario.analysts.get(analyst)
    return 1.0 if a is None else a.weight


def _pool(
    scenario: Scenario, estimates: Mapping[str, AnalystEstimate], shape: Callable[[Estimate], Estimate]
) -> Pool | None:
    if not estimates:
        return None
    merged: dict[Estimate, float] = {}
    for aid, est in estimates.items():
        w = est.weight if est.weight is not None else analyst_weight(scenario, aid)
        base = Estimate.model_validate(est.model_dump(include={"central", "low", "high", "sd", "dist"}))
        key = shape(base.model_copy(update={"dist": base.distribution}))
        merged[key] = merged.get(key, 0.0) + w
    total = sum(merged.values())
    return tuple((e, w / total) for e, w in merged.items() if w > 0)


def factor_pool(scenario: Scenario, fid: str) -> Pool | None:
    """The factor's analysts as pool components, identical ones merged; None when it has no estimates."""
    return _pool(scenario, scenario.factors[fid].estimates, lambda e: widen(scenario, fid, e))


def salience_pool(scenario: Scenario, actor: str, issue: str) -> Pool | None:
    """The analysts' estimates of ``actor``'s salience of ``issue`` as pool components (not widened:
    the reliability rule widens factor values only)."""
    return _pool(scenario, scenario.actors[actor].stances[issue].estimates, lambda e: e)


def lever_pool(scenario: Scenario, lever: str) -> Pool | None:
    """The analysts' estimates of ``lever``'s ``per_unit`` as pool components (not widened)."""
    return _pool(scenario, scenario.levers[lever].estimates, lambda e: e)


def utility_pool(scenario: Scenario, actor: str, issue: str, level: str) -> Pool | None:
    """The analysts' estimates of the utility ``actor`` puts on ``level`` of ``issue`` (not widened)."""
    held = scenario.actors[actor].stances[issue].utility_estimates.get(level, {})
    return _pool(scenario, held, lambda e: e)
