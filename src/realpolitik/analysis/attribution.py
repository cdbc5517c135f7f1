r"""What changed the answer? The change of margin between two versions, input by input.

Two versions of a scenario (two saved runs, two files, a file and its git
history) give the same actor two margins, :math:`m_A` and :math:`m_B`. The
change :math:`\Delta m = m_B - m_A` is split exactly among the inputs that
differ: each factor's central value, each issue's salience, each offered
position, each stance (the actor's utility over an issue) and the decision
settings (horizon, discount).

The margin (:mod:`realpolitik.engines.decision`) is linear in every flow and
lump factor, with coefficient :math:`a_f` fixed by the horizon and discount. When
those settings did not change, such a factor's share is exactly
:math:`a_f\,(v_f^B - v_f^A)`. The rest of the margin is not additive: saliences
enter the offer's value as a ratio, the battlefield factors pass through a clip,
and the settings scale every flow. Those inputs share their part of the change
by exact Shapley values (Shapley 1953) over all subsets of them, each input at
A's value or at B's. Shapley values are efficient, so the shares always sum to
:math:`\Delta m` (to rounding), and an input that did not change gets none.

A factor present in one version only counts as value 0 in the other, the
convention the decision engine's "why" uses for an absent factor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from math import factorial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.analysis.decision import DecisionProblem, decision_problem
from realpolitik.engines import decision as eng
from realpolitik.errors import InputError
from realpolitik.scenario.schema import Scenario

__all__ = ["InputChange", "MarginChange", "margin_change"]

Array = NDArray[np.float64]

MAX_SHAPLEY_INPUTS = 14
"""Exact Shapley values enumerate 2**n subsets of the non-additive changed inputs."""


@dataclass(frozen=True)
class InputChange:
    """One input that differs between the versions, and its share of the change of margin."""

    kind: str
    """``factor``, ``salience``, ``position``, ``stance`` or ``setting``."""
    id: str
    """Factor id, issue id, or the setting's name."""
    name: str
    before: float | str | None
    after: float | str | None
    contribution: float
    """Its share of the change of margin; the shares sum to ``margin_after - margin_before``."""
    exact_linear: bool
    """True when the share is the closed-form ``a_f * (after - before)`` of a linear term."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MarginChange:
    """The change of one actor's decision on one offer between two versions."""

    actor: str
    offer: str
    margin_before: float
    margin_after: float
    p_before: float
    p_after: float
    changes: tuple[InputChange, ...]
    """Changed inputs, largest share first."""

    @property
    def change(self) -> float:
        return self.margin_after - self.margin_before

    @property
    def decision_before(self) -> str:
        return "accept" if self.margin_before >= 0 else "reject"

    @property
    def decision_after(self) -> str:
        return "accept" if self.margin_after >= 0 else "reject"

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "decision_before": self.decision_before,
            "decision_after": self.decision_after,
            "margin_before": self.margin_before,
            "margin_after": self.margin_after,
            "margin_change": self.change,
            "p_accept_before": self.p_before,
            "p_accept_after": self.p_after,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class _Input:
    """A changed input: how to set it to A's or B's value in the arrays of one evaluation."""

    kind: str
    id: str
    name: str
    index: int
    before: Any
    after: Any


def _same_structure(a: Scenario, b: Scenario, actor: str, offer: str) -> None:
    problems = []
    if set(a.actors) != set(b.actors):
        problems.append(f"actors differ ({sorted(set(a.actors) ^ set(b.actors))})")
    if set(a.issues) != set(b.issues):
        problems.append(f"issues differ ({sorted(set(a.issues) ^ set(b.issues))})")
    for which, s in (("first", a), ("second", b)):
        if offer not in s.offers:
            problems.append(f"offer '{offer}' is missing from the {which} version")
    if problems:
        raise InputError(
            "the two versions cannot be compared term by term: " + "; ".join(problems)
            + ". Compare versions of one scenario (same actors and issues)."
        )
    for fid in set(a.factors) & set(b.factors):
        fa, fb = a.factors[fid], b.factors[fid]
        if (fa.actor, fa.kind, fa.side) != (fb.actor, fb.kind, fb.side):
            raise InputError(
                f"factor '{fid}' changed its actor, kind or side between the versions "
                f"({fa.actor}/{fa.kind}/{fa.side} → {fb.actor}/{fb.kind}/{fb.side}); "
                "give the new meaning a new id."
            )


def _aligned(pa: DecisionProblem, pb: DecisionProblem) -> tuple[DecisionProblem, Array, Array, Array, Array]:
    """A's problem over the union of both factor lists, and both versions' factor values and saliences."""
    ids = list(pa.factor_ids) + [f for f in pb.factor_ids if f not in pa.factor_ids]
    kinds = np.array([_lookup(pa, pb, f, "kinds") for f in ids], dtype=int)
    sides = np.array([_lookup(pa, pb, f, "sides") for f in ids], dtype=int)
    va = np.array([_central(pa, f) for f in ids], dtype=float)
    vb = np.array([_central(pb, f) for f in ids], dtype=float)
    base = replace(pa, factor_ids=tuple(ids), kinds=kinds, sides=sides)
    return base, va, vb, pa.central_saliences(), _saliences_in(pb, pa.issue_ids)


def _lookup(pa: DecisionProblem, pb: DecisionProblem, f: str, field: str) -> int:
    p = pa if f in pa.factor_ids else pb
    return int(getattr(p, field)[p.factor_ids.index(f)])


def _central(p: DecisionProblem, f: str) -> float:
    return float(p.factor_values[p.factor_ids.index(f)].central) if f in p.factor_ids else 0.0


def _saliences_in(p: DecisionProblem, issue_ids: tuple[str, ...]) -> Array:
    s = dict(zip(p.issue_ids, p.central_saliences(), strict=True))
    return np.array([s.get(i, 0.0) for i in issue_ids], dtype=float)


def _evaluate(
    base: DecisionProblem, inputs: list[_Input], take_b: NDArray[np.bool_], arrays: dict[str, Array]
) -> float:
    """Margin with each input at B's value where ``take_b`` is set, else A's."""
    s, v, pos = arrays["s"].copy(), arrays["v"].copy(), arrays["pos"].copy()
    knots, utils = list(base.knots), list(base.utilities)
    horizon, discount = base.horizon, base.discount
    for inp, b in zip(inputs, take_b, strict=True):
        value = inp.after if b else inp.before
        if inp.kind == "factor":
            v[inp.index] = value
        elif inp.kind == "salience":
            s[inp.index] = value
        elif inp.kind == "position":
            pos[inp.index] = value
        elif inp.kind == "stance":
            knots[inp.index], utils[inp.index] = value
        elif inp.id == "horizon":
            horizon = value
        else:
            discount = value
    problem = replace(base, knots=tuple(knots), utilities=tuple(utils), horizon=horizon, discount=discount)
    return float(problem.margin(s, v, pos))


def _shapley(values: Array, n: int) -> Array:
    """Shapley values from the game's value on every subset (bit i of the index = player i)."""
    idx = np.arange(2**n)
    size = np.array([bin(i).count("1") for i in idx])
    weight = np.array([factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)])
    phi = np.zeros(n)
    for i in range(n):  # a loop over players (at most MAX_SHAPLEY_INPUTS), vectorised over subsets
        without = idx[(idx >> i) & 1 == 0]
        phi[i] = np.sum(weight[size[without]] * (values[without | (1 << i)] - values[without]))
    return phi


def margin_change(before: Scenario, after: Scenario, actor: str, offer: str) -> MarginChange:
    """Attribute the change of ``actor``'s margin on ``offer`` between two versions exactly.

    Raises :class:`~realpolitik.errors.InputError` when the versions differ in
    actors or issues, or a factor changed its meaning, naming what differs.
    """
    _same_structure(before, after, actor, offer)
    pa, pb = decision_problem(before, actor, offer), decision_problem(after, actor, offer)
    if pa.issue_ids != pb.issue_ids:
        raise InputError(
            f"actor '{actor}' has stances on different issues in the two versions "
            f"({list(pa.issue_ids)} → {list(pb.issue_ids)}); compare versions with the same stances."
        )
    base, va, vb, sa, sb = _aligned(pa, pb)
    names = {fid: f.name for s in (before, after) for fid, f in s.factors.items()}
    inputs: list[_Input] = []
    for k, issue in enumerate(base.issue_ids):
        issue_name = after.issues[issue].name
        if sa[k] != sb[k]:
            inputs.append(_Input("salience", issue, f"salience of {issue_name}", k, sa[k], sb[k]))
        pos_a, pos_b = pa.positions[k], pb.positions[k]
        if pos_a != pos_b:
            inputs.append(_Input("position", issue, f"offered {issue_name}", k, pos_a, pos_b))
        stance_a, stance_b = (pa.knots[k], pa.utilities[k]), (pb.knots[k], pb.utilities[k])
        if not all(np.array_equal(x, y) for x, y in zip(stance_a, stance_b, strict=True)):
            inputs.append(_Input("stance", issue, f"stance on {issue_name}", k, stance_a, stance_b))
    for name in ("horizon", "discount"):
        if getattr(pa, name) != getattr(pb, name):
            inputs.append(_Input("setting", name, name, -1, getattr(pa, name), getattr(pb, name)))
    settings_same = not any(i.kind == "setting" for i in inputs)
    coef = eng.factor_coefficients(base.kinds, base.sides, base.horizon, base.discount)
    linear: list[InputChange] = []
    for j, fid in enumerate(base.factor_ids):
        if va[j] == vb[j]:
            continue
        if settings_same and coef[j] != 0:
            linear.append(InputChange("factor", fid, names[fid], float(va[j]), float(vb[j]),
                                      float(coef[j] * (vb[j] - va[j])), True))  # fmt: skip
        else:
            inputs.append(_Input("factor", fid, names[fid], j, va[j], vb[j]))
    if len(inputs) > MAX_SHAPLEY_INPUTS:
        raise InputError(
            f"{len(inputs)} non-additive inputs changed at once (more than {MAX_SHAPLEY_INPUTS}); exact "
            "attribution enumerates every subset of them. Compare intermediate versions."
        )
    arrays = {"s": sa, "v": va, "pos": pa.positions}
    n = len(inputs)
    masks = ((np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1).astype(bool)
    # The linear factors sit at B's values throughout: they add a constant to every subset's margin.
    arrays["v"] = va.copy()
    for c in linear:
        arrays["v"][base.factor_ids.index(c.id)] = c.after
    values = np.array([_evaluate(base, inputs, m, arrays) for m in masks]) if n else np.zeros(1)
    phi = _shapley(values, n) if n else np.zeros(0)
    shared = [
        InputChange(i.kind, i.id, i.name, _show(i.before), _show(i.after), float(p), False)
        for i, p in zip(inputs, phi, strict=True)
    ]
    m_a, m_b = float(pa.margin()), float(pb.margin())
    changes = sorted([*linear, *shared], key=lambda c: -abs(c.contribution))
    return MarginChange(
        actor=actor,
        offer=offer,
        margin_before=m_a,
        margin_after=m_b,
        p_before=float(eng.acceptance_probability(m_a, pa.temperature)),
        p_after=float(eng.acceptance_probability(m_b, pb.temperature)),
        changes=tuple(changes),
    )


def _show(value: Any) -> float | str | None:
    """A changed value as printed: numbers as numbers, a stance as its peak."""
    if isinstance(value, tuple):
        knots, utils = value
        return f"ideal {float(knots[int(np.argmax(utils))]):g}"
    return float(value)
