r"""How likely is acceptance, given that every number is an estimate?

Monte Carlo over the scenario's declared uncertainty: every salience and
factor value, and every decision setting, level utility and lever effect that
carries a range, is drawn from its distribution (:mod:`.sampling`), and the
decision margin :meth:`~realpolitik.analysis.decision.DecisionProblem.margin`
is evaluated for all draws of a chunk in one vectorized NumPy pass.

Two acceptance probabilities are reported, because they answer different
questions:

``p_accept``
    :math:`\bar P = \frac1N \sum_i \sigma(m_i / T)`, the mean logit
    probability: the chance of acceptance integrating both the analyst's
    uncertainty about the inputs and the actor's decision noise (the
    quantity ``why`` reports at the central estimates). Interval: normal
    (CLT) interval :math:`\bar P \pm z\, s / \sqrt N`.
``share_accept``
    The share of draws with :math:`m_i \ge 0`: the probability that a
    noise-free actor accepts, over the input uncertainty alone. Interval:
    Wilson (1927) score interval.

Both intervals treat draws as independent; a Latin hypercube or scrambled
Sobol' design has no larger variance than plain sampling for these
estimators (Stein 1987; Owen 1998), so the intervals are conservative there.

The *decisive term* of a draw is the term of the margin's exact
decomposition (:meth:`~realpolitik.analysis.decision.DecisionProblem.contributions`:
the status quo's value, each issue's change against it, then factor
contributions with Shapley shares of the war outcome) that pushes hardest
toward the decision taken in that draw:
:math:`\arg\max_j s_i c_{ij}` with :math:`s_i = +1` if :math:`m_i \ge 0`
(accept) else :math:`-1`. Its probability is the share of draws in which it
is decisive; the probabilities sum to 1 over all terms.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtri  # the standard normal quantile (scipy.stats.norm.ppf), without scipy.stats

from realpolitik.analysis.decision import DecisionProblem, decision_problem
from realpolitik.analysis.ensemble import Executor, Progress, SerialExecutor
from realpolitik.analysis.sampling import (
    DEFAULT_CHUNK,
    Chunk,
    ParameterTable,
    RNGLike,
    parameter_table,
    plan_chunks,
)
from realpolitik.engines import decision as eng
from realpolitik.engines.sampling import Design
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Scenario

__all__ = [
    "DecisiveTerm",
    "Interval",
    "MarginDistribution",
    "UncertaintyResult",
    "decisive_terms",
    "mean_interval",
    "monte_carlo",
    "wilson_interval",
]

Array = NDArray[np.float64]
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class Interval:
    """An estimate with a two-sided confidence interval."""

    estimate: float
    low: float
    high: float
    level: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def mean_interval(x: ArrayLike, level: float = 0.95) -> Interval:
    """Normal (CLT) interval for the mean of ``x``, clipped to [0, 1] (``x`` are probabilities)."""
    arr = np.asarray(x, dtype=float)
    n = arr.size
    mean = float(arr.mean())
    se = float(arr.std(ddof=1) / np.sqrt(n)) if n > 1 else float("inf")
    z = float(ndtri(0.5 + level / 2))
    return Interval(mean, max(0.0, mean - z * se), min(1.0, mean + z * se), level, "normal")


def wilson_interval(successes: int, n: int, level: float = 0.95) -> Interval:
    """Wilson (1927) score interval for a binomial proportion (defined at 0 and n successes)."""
    z = float(ndtri(0.5 + level / 2))
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Interval(p, float(max(0.0, centre - half)), float(min(1.0, centre + half)), level, "wilson")


def decisive_terms(problem: DecisionProblem, saliences: ArrayLike, values: ArrayLike) -> NDArray[np.int_]:
    """Index of the decisive term of each draw (module docstring), over issues then factors.

    Parameters
    ----------
    saliences : array_like, shape (N, K)
    values : array_like, shape (N, F)

    Returns
    -------
    ndarray of int, shape (N,)
        In ``range(1 + K + F)``: 0 is the status quo's value, ``1 + k`` the
        change on issue ``k`` against the status quo, ``1 + K + j`` the factor ``j``
        (:meth:`~realpolitik.analysis.decision.DecisionProblem.contributions`).
    """
    contrib = problem.contributions(saliences, values)
    sign = np.where(contrib.sum(axis=-1) >= 0, 1.0, -1.0)
    decisive: NDArray[np.int_] = np.argmax(sign[..., None] * contrib, axis=-1)
    return decisive


def _chunk_task(
    problem: DecisionProblem, table: ParameterTable, design: Design, chunk: Chunk
) -> tuple[Array, Array, NDArray[np.int_]]:
    rows = problem.margin_rows()
    margins, probabilities, decisive = [], [], []
    for block in chunk.blocks:  # a loop over blocks, each a vectorized pass over its draws
        x = table.draw(block, design)  # (P, n)
        sal, val = table.split_rows(x)
        others = table.others_rows(x)
        drawn = problem.with_draws(others)  # settings and level utilities, where ranged
        if drawn is problem:  # nothing but saliences, factor values (and levers' per_unit) drawn
            total, weighted, linear, battle = rows @ x[: rows.shape[1]]
            margin = eng.margin_from_sums(total, weighted, linear, battle, problem.horizon, problem.discount)
        else:
            margin = drawn.margin(sal, val)
        margins.append(margin)
        probabilities.append(drawn.acceptance_probability(margin))
        decisive.append(decisive_terms(drawn, sal, val))
    return np.concatenate(margins), np.concatenate(probabilities), np.concatenate(decisive)


@dataclass(frozen=True)
class MarginDistribution:
    """Summary of the margin over draws."""

    mean: float
    sd: float
    quantiles: dict[str, float]
    histogram_counts: tuple[int, ...]
    histogram_edges: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DecisiveTerm:
    """How often one term of the margin decides the outcome."""

    id: str
    name: str
    kind: str
    """``status_quo``, ``offer`` for an issue's change against the status quo, else ``factor``."""
    probability: float


@dataclass(frozen=True)
class UncertaintyResult:
    """Monte Carlo acceptance of one offer by one actor."""

    actor: str
    offer: str
    draws: int
    design: str
    central_margin: float
    p_accept: Interval
    share_accept: Interval
    margin: MarginDistribution
    decisive: tuple[DecisiveTerm, ...]
    parameters: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "draws": self.draws,
            "design": self.design,
            "central_margin": self.central_margin,
            "p_accept": self.p_accept.to_dict(),
            "share_accept": self.share_accept.to_dict(),
            "margin": self.margin.to_dict(),
            "decisive": [asdict(d) for d in self.decisive],
            "parameters": list(self.parameters),
        }


def _margin_distribution(m: Array, bins: int = 20) -> MarginDistribution:
    counts, edges = np.histogram(m, bins=bins)
    qs = np.quantile(m, QUANTILES)
    return MarginDistribution(
        mean=float(m.mean()),
        sd=float(m.std(ddof=1)) if m.size > 1 else 0.0,
        quantiles={f"{q:g}": float(v) for q, v in zip(QUANTILES, qs, strict=True)},
        histogram_counts=tuple(int(c) for c in counts),
        histogram_edges=tuple(float(e) for e in edges),
    )


def term_names(scenario: Scenario, problem: DecisionProblem) -> list[tuple[str, str, str]]:
    """(id, name, kind) of every margin term, issues then factors."""
    o = scenario.offers[problem.offer]
    issues = [
        (i, f"{iss.name}: {scenario.position_label(i, o.terms.get(i, iss.status_quo))}", "offer")
        for i, iss in ((i, scenario.issues[i]) for i in problem.issue_ids)
    ]
    base = [("status_quo", "status quo (today's positions)", "status_quo")]
    return base + issues + [(f, scenario.factors[f].name, "factor") for f in problem.factor_ids]


def monte_carlo(
    scenario: Scenario,
    actor: str,
    offer: str,
    *,
    draws: int = 10_000,
    rng: RNGLike = None,
    design: Design = "lhs",
    level: float = 0.95,
    chunk_size: int = DEFAULT_CHUNK,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> UncertaintyResult:
    """P(accept) of ``offer`` by ``actor`` over the scenario's uncertainty.

    Parameters
    ----------
    draws : int
        Number of Monte Carlo draws.
    rng : Generator, SeedSequence, int or None
        Root seed; the same seed gives identical results on any executor.
    design : {"lhs", "sobol", "random"}
        Uniform design of each block of draws.
    level : float
        Confidence level of the intervals.
    chunk_size : int
        Draws per chunk, rounded up to whole blocks; it changes where the work runs, never the
        draws or the result (:mod:`.sampling`).
    executor : Executor, optional
        Where chunks run (default: this process).
    progress : callable, optional
        Called with the number of chunks finished.
    """
    if not 0 < level < 1:
        raise InputError(field_message("level", "monte_carlo", "a number in (0, 1)", level))
    problem = decision_problem(scenario, actor, offer)
    table = parameter_table(problem)
    chunks = plan_chunks(draws, rng, chunk_size)
    parts = (executor or SerialExecutor()).map(partial(_chunk_task, problem, table, design), chunks, progress)
    margin = np.concatenate([p[0] for p in parts])
    p = np.concatenate([p[1] for p in parts])
    decisive = np.concatenate([p[2] for p in parts])
    names = term_names(scenario, problem)
    freq = np.bincount(decisive, minlength=len(names)) / draws
    order = np.argsort(-freq, kind="stable")
    return UncertaintyResult(
        actor=actor,
        offer=offer,
        draws=draws,
        design=design,
        central_margin=float(problem.margin()),
        p_accept=mean_interval(p, level),
        share_accept=wilson_interval(int((margin >= 0).sum()), draws, level),
        margin=_margin_distribution(margin),
        decisive=tuple(
            DecisiveTerm(names[j][0], names[j][1], names[j][2], probability=float(freq[j])) for j in order
        ),
        parameters=tuple(n for n, u in zip(table.names, table.uncertain(), strict=True) if u),
    )
