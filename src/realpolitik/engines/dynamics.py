r"""War as a process: battles reveal information, levers switch on, offers move.

The model
---------
Many simulated paths run side by side (NumPy arrays over paths; the only
Python loop is over time steps). On each path, at every step
:math:`t = 0, 1, \dots, T`:

1. **Levers.** A scheduled lever activation is *triggered* at the first step
   :math:`t \ge t_\ell` at which its condition holds (none, or the
   battlefield state above/below a threshold) on a path still at war, and
   takes effect ``delay`` steps later. An active lever adds its fixed shift
   to factor values of the actors (the static lever rule of
   :mod:`realpolitik.engines.decision`: ``per_unit * (intensity - current)``),
   to the offer's positions (a concession), or to the battlefield drift.
   Offers may also move by a declared concession rule, a fixed step per
   period from a start step up to a limit.
2. **Decisions.** Every party the offer is addressed to evaluates the
   standing offer with :func:`~realpolitik.engines.decision.decision_margin`,
   its current *belief* about its chance of prevailing taking the place of its
   ``win_probability`` factors. Each accepts iff its margin is :math:`\ge 0`
   (Fearon 1995: ties accept) — or, under the ``logit`` rule, with
   probability :math:`1/(1 + e^{-m/T})` (McFadden 1974), drawn from a
   uniform that is the same on a path for every schedule. The war ends on a
   path at the first step at which every party accepts.
3. **A battle.** On a path still at war, the step's battle is won by the
   *battlefield actor* with probability :math:`p_t`:
   :math:`B_t \sim \mathrm{Bernoulli}(p_t)`. The battlefield state moves as a
   bounded random walk,
   :math:`p_{t+1} = \mathrm{clip}(p_t + \mu + \sum_\ell \Delta\mu_\ell + \sigma \varepsilon_t, 0, 1)`,
   with drift :math:`\mu`, volatility :math:`\sigma` and active drift shifts
   :math:`\Delta\mu_\ell` (arms deliveries).
4. **Learning.** Each learning actor holds a Beta(:math:`\alpha, \beta`)
   prior about its own chance of winning a battle and updates it by Bayes
   from the battles it observes (Beta–Binomial conjugacy; e.g. Gelman et al.
   2013, *Bayesian Data Analysis*, §2.4): after :math:`n` battles of which it
   won :math:`s`, its belief is the posterior mean

   .. math:: \pi_{t} = \frac{\alpha + s}{\alpha + \beta + n}.

   The battlefield actor's wins are :math:`B_t`; its opponents win
   :math:`1 - B_t`. Optimism is the gap between the prior mean
   :math:`\alpha/(\alpha+\beta)` and the truth; its erosion speed is set by
   the prior strength :math:`\alpha+\beta` (pseudo-battles). Two actors
   observing the same battles see their beliefs converge, the mechanism by
   which war ends in Filson & Werner (2002, *AJPS* 46(4)) and Slantchev
   (2003, *APSR* 97(4)). With a drifting :math:`p_t` the exchangeable Beta
   model is misspecified and beliefs lag the truth; that lag is part of the
   story (Western help "delayed or limited").
5. **Costs and rents.** Continue-side flow factors (costs of fighting,
   war-economy rents, sanctions), with the levers then active, accrue each
   step of fighting; the realized sums are reported per path.

Randomness (common random numbers). The battle uniforms, battlefield shocks
and decision uniforms come from three independent streams spawned from one
``SeedSequence``, and every step draws a full ``(N,)`` block whether a path is
still at war or not, so the same seed gives every schedule the same random
numbers on every path (Glasserman 2004, *Monte Carlo Methods in Financial
Engineering*, §4.2): differences between schedules are then not noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.engines import decision as dec
from realpolitik.errors import ModelError

__all__ = [
    "ABOVE",
    "BELOW",
    "NO_CONDITION",
    "ActorModel",
    "Battlefield",
    "Concession",
    "LeverPulses",
    "PathsResult",
    "beta_posterior_mean",
    "simulate_war",
]

NO_CONDITION, ABOVE, BELOW = 0, 1, -1
"""Trigger conditions of a lever activation on the battlefield state."""

Array = NDArray[np.float64]
RNGLike = np.random.Generator | np.random.SeedSequence | int | None
Rule = Literal["margin", "logit"]


def beta_posterior_mean(alpha: ArrayLike, beta: ArrayLike, wins: ArrayLike, battles: ArrayLike) -> Array:
    r"""Closed-form Beta–Binomial posterior mean :math:`(\alpha + s)/(\alpha + \beta + n)`."""
    a, b, s, n = (np.asarray(x, dtype=float) for x in (alpha, beta, wins, battles))
    mean: Array = (a + s) / (a + b + n)
    return mean


@dataclass(frozen=True)
class ActorModel:
    """One party's decision problem over ``N`` paths, on the offer's ``K`` issues.

    Issues the actor has no stance on carry salience 0. Arrays with a leading
    ``N`` axis vary by path (sampled estimates); without it they are shared.
    """

    knots: tuple[Array, ...]
    """Per issue, the positions at which the utility is given."""
    utilities: tuple[Array, ...]
    """Per issue, the utilities at ``knots`` (piecewise linear between)."""
    saliences: Array
    """(K,) or (N, K)."""
    values: Array
    """(F,) or (N, F) factor values at the scenario's current lever intensities."""
    kinds: NDArray[np.int_]
    sides: NDArray[np.int_]
    horizon: float
    discount: float
    temperature: float
    prior_alpha: Array | float | None = None
    """Beta prior about winning a battle; ``None``: no learning, the static factors stay."""
    prior_beta: Array | float | None = None
    battle_sign: int = 1
    """+1 if the actor's wins are the battlefield actor's wins, -1 if its losses."""

    @property
    def learns(self) -> bool:
        return self.prior_alpha is not None


@dataclass(frozen=True)
class Battlefield:
    """Battlefield state: probability that the battlefield actor wins a step's battle."""

    p0: Array | float
    drift: Array | float = 0.0
    volatility: Array | float = 0.0


@dataclass(frozen=True)
class LeverPulses:
    """``L`` scheduled lever activations (one row each), as arrays."""

    at: NDArray[np.int_]
    """(L,) earliest step at which each may trigger."""
    delay: NDArray[np.int_]
    """(L,) steps between trigger and effect."""
    condition: NDArray[np.int_]
    """(L,) ``NO_CONDITION``, ``ABOVE`` or ``BELOW`` (battlefield state vs ``threshold``)."""
    threshold: Array
    value_shifts: tuple[Array, ...]
    """Per actor, (L, F_a): added to the actor's factor values while active."""
    position_shifts: Array
    """(L, K): added to the offer's positions while active."""
    drift_shifts: Array
    """(L,): added to the battlefield drift while active."""

    @classmethod
    def none(cls, factor_counts: tuple[int, ...], n_issues: int) -> LeverPulses:
        """No lever activations (the baseline)."""
        return cls(
            at=np.zeros(0, dtype=int),
            delay=np.zeros(0, dtype=int),
            condition=np.zeros(0, dtype=int),
            threshold=np.zeros(0),
            value_shifts=tuple(np.zeros((0, f)) for f in factor_counts),
            position_shifts=np.zeros((0, n_issues)),
            drift_shifts=np.zeros(0),
        )


@dataclass(frozen=True)
class Concession:
    """Offer positions move by ``rate`` per step from step ``start``, up to ``limit``."""

    rate: Array
    """(K,) change per step on each issue's scale (0: no concession)."""
    start: NDArray[np.int_] | int = 0
    """Step from which each issue moves, scalar or (K,)."""
    limit: Array | None = None
    """(K,) position beyond which the offer does not move (default: scale end)."""


@dataclass(frozen=True)
class PathsResult:
    """Simulated paths: settlement times and terms, beliefs, acceptance by step."""

    settle_step: NDArray[np.int_]
    """(N,) step at which every party accepted; -1 if not within the horizon."""
    terms: Array
    """(N, K) offer positions at settlement (NaN where unsettled)."""
    beliefs: Array
    """(N, A) beliefs at settlement or at the horizon."""
    wins: Array
    """(N, A) battles won by each actor."""
    battles: NDArray[np.int_]
    """(N,) battles fought."""
    realized_flows: Array
    """(N, A) sum of continue-side flows accrued while fighting."""
    p_accept: Array
    """(T+1, A) mean P(accept) over paths still at war at each step (NaN if none)."""
    mean_margin: Array
    """(T+1, A) mean margin over paths still at war."""
    at_war: NDArray[np.int_]
    """(T+1,) paths still at war at the start of each step."""
    battlefield: Array
    """(N,) battlefield state at settlement or at the horizon."""
    belief_paths: Array | None = None
    """(T+1, N, A) beliefs at each decision step, when recorded."""

    @property
    def n_steps(self) -> int:
        return int(self.p_accept.shape[0]) - 1

    def settled_by(self) -> Array:
        """(T+1,) share of paths settled at or before each step."""
        t = np.arange(self.n_steps + 1)
        s = self.settle_step
        share: Array = ((s[None, :] >= 0) & (s[None, :] <= t[:, None])).mean(axis=1)
        return share


def _per_path(x: ArrayLike | None, n: int) -> Array:
    return np.broadcast_to(np.asarray(np.nan if x is None else x, dtype=float), (n,))


def _utility_terms(actor: ActorModel, positions: Array) -> Array:
    u = np.empty(positions.shape)
    for k, (kn, uv) in enumerate(zip(actor.knots, actor.utilities, strict=True)):  # a few issues
        u[:, k] = dec.piecewise_linear_utility(positions[:, k], kn, uv)
    return dec.offer_terms(u, actor.saliences)


def _margins(
    actors: tuple[ActorModel, ...], positions: Array, shifts: tuple[Array, ...], beliefs: Array, n: int
) -> Array:
    out = np.empty((n, len(actors)))
    for a, actor in enumerate(actors):  # a loop over parties (two or three), not paths
        values = np.broadcast_to(actor.values, (n, actor.kinds.size)) + shifts[a]
        if actor.learns:
            wp = actor.kinds == dec.WIN_PROBABILITY
            # The belief replaces the static win_probability; lever shifts to it still add.
            values = values.copy()
            values[:, np.flatnonzero(wp)[0]] = beliefs[:, a] + shifts[a][:, wp].sum(axis=1)
            values[:, np.flatnonzero(wp)[1:]] = 0.0
        terms = _utility_terms(actor, positions)
        out[:, a] = dec.decision_margin(
            terms, values, actor.kinds, actor.sides, actor.horizon, actor.discount
        )
    return out


def _check(actors: tuple[ActorModel, ...], pulses: LeverPulses, n_issues: int) -> None:
    for a, actor in enumerate(actors):
        if actor.learns and not np.any(actor.kinds == dec.WIN_PROBABILITY):
            raise ModelError(f"actor {a} learns from battles but has no win_probability factor to replace.")
        if pulses.value_shifts[a].shape[1] != actor.kinds.size:
            raise ModelError(f"lever value shifts for actor {a} do not match its {actor.kinds.size} factors.")
    if pulses.position_shifts.shape[1] != n_issues:
        raise ModelError(f"lever position shifts must have {n_issues} columns, one per issue.")


def simulate_war(
    actors: tuple[ActorModel, ...],
    battlefield: Battlefield,
    positions: ArrayLike,
    *,
    n_steps: int,
    n_paths: int,
    pulses: LeverPulses | None = None,
    concession: Concession | None = None,
    bounds: ArrayLike | None = None,
    rule: Rule = "margin",
    rng: RNGLike = None,
    record_beliefs: bool = False,
    progress: Callable[[int], None] | None = None,
) -> PathsResult:
    """Simulate ``n_paths`` wars for ``n_steps`` steps (module docstring, steps 1–5).

    Parameters
    ----------
    actors : tuple of ActorModel
        The parties the offer is addressed to; all must accept to settle.
    battlefield : Battlefield
        Initial state, drift and volatility, scalars or ``(N,)``.
    positions : array_like, shape (K,)
        The standing offer's positions on each issue's scale.
    n_steps, n_paths : int
        Battles per path (decisions are taken at steps ``0..n_steps``) and paths.
    pulses : LeverPulses, optional
        Scheduled lever activations; none by default (the baseline).
    concession : Concession, optional
        The offer's concession rule.
    bounds : array_like, shape (K, 2), optional
        Each issue's scale; positions are clipped to it.
    rule : {"margin", "logit"}
        Accept iff margin >= 0, or with logit probability.
    rng : Generator, SeedSequence, int or None
        Seed of the three common-random-number streams.
    record_beliefs : bool
        Keep every step's beliefs, ``(T+1, N, A)``.
    progress : callable, optional
        Called with each finished step ``0..n_steps`` (for a progress bar in a face).

    Returns
    -------
    PathsResult
    """
    if rule not in ("margin", "logit"):
        raise ModelError(f"'rule' must be 'margin' or 'logit'; got {rule!r}.")
    n, A, T = int(n_paths), len(actors), int(n_steps)
    pos0 = np.asarray(positions, dtype=float)
    K = pos0.size
    pulses = pulses or LeverPulses.none(tuple(a.kinds.size for a in actors), K)
    _check(actors, pulses, K)
    # A SeedSequence is copied, not spawned from: the same one gives the same streams every call.
    seed = None
    if isinstance(rng, np.random.SeedSequence):
        seed = np.random.SeedSequence(rng.entropy, spawn_key=rng.spawn_key)
    if seed is None:
        gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        seed = np.random.SeedSequence(gen.integers(2**63))
    battle_rng, shock_rng, decide_rng = (np.random.default_rng(s) for s in seed.spawn(3))
    lo, hi = (np.full(K, -np.inf), np.full(K, np.inf)) if bounds is None else np.asarray(bounds, float).T
    if concession is not None and concession.limit is not None:
        lim = np.asarray(concession.limit, dtype=float)
        rate = np.asarray(concession.rate, dtype=float)
        lo = np.where(rate < 0, np.maximum(lo, lim), lo)
        hi = np.where(rate > 0, np.minimum(hi, lim), hi)

    rate_k = np.zeros(K) if concession is None else np.asarray(concession.rate, dtype=float)
    start_k = np.zeros(K) if concession is None else np.asarray(concession.start)
    sign = np.array([a.battle_sign for a in actors], dtype=float)
    learns = np.array([a.learns for a in actors])
    alpha = np.stack([_per_path(a.prior_alpha, n) for a in actors], axis=1)
    beta = np.stack([_per_path(a.prior_beta, n) for a in actors], axis=1)
    p = _per_path(battlefield.p0, n).copy()
    drift, vol = _per_path(battlefield.drift, n), _per_path(battlefield.volatility, n)
    if not np.all((p >= 0) & (p <= 1)):
        raise ModelError("the battlefield state 'p0' must lie in [0, 1].")
    flow_mask = [((a.kinds == dec.FLOW) & (a.sides == dec.CONTINUE)).astype(float) for a in actors]

    L = pulses.at.size
    trigger = np.full((n, L), np.iinfo(np.int64).max // 2, dtype=np.int64)
    wins = np.zeros((n, A))
    battles = np.zeros(n, dtype=np.int64)
    flows = np.zeros((n, A))
    settle = np.full(n, -1, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    terms = np.full((n, K), np.nan)
    final_beliefs = np.zeros((n, A))
    p_accept = np.full((T + 1, A), np.nan)
    mean_margin = np.full((T + 1, A), np.nan)
    at_war = np.zeros(T + 1, dtype=np.int64)
    belief_paths = np.empty((T + 1, n, A)) if record_beliefs else None

    for t in range(T + 1):
        beliefs = (alpha + wins) / (alpha + beta + battles[:, None])  # NaN for non-learners
        if belief_paths is not None:
            belief_paths[t] = beliefs
        cond = np.select([pulses.condition == ABOVE, pulses.condition == BELOW],
                         [p[:, None] >= pulses.threshold, p[:, None] <= pulses.threshold], True)
        fire = alive[:, None] & (t >= pulses.at) & cond & (trigger > t)
        trigger = np.where(fire, t, trigger)
        active = (t >= trigger + pulses.delay).astype(float)  # (n, L)
        shifts = tuple(active @ vs for vs in pulses.value_shifts)
        step = 0.0 if concession is None else rate_k * np.maximum(t - start_k, 0)
        pos = np.clip(pos0 + step + active @ pulses.position_shifts, lo, hi)

        margin = _margins(actors, pos, shifts, beliefs, n)
        u = decide_rng.random((n, A))  # drawn on every path every step: common random numbers
        if rule == "logit":
            prob = np.stack([dec.acceptance_probability(margin[:, a], actors[a].temperature)
                             for a in range(A)], axis=1)
            accept = u < prob
        else:
            prob = (margin >= 0).astype(float)
            accept = margin >= 0
        at_war[t] = alive.sum()
        if at_war[t]:
            p_accept[t] = prob[alive].mean(axis=0)
            mean_margin[t] = margin[alive].mean(axis=0)
        done = alive & accept.all(axis=1)
        settle[done], terms[done], final_beliefs[done] = t, pos[done], beliefs[done]
        alive &= ~done
        if t == T:
            final_beliefs[alive] = beliefs[alive]
            if progress is not None:
                progress(t)
            break

        fight = alive.astype(float)
        for a in range(A):
            values = np.broadcast_to(actors[a].values, (n, actors[a].kinds.size)) + shifts[a]
            flows[:, a] += fight * (values @ flow_mask[a])
        won = (battle_rng.random(n) < p).astype(float)
        wins += fight[:, None] * np.where(sign > 0, won[:, None], 1.0 - won[:, None])
        battles += alive
        z = shock_rng.standard_normal(n)
        p = np.where(alive, np.clip(p + drift + active @ pulses.drift_shifts + vol * z, 0.0, 1.0), p)
        if progress is not None:
            progress(t)

    final_beliefs[:, ~learns] = np.nan
    return PathsResult(
        settle_step=settle,
        terms=terms,
        beliefs=final_beliefs,
        wins=wins,
        battles=battles,
        realized_flows=flows,
        p_accept=p_accept,
        mean_margin=mean_margin,
        at_war=at_war,
        battlefield=p,
        belief_paths=belief_paths,
    )
