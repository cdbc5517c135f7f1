r"""What changed the answer? Exact attribution of a change of margin to the inputs that moved.

Two scenarios A and B (two vintages, a what-if and its baseline, two analysts'
versions) give one actor's margin on one offer, :math:`m_A` and :math:`m_B`.
:func:`compare` splits :math:`m_B - m_A` among the inputs that differ: each
issue's salience, offered position and utility shape, each factor's value,
and the horizon and discount. The split is exact (the terms sum to
:math:`m_B - m_A` to floating-point precision).

The margin (:mod:`realpolitik.engines.decision`) is a sum of three parts,

.. math::
    m = \underbrace{\frac{\sum_k w_k u_k(x_k)}{\sum_k w_k}}_{\text{offer}}
      + \underbrace{\sum_f c_f(H, \delta)\, v_f}_{\text{flows and lumps}}
      - \underbrace{\delta^H \mathrm{clip}(p_0 + H\tau, 0, 1)}_{\text{war}},

none of which is additive in its own inputs when several of them move (the
saliences are normalized together, a utility shape and a position act
together, a flow's weight depends on the horizon, the clip couples the
battlefield factors). Each input's share is therefore its **Shapley value**
(Shapley 1953) in the game whose players are the changed inputs and whose
value of a coalition :math:`S` is the margin with the inputs in :math:`S` at
B's values and the rest at A's. Shapley values are linear in the game, so the
game splits into its three parts, and the flows and lumps into one small game
per factor; an input that does not enter a part is a null player there. An
input absent from one scenario (an issue without a stance, a factor added or
removed) counts as 0 there (salience 0, factor value 0), as in the Shapley
split of the war term in :func:`~realpolitik.engines.decision.margin_contributions`.

When only linear inputs move (flows and lumps at a fixed horizon and
discount), each share is simply :math:`c_f (v_f^B - v_f^A)`. Inputs that
cannot move the margin (the status quo, which only moves the reference point
of the terms, and the temperature, which moves P(accept)) are listed with a
share of 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.analysis.decision import DecisionProblem, DecisionResult, decision_problem, why
from realpolitik.analysis.tables import Tabular
from realpolitik.engines import decision as eng
from realpolitik.errors import ModelError
from realpolitik.scenario.schema import Scenario

__all__ = ["InputChange", "MarginChange", "compare", "shapley_values", "what_if"]

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
MAX_PLAYERS = 16
"""Exact Shapley values enumerate 2**n coalitions of the inputs that moved in one part of the margin."""


def shapley_values(n: int, value: Callable[[Mask], Array]) -> Array:
    """Exact Shapley values of an ``n``-player game given its value on every coalition.

    ``value`` takes the (2**n, n) membership matrix and returns the value of
    each coalition; the result has shape (n,) and sums to
    ``value(all) - value(none)``.
    """
    if n == 0:
        return np.zeros(0)
    if n > MAX_PLAYERS:
        raise ModelError(
            f"{n} inputs that moved interact in one part of the margin; exact Shapley values allow at "
            f"most {MAX_PLAYERS}. Compare scenarios that differ in fewer estimates at once."
        )
    members, phi = eng._shapley_matrix(n)
    result: Array = np.asarray(value(members.astype(bool)), dtype=float) @ phi
    return result


@dataclass(frozen=True)
class InputChange:
    """One input that differs between the two scenarios, and its exact share of the change of margin."""

    id: str
    name: str
    kind: str
    """``salience``, ``position``, ``utility``, ``factor``, ``horizon``, ``discount``,
    ``status_quo`` or ``temperature``."""
    before: float | str | None
    after: float | str | None
    contribution: float


@dataclass(frozen=True)
class MarginChange(Tabular):
    """Both decisions and the change of margin, attributed input by input."""

    actor: str
    offer: str
    before: DecisionResult
    after: DecisionResult
    changes: tuple[InputChange, ...]

    @property
    def change(self) -> float:
        return self.after.margin - self.before.margin

    @property
    def flipped(self) -> bool:
        return self.before.accept != self.after.accept

    def ranked(self) -> list[InputChange]:
        """Inputs by the size of their share, largest first."""
        return sorted(self.changes, key=lambda c: -abs(c.contribution))

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "before": {"decision": self.before.decision, "margin": self.before.margin},
            "after": {"decision": self.after.decision, "margin": self.after.margin},
            "change": self.change,
            "flipped": self.flipped,
            "changes": [asdict(c) for c in self.ranked()],
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per input that moved, largest share first."""
        return [{**asdict(c), "before": _text(c.before), "after": _text(c.after)} for c in self.ranked()]


def _text(x: float | str | None) -> str | None:
    return None if x is None else str(x)


@dataclass
class _Player:
    id: str
    name: str
    kind: str
    before: float | str | None
    after: float | str | None
    share: float = 0.0


class _Game:
    """The changed inputs of one actor's margin, and where each enters."""

    def __init__(self, a: Scenario, b: Scenario, pa: DecisionProblem, pb: DecisionProblem) -> None:
        self.a, self.b, self.pa, self.pb = a, b, pa, pb
        self.players: list[_Player] = []
        self.index: dict[tuple[str, str], int] = {}

    def player(self, kind: str, pid: str, name: str, before: Any, after: Any) -> int | None:
        """Register an input if it moved; its index, or None when it did not."""
        if _same(before, after):
            return None
        self.index[(kind, pid)] = len(self.players)
        self.players.append(_Player(pid, name, kind, before, after))
        return self.index[(kind, pid)]

    def credit(self, ids: list[int], phi: Array) -> None:
        for i, v in zip(ids, phi, strict=True):
            self.players[i].share += float(v)


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return x is not None and y is not None and np.shape(x) == np.shape(y) and bool(np.array_equal(x, y))
    return bool(x == y)


def _pick(mask: Mask, col: int | None, before: float, after: float) -> Array:
    """Per coalition: ``after`` where the player is in, else ``before`` (a constant if it did not move)."""
    if col is None:
        return np.full(mask.shape[0], before)
    return np.where(mask[:, col], after, before)


def _offer_part(g: _Game) -> None:
    pa, pb, a, b = g.pa, g.pb, g.a, g.b
    issues = list(dict.fromkeys([*pa.issue_ids, *pb.issue_ids]))
    spec = []
    for iid in issues:
        ka = pa.issue_ids.index(iid) if iid in pa.issue_ids else None
        kb = pb.issue_ids.index(iid) if iid in pb.issue_ids else None
        sal = [0.0 if k is None else p.saliences[k].central for p, k in ((pa, ka), (pb, kb))]
        pos = [np.nan if k is None else float(p.positions[k]) for p, k in ((pa, ka), (pb, kb))]
        pos = [pos[1] if np.isnan(pos[0]) else pos[0], pos[0] if np.isnan(pos[1]) else pos[1]]
        maybe = [None if k is None else (p.knots[k], p.utilities[k]) for p, k in ((pa, ka), (pb, kb))]
        shp: list[tuple[Array, Array]] = [maybe[0] or maybe[1], maybe[1] or maybe[0]]  # type: ignore[list-item]
        name = (b if kb is not None else a).issues[iid].name
        labels = [_position(s, p, iid) for s, p in ((a, pa), (b, pb))]
        s_col = g.player("salience", iid, f"salience of {name}", sal[0], sal[1])
        if labels[0] == labels[1]:
            labels = [f"{pos[0]:g}", f"{pos[1]:g}"]
        moved = pos[0] != pos[1]
        p_col = g.player("position", iid, f"offered {name}", labels[0], labels[1]) if moved else None
        u_changed = not (_same(shp[0][0], shp[1][0]) and _same(shp[0][1], shp[1][1]))
        u_col = g.player("utility", iid, f"utilities on {name}", "before", "after") if u_changed else None
        spec.append((sal, pos, shp, s_col, p_col, u_col))
    ids = [c for *_, s_col, p_col, u_col in spec for c in (s_col, p_col, u_col) if c is not None]
    local = {pid: n for n, pid in enumerate(ids)}

    def value(mask: Mask) -> Array:
        w = np.empty((mask.shape[0], len(spec)))
        u = np.empty_like(w)
        for k, (sal, pos, shp, s_col, p_col, u_col) in enumerate(spec):  # a loop over issues (few)
            col = {c: local[c] for c in (s_col, p_col, u_col) if c is not None}
            w[:, k] = _pick(mask, col.get(s_col) if s_col is not None else None, sal[0], sal[1])
            x = _pick(mask, col.get(p_col) if p_col is not None else None, pos[0], pos[1])
            ua = eng.piecewise_linear_utility(x, shp[0][0], shp[0][1])
            ub = eng.piecewise_linear_utility(x, shp[1][0], shp[1][1])
            u[:, k] = ua if u_col is None else np.where(mask[:, col[u_col]], ub, ua)
        total: Array = eng.offer_terms(u, w).sum(axis=-1)
        return total

    g.credit(ids, shapley_values(len(ids), value))


def _position(s: Scenario, p: DecisionProblem, iid: str) -> str | None:
    if iid not in s.offers[p.offer].terms and iid not in s.issues:
        return None
    iss = s.issues[iid]
    return s.position_label(iid, s.offers[p.offer].terms.get(iid, iss.status_quo))


def _factor_key(p: DecisionProblem, j: int) -> str:
    return f"{p.factor_ids[j]}|{int(p.kinds[j])}|{int(p.sides[j])}"


def _factor_parts(g: _Game) -> None:
    pa, pb = g.pa, g.pb
    h_col = g.player("horizon", "horizon", "horizon", pa.horizon, pb.horizon)
    d_col = g.player("discount", "discount", "discount", pa.discount, pb.discount)
    fa = {_factor_key(pa, j): j for j in range(len(pa.factor_ids))}
    fb = {_factor_key(pb, j): j for j in range(len(pb.factor_ids))}
    battle: list[tuple[int, float, float, int | None]] = []
    for key in dict.fromkeys([*fa, *fb]):
        fid, kind, side = key.split("|")
        ja, jb = fa.get(key), fb.get(key)
        va = 0.0 if ja is None else pa.factor_values[ja].central
        vb = 0.0 if jb is None else pb.factor_values[jb].central
        name = (g.b if jb is not None else g.a).factors[fid].name
        col = g.player("factor", fid, name, va if ja is not None else None, vb if jb is not None else None)
        if int(kind) in (eng.WIN_PROBABILITY, eng.WIN_TREND):
            battle.append((int(kind), va, vb, col))
        else:
            _linear_factor(g, int(kind), int(side), va, vb, col, h_col, d_col)
    _war_part(g, battle, h_col, d_col)


def _linear_factor(
    g: _Game,
    kind: int,
    side: int,
    va: float,
    vb: float,
    col: int | None,
    h_col: int | None,
    d_col: int | None,
) -> None:
    ids = [c for c in (col, h_col, d_col) if c is not None and (c == col or kind == eng.FLOW)]
    if not ids:
        return
    local = {c: n for n, c in enumerate(ids)}
    pa, pb = g.pa, g.pb

    def value(mask: Mask) -> Array:
        v = _pick(mask, local.get(col) if col is not None else None, va, vb)
        h = _pick(mask, local.get(h_col) if h_col is not None else None, pa.horizon, pb.horizon)
        d = _pick(mask, local.get(d_col) if d_col is not None else None, pa.discount, pb.discount)
        if kind == eng.LUMP:
            return side * v
        annuity = np.where(d == 1.0, h, (1.0 - d**h) / np.where(d == 1.0, 1.0, 1.0 - d))
        return side * annuity * v

    g.credit(ids, shapley_values(len(ids), value))


def _war_part(
    g: _Game, battle: list[tuple[int, float, float, int | None]], h_col: int | None, d_col: int | None
) -> None:
    ids = [c for *_, c in battle if c is not None] + [c for c in (h_col, d_col) if c is not None]
    if not ids:
        return
    local = {c: n for n, c in enumerate(ids)}
    pa, pb = g.pa, g.pb

    def value(mask: Mask) -> Array:
        h = _pick(mask, local.get(h_col) if h_col is not None else None, pa.horizon, pb.horizon)
        d = _pick(mask, local.get(d_col) if d_col is not None else None, pa.discount, pb.discount)
        p0 = np.zeros(mask.shape[0])
        trend = np.zeros(mask.shape[0])
        for kind, va, vb, col in battle:  # a loop over battlefield factors (few)
            v = _pick(mask, local.get(col) if col is not None else None, va, vb)
            if kind == eng.WIN_PROBABILITY:
                p0 = p0 + v
            else:
                trend = trend + v
        return -(d**h) * np.clip(p0 + h * trend, 0.0, 1.0)

    g.credit(ids, shapley_values(len(ids), value))


def _no_effect(g: _Game) -> None:
    """Inputs that move the reference point or P(accept) but not the margin: listed with share 0."""
    g.player("temperature", "temperature", "temperature", g.pa.temperature, g.pb.temperature)
    for iid in set(g.pa.issue_ids) & set(g.pb.issue_ids):
        sa, sb = g.a.issues[iid].status_quo, g.b.issues[iid].status_quo
        g.player("status_quo", iid, f"status quo of {g.b.issues[iid].name}", sa, sb)


def compare(a: Scenario, b: Scenario, actor: str, offer: str, offer_b: str | None = None) -> MarginChange:
    """Both decisions of ``actor`` on ``offer`` and the exact attribution of the change of margin.

    ``offer_b`` names the offer in ``b`` when its id differs. Raises
    :class:`~realpolitik.errors.InputError` when the actor or offer is
    missing from either scenario.

    Examples
    --------
    >>> import realpolitik as rp
    >>> from realpolitik.analysis.compare import compare
    >>> from realpolitik.report.settings import Settings, apply_settings
    >>> s = rp.load("scenarios/ukraine-2025-07.yaml")
    >>> t = apply_settings(s, Settings(actor="russia", factors={"russia.battlefield_initiative": 0.4}))
    >>> r = compare(s, t, "russia", "us-2025")
    >>> [c.id for c in r.changes], round(r.change, 4), round(r.changes[0].contribution, 4)
    (['russia.battlefield_initiative'], 0.133, 0.133)
    """
    offer_b = offer_b or offer
    pa, pb = decision_problem(a, actor, offer), decision_problem(b, actor, offer_b)
    g = _Game(a, b, pa, pb)
    _offer_part(g)
    _factor_parts(g)
    _no_effect(g)
    changes = tuple(
        InputChange(p.id, p.name, p.kind, p.before, p.after, p.share) for p in g.players
    )
    return MarginChange(actor, offer, why(a, actor, offer), why(b, actor, offer_b), changes)


def what_if(
    scenario: Scenario, actor: str, offer: str, changes: dict[str, float]
) -> tuple[Scenario, MarginChange]:
    """The scenario with factor values and lever intensities set, and its comparison with the baseline.

    ``changes`` maps a factor id to its new central value, or a lever id to its
    intensity (the same settings as the dashboard's sliders,
    :func:`realpolitik.report.settings.apply_settings`).

    Examples
    --------
    >>> import realpolitik as rp
    >>> s = rp.load("scenarios/ukraine-2025-07.yaml")
    >>> _, r = what_if(s, "russia", "us-2025", {"us.statehood_concession": 1})
    >>> r.after.decision, round(r.change, 3)
    ('reject', 0.12)
    """
    from realpolitik.errors import InputError, field_message
    from realpolitik.report.settings import Settings, apply_settings

    unknown = [k for k in changes if k not in scenario.factors and k not in scenario.levers]
    if unknown:
        known = sorted([*scenario.factors, *scenario.levers])
        expected = f"a factor or lever id from {known}"
        raise InputError(field_message("--set", "the command line", expected, unknown[0]))
    settings = Settings(
        actor=actor,
        offer=offer,
        factors={k: v for k, v in changes.items() if k in scenario.factors},
        levers={k: v for k, v in changes.items() if k in scenario.levers},
    )
    changed = apply_settings(scenario, settings)
    return changed, compare(scenario, changed, actor, offer)
