"""The result every multi-actor forecaster returns, so models are interchangeable.

The expected-utility model (:mod:`realpolitik.engines.eum`) and the baselines
(:mod:`realpolitik.engines.forecast_baselines`) all return a
:class:`ForecastResult`; renderers, the Monte Carlo and the backtest consume it
without knowing which model produced it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["OFFER_KINDS", "ForecastResult", "OfferSet"]

#: Names of the offer kinds, indexed by the integer codes in :class:`OfferSet`.
OFFER_KINDS = ("none", "conflict", "compromise", "capitulation")


@dataclass(frozen=True, eq=False)
class OfferSet:
    """Offers one round of the expected-utility model produced.

    ``kind[i, j]`` and ``position[i, j]`` describe the offer actor ``j`` makes
    to actor ``i`` (codes index :data:`OFFER_KINDS`; position is where ``i``
    would move).  ``chosen[i]`` is the sender whose offer ``i`` accepted, or
    ``-1`` when ``i`` kept its position.
    """

    kind: np.ndarray
    position: np.ndarray
    chosen: np.ndarray

    @property
    def chosen_kind(self) -> np.ndarray:
        """Kind code of the accepted offer per actor (0 when none)."""
        rows = np.arange(self.chosen.size)
        kinds = self.kind[rows, np.maximum(self.chosen, 0)]
        return np.where(self.chosen >= 0, kinds, 0)

    def to_dict(self, names: list[str] | None = None) -> dict[str, Any]:
        """Accepted offer per actor; the full n×n table is left out (it grows as n²)."""
        labels = names or [str(i) for i in range(self.chosen.size)]
        kinds = self.chosen_kind
        accepted = []
        for i, sender in enumerate(self.chosen.tolist()):
            accepted.append(
                {
                    "actor": labels[i],
                    "kind": OFFER_KINDS[int(kinds[i])],
                    "from": labels[sender] if sender >= 0 else None,
                    "new_position": float(self.position[i, sender]) if sender >= 0 else None,
                }
            )
        counts = {k: int(np.sum(self.kind == code)) for code, k in enumerate(OFFER_KINDS) if code}
        return {"accepted": accepted, "offers_made": counts}


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """Forecast of one issue by one model.

    Attributes
    ----------
    model : str
        Model name (``"eum"``, ``"mean"``, ``"median"``, ``"nbs"``).
    forecast : float
        Predicted outcome on the issue scale (for the EUM, the median voter
        position after the last round, as Bueno de Mesquita (1994) reads it).
    medians, means : ndarray, shape (rounds + 1,)
        Capability×salience-weighted median and mean positions; entry 0 is the
        input, entry ``t`` the state after round ``t``.
    positions : ndarray, shape (rounds + 1, n_actors)
        Every actor's position per round.
    scale : tuple of float
        The issue scale (minimum, maximum) distances were normalised by.
    rounds_run : int
        Rounds actually run (0 for the one-shot baselines).
    converged : bool
        Whether the stop rule ended the run before the round limit.
    risk_exponents : ndarray, shape (rounds, n_actors), optional
        Risk exponents r_i used in each round (EUM only).
    last_offers : OfferSet, optional
        Offers of the last round (EUM only).
    params : mapping
        Parameters the model ran with, stored verbatim.
    """

    model: str
    forecast: float
    medians: np.ndarray
    means: np.ndarray
    positions: np.ndarray
    scale: tuple[float, float]
    rounds_run: int = 0
    converged: bool = True
    risk_exponents: np.ndarray | None = None
    last_offers: OfferSet | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self, names: list[str] | None = None) -> dict[str, Any]:
        """Plain JSON-ready dictionary of the result."""
        out: dict[str, Any] = {
            "model": self.model,
            "forecast": float(self.forecast),
            "scale": [float(v) for v in self.scale],
            "rounds_run": self.rounds_run,
            "converged": self.converged,
            "medians": self.medians.tolist(),
            "means": self.means.tolist(),
            "positions": self.positions.tolist(),
            "params": dict(self.params),
        }
        if names is not None:
            out["actors"] = list(names)
        if self.risk_exponents is not None:
            out["risk_exponents"] = self.risk_exponents.tolist()
        if self.last_offers is not None:
            out["last_offers"] = self.last_offers.to_dict(names)
        return out
