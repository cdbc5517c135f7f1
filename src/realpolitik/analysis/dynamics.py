"""When does a settlement become acceptable, and do deadlines and arms change that?

:func:`simulate` turns a scenario with a ``dynamics`` section into the arrays of
:func:`realpolitik.engines.dynamics.simulate_war` and runs every lever
schedule on the same paths: one sample of the uncertain estimates (saliences,
factor values, battlefield, priors) and one seed for the battles and
decisions, shared by every schedule (common random numbers). The difference
a schedule makes to P(settled by t) is then a paired comparison path by path,
and its confidence interval is that of a mean of paired differences.

The reference schedule is the one named ``baseline``; when the scenario does
not define it, an empty one (no levers) is added.

Paths run in blocks of :data:`~realpolitik.analysis.sampling.BLOCK` paths
(:func:`~realpolitik.analysis.sampling.plan_chunks`): block ``i`` draws its
estimates and its battles from the ``i``-th spawned child of the root seed, and
runs *every* schedule on them, so common random numbers hold path by path.
Chunks of whole blocks go through an executor (:mod:`.ensemble`), in this
process or on a Dask cluster, and blocks are merged in block order, so the
result for a seed is identical wherever it ran and whatever the chunk size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from realpolitik.analysis.decision import DecisionProblem, decision_problem
from realpolitik.analysis.ensemble import Executor, SerialExecutor
from realpolitik.analysis.sampling import (
    BLOCK,
    Block,
    Chunk,
    RNGLike,
    estimate_rows,
    plan_chunks,
    seed_sequence,
)
from realpolitik.analysis.tables import Tabular
from realpolitik.analysis.uncertainty import wilson_interval
from realpolitik.engines import decision as dec
from realpolitik.engines import dynamics as dyn
from realpolitik.engines import sampling as smp
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Estimate, FactorKind, Scenario, Schedule

__all__ = ["BASELINE", "DynamicsResult", "LeverEffect", "ScheduleOutcome", "simulate"]

BASELINE = "baseline"
PATH_CHUNK = 4 * BLOCK
"""Paths per chunk (whole blocks of :data:`~realpolitik.analysis.sampling.BLOCK`, each enough to amortize
the per-step NumPy overhead); the chunk is the unit a Dask worker receives."""
CLUSTER_PAYOFF = 500_000
"""Paths x schedules from which a local Dask cluster pays off (``simulate --workers``); below it the
paths run in-process. The seed's 10^5 sampled paths x 36 steps x 1 schedule take about 1.7 s of CPU
in one process (17 µs a path), and starting and warming a 2-worker local cluster about 3 s: two
workers at 80 % efficiency gain those back from about 8 s of work (docs/speed.md)."""
Array = NDArray[np.float64]

@dataclass(frozen=True)
class ScheduleOutcome:
    """One schedule's simulated paths, summarized from per-block sufficient statistics.

    The per-path arrays (``settle_step``, ``terms``, ``beliefs``, ``realized_flows``,
    ``battlefield``) are kept only when :func:`simulate` is asked to (``keep_paths``, for
    export); every summary is computed from the statistics, so it is the same either way.
    """

    schedule: str
    name: str
    settle_step: NDArray[np.int_] | None
    terms: Array | None
    settled_by: Array
    """(T+1,) P(settled at or before step t)."""
    p_accept: Array
    """(T+1, A) mean P(accept) of each party among paths still at war."""
    mean_margin: Array
    beliefs: Array | None
    realized_flows: Array | None
    battlefield: Array | None
    paths: int = 0
    settle_counts: NDArray[np.int64] | None = None
    """(T+2,) paths settled at step t = 0..T, then the paths never settled."""
    mean_terms: Array | None = None
    """(K,) mean offer positions of the settled paths (NaN when none settled)."""
    mean_realized_flows: Array | None = None
    """(A,) mean continue-side flows accrued while fighting."""
    gained: NDArray[np.int64] | None = None
    """(T+1,) paths settled by step t under this schedule but not under the baseline (paired)."""
    lost: NDArray[np.int64] | None = None
    """(T+1,) paths settled by step t under the baseline but not under this schedule."""

    def p_settled_by(self, step: int, z: float = 1.96) -> tuple[float, float, float]:
        """P(settled by ``step``) with its Wilson interval."""
        p = float(self.settled_by[min(step, self.settled_by.size - 1)])
        n = self.paths
        ci = wilson_interval(round(p * n), n, level=2 * float(stats.norm.cdf(z)) - 1)
        return p, ci.low, ci.high

    def settlement_quantiles(self, q: Sequence[float] = (0.1, 0.5, 0.9)) -> list[float | None]:
        """Quantiles of the settlement step (the inverted empirical CDF), unsettled paths counted as
        never: None beyond the horizon."""
        assert self.settle_counts is not None
        cum = np.cumsum(self.settle_counts)
        rank = np.maximum(np.ceil(np.asarray(q, dtype=float) * self.paths), 1)
        step = np.searchsorted(cum, rank)  # first step whose count of settled paths reaches the rank
        return [None if k >= self.settled_by.size else float(k) for k in step]


@dataclass(frozen=True)
class LeverEffect:
    """A schedule against the baseline: P(settled by ``step``), paired difference and intervals."""

    schedule: str
    step: int
    baseline: tuple[float, float, float]
    with_schedule: tuple[float, float, float]
    difference: tuple[float, float, float]
    """Mean paired difference and its normal-approximation interval (common random numbers)."""

    @property
    def changes(self) -> bool:
        """Whether the interval of the difference excludes 0."""
        return self.difference[1] > 0 or self.difference[2] < 0


@dataclass(frozen=True)
class DynamicsResult(Tabular):
    """Every schedule simulated on the same paths."""

    title: str
    offer: str
    parties: tuple[str, ...]
    issue_ids: tuple[str, ...]
    time_unit: str
    steps: int
    paths: int
    rule: str
    seed: int | None
    uncertain: bool
    outcomes: dict[str, ScheduleOutcome]
    effects: tuple[LeverEffect, ...]
    confidence: float

    def rows(self) -> list[dict[str, Any]]:
        """One row per schedule and step: P(settled by then), and each party's mean P(accept) among
        the paths still at war (None once none are)."""
        out = []
        for sid, o in self.outcomes.items():
            for t in range(self.steps + 1):
                row: dict[str, Any] = {"schedule": sid, "step": t, "p_settled_by": float(o.settled_by[t])}
                for i, a in enumerate(self.parties):
                    v = float(o.p_accept[t, i])
                    row[f"p_accept_{a}_at_war"] = None if np.isnan(v) else v
                out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Summary (no per-path arrays): P(settled by t), P(accept) by step, effects."""
        return {
            "title": self.title,
            "offer": self.offer,
            "parties": list(self.parties),
            "time_unit": self.time_unit,
            "steps": self.steps,
            "paths": self.paths,
            "rule": self.rule,
            "seed": self.seed,
            "uncertain": self.uncertain,
            "confidence": self.confidence,
            "schedules": {
                sid: {
                    "name": o.name,
                    "settled_by": o.settled_by.round(6).tolist(),
                    "settlement_step_quantiles": dict(
                        zip(("p10", "p50", "p90"), o.settlement_quantiles(), strict=True)
                    ),
                    "p_accept": {  # null at steps with no path still at war
                        a: [None if np.isnan(v) else round(float(v), 6) for v in o.p_accept[:, i]]
                        for i, a in enumerate(self.parties)
                    },
                    "mean_terms_at_settlement": {
                        k: None if o.mean_terms is None or np.isnan(v) else float(v)
                        for k, v in zip(self.issue_ids, np.asarray(o.mean_terms), strict=True)
                    },
                    "mean_realized_flows": dict(
                        zip(self.parties, np.asarray(o.mean_realized_flows).round(6).tolist(), strict=True)
                    ),
                }
                for sid, o in self.outcomes.items()
            },
            "effects": [
                {
                    "schedule": e.schedule,
                    "step": e.step,
                    "baseline": list(e.baseline),
                    "with_schedule": list(e.with_schedule),
                    "difference": list(e.difference),
                    "changes": e.changes,
                }
                for e in self.effects
            ],
        }

    def paths_table(self) -> dict[str, NDArray[Any]]:
        """One row per (schedule, path): columns as equal-length arrays, for CSV or Parquet.

        Needs the per-path arrays: :func:`simulate` with ``keep_paths=True`` (the default).
        """
        cols: dict[str, list[NDArray[Any]]] = {}
        for sid, o in self.outcomes.items():
            if o.settle_step is None or o.terms is None or o.beliefs is None or o.realized_flows is None \
                    or o.battlefield is None:
                raise ValueError("the per-path arrays were not kept: run simulate(..., keep_paths=True).")
            n = o.settle_step.size
            block: dict[str, NDArray[Any]] = {
                "schedule": np.full(n, sid, dtype=object),
                "path": np.arange(n),
                "settle_step": o.settle_step,
                "settled": o.settle_step >= 0,
                "battlefield": o.battlefield,
            }
            for i, a in enumerate(self.parties):
                block[f"belief:{a}"] = o.beliefs[:, i]
                block[f"flows:{a}"] = o.realized_flows[:, i]
            for j, k in enumerate(self.issue_ids):
                block[f"terms:{k}"] = o.terms[:, j]
            for key, v in block.items():
                cols.setdefault(key, []).append(v)
        return {k: np.concatenate(v) for k, v in cols.items()}


class _Draws:
    """All uncertain estimates, sampled once and shared by every schedule."""

    def __init__(self, estimates: list[Estimate], n: int, uncertain: bool, seed: np.random.SeedSequence):
        fam, c, lo, hi, sd = estimate_rows(estimates)
        if uncertain and estimates:
            self.x = smp.sample(n, fam, c, lo, hi, sd, design="lhs", rng=np.random.default_rng(seed))
        else:
            self.x = np.broadcast_to(c, (n, c.size))
        self.i = 0

    def take(self, k: int) -> Array:
        out = self.x[:, self.i : self.i + k]
        self.i += k
        return out


def _party_model(
    s: Scenario, prob: DecisionProblem, issue_ids: tuple[str, ...], draws: _Draws, sign: int
) -> dyn.ActorModel:
    n = draws.x.shape[0]
    sal = np.zeros((n, len(issue_ids)))
    sal[:, [issue_ids.index(i) for i in prob.issue_ids]] = draws.take(len(prob.issue_ids))
    values = draws.take(len(prob.factor_ids))
    knots, utils = [], []
    for iid in issue_ids:
        if iid in prob.issue_ids:
            k = prob.issue_ids.index(iid)
            knots.append(prob.knots[k])
            utils.append(prob.utilities[k])
        else:
            knots.append(np.array(s.issues[iid].scale.bounds, dtype=float))
            utils.append(np.zeros(2))
    assert s.dynamics is not None
    prior = s.dynamics.beliefs.get(prob.actor)
    alpha = beta = None
    if prior is not None:
        wp = prob.kinds == dec.WIN_PROBABILITY
        mean = draws.take(1)[:, 0] if prior.mean is not None else values[:, wp].sum(axis=1)
        mean = np.clip(mean, 1e-6, 1 - 1e-6)
        strength = draws.take(1)[:, 0]
        alpha, beta = mean * strength, (1 - mean) * strength
    return dyn.ActorModel(
        knots=tuple(knots), utilities=tuple(utils), saliences=sal, values=values, kinds=prob.kinds,
        sides=prob.sides, horizon=prob.horizon, discount=prob.discount, temperature=prob.temperature,
        prior_alpha=alpha, prior_beta=beta, battle_sign=sign,
    )


def _pulses(s: Scenario, schedule: Schedule, probs: list[DecisionProblem], issue_ids: tuple[str, ...]
            ) -> dyn.LeverPulses:
    assert s.dynamics is not None
    acts = schedule.activations
    L, K = len(acts), len(issue_ids)
    value_shifts = [np.zeros((L, len(p.factor_ids))) for p in probs]
    position_shifts, drift_shifts = np.zeros((L, K)), np.zeros(L)
    learners = {s.dynamics.battlefield.actor, *s.dynamics.beliefs}
    for row, act in enumerate(acts):
        lever = s.levers[act.lever]
        shift = lever.shift(act.intensity)
        if lever.issue is not None:
            position_shifts[row, issue_ids.index(lever.issue)] = shift
            continue
        assert lever.factor is not None
        factor = s.factors[lever.factor]
        for a, p in enumerate(probs):
            if factor.actor == p.actor:
                value_shifts[a][row, p.factor_ids.index(lever.factor)] = shift
        # A belligerent's win_trend is its reading of the battlefield drift: moving it moves the drift.
        if factor.kind is FactorKind.WIN_TREND and factor.actor in learners:
            drift_shifts[row] = shift if factor.actor == s.dynamics.battlefield.actor else -shift
    below = np.array([a.if_battlefield_below is not None for a in acts], dtype=bool)
    above = np.array([a.if_battlefield_above is not None for a in acts], dtype=bool)
    threshold = [a.if_battlefield_below if a.if_battlefield_below is not None else a.if_battlefield_above
                 for a in acts]
    return dyn.LeverPulses(
        at=np.array([a.at for a in acts], dtype=int),
        delay=np.array([a.delay for a in acts], dtype=int),
        condition=np.where(below, dyn.BELOW, np.where(above, dyn.ABOVE, dyn.NO_CONDITION)).astype(int),
        threshold=np.array([np.nan if t is None else t for t in threshold], dtype=float),
        value_shifts=tuple(value_shifts),
        position_shifts=position_shifts,
        drift_shifts=drift_shifts,
    )


def _concession(s: Scenario, offer: str, issue_ids: tuple[str, ...]) -> dyn.Concession | None:
    assert s.dynamics is not None
    rules = s.dynamics.concessions.get(offer, ())
    if not rules:
        return None
    K = len(issue_ids)
    rate, start = np.zeros(K), np.zeros(K, dtype=int)
    limit = np.array([s.issues[i].scale.bounds[1] for i in issue_ids], dtype=float)
    for r in rules:
        k = issue_ids.index(r.issue)
        lo, hi = s.issues[r.issue].scale.bounds
        rate[k], start[k] = r.per_step, r.start
        limit[k] = s.issues[r.issue].position_value(r.limit) if r.limit is not None else (
            hi if r.per_step > 0 else lo)
    return dyn.Concession(rate=rate, start=start, limit=limit)


def simulate(
    scenario: Scenario,
    schedules: Sequence[str] | None = None,
    *,
    steps: int | None = None,
    paths: int = 10_000,
    rule: str | None = None,
    uncertain: bool = True,
    checkpoints: Sequence[int] = (12, 24),
    confidence: float = 0.95,
    rng: RNGLike = None,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
    chunk_size: int = PATH_CHUNK,
    keep_paths: bool = True,
) -> DynamicsResult:
    """Simulate the scenario's war as a process under each lever schedule.

    Parameters
    ----------
    scenario : Scenario
        Must have a ``dynamics`` section.
    schedules : sequence of str, optional
        Schedule ids to run (default: all); the baseline is always run.
    steps, paths : int
        Horizon in the scenario's time unit (default ``dynamics.steps``) and paths per schedule.
    rule : {"margin", "logit"}, optional
        Acceptance rule (default ``dynamics.acceptance``).
    uncertain : bool
        Sample every estimate per path (Latin hypercube), or use central values.
    checkpoints : sequence of int
        Steps at which each schedule is compared with the baseline.
    rng : Generator, SeedSequence, int or None
        Root seed; the same seed gives the same result on any executor and for any ``chunk_size``.
    progress : callable, optional
        Called with the number of path chunks just finished (every schedule run on them).
    executor : Executor, optional
        Where the chunks run (:func:`realpolitik.analysis.ensemble.open_executor`); default here.
    chunk_size : int
        Paths per chunk (rounded up to whole blocks): where the work runs, not what it gives.
    keep_paths : bool
        Also return every path's settlement step, terms, beliefs, flows and battlefield
        (:meth:`DynamicsResult.paths_table`, for export). Without them each block returns only its
        sufficient statistics (counts, sums; a few kilobytes), reduced where it ran, which is what
        makes a Dask cluster pay; the summaries are the same either way.
    """
    d = scenario.dynamics
    if d is None:
        raise InputError(
            "the scenario has no 'dynamics' section; add one (battlefield, beliefs) to simulate the war."
        )
    all_schedules = dict(scenario.schedules)
    all_schedules.setdefault(BASELINE, Schedule(name="no levers (baseline)"))
    chosen = list(all_schedules) if schedules is None else list(dict.fromkeys([BASELINE, *schedules]))
    for sid in chosen:
        if sid not in all_schedules:
            known = f"one of {sorted(all_schedules)}"
            raise InputError(field_message("schedule", "the scenario", known, sid))
    if paths < 1:
        raise InputError(field_message("paths", "the simulation", "a positive integer", paths))
    T = d.steps if steps is None else steps
    if T < 1:
        raise InputError(field_message("horizon", "the simulation", "a positive number of steps", T))
    rule = rule or d.acceptance
    offer = d.offer or next(iter(scenario.offers))
    issue_ids = tuple(scenario.issues)
    parties = scenario.offers[offer].to
    probs = [decision_problem(scenario, a, offer) for a in parties]

    root = seed_sequence(rng)
    estimates: list[Estimate] = [d.battlefield.p0, d.battlefield.drift, d.battlefield.volatility]
    for p in probs:
        estimates += [*p.saliences, *p.factor_values]
        prior = d.beliefs.get(p.actor)
        if prior is not None:
            estimates += [*([prior.mean] if prior.mean is not None else []), prior.strength]
    o = scenario.offers[offer]
    plan = _Plan(
        scenario=scenario, probs=tuple(probs), issue_ids=issue_ids, estimates=tuple(estimates),
        uncertain=uncertain,
        positions=tuple(scenario.issues[i].position_value(o.terms.get(i, scenario.issues[i].status_quo))
                        for i in issue_ids),
        bounds=tuple(scenario.issues[i].scale.bounds for i in issue_ids),
        concession=_concession(scenario, offer, issue_ids),
        pulses=tuple((sid, _pulses(scenario, all_schedules[sid], probs, issue_ids)) for sid in chosen),
        steps=T, rule=rule,
    )
    chunks = plan_chunks(paths, root, chunk_size)
    task = partial(_chunk_paths, plan, keep_paths)
    chunk_parts = (executor or SerialExecutor()).map(task, chunks, progress)
    parts = [block for chunk in chunk_parts for block in chunk]  # per block, in block order
    outcomes = {
        sid: _outcome(sid, all_schedules[sid].name or sid, [part[sid] for part in parts], T)
        for sid in chosen  # a loop over schedules; blocks are merged in block order
    }
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    effects = tuple(
        _effect(outcomes[BASELINE], outcomes[sid], min(t, T), z)
        for sid in chosen if sid != BASELINE for t in checkpoints
    )
    return DynamicsResult(
        title=scenario.title, offer=offer, parties=tuple(parties), issue_ids=issue_ids,
        time_unit=scenario.time_unit, steps=T, paths=paths, rule=rule,
        seed=root.entropy if isinstance(root.entropy, int) else None, uncertain=uncertain, outcomes=outcomes,
        effects=effects, confidence=confidence,
    )


@dataclass(frozen=True)
class _Plan:
    """Everything a chunk of paths needs (picklable: shipped to Dask workers with each task)."""

    scenario: Scenario
    probs: tuple[DecisionProblem, ...]
    issue_ids: tuple[str, ...]
    estimates: tuple[Estimate, ...]
    uncertain: bool
    positions: tuple[float, ...]
    bounds: tuple[tuple[float, float], ...]
    concession: dyn.Concession | None
    pulses: tuple[tuple[str, dyn.LeverPulses], ...]
    """Per schedule id, its lever activations."""
    steps: int
    rule: str


@dataclass(frozen=True)
class _BlockStats:
    """Sufficient statistics of one schedule on one block of paths: what a worker ships back."""

    paths: int
    settle_counts: NDArray[np.int64]
    """(T+2,) paths settled at step t = 0..T, then never."""
    terms_sum: Array
    """(K,) sum of the offer positions of the settled paths."""
    flows_sum: Array
    """(A,) sum of the continue-side flows."""
    p_accept_sum: Array
    """(T+1, A) sum of P(accept) over the paths at war at each step."""
    margin_sum: Array
    """(T+1, A) sum of the margin over the same paths."""
    at_war: NDArray[np.int_]
    """(T+1,) paths at war at the start of each step."""
    gained: NDArray[np.int64]
    """(T+1,) paths settled by t under this schedule and not under the baseline."""
    lost: NDArray[np.int64]
    """(T+1,) the reverse."""
    paths_result: dyn.PathsResult | None
    """Every path's arrays, when kept."""


def _block_stats(res: dyn.PathsResult, base: dyn.PathsResult, keep: bool) -> _BlockStats:
    steps = res.p_accept.shape[0] - 1
    s = res.settle_step
    settled = s >= 0
    counts = np.bincount(np.where(settled, s, steps + 1), minlength=steps + 2).astype(np.int64)
    t = np.arange(steps + 1)[:, None]
    mine = settled & (s <= t)  # (T+1, n): settled by step t, paired with the baseline path by path
    theirs = (base.settle_step >= 0) & (base.settle_step <= t)
    return _BlockStats(
        paths=int(s.size),
        settle_counts=counts,
        terms_sum=res.terms[settled].sum(axis=0),
        flows_sum=res.realized_flows.sum(axis=0),
        p_accept_sum=np.nan_to_num(res.p_accept) * res.at_war[:, None],
        margin_sum=np.nan_to_num(res.mean_margin) * res.at_war[:, None],
        at_war=res.at_war,
        gained=np.count_nonzero(mine & ~theirs, axis=1).astype(np.int64),
        lost=np.count_nonzero(theirs & ~mine, axis=1).astype(np.int64),
        paths_result=res if keep else None,
    )


def _outcome(sid: str, name: str, parts: list[_BlockStats], steps: int) -> ScheduleOutcome:
    """A schedule's blocks merged in block order: sums of the statistics (the same list, so the same
    sums, for any chunking), per-step means pooled over the paths still at war."""
    n = sum(p.paths for p in parts)
    counts = np.sum([p.settle_counts for p in parts], axis=0)
    at_war = np.sum([p.at_war for p in parts], axis=0)

    def pooled(name: str) -> Array:
        total = np.sum([getattr(p, name) for p in parts], axis=0)
        return np.where(at_war[:, None] > 0, total / np.maximum(at_war, 1)[:, None], np.nan)

    n_settled = int(counts[: steps + 1].sum())
    terms_sum = np.sum([p.terms_sum for p in parts], axis=0)
    kept = [p.paths_result for p in parts]
    paths = None if any(r is None for r in kept) else {
        f: np.concatenate([getattr(r, f) for r in kept])
        for f in ("settle_step", "terms", "beliefs", "realized_flows", "battlefield")
    }
    return ScheduleOutcome(
        schedule=sid, name=name,
        settle_step=None if paths is None else paths["settle_step"],
        terms=None if paths is None else paths["terms"],
        settled_by=np.cumsum(counts[: steps + 1]) / n,
        p_accept=pooled("p_accept_sum"), mean_margin=pooled("margin_sum"),
        beliefs=None if paths is None else paths["beliefs"],
        realized_flows=None if paths is None else paths["realized_flows"],
        battlefield=None if paths is None else paths["battlefield"],
        paths=n, settle_counts=counts,
        mean_terms=terms_sum / n_settled if n_settled else np.full(terms_sum.shape, np.nan),
        mean_realized_flows=np.sum([p.flows_sum for p in parts], axis=0) / n,
        gained=np.sum([p.gained for p in parts], axis=0), lost=np.sum([p.lost for p in parts], axis=0),
    )


def _chunk_paths(plan: _Plan, keep: bool, chunk: Chunk) -> list[dict[str, _BlockStats]]:
    """Every schedule on each block of one chunk of paths (per block: common random numbers),
    reduced to each block's statistics where the chunk ran."""
    out = []
    for block in chunk.blocks:  # a loop over blocks, each a vectorized run of its paths
        runs = _block_paths(plan, block)
        base = runs[BASELINE]
        out.append({sid: _block_stats(res, base, keep) for sid, res in runs.items()})
    return out


def _block_paths(plan: _Plan, block: Block) -> dict[str, dyn.PathsResult]:
    """Every schedule on one block of paths, all on the block's random numbers (common random numbers)."""
    # streams of the block's seed: estimates, then battles and decisions
    param_seed, process_seed = block.stream(0), block.stream(1)
    d = plan.scenario.dynamics
    assert d is not None
    draws = _Draws(list(plan.estimates), block.size, plan.uncertain, param_seed)
    p0, drift, vol = draws.take(3).T
    field = dyn.Battlefield(p0=np.clip(p0, 0, 1), drift=drift, volatility=np.maximum(vol, 0))
    models = tuple(
        _party_model(plan.scenario, p, plan.issue_ids, draws, 1 if p.actor == d.battlefield.actor else -1)
        for p in plan.probs
    )
    return {
        sid: dyn.simulate_war(
            models, field, plan.positions, n_steps=plan.steps, n_paths=block.size, bounds=plan.bounds,
            concession=plan.concession, pulses=pulses, rule=plan.rule,  # type: ignore[arg-type]
            rng=process_seed,
        )
        for sid, pulses in plan.pulses  # the same seed for every schedule
    }


def _effect(base: ScheduleOutcome, other: ScheduleOutcome, t: int, z: float) -> LeverEffect:
    # the paired difference d = settled(other) - settled(base) per path is +1 (gained), -1 (lost) or 0
    assert other.gained is not None
    assert other.lost is not None
    n, plus, minus = other.paths, int(other.gained[t]), int(other.lost[t])
    m = (plus - minus) / n
    se = float(np.sqrt(max(plus + minus - n * m * m, 0.0) / (n - 1) / n)) if n > 1 else 0.0
    return LeverEffect(
        schedule=other.schedule, step=t, baseline=base.p_settled_by(t, z),
        with_schedule=other.p_settled_by(t, z), difference=(m, m - z * se, m + z * se),
    )
