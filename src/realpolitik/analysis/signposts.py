r"""Signposts: which estimate, if the world moved it, would flip the decision?

For the deciding actor and offer, every uncertain input of the margin (each
issue's salience and each factor's value) gets a **tipping value** :math:`t_j`:
the value at which the margin crosses zero with every other input held at its
central estimate,

.. math::
    m(\hat x_1, \dots, t_j, \dots, \hat x_P) = 0 .

Where the margin is linear in the input (every flow or lump factor:
:math:`\partial m / \partial v_f = a_f`, see :mod:`realpolitik.engines.decision`)
this is the closed form :math:`t_j = \hat x_j - m(\hat x) / a_j`. Where it is
not (saliences enter the offer's utility as a ratio; battlefield factors pass
through a clip), the root is bracketed on a grid and refined by bisection, both
vectorised over all inputs at once, so every input is handled by the same
exact-to-rounding procedure.

Three numbers rank the signposts:

``distance``
    :math:`(t_j - \hat x_j) / (h_j - l_j)`: how far the tipping value lies from
    the central estimate, in units of the estimate's stated range
    :math:`[l_j, h_j]`. Small distances are what to watch.
``p_flip_at_edge``
    With :math:`x_j` at the edge of its range on the side of the tipping value,
    the share of Monte Carlo draws of every *other* input (their declared
    distributions) in which the decision differs from the central one. It says
    how likely a flip becomes if the evidence pushes this estimate to the edge
    of what the analyst thought plausible.
``within_range``
    Whether the tipping value lies inside the stated range at all.

Inputs with no stated range have no distance; they are listed after the ranked
ones, with their tipping value, so an analyst can see what range would matter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from realpolitik.analysis.decision import decision_problem, input_estimates
from realpolitik.analysis.sampling import RNGLike, parameter_table, seed_sequence
from realpolitik.engines import decision as eng
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.schema import Scenario

__all__ = ["Signpost", "SignpostReport", "signposts"]

Array = NDArray[np.float64]

GRID = 4097
"""Grid points per input when bracketing a tipping value."""
SEARCH_SPAN = 20.0
"""The search runs this many range widths (or unit widths, with no range) each side of the centre."""
BISECTIONS = 80


@dataclass(frozen=True)
class Signpost:
    """The tipping point of one estimate."""

    parameter: str
    """Factor id, or ``salience:<issue>``."""
    name: str
    central: float
    low: float | None
    high: float | None
    tipping_value: float | None
    """Value that flips the decision, others central; None if none within the search span."""
    distance: float | None
    """(tipping − central) / (high − low); None with no range or no tipping value."""
    within_range: bool
    direction: str | None
    """'up' or 'down': which way the estimate must move to flip the decision."""
    p_flip_at_edge: float | None
    """Share of draws of the other inputs whose decision flips with this one at its range edge."""
    linear: bool
    """True when the margin is linear in this input (the tipping value is in closed form)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SignpostReport:
    """Signposts of one decision, closest tipping points first."""

    actor: str
    offer: str
    decision: str
    margin: float
    draws: int
    seed: int | None
    signposts: tuple[Signpost, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "offer": self.offer,
            "decision": self.decision,
            "margin": self.margin,
            "draws": self.draws,
            "seed": self.seed,
            "signposts": [s.to_dict() for s in self.signposts],
        }


def _natural_bounds(names: tuple[str, ...], kinds: NDArray[np.int_], n_saliences: int) -> tuple[Array, Array]:
    """Bounds an input can take at all: saliences >= 0, win probabilities and utilities in [0, 1],
    a horizon and a temperature above 0, a discount in (0, 1]."""
    lo = np.full(len(names), -np.inf)
    hi = np.full(len(names), np.inf)
    lo[:n_saliences] = 0.0
    is_p = np.zeros(len(names), dtype=bool)
    is_p[n_saliences : n_saliences + len(kinds)] = kinds == eng.WIN_PROBABILITY
    lo[is_p], hi[is_p] = 0.0, 1.0
    tiny = np.finfo(float).tiny
    for j, name in enumerate(names):
        if name.startswith("utility:"):
            lo[j], hi[j] = 0.0, 1.0
        elif name in ("decision:horizon", "decision:temperature"):
            lo[j] = tiny
        elif name == "decision:discount":
            lo[j], hi[j] = tiny, 1.0
    return lo, hi


def _tipping_values(margin_of: Any, x0: Array, lo: Array, hi: Array, width: Array) -> Array:
    """Root of m(x0 with x_j = t) nearest x0_j for every j (NaN where none is bracketed)."""
    P = len(x0)
    a = np.maximum(x0 - SEARCH_SPAN * width, lo)
    b = np.minimum(x0 + SEARCH_SPAN * width, hi)
    grid = a[:, None] + (b - a)[:, None] * np.linspace(0.0, 1.0, GRID)[None, :]  # (P, G)
    x = np.broadcast_to(x0, (P, GRID, P)).copy()
    x[np.arange(P), :, np.arange(P)] = grid
    m = margin_of(x)  # (P, G)
    m0 = margin_of(x0[None, :])[0]
    accept0 = m0 >= 0
    flipped = (m >= 0) != accept0
    # The bracket nearest the centre: the closest grid point whose decision differs.
    dist = np.where(flipped, np.abs(grid - x0[:, None]), np.inf)
    j = np.argmin(dist, axis=1)
    found = np.isfinite(dist[np.arange(P), j])
    # Its neighbour toward the centre keeps the central decision (or is the centre side of the grid).
    step = np.where(grid[np.arange(P), j] > x0, -1, 1)
    k = np.clip(j + step, 0, GRID - 1)
    inside = grid[np.arange(P), k]  # same decision as the centre
    outside = grid[np.arange(P), j]  # flipped
    inside = np.where(((margin_of(_with(x0, inside)) >= 0) == accept0), inside, x0)
    for _ in range(BISECTIONS):  # a loop over halvings, vectorised over inputs
        mid = 0.5 * (inside + outside)
        keeps = (margin_of(_with(x0, mid)) >= 0) == accept0
        inside = np.where(keeps, mid, inside)
        outside = np.where(keeps, outside, mid)
    return np.where(found, 0.5 * (inside + outside), np.nan)


def _with(x0: Array, values: Array) -> Array:
    """Rows of x0, row j with input j set to values[j]."""
    x = np.broadcast_to(x0, (len(values), len(x0))).copy()
    x[np.arange(len(values)), np.arange(len(values))] = values
    return x


def signposts(
    scenario: Scenario,
    actor: str,
    offer: str,
    *,
    draws: int = 2000,
    rng: RNGLike = None,
) -> SignpostReport:
    """Tipping value, distance in range units and flip probability of every estimate.

    Parameters
    ----------
    scenario, actor, offer
        The decision to examine.
    draws
        Monte Carlo draws of the other inputs for ``p_flip_at_edge`` (0 skips it).
    rng
        Seed or generator for those draws.
    """
    if draws < 0:
        raise InputError(field_message("draws", "signposts", "a non-negative integer", draws))
    problem = decision_problem(scenario, actor, offer)
    table = parameter_table(problem)
    names = table.names
    K = table.n_saliences

    def margin_of(x: Array) -> Array:
        s, v = table.split(x)
        return problem.with_draws(table.others(x)).margin(s, v)

    x0 = table.central.astype(float)
    ranged = table.uncertain() & np.isfinite(table.low) & np.isfinite(table.high)
    width = np.where(ranged, table.high - table.low, np.maximum(1.0, np.abs(x0)))
    lo_nat, hi_nat = _natural_bounds(names, problem.kinds, K)
    tip = _tipping_values(margin_of, x0, lo_nat, hi_nat, width)
    m0 = float(margin_of(x0[None, :])[0])
    accept0 = m0 >= 0

    # Linear inputs: flow and lump factors; their closed form replaces the bisection's last bits.
    coef = np.zeros(len(names))
    coef[K : K + len(problem.factor_ids)] = eng.factor_coefficients(
        problem.kinds, problem.sides, problem.horizon, problem.discount
    )
    linear = coef != 0
    closed = np.where(linear, x0 - m0 / np.where(linear, coef, 1.0), np.nan)
    tip = np.where(linear & np.isfinite(tip), closed, tip)

    p_flip = np.full(len(names), np.nan)
    root = seed_sequence(rng)
    if draws and np.isfinite(tip).any():
        x = table.sample(draws, rng=np.random.default_rng(root), design="lhs")  # (N, P)
        edge = np.where(tip > x0, table.high, table.low)
        usable = ranged & np.isfinite(tip)
        for col in np.flatnonzero(usable):  # a loop over inputs (tens), each vectorised over draws
            xj = x.copy()
            xj[:, col] = edge[col]
            p_flip[col] = float(np.mean((margin_of(xj) >= 0) != accept0))

    rows = []
    for j, name in enumerate(names):
        t = float(tip[j]) if np.isfinite(tip[j]) else None
        has_range = bool(ranged[j])
        dist = (t - x0[j]) / width[j] if (t is not None and has_range) else None
        rows.append(
            Signpost(
                parameter=name,
                name=_label(scenario, actor, name),
                central=float(x0[j]),
                low=float(table.low[j]) if has_range else None,
                high=float(table.high[j]) if has_range else None,
                tipping_value=t,
                distance=None if dist is None else float(dist),
                within_range=bool(has_range and t is not None and table.low[j] <= t <= table.high[j]),
                direction=None if t is None else ("up" if t > x0[j] else "down"),
                p_flip_at_edge=None if np.isnan(p_flip[j]) else float(p_flip[j]),
                linear=bool(linear[j]),
            )
        )
    rows.sort(key=_rank)
    return SignpostReport(
        actor=actor,
        offer=offer,
        decision="accept" if accept0 else "reject",
        margin=m0,
        draws=draws,
        seed=None if not draws else int(root.entropy),  # type: ignore[arg-type]
        signposts=tuple(rows),
    )


def _rank(s: Signpost) -> tuple[int, float]:
    """Ranged inputs with a tipping value first, nearest first; then the rest."""
    if s.distance is not None:
        return (0, abs(s.distance))
    return (1 if s.tipping_value is not None else 2, 0.0)


def _label(scenario: Scenario, actor: str, name: str) -> str:
    if ":" in name and not name.startswith("salience:"):  # a setting, a level utility, a lever effect
        return next(i.name for i in input_estimates(scenario, actor) if i.id == name)
    if name.startswith("salience:"):
        issue = name.removeprefix("salience:")
        return f"salience of {scenario.issues[issue].name}"
    return scenario.factors[name].name
