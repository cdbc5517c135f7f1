"""Bueno de Mesquita's expected-utility model (EUM) of group decisions.

Each actor ``i`` holds a position ``x_i`` on a one-dimensional issue scale, a
capability ``c_i`` and a salience ``s_i`` in [0, 1].  In every round each actor
weighs challenging each other actor, offers are made, and actors move.  The
equations follow the replication by Scholz, Calbert & Smith (2011) of Bueno de
Mesquita (1994).  Labels (E1)–(E9) below are this module's; each names the
quantity and symbols of the paper so it can be found there.

(E1) Votes.  Third party ``k`` casts ``v_k(i, j) = c_k s_k (u_k(x_i) - u_k(x_j))``
     for ``i`` over ``j``, with ``u_k(x) = -(|x_k - x| / Δ)^{r_k}`` and Δ the
     width of the issue scale (``r_k = 1`` unless ``vote_risk``).
(E2) Median voter: the actor position that wins every pairwise vote (the
     Condorcet winner).  With r = 1 it is the capability×salience-weighted
     median of the positions.
(E3) Mean voter: ``μ̄ = Σ c s x / Σ c s``.
(E4) Probability that ``i``'s challenge of ``j`` succeeds:
     ``P_ij = Σ_k max(v_k(i, j), 0) / Σ_k |v_k(i, j)|`` as printed
     (``probability="pairwise"``); see below for the ``"global"`` reading.
(E5) Utilities, with ``d = |x_i - x_j| / Δ`` and ``a = |x_i - μ| / Δ``:
     ``U_s = 2 - 4(0.5 - 0.5 d)^r``, ``U_f = 2 - 4(0.5 + 0.5 d)^r``,
     ``U_b = 2 - 4(0.5 - 0.25(a + d))^r``, ``U_w = 2 - 4(0.5 + 0.25(a + d))^r``,
     ``U_sq = 2 - 4(0.5)^r``.
(E6) ``EU_ij = s_j [P_ij U_s + (1 - P_ij) U_f] + (1 - s_j) U_s
     - Q U_sq - (1 - Q)[T U_b + (1 - T) U_w]``: ``j`` resists with probability
     ``s_j``; with probability ``Q`` nothing changes if ``i`` does not challenge,
     otherwise things get better (probability ``T``) or worse.
(E7) Risk: ``R_i = (2 S_i - S_max - S_min) / (S_max - S_min)`` with
     ``S_i = Σ_{j≠i} EU_ji`` (r = 1), and ``r_i = (1 - R_i/3) / (1 + R_i/3)``.
(E8) Offers to ``i`` from ``j`` with ``u = EU_ij`` and ``v = EU_ji`` as ``i``
     perceives them, when ``v > 0``: conflict if ``u > 0`` and ``v > u`` (``i``
     expects to lose and moves to ``x_j``); compromise if ``u < 0`` and
     ``|u| < v`` (``i`` moves a fraction ``|u|/v`` toward ``x_j``);
     capitulation if ``u < 0`` and ``|u| ≥ v`` (``i`` moves to ``x_j``).
(E9) Each actor accepts one offer (see ``offer_rule``) and all move at once.

(E1)–(E4) live in :mod:`realpolitik.engines.eum_votes`; they are re-exported here.

Ambiguities (Scholz et al. 2011 name them) and the reading taken.  The
defaults are the equations as printed; :meth:`EUMOptions.scholz2011` is the
reading that reproduces Scholz et al.'s Table 2 most closely (see
``tests/engines/test_eum.py`` for the round-by-round comparison).

* normalisation of (E4) (``probability``): ``"pairwise"`` (default) is (E4)
  as printed.  ``"global"`` divides by the sum of |votes| over *all* third
  parties and *all* pairs, as a public replication (jmckib,
  "bdm-scholz-expected-utility-model") reports Scholz et al.'s code does.  It
  is the only reading we found that reproduces their Table 2 (with the
  pairwise denominator the EC median stays at 7.0 in every round), but it makes
  every challenge unlikely to succeed, so that even an actor holding all the
  capability can be pushed off its position; hence not the default.
* risk in the votes of (E4) (``vote_risk``): False (default) keeps r = 1 in
  the votes; True lets third parties vote with their own risk exponents once
  these are known, as the same replication does.

* risk exponents (``risk``): ``"scholz"`` compares an actor's security with
  the other actors' (E7), as Scholz et al. do; ``"neutral"`` sets r = 1.
  Bueno de Mesquita's own wording compares the actor's security across the
  positions it could hold; that reading is not implemented (it needs the whole
  model re-solved per candidate position).
* whose risk exponent values an opponent's challenge (``perspective``):
  ``"receiver"`` (default) — ``i`` values both ``EU_ij`` and ``EU_ji`` with
  its own ``r_i``, Bueno de Mesquita's "from i's perspective"; ``"own"`` —
  each actor's true EU with its own exponent.
* several offers to one actor (``offer_rule``): ``"least_move"`` (default,
  the rule as stated: accept the offer that moves you least);
  ``"scholz_code"``: conflict before compromise before capitulation;
  conflicts and capitulations by least move, compromises by the smallest
  ``(|u| x_i + v x_j) / (|u| + v)``, the rule the replication above reports in
  Scholz et al.'s code (needed for rounds 6–8 of Table 2).  That key is a
  position value, so this rule, unlike the others, depends on the direction
  of the scale: reflecting the EC data (x → max + min − x) moves the
  ``scholz2011`` medians from round 4 on, by up to 2.5 points, while the printed
  reading's are unchanged (``tests/robustness/test_forecast_order.py``; exact
  ties anywhere go to the lower position, which a reflection also turns
  around).  It is kept because it reproduces the published table; ``"strongest"``
  (the offer whose sender gains most); ``"type_priority"`` (by kind, least
  move within a kind).
* stop rule (``stop``): a fixed number of rounds (default), or stop when no
  position (or the median) changes by more than ``tol`` × Δ.  Bueno de
  Mesquita's own rule uses a discount rate he does not publish.

References
----------
Bueno de Mesquita, B. (1994). Political forecasting: an expected utility
method. In B. Bueno de Mesquita & F. Stokman (eds.), *European Community
Decision Making*, Yale UP, 71–104.

Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De
Mesquita's group decision model. *Journal of Theoretical Politics* 23(4),
510–531.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from realpolitik.engines.eum_votes import median_voter, success_probabilities, weighted_mean
from realpolitik.engines.forecast_result import ForecastResult, OfferSet
from realpolitik.errors import InputError, ModelError, field_message

__all__ = [
    "EUMOptions",
    "choose_offers",
    "expected_utilities",
    "make_offers",
    "median_voter",
    "resolve_scale",
    "risk_exponents",
    "run_eum",
    "success_probabilities",
    "validate_actor_arrays",
    "weighted_mean",
]

NONE, CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2, 3
#: Above this many actors a round runs in blocks of rows (about two dozen n×n arrays would not fit).
BLOCK_ACTORS = 2048


@dataclass(frozen=True)
class EUMOptions:
    """Readings of the model's ambiguous points (see module docstring).

    Q and T follow the paper's notation: Q is the probability that the status
    quo holds when ``i`` does not challenge; T the probability that things
    then improve for ``i`` (only used when Q < 1).
    """

    Q: float = 1.0
    T: float = 1.0
    probability: Literal["pairwise", "global"] = "pairwise"
    risk: Literal["scholz", "neutral"] = "scholz"
    perspective: Literal["receiver", "own"] = "receiver"
    offer_rule: Literal["least_move", "scholz_code", "strongest", "type_priority"] = "least_move"
    vote_risk: bool = False
    stop: Literal["rounds", "positions", "median"] = "rounds"
    tol: float = 1e-9

    @classmethod
    def scholz2011(cls, **overrides: object) -> EUMOptions:
        """Reading closest to Scholz et al.'s Table 2: global (E4), risky votes, their offer rule."""
        base: dict[str, object] = {
            "probability": "global",
            "vote_risk": True,
            "offer_rule": "scholz_code",
        }
        return cls(**{**base, **overrides})  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        for name in ("Q", "T"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InputError(field_message(name, "EUMOptions", "in [0, 1]", value))
        choices = {
            "probability": ("pairwise", "global"),
            "risk": ("scholz", "neutral"),
            "perspective": ("receiver", "own"),
            "offer_rule": ("least_move", "scholz_code", "strongest", "type_priority"),
            "stop": ("rounds", "positions", "median"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise InputError(
                    field_message(name, "EUMOptions", f"one of {allowed}", getattr(self, name))
                )


def expected_utilities(
    x: np.ndarray,
    s: np.ndarray,
    P: np.ndarray,
    median: float,
    span: float,
    r: np.ndarray | float = 1.0,
    Q: float = 1.0,
    T: float = 1.0,
) -> np.ndarray:
    """``EU[i, j]``: expected utility to ``i`` of challenging ``j`` (E5–E6).

    ``r`` broadcasts against the ``(n, n)`` pair grid: pass ``r[:, None]`` to
    value each row with the challenger's exponent, ``r[None, :]`` for the
    target's.  The diagonal is zero (nobody challenges itself).
    """
    d = np.abs(x[:, None] - x[None, :]) / span
    a = (np.abs(x - median) / span)[:, None]

    def power(base: np.ndarray) -> np.ndarray:
        return base if np.isscalar(r) and r == 1.0 else base**r  # skip pow when risk-neutral

    U_s = 2 - 4 * power(0.5 - 0.5 * d)
    U_f = 2 - 4 * power(0.5 + 0.5 * d)
    U_sq = 2 - 4 * 0.5**r
    EU = s[None, :] * (P * U_s + (1 - P) * U_f) + (1 - s[None, :]) * U_s - Q * U_sq
    if Q < 1.0:  # U_b and U_w only matter when the status quo may move
        U_b = 2 - 4 * power(0.5 - 0.25 * (a + d))
        U_w = 2 - 4 * power(0.5 + 0.25 * (a + d))
        EU = EU - (1 - Q) * (T * U_b + (1 - T) * U_w)
    EU = np.array(np.broadcast_to(EU, d.shape))
    np.fill_diagonal(EU, 0.0)
    return EU


def risk_exponents(EU_neutral: np.ndarray) -> np.ndarray:
    """Risk exponents ``r_i`` from security levels (E7), Scholz et al.'s reading.

    ``S_i`` sums what the others expect from challenging ``i`` (computed with
    r = 1).  The most threatened actor gets R = 1, r = 0.5; the safest R = -1,
    r = 2.  If every actor is equally threatened, r = 1.
    """
    S = EU_neutral.sum(axis=0) - np.diag(EU_neutral)
    spread = S.max() - S.min()
    if spread <= 0:
        return np.ones_like(S)
    R = (2 * S - S.max() - S.min()) / spread
    r: np.ndarray = (1 - R / 3) / (1 + R / 3)
    return r


def make_offers(
    x: np.ndarray, u: np.ndarray, v: np.ndarray, xi: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Kind and resulting position of the offer ``j`` makes to ``i`` (E8).

    ``u[i, j]`` is ``EU_ij`` and ``v[i, j]`` is ``EU_ji``, both as ``i`` sees
    them.  Returns ``kind`` (codes of :data:`OFFER_KINDS`) and ``position``
    (where ``i`` would move; ``x_i`` when there is no offer).  ``xi`` gives the
    positions of the rows when they are a block of the actors (default: all).
    Leading axes (draws, as in :mod:`.eum_batch`) broadcast: ``x`` may be
    ``(..., n)`` with ``u`` and ``v`` ``(..., n, n)``.
    """
    xi = x if xi is None else xi
    moved = xi[..., :, None] != x[..., None, :]
    challenged = (v > 0) & moved
    conflict = challenged & (u > 0) & (v > u)
    yielding = challenged & (u <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(yielding, np.minimum(np.abs(u) / np.where(v > 0, v, 1.0), 1.0), 0.0)
    capitulation = yielding & (fraction >= 1.0)
    compromise = yielding & ~capitulation
    kind = np.select([conflict, compromise, capitulation], [CONFLICT, COMPROMISE, CAPITULATION])
    fraction = np.where(conflict, 1.0, fraction)
    # Full moves land exactly on x_j: x_i + 1·(x_j − x_i) can be off by an ulp.
    xj, xi = x[..., None, :], xi[..., :, None]
    position = np.where(fraction >= 1.0, xj, xi + fraction * (xj - xi))
    return kind.astype(np.int8), position


def choose_offers(
    x: np.ndarray,
    kind: np.ndarray,
    position: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    rule: str,
    xi: np.ndarray | None = None,
) -> np.ndarray:
    """Index of the sender whose offer each actor accepts, ``-1`` for none (E9).

    Keys are compared in turn, each narrowing the candidate set; the last keys
    (size of the move, then the new position) make the choice independent of
    actor order.  ``xi``: the rows' positions when they are a block of the actors.
    """
    xi = x if xi is None else xi
    valid = kind != NONE
    move = np.abs(position - xi[:, None])
    keys: list[np.ndarray] = []
    if rule == "strongest":
        keys.append(-v)
    elif rule == "type_priority":
        keys.append(kind.astype(float))
    elif rule == "scholz_code":
        with np.errstate(divide="ignore", invalid="ignore"):
            pull = (np.abs(u) * xi[:, None] + np.abs(v) * x[None, :]) / (np.abs(u) + np.abs(v))
        keys += [kind.astype(float), np.where(kind == COMPROMISE, pull, move)]
    keys += [move, position]
    candidate = valid.copy()
    for key in keys:
        masked = np.where(candidate, key, np.inf)
        candidate &= masked == masked.min(axis=1, keepdims=True)
    chosen = np.argmax(candidate, axis=1)
    return np.where(valid.any(axis=1), chosen, -1)


def _round(
    x: np.ndarray, c: np.ndarray, s: np.ndarray, span: float, opt: EUMOptions
) -> tuple[np.ndarray, np.ndarray, OfferSet]:
    """One round: risk exponents, expected utilities, offers, moves (E1–E9).

    Beyond :data:`BLOCK_ACTORS` actors the round runs in blocks of rows
    (:mod:`realpolitik.engines.eum_blocks`) so its memory stays bounded.
    """
    if x.size > BLOCK_ACTORS:
        from realpolitik.engines.eum_blocks import round_in_blocks

        new_x, r, kind, position, chosen = round_in_blocks(x, c, s, span, opt)
        return new_x, r, OfferSet(kind=kind, position=position, chosen=chosen)
    median = median_voter(x, c, s)
    P = success_probabilities(x, c, s, span, normalise=opt.probability)
    r = np.ones_like(x)
    if opt.risk == "scholz":
        r = risk_exponents(expected_utilities(x, s, P, median, span, 1.0, opt.Q, opt.T))
    if opt.vote_risk:
        P = success_probabilities(x, c, s, span, r, opt.probability)
    u = expected_utilities(x, s, P, median, span, r[:, None], opt.Q, opt.T)
    if opt.perspective == "receiver":
        v = expected_utilities(x, s, P, median, span, r[None, :], opt.Q, opt.T).T
    else:
        v = u.T
    kind, position = make_offers(x, u, v)
    chosen = choose_offers(x, kind, position, u, v, opt.offer_rule)
    rows = np.arange(x.size)
    new_x = np.where(chosen >= 0, position[rows, np.maximum(chosen, 0)], x)
    return new_x, r, OfferSet(kind=kind, position=position, chosen=chosen)


def validate_actor_arrays(
    positions: ArrayLike, capabilities: ArrayLike, saliences: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float arrays of equal length, finite, c ≥ 0, s in [0, 1]; else InputError."""
    arrays = [np.asarray(a, dtype=float) for a in (positions, capabilities, saliences)]
    names = ("positions", "capabilities", "saliences")
    n = arrays[0].shape
    for name, a in zip(names, arrays, strict=True):
        if a.ndim != 1 or a.shape != n or a.size == 0:
            raise InputError(field_message(name, "the actor table", f"a 1-D array of {n}", a.shape))
        if not np.all(np.isfinite(a)):
            raise InputError(field_message(name, "the actor table", "finite numbers", a.tolist()))
    if np.any(arrays[1] < 0):
        raise InputError(field_message("capabilities", "the actor table", ">= 0", arrays[1]))
    if np.any((arrays[2] < 0) | (arrays[2] > 1)):
        raise InputError(field_message("saliences", "the actor table", "in [0, 1]", arrays[2]))
    return arrays[0], arrays[1], arrays[2]


def resolve_scale(x: np.ndarray, scale: tuple[float, float] | None) -> tuple[float, float]:
    """The issue scale: as given, else the range of the input positions."""
    lo, hi = (float(x.min()), float(x.max())) if scale is None else map(float, scale)
    if hi < lo or (scale is not None and (x.min() < lo or x.max() > hi)):
        raise InputError(field_message("scale", "the forecast", f"to contain {x.tolist()}", scale))
    return lo, hi


def run_eum(
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    *,
    rounds: int = 10,
    scale: tuple[float, float] | None = None,
    options: EUMOptions | None = None,
) -> ForecastResult:
    """Run the expected-utility model for up to ``rounds`` rounds.

    Parameters
    ----------
    positions, capabilities, saliences : array_like, shape (n,)
        Ideal points on the issue scale, capabilities (any non-negative unit;
        only ratios matter) and saliences in [0, 1].
    rounds : int
        Round limit (Scholz et al. 2011 report rounds 1–8).
    scale : (float, float), optional
        Issue scale; Δ = max − min normalises distances.  Defaults to the
        range of the input positions, as in Bueno de Mesquita (1994).
    options : EUMOptions, optional
        Q, T and the readings of the ambiguous points.

    Returns
    -------
    ForecastResult
        Median and mean per round (E2, E3), positions, risk exponents and the
        last round's offers; ``forecast`` is the final median voter position.

    Examples
    --------
    >>> res = run_eum([4, 7, 10], [1, 1, 1], [1, 1, 1], rounds=2)
    >>> res.medians[0]
    np.float64(7.0)
    """
    x, c, s = validate_actor_arrays(positions, capabilities, saliences)
    if rounds < 0:
        raise InputError(field_message("rounds", "the forecast", ">= 0", rounds))
    opt = options or EUMOptions()
    if (c * s).sum() <= 0:
        raise ModelError("Capability×salience sums to zero: no actor has any weight.")
    lo, hi = resolve_scale(x, scale)
    span = hi - lo if hi > lo else 1.0  # all positions equal: nothing can move
    # Work in a canonical actor order so floating-point sums, and hence near-tied
    # choices, cannot depend on the order the caller listed the actors in.
    order = np.lexsort((s, c, x))
    x, c, s = x[order], c[order], s[order]
    history, risks = [x], []
    offers: OfferSet | None = None
    converged = False
    for _ in range(rounds):
        new_x, r, offers = _round(history[-1], c, s, span, opt)
        history.append(new_x)
        risks.append(r)
        if opt.stop != "rounds" and _settled(history, c, s, span, opt):
            converged = True
            break
    traj = np.vstack(history)
    medians = np.array([median_voter(p, c, s) for p in traj])
    means = traj @ (c * s) / (c * s).sum()
    inv = np.argsort(order)
    return ForecastResult(
        model="eum",
        forecast=float(medians[-1]),
        medians=medians,
        means=means,
        positions=traj[:, inv],
        scale=(lo, hi),
        rounds_run=len(history) - 1,
        converged=converged,
        risk_exponents=np.vstack(risks)[:, inv] if risks else np.empty((0, x.size)),
        last_offers=_reorder(offers, order, inv) if offers else None,
        params={"rounds": rounds, **{f.name: getattr(opt, f.name) for f in fields(opt)}},
    )


def _reorder(offers: OfferSet, order: np.ndarray, inv: np.ndarray) -> OfferSet:
    """Offers from canonical back to caller order (rows, columns and sender ids).

    Beyond :data:`BLOCK_ACTORS` the tables are permuted in place (the
    canonical ones are not used again), so no second n×n table is made.
    """
    chosen = np.where(offers.chosen >= 0, order[np.maximum(offers.chosen, 0)], -1)
    if inv.size <= BLOCK_ACTORS:
        return OfferSet(
            kind=offers.kind[np.ix_(inv, inv)], position=offers.position[np.ix_(inv, inv)], chosen=chosen[inv]
        )
    for table in (offers.kind, offers.position):
        _permute_in_place(table, inv)
    return OfferSet(kind=offers.kind, position=offers.position, chosen=chosen[inv])


def _permute_in_place(table: np.ndarray, inv: np.ndarray) -> None:
    """``table[:] = table[np.ix_(inv, inv)]`` with one spare row: columns by blocks, rows by cycles."""
    step = max(1, 2**22 // inv.size)
    for start in range(0, inv.size, step):  # blocks of rows: each row's columns reordered at once
        table[start : start + step] = table[start : start + step][:, inv]
    done = np.zeros(inv.size, dtype=bool)
    for first in range(inv.size):  # follow each cycle of the row permutation (once per run, not per round)
        if done[first]:
            continue
        spare, i = table[first].copy(), first
        while inv[i] != first:
            table[i] = table[inv[i]]
            done[i], i = True, int(inv[i])
        table[i], done[i] = spare, True


def _settled(
    history: list[np.ndarray], c: np.ndarray, s: np.ndarray, span: float, opt: EUMOptions
) -> bool:
    """Stop rule: the positions (or the median) moved less than ``tol`` × Δ."""
    before, after = history[-2], history[-1]
    if opt.stop == "positions":
        return bool(np.max(np.abs(after - before)) <= opt.tol * span)
    return abs(median_voter(after, c, s) - median_voter(before, c, s)) <= opt.tol * span
