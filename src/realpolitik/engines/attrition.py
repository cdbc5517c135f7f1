r"""The symmetric war of attrition: who gives up first, and how fast.

Two contestants fight for a prize :math:`V`; each step of fighting costs each
of them :math:`c`. Whoever holds out longer wins the prize; costs are sunk.
There is no pure-strategy symmetric equilibrium, and in the symmetric mixed
(evolutionarily stable) equilibrium each side quits at a constant hazard.

Continuous time
    Persistence is exponential with rate :math:`\lambda = c / V`: quitting at
    :math:`t` or :math:`t + dt` must be equally good, and the gain of holding
    on, the prize with probability :math:`\lambda\,dt`, equals the cost
    :math:`c\,dt` (Maynard Smith 1974, *J. Theor. Biol.* 47: 209–221;
    Bishop & Cannings 1978, *J. Theor. Biol.* 70: 85–124; Hendricks, Weiss &
    Wilson 1988, *Int. Econ. Rev.* 29(4): 663–680).

Discrete time (the convention used here)
    Steps :math:`t = 0, 1, \dots`. At the start of a step both sides choose,
    simultaneously, to quit or to stay. A side that quits gets nothing more.
    If exactly one side quits, the other wins :math:`V` at once and pays
    nothing for that step; if both quit, each gets :math:`sV` (tie share
    :math:`s`, 0 by default: the prize is lost). If both stay, each pays
    :math:`c` and the game moves on. In the stationary symmetric mixed
    equilibrium each quits with probability :math:`q` every step (Fudenberg
    & Tirole 1991, *Game Theory*, ch. 4, the war of attrition in discrete
    time). The continuation value equals the value of quitting, and since a
    quitter's future is worth 0, the continuation value is 0. Indifference
    between quitting now and staying one more step:

    .. math::
        \underbrace{q\,sV}_{\text{quit}}
        = \underbrace{qV + (1 - q)(-c + 0)}_{\text{stay}}
        \quad\Longrightarrow\quad
        q^* = \frac{c}{(1 - s)V + c},

    i.e. :math:`q^* = c/(V + c)` for :math:`s = 0`. With steps of length
    :math:`dt` and cost :math:`c\,dt` per step,
    :math:`q^*/dt \to c/((1-s)V)`, which is :math:`c/V` for :math:`s = 0`,
    the continuous-time rate. (Had a stayer to pay :math:`c` even in the step
    the other quits, staying would be worth :math:`qV - c` and
    :math:`q^* = c/V` exactly.)

The simulation draws each side's quitting step from the geometric
distribution of its hazard — exactly the stationary mixed strategy — or
takes a fixed persistence (a pure deviation), and estimates the hazard by
maximum likelihood with the opponent's quitting as censoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.errors import ModelError

__all__ = [
    "WarOfAttritionResult",
    "equilibrium_quit_probability",
    "equilibrium_quit_rate",
    "simulate_war_of_attrition",
]

Array = NDArray[np.float64]
RNGLike = np.random.Generator | np.random.SeedSequence | int | None


def _check(prize: float, cost: float, tie_share: float = 0.0) -> None:
    if not (prize > 0 and cost > 0):
        raise ModelError(f"'prize' and 'cost' must be positive; got prize={prize!r}, cost={cost!r}.")
    if not 0 <= tie_share < 1:
        raise ModelError(f"'tie_share' must lie in [0, 1); got {tie_share!r}.")


def equilibrium_quit_rate(prize: float, cost: float) -> float:
    r"""Continuous-time equilibrium quitting hazard :math:`c/V` (Maynard Smith 1974)."""
    _check(prize, cost)
    return cost / prize


def equilibrium_quit_probability(prize: float, cost: float, tie_share: float = 0.0) -> float:
    r"""Per-step equilibrium quitting probability :math:`q^* = c / ((1 - s)V + c)` (module docstring)."""
    _check(prize, cost, tie_share)
    return cost / ((1.0 - tie_share) * prize + cost)


@dataclass(frozen=True)
class WarOfAttritionResult:
    """Simulated contests between two sides."""

    end_step: NDArray[np.int_]
    """(N,) step at which the first side (or both) quit."""
    quit: NDArray[np.bool_]
    """(N, 2) which side quit at ``end_step``."""
    payoffs: Array
    """(N, 2) prize won minus costs paid."""
    hazard: Array
    """(2,) maximum-likelihood per-step quitting probability of each side."""
    hazard_se: Array
    """(2,) its standard error."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "paths": int(self.end_step.size),
            "mean_duration": float(self.end_step.mean()),
            "hazard": self.hazard.tolist(),
            "hazard_se": self.hazard_se.tolist(),
            "mean_payoffs": self.payoffs.mean(axis=0).tolist(),
        }


def simulate_war_of_attrition(
    prize: float,
    cost: float,
    *,
    n_paths: int,
    quit_probability: ArrayLike | None = None,
    persistence: tuple[int | None, int | None] = (None, None),
    tie_share: float = 0.0,
    rng: RNGLike = None,
) -> WarOfAttritionResult:
    """Simulate ``n_paths`` symmetric wars of attrition (module docstring).

    Parameters
    ----------
    prize, cost : float
        Prize :math:`V` and per-step cost :math:`c` of each side.
    n_paths : int
        Contests simulated.
    quit_probability : float or (2,) array_like, optional
        Each side's per-step quitting probability; the equilibrium
        :func:`equilibrium_quit_probability` by default.
    persistence : pair of int or None
        A side with an integer here quits for sure at that step (a pure
        strategy), overriding its quitting probability.
    tie_share : float
        Share of the prize each side gets when both quit at once.
    rng : Generator, SeedSequence, int or None

    Returns
    -------
    WarOfAttritionResult
        Its ``hazard`` is quits over steps at risk: each side is at risk from
        step 0 to the end of the contest inclusive, and quits at the end or is
        censored by the other's quitting.
    """
    _check(prize, cost, tie_share)
    q = np.broadcast_to(
        np.asarray(
            equilibrium_quit_probability(prize, cost, tie_share) if quit_probability is None
            else quit_probability, dtype=float,
        ),
        (2,),
    )
    if not np.all((q > 0) & (q <= 1)):
        raise ModelError(f"'quit_probability' must lie in (0, 1]; got {q.tolist()}.")
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    planned = gen.geometric(q, size=(n_paths, 2)) - 1  # first quitting step, from step 0
    for side, k in enumerate(persistence):
        if k is not None:
            planned[:, side] = k
    end = planned.min(axis=1)
    quit = planned == end[:, None]
    both = quit.all(axis=1)
    won = quit[:, ::-1] & ~quit  # the other side quit first
    payoffs = prize * (won + tie_share * both[:, None]) - cost * end[:, None]
    exposure = (end + 1).astype(float).sum()
    events = quit.sum(axis=0).astype(float)
    hazard = events / exposure
    hazard_se = np.sqrt(hazard * (1 - hazard) / exposure)
    return WarOfAttritionResult(
        end_step=end, quit=quit, payoffs=payoffs, hazard=hazard, hazard_se=hazard_se
    )
