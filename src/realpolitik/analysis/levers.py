r"""What would it take? The smallest lever intensity that makes acceptance likely.

A lever (:class:`~realpolitik.scenario.schema.Lever`) at intensity :math:`t`
adds :math:`\Delta = u\,(t - t_0)` (``per_unit`` times the distance from the
``current`` intensity) to one factor's value, or moves the offer's position
on one issue by :math:`\Delta` (a concession). The scenario's estimates
describe the world at :math:`t_0`.

P(accept) at intensity :math:`t` is the Monte Carlo mean logit probability
(:mod:`.uncertainty`) evaluated with **common random numbers**: the same
draws of every uncertain input at every intensity (Glasserman 2004, *Monte
Carlo Methods in Financial Engineering*, §4.2). The estimate is then a
deterministic function of :math:`t` for a given seed, and it is monotone in
:math:`t` whenever every draw's margin is (a factor lever is linear in
:math:`t` before the clip of the war outcome; an issue lever follows the
piecewise-linear utility of the issue, which is monotone until the offered
position passes the actor's ideal).

The threshold search (:func:`lever_threshold`) evaluates the curve on a grid
over the declared range, takes the first grid cell where the curve reaches
:math:`q`, and refines inside that cell by repeated *k*-section (bisection
with ``k - 1`` interior points per round, all evaluated in one pass) until
the bracket is narrower than ``tol`` times the range. If no grid point
reaches :math:`q` the answer is *none within the declared range* (with the
largest P(accept) found). A curve that is not monotone on the grid is
flagged, and the answer is the first crossing found. A lever on an issue with
discrete levels moves the offer only to whole levels, so its curve is
evaluated at each level and not refined.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.analysis.decision import DecisionProblem, decision_problem
from realpolitik.analysis.ensemble import Executor, Progress, SerialExecutor
from realpolitik.analysis.sampling import (
    DEFAULT_CHUNK,
    Block,
    Chunk,
    ParameterTable,
    RNGLike,
    parameter_table,
    plan_chunks,
)
from realpolitik.analysis.tables import Tabular
from realpolitik.engines import decision as eng
from realpolitik.engines.sampling import Design
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Scenario

__all__ = [
    "LeverAnswer",
    "LeverEffect",
    "LeverEnsemble",
    "LeverGrid",
    "LeverReport",
    "lever_effect",
    "lever_grid",
    "lever_pair",
    "lever_threshold",
    "levers",
]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class LeverEffect:
    """A lever as arrays for one decision problem."""

    id: str
    name: str
    unit: str
    target: str
    """``factor`` or ``issue``."""
    target_id: str
    index: int
    """Position of the target in the problem's factors or issues; -1 if the actor lacks it."""
    per_unit: float
    current: float
    low: float
    high: float
    levels: tuple[str, ...] | None = None
    """Level names when the target issue has discrete levels."""
    bounded: bool = False
    """Whether the intensity can never leave the range (no extrapolation past it)."""
    cost: float | None = None
    """Cost of one unit of intensity, when the scenario states one."""
    per_unit_range: tuple[float, float] | None = None
    """Range of ``per_unit`` when it is an estimate: drawn per draw, as the parameter
    ``per_unit:<lever>`` of the shared table (:func:`~realpolitik.analysis.sampling.parameter_table`)."""

    @property
    def step(self) -> float | None:
        """Intensity of one level's move, for discrete issues."""
        return None if self.levels is None else 1.0 / abs(self.per_unit)

    def grid(self, n: int) -> Array:
        """Intensities at which to draw the curve: ``n`` even points, or every whole level."""
        if self.step is None:
            return np.unique(np.append(np.linspace(self.low, self.high, n), self.current))
        k = np.arange(
            np.ceil((self.low - self.current) / self.step),
            np.floor((self.high - self.current) / self.step) + 1,
        )
        return self.current + k * self.step


def lever_effect(scenario: Scenario, problem: DecisionProblem, lever: str) -> LeverEffect:
    """Locate ``lever``'s target in ``problem``; InputError for an unknown lever id."""
    if lever not in scenario.levers:
        raise InputError(field_message("lever", "the scenario", f"one of {sorted(scenario.levers)}", lever))
    lv = scenario.levers[lever]
    if lv.factor is not None:
        target, tid, ids, levels = "factor", lv.factor, problem.factor_ids, None
    else:
        assert lv.issue is not None  # the schema requires exactly one target
        target, tid, ids = "issue", lv.issue, problem.issue_ids
        levels = scenario.issues[lv.issue].scale.levels
    index = ids.index(tid) if tid in ids else -1
    # An issue lever moves a position that is clipped to the issue's scale: nothing lies past its range.
    bounded = lv.is_bounded or lv.issue is not None
    if lv.factor is not None and scenario.factors[lv.factor].kind.value == "win_probability":
        bounded = True
    return LeverEffect(
        lever, lv.name, lv.unit, target, tid, index, lv.per_unit, lv.current, *lv.range, levels,
        bounded, lv.cost, lv.per_unit_range,
    )


def _fast_margins(
    problem: DecisionProblem,
    x: Array,
    effects: tuple[LeverEffect, ...],
    t: Array,
    rows: Array,
    per_unit: Mapping[str, Array],
) -> Array:
    """Margins (T, n) of parameter-major draws ``x`` (P, n) at intensities ``t`` of shape (T, L).

    The margin's four sums (:meth:`DecisionProblem.margin_rows`) come from one matrix product
    over the draws; a factor lever adds ``a_f Δ`` to the sums it enters, an issue lever replaces
    its issue's utility in the weighted one, with ``Δ = per_unit (t - current)`` (per draw when
    ``per_unit`` is drawn). Algebraically :meth:`DecisionProblem.margin` at the shifted inputs
    (tested to rounding); valid when no decision setting or level utility is drawn.
    """
    k = len(problem.issue_ids)
    total, weighted, linear, battle = rows @ x[: rows.shape[1]]
    w2: Array = weighted[None]
    l2: Array = linear[None]
    b2: Array = battle[None]
    moved: dict[int, Array] = {}
    for lever, e in enumerate(effects):  # one or two levers
        if e.index < 0:
            continue
        unit = per_unit.get(e.id)
        dt = t[:, lever] - e.current
        delta = dt[:, None] * (e.per_unit if unit is None else unit[None])
        if e.target == "factor":
            col = k + e.index
            l2 = l2 + rows[2, col] * delta
            b2 = b2 + rows[3, col] * delta
        else:
            moved[e.index] = moved[e.index] + delta if e.index in moved else delta
    for i, delta in moved.items():  # a loop over the (one or two) issues levers move
        lo, hi = problem.scale_bounds[i]
        pos = np.clip(problem.positions[i] + delta, lo, hi)
        u = eng.piecewise_linear_utility(pos, problem.knots[i], problem.utilities[i])
        w2 = w2 + x[i] * (u - rows[1, i])
    return eng.margin_from_sums(total, w2, l2, b2, problem.horizon, problem.discount)


def _block_margins(
    problem: DecisionProblem,
    table: ParameterTable,
    design: Design,
    effects: tuple[LeverEffect, ...],
    t: Array,
    block: Block,
    rows: Array,
) -> tuple[Array, Array]:
    """Margins and logit P(accept), (T, n) each, of one block's draws at intensities ``t`` (T, L).

    With drawn decision settings or level utilities the margin is no longer linear in the draws:
    the problem takes them (:meth:`DecisionProblem.with_draws`) and the draws are shifted as arrays
    (:func:`_shift`); otherwise :func:`_fast_margins`.
    """
    x = table.draw(block, design)  # (P, n)
    others = table.others_rows(x)
    if all(name.startswith("per_unit:") for name in others):
        per_unit = {e.id: others[f"per_unit:{e.id}"] for e in effects if f"per_unit:{e.id}" in others}
        m = _fast_margins(problem, x, effects, t, rows, per_unit)
        return m, eng.acceptance_probability(m, problem.temperature)
    sal, val = table.split_rows(x)
    drawn = problem.with_draws(others)
    v, pos = _shift(drawn, val, effects, t, others)
    m = drawn.margin(sal, v, pos)
    return m, drawn.acceptance_probability(m)


def _shift(
    problem: DecisionProblem,
    values: Array,
    effects: tuple[LeverEffect, ...],
    t: Array,
    others: Mapping[str, Array],
) -> tuple[Array, Array]:
    """Values (T, N, F) and positions (T, N or 1, K) at intensities ``t`` of shape (T, L).

    A lever whose ``per_unit`` is an estimate shifts each draw by that draw's ``per_unit``
    (the parameter ``per_unit:<lever>`` of the shared table, ``others``).
    """
    n = values.shape[0]
    drawn = {e.id: others[f"per_unit:{e.id}"] for e in effects if f"per_unit:{e.id}" in others}
    dv = np.zeros((t.shape[0], n, len(problem.factor_ids)))
    dp = np.zeros((t.shape[0], n if drawn else 1, len(problem.issue_ids)))
    for lever, e in enumerate(effects):  # one or two levers
        if e.index >= 0:
            target = dv if e.target == "factor" else dp
            per_unit = drawn.get(e.id, e.per_unit)
            target[:, :, e.index] += np.multiply.outer(t[:, lever] - e.current, per_unit).reshape(
                t.shape[0], -1
            )
    return values[None] + dv, problem.positions + dp


def _chunk_task(
    problem: DecisionProblem,
    table: ParameterTable,
    design: Design,
    effects: tuple[LeverEffect, ...],
    intensities: Array,
    chunk: Chunk,
) -> Array:
    """(B, 3, T) per block of the chunk: sum of logit P, sum of its squares, and count of margin >= 0."""
    out = np.empty((len(chunk.blocks), 3, intensities.shape[0]))
    rows = problem.margin_rows()
    for b, block in enumerate(chunk.blocks):  # a loop over blocks, each a vectorized pass over its draws
        m, p = _block_margins(problem, table, design, effects, intensities, block, rows)
        out[b, 0] = p.sum(axis=-1)
        out[b, 1] = np.einsum("ij,ij->i", p, p)
        out[b, 2] = np.count_nonzero(m >= 0, axis=-1)
    return out


BOOTSTRAP = 200
"""Poisson bootstrap replicates behind each threshold's interval."""


def _boot_task(
    problem: DecisionProblem,
    table: ParameterTable,
    design: Design,
    effects: tuple[LeverEffect, ...],
    intensities: Array,
    replicates: int,
    chunk: Chunk,
) -> list[tuple[Array, Array]]:
    """Per block: Poisson(1)-weighted sums of logit P per replicate and intensity (B, T), and the
    weight totals (B,).

    The weights come from each block's own stream, so the bootstrap is the same on any executor.
    """
    out = []
    rows = problem.margin_rows()
    for block in chunk.blocks:
        _, p = _block_margins(problem, table, design, effects, intensities, block, rows)  # (T, n)
        rng = np.random.default_rng(block.stream(0xB007))
        w = rng.poisson(1.0, size=(replicates, block.size)).astype(float)
        out.append((w @ p.T, w.sum(axis=1)))
    return out


@dataclass(frozen=True)
class LeverEnsemble:
    """One decision problem, its draws (chunks of seeded blocks), where they run: P(accept) as a function."""

    problem: DecisionProblem
    table: ParameterTable
    chunks: tuple[Chunk, ...]
    design: Design = "lhs"
    executor: Executor | None = None

    @property
    def draws(self) -> int:
        return sum(c.size for c in self.chunks)

    def evaluate(
        self, effects: tuple[LeverEffect, ...], intensities: Array, progress: Progress | None = None
    ) -> tuple[Array, Array, Array]:
        """Mean logit P(accept), its standard error and the share of margins >= 0.

        One value of each per row of ``intensities`` (T, L), one column per lever.
        """
        t = np.atleast_2d(np.asarray(intensities, dtype=float))
        task = partial(_chunk_task, self.problem, self.table, self.design, effects, t)
        parts = (self.executor or SerialExecutor()).map(task, self.chunks, progress)
        # per-block sums in block order: the same array, hence the same total, for any chunking
        total = np.concatenate(parts).sum(axis=0)
        n = self.draws
        mean = total[0] / n
        var = np.maximum(total[1] / n - mean**2, 0.0) * n / max(n - 1, 1)
        return mean, np.sqrt(var / n), total[2] / n

    def bootstrap(self, effects: tuple[LeverEffect, ...], intensities: Array, replicates: int) -> Array:
        """Mean logit P(accept) per Poisson bootstrap replicate of the draws, shape (B, T).

        Poisson bootstrap (Hanley & MacGibbon 2006, *Comput. Methods Programs
        Biomed.* 83(1)): each draw enters each replicate with a Poisson(1)
        weight, which parallelizes over chunks exactly.
        """
        t = np.atleast_2d(np.asarray(intensities, dtype=float))
        task = partial(_boot_task, self.problem, self.table, self.design, effects, t, replicates)
        parts = [block for chunk in (self.executor or SerialExecutor()).map(task, self.chunks, None)
                 for block in chunk]  # per block, in block order
        sums = np.sum([s for s, _ in parts], axis=0)
        weights = np.sum([w for _, w in parts], axis=0)
        curves: Array = sums / np.maximum(weights, 1.0)[:, None]
        return curves


@dataclass(frozen=True)
class LeverAnswer:
    """The smallest intensity of one lever with P(accept) >= q, and its curve."""

    lever: str
    name: str
    unit: str
    target: str
    target_id: str
    per_unit: float
    q: float
    found: bool
    threshold: float | None
    """Smallest intensity with P(accept) >= q; None when none in the range."""
    threshold_level: str | None
    """For a discrete issue: the offered level at the threshold."""
    p_at_threshold: float | None
    p_current: float
    p_max: float
    """Largest P(accept) on the curve."""
    at_max: float
    """Intensity of that largest P(accept)."""
    current: float
    range: tuple[float, float]
    beyond_range: float | None
    """When none in range: the smallest intensity past the range's top, up to ``EXTEND`` range
    widths further, that would reach ``q`` (None if none does, or the lever moves discrete levels)."""
    monotone: bool
    """Whether the CRN curve is non-decreasing on the grid."""
    affects_actor: bool
    intensities: tuple[float, ...]
    p_accept: tuple[float, ...]
    p_accept_se: tuple[float, ...]
    share_accept: tuple[float, ...]
    reverse: bool = False
    """True when the actor already accepts (P >= q) at the current intensity: the answer is then the
    intensity nearest the current one at which P(accept) falls below ``q`` (what would make it walk away)."""
    interval: tuple[float, float] | None = None
    """Poisson-bootstrap percentile interval of the threshold (None when no replicate finds one)."""
    interval_level: float = 0.95
    bootstrap_found: float | None = None
    """Share of bootstrap replicates in which the threshold lies within the range."""
    bounded: bool = False
    """The intensity cannot leave its range, so nothing past it is searched."""
    cost_per_unit: float | None = None
    per_unit_range: tuple[float, float] | None = None
    """Range of ``per_unit`` when it is an estimate (drawn per draw)."""
    cost: float | None = None
    """``cost_per_unit`` times the distance from the current intensity to the threshold."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


CLUSTER_PAYOFF = 1_500_000
"""Draws x (levers + 1) from which a local Dask cluster pays off (``levers --workers``); below it the
chunks run in-process. The seed's 5 levers at 10^5 draws take about 3.3 s of CPU in one process
(5.5 µs per draw and lever), and starting and warming a 2-worker local cluster about 3 s: two workers
at 80 % efficiency gain those 3 s back from about 8 s of work (docs/speed.md)."""

EXTEND = 9.0
"""How many range widths past the declared top :func:`lever_threshold` looks when the range falls short."""


def _first_crossing(
    ens: LeverEnsemble, effect: LeverEffect, t: Array, p: Array, q: float, tol: float, k: int
) -> float | None:
    hit = np.flatnonzero(p >= q)
    if not hit.size:
        return None
    i = int(hit[0])
    if i == 0 or effect.step is not None:
        return float(t[i])
    return _refine(ens, effect, float(t[i - 1]), float(t[i]), q, tol * (effect.high - effect.low), k)


def _refine(
    ens: LeverEnsemble, effect: LeverEffect, a: float, b: float, q: float, tol: float, k: int
) -> float:
    """Shrink [a, b] (P(a) < q <= P(b)) by k-section to width <= tol; return the right end."""
    while b - a > tol:
        inner = np.linspace(a, b, k + 1)[1:-1]
        p = ens.evaluate((effect,), inner[:, None])[0]
        hit = np.flatnonzero(p >= q)
        if hit.size:
            b = float(inner[hit[0]])
            a = float(inner[hit[0] - 1]) if hit[0] > 0 else a
        else:
            a = float(inner[-1])
    return b


def _refine_away(
    ens: LeverEnsemble, effect: LeverEffect, inside: float, outside: float, q: float, tol: float, k: int
) -> float:
    """Shrink [inside, outside] (P(inside) >= q > P(outside)), either direction; return the outside end."""
    while abs(outside - inside) > tol:
        pts = np.linspace(inside, outside, k + 1)[1:-1]
        p = ens.evaluate((effect,), pts[:, None])[0]
        out = np.flatnonzero(p < q)
        if out.size:
            outside = float(pts[out[0]])
            inside = float(pts[out[0] - 1]) if out[0] > 0 else inside
        else:
            inside = float(pts[-1])
    return outside


def _nearest_below(t: Array, p: Array, q: float, current: float) -> tuple[int, int] | None:
    """Grid index nearest ``current`` with P < q, and its neighbour toward ``current`` (P >= q)."""
    below = np.flatnonzero(p < q)
    if not below.size:
        return None
    j = int(below[np.argmin(np.abs(t[below] - current))])
    c = int(np.argmin(np.abs(t - current)))
    return j, (j - 1 if j > c else j + 1)


def _walk_away(
    ens: LeverEnsemble, effect: LeverEffect, t: Array, p: Array, q: float, tol: float, k: int
) -> float | None:
    found = _nearest_below(t, p, q, effect.current)
    if found is None:
        return None
    j, i = found
    if effect.step is not None:
        return float(t[j])
    return _refine_away(ens, effect, float(t[i]), float(t[j]), q, tol * (effect.high - effect.low), k)


def _grid_crossings(t: Array, curves: Array, q: float, effect: LeverEffect, reverse: bool) -> Array:
    """Threshold of each bootstrap curve (B, T) on the grid, linear between grid points; NaN if none."""
    out = np.full(curves.shape[0], np.nan)
    for b, p in enumerate(curves):  # a loop over bootstrap replicates (a few hundred), each a short grid
        if reverse:
            found = _nearest_below(t, p, q, effect.current)
            if found is None:
                continue
            j, i = found
            inside, outside = i, j
        else:
            hit = np.flatnonzero(p >= q)
            if not hit.size:
                continue
            outside = int(hit[0])
            inside = outside - 1
        if effect.step is not None or inside < 0 or inside >= t.size:
            out[b] = t[outside]
            continue
        pa, pb = p[inside], p[outside]
        frac = 1.0 if pb == pa else float(np.clip((q - pa) / (pb - pa), 0.0, 1.0))
        out[b] = t[inside] + frac * (t[outside] - t[inside])
    return out


def _threshold_interval(
    ens: LeverEnsemble, effect: LeverEffect, t: Array, q: float, reverse: bool, level: float, replicates: int
) -> tuple[tuple[float, float] | None, float | None]:
    if effect.index < 0 or replicates < 1:
        return None, None
    curves = ens.bootstrap((effect,), t[:, None], replicates)
    found = _grid_crossings(t, curves, q, effect, reverse)
    ok = found[np.isfinite(found)]
    share = float(ok.size / found.size)
    if not ok.size:
        return None, share
    lo, hi = np.quantile(ok, [(1 - level) / 2, (1 + level) / 2])
    return (float(lo), float(hi)), share


def lever_threshold(
    ens: LeverEnsemble,
    effect: LeverEffect,
    q: float = 0.5,
    *,
    grid: int = 31,
    tol: float = 1e-4,
    k: int = 8,
    progress: Progress | None = None,
    replicates: int = BOOTSTRAP,
    confidence: float = 0.95,
) -> LeverAnswer:
    """P(accept) over the lever's range, and the threshold intensity (module doc).

    For an actor that rejects at the current intensity (P < ``q``): the smallest
    intensity reaching ``q``. For one that already accepts: the intensity
    nearest the current one at which P falls below ``q`` (what would make it
    walk away). Each threshold carries a Poisson-bootstrap percentile interval
    over the draws (``replicates``; 0 skips it).
    """
    if not 0 < q < 1:
        raise InputError(field_message("quantile", "the lever search", "a probability in (0, 1)", q))
    t = effect.grid(grid)
    p, se, share = ens.evaluate((effect,), t[:, None], progress)
    p_now = float(p[np.flatnonzero(t == effect.current)[0]]) if effect.current in t else float("nan")
    reverse = bool(effect.index >= 0 and p_now >= q)
    if reverse:
        threshold = _walk_away(ens, effect, t, p, q, tol, k)
    else:
        threshold = _first_crossing(ens, effect, t, p, q, tol, k)
    beyond = None
    if threshold is None and not reverse and not effect.bounded and effect.step is None and effect.index >= 0:
        wide = replace(effect, low=effect.high, high=effect.high + EXTEND * (effect.high - effect.low))
        tw = wide.grid(grid)
        tw = tw[tw >= wide.low]  # grid() also includes the current intensity, below this range
        beyond = _first_crossing(ens, wide, tw, ens.evaluate((wide,), tw[:, None])[0], q, tol, k)
    p_thr = None if threshold is None else float(ens.evaluate((effect,), np.array([[threshold]]))[0][0])
    level = None
    if threshold is not None and effect.levels is not None and effect.index >= 0:
        pos = ens.problem.positions[effect.index] + effect.per_unit * (threshold - effect.current)
        # halves round up, as Scale.nearest_level does for the dashboard and report
        level = effect.levels[int(np.clip(np.floor(pos + 0.5), 0, len(effect.levels) - 1))]
    best = int(np.argmax(p))
    interval, found_share = _threshold_interval(ens, effect, t, q, reverse, confidence, replicates)
    cost = None
    if effect.cost is not None and threshold is not None:
        cost = effect.cost * abs(threshold - effect.current)
    return LeverAnswer(
        lever=effect.id,
        name=effect.name,
        unit=effect.unit,
        target=effect.target,
        target_id=effect.target_id,
        per_unit=effect.per_unit,
        q=q,
        found=threshold is not None,
        threshold=threshold,
        threshold_level=level,
        p_at_threshold=p_thr,
        p_current=p_now,
        p_max=float(p[best]),
        at_max=float(t[best]),
        current=effect.current,
        range=(effect.low, effect.high),
        beyond_range=beyond,
        monotone=bool(np.all(np.diff(p) >= -1e-12)),
        affects_actor=effect.index >= 0,
        intensities=tuple(map(float, t)),
        p_accept=tuple(map(float, p)),
        p_accept_se=tuple(map(float, se)),
        share_accept=tuple(map(float, share)),
        reverse=reverse,
        interval=interval,
        interval_level=confidence,
        bootstrap_found=found_share,
        bounded=effect.bounded,
        cost_per_unit=effect.cost,
        per_unit_range=effect.per_unit_range,
        cost=cost,
    )


@dataclass(frozen=True)
class LeverReport(Tabular):
    """Answers for several levers on one (actor, offer)."""

    actor: str
    offer: str
    draws: int
    design: str
    q: float
    answers: tuple[LeverAnswer, ...]

    def rows(self) -> list[dict[str, Any]]:
        """The lever curves: one row per lever and intensity, P(accept) with its standard error."""
        return [
            {
                "lever": a.lever,
                "unit": a.unit,
                "intensity": t,
                "p_accept": p,
                "p_accept_se": se,
                "share_accept": sh,
                "threshold": a.threshold,
            }
            for a in self.ranked()
            for t, p, se, sh in zip(a.intensities, a.p_accept, a.p_accept_se, a.share_accept, strict=True)
        ]

    @property
    def by_cost(self) -> bool:
        """Whether every lever with a threshold states a cost, so the levers can be ranked by it."""
        found = [a for a in self.answers if a.found and a.affects_actor]
        return bool(found) and all(a.cost is not None for a in found)

    def ranked(self) -> list[LeverAnswer]:
        """By the cost of reaching the threshold when every lever states one; else in scenario order."""
        if not self.by_cost:
            return list(self.answers)
        return sorted(self.answers, key=lambda a: (a.cost is None, a.cost if a.cost is not None else 0.0))

    def ranking_rule(self) -> str:
        """The rule behind the order, said plainly."""
        if self.by_cost:
            return (
                "Ranked by the stated cost of reaching each threshold (cost per unit times the distance "
                "from the current intensity); levers without a threshold come last."
            )
        return (
            "Not ranked against each other: each threshold is in its lever's own unit, and a share of "
            "a declared range depends on how the range was typed. Give each lever a 'cost' per unit "
            "to rank them."
        )

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["answers"] = [a.to_dict() for a in self.ranked()]
        out["ranked_by"] = "cost" if self.by_cost else "scenario order"
        out["ranking_rule"] = self.ranking_rule()
        return out


def ensemble(
    scenario: Scenario,
    actor: str,
    offer: str,
    *,
    draws: int = 10_000,
    rng: RNGLike = None,
    design: Design = "lhs",
    chunk_size: int = DEFAULT_CHUNK,
    executor: Executor | None = None,
) -> LeverEnsemble:
    """The common random numbers shared by every lever evaluation."""
    problem = decision_problem(scenario, actor, offer)
    return LeverEnsemble(
        problem, parameter_table(problem), plan_chunks(draws, rng, chunk_size), design, executor
    )


def levers(
    scenario: Scenario,
    actor: str,
    offer: str,
    lever_ids: list[str] | None = None,
    *,
    q: float = 0.5,
    draws: int = 10_000,
    rng: RNGLike = None,
    design: Design = "lhs",
    grid: int = 31,
    chunk_size: int = DEFAULT_CHUNK,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> LeverReport:
    """Smallest intensity of each lever (default: every lever) with P(accept) >= ``q``.

    Every lever is evaluated on the same draws (seed ``rng``), so the
    answers are comparable across levers.
    """
    ids = list(scenario.levers) if lever_ids is None else lever_ids
    ens = ensemble(
        scenario, actor, offer, draws=draws, rng=rng, design=design, chunk_size=chunk_size, executor=executor
    )
    effects = [lever_effect(scenario, ens.problem, lv) for lv in ids]  # validate every id before computing
    answers = tuple(lever_threshold(ens, e, q, grid=grid, progress=progress) for e in effects)
    return LeverReport(actor, offer, ens.draws, design, q, answers)


@dataclass(frozen=True)
class LeverGrid:
    """P(accept) over a grid of two levers' intensities, on common random numbers."""

    levers: tuple[str, str]
    intensities: tuple[tuple[float, ...], tuple[float, ...]]
    p_accept: tuple[tuple[float, ...], ...]
    """Rows: first lever's intensities; columns: second lever's."""
    q: float = 0.5
    """Target P(accept): a cell at or above it is a combination that would do."""
    draws: int = 0

    @property
    def reaches_q(self) -> tuple[tuple[bool, ...], ...]:
        """Whether each cell's P(accept) is at least ``q``."""
        return tuple(tuple(p >= self.q for p in row) for row in self.p_accept)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "reaches_q": [list(row) for row in self.reaches_q]}


def lever_grid(
    ens: LeverEnsemble,
    a: LeverEffect,
    b: LeverEffect,
    n: int = 11,
    q: float = 0.5,
    progress: Progress | None = None,
) -> LeverGrid:
    """P(accept) for every combination of two levers' grid intensities, on common random numbers.

    Both levers shift the margin at once (their effects add, :func:`_margins`); every cell uses the
    same draws, so differences between cells are the levers' and not sampling noise.
    """
    if a.id == b.id:
        raise InputError(field_message("pair", "the lever grid", "two different levers", f"{a.id},{b.id}"))
    if n < 2:
        raise InputError(field_message("pair grid", "the lever grid", "at least 2 points per lever", n))
    if not 0 < q < 1:
        raise InputError(field_message("quantile", "the lever grid", "a probability in (0, 1)", q))
    ta, tb = a.grid(n), b.grid(n)
    pairs = np.stack(np.meshgrid(ta, tb, indexing="ij"), axis=-1).reshape(-1, 2)
    p = ens.evaluate((a, b), pairs, progress)[0].reshape(ta.size, tb.size)
    return LeverGrid(
        levers=(a.id, b.id),
        intensities=(tuple(map(float, ta)), tuple(map(float, tb))),
        p_accept=tuple(tuple(map(float, row)) for row in p),
        q=q,
        draws=ens.draws,
    )


def lever_pair(
    scenario: Scenario,
    actor: str,
    offer: str,
    pair: tuple[str, str],
    *,
    n: int = 11,
    q: float = 0.5,
    draws: int = 10_000,
    rng: RNGLike = None,
    design: Design = "lhs",
    chunk_size: int = DEFAULT_CHUNK,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> LeverGrid:
    """:func:`lever_grid` of two levers by id, on the draws :func:`levers` uses for the same seed."""
    ens = ensemble(
        scenario, actor, offer, draws=draws, rng=rng, design=design, chunk_size=chunk_size, executor=executor
    )
    a, b = (lever_effect(scenario, ens.problem, lever) for lever in pair)
    return lever_grid(ens, a, b, n, q, progress)
