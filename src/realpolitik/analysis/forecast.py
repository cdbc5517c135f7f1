"""How sure is a group-decision forecast, and how good has it been?

:func:`monte_carlo` re-runs a forecaster on inputs perturbed within declared
uncertainty — Bueno de Mesquita's "shocks" to positions, saliences and
capabilities — and returns the distribution of the forecast.
:func:`backtest` scores forecasters against observed outcomes: mean absolute
error per model with a bootstrap confidence interval over issues, and a paired
bootstrap of the MAE difference between every two models.  The EUM and the
baselines all go through :func:`realpolitik.engines.forecast_baselines.forecast`,
so they are treated identically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from realpolitik.engines.eum import EUMOptions, resolve_scale, validate_actor_arrays
from realpolitik.engines.eum_batch import run_eum_draws
from realpolitik.engines.forecast_baselines import MODELS, forecast
from realpolitik.engines.forecast_result import ForecastResult
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.actor_table import eum_table, eum_uncertainty
from realpolitik.scenario.schema import Estimate, Scenario
from realpolitik.scenario.tables import ActorTable

__all__ = [
    "BacktestResult",
    "ModelScore",
    "MonteCarloResult",
    "PairedComparison",
    "Uncertainty",
    "backtest",
    "forecast_scenario",
    "monte_carlo",
    "scenario_uncertainty",
]

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)

Array = NDArray[np.float64]
HalfWidth = float | Sequence[float] | Array
"""A shock's half-width: one for every actor, or one per actor."""


@dataclass(frozen=True)
class Uncertainty:
    """Half-widths of uniform perturbations ("shocks") of the inputs.

    ``position`` is in issue-scale units (results clipped to the scale);
    ``salience`` in salience units (clipped to [0, 1]); ``capability`` is
    relative (``c · (1 ± capability)``, clipped at 0).  Scalars apply to every
    actor; arrays give one half-width per actor.
    """

    position: HalfWidth = 0.0
    salience: HalfWidth = 0.0
    capability: HalfWidth = 0.0


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Forecasts of ``draws`` perturbed copies of one issue."""

    model: str
    forecasts: np.ndarray  # (draws,)
    medians: np.ndarray  # (draws, rounds + 1), padded with the last value if a run stopped early
    means: np.ndarray  # (draws, rounds + 1)

    def quantiles(self) -> dict[str, float]:
        """Quantiles of the forecast distribution."""
        q = np.quantile(self.forecasts, QUANTILES)
        return {f"q{round(p * 100):02d}": float(v) for p, v in zip(QUANTILES, q, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "draws": int(self.forecasts.size),
            "mean": float(self.forecasts.mean()),
            "std": float(self.forecasts.std(ddof=1)) if self.forecasts.size > 1 else 0.0,
            "quantiles": self.quantiles(),
            "median_per_round": np.median(self.medians, axis=0).tolist(),
            "mean_per_round": np.median(self.means, axis=0).tolist(),
        }


def scenario_uncertainty(scenario: Scenario, issue: str, position: float = 0.0) -> Uncertainty:
    """Shocks from the ranges a scenario declares for ``issue``'s actors, in :func:`eum_table` order.

    Each declared range becomes a symmetric uniform shock of half its width
    (``low``/``high``, else ``± 2 sd``); capability shocks are relative to the
    central capability. ``position`` is the position shock as a share of the
    issue scale (scenarios declare no spread for positions).
    """
    table = eum_table(scenario, issue)
    declared = eum_uncertainty(scenario, issue)
    c = table.capability
    cap = np.array([_half_range(e) for e in declared["capability"]]) / np.where(c > 0, c, 1.0)
    sal = np.array([_half_range(e) for e in declared["salience"]])
    return Uncertainty(position=position * (table.scale_max - table.scale_min), salience=sal, capability=cap)


def _half_range(estimate: Estimate) -> float:
    if estimate.low is not None and estimate.high is not None:
        return (estimate.high - estimate.low) / 2
    return 2 * estimate.sd if estimate.sd is not None else 0.0


def _shocked(
    x: Array,
    c: Array,
    s: Array,
    scale: tuple[float, float],
    unc: Uncertainty,
    draws: int,
    gen: np.random.Generator,
) -> tuple[Array, Array, Array]:
    """(draws, n) arrays of perturbed positions, capabilities and saliences."""
    n = x.size

    def draw(half_width: HalfWidth) -> Array:
        hw = np.broadcast_to(np.asarray(half_width, dtype=float), (n,))
        if np.any(hw < 0) or not np.all(np.isfinite(hw)):
            raise InputError(field_message("uncertainty", "the Monte Carlo", "finite, >= 0", hw))
        shock: Array = gen.uniform(-1.0, 1.0, (draws, n)) * hw
        return shock

    X = np.clip(x + draw(unc.position), *scale)
    S = np.clip(s + draw(unc.salience), 0.0, 1.0)
    C = np.clip(c * (1.0 + draw(unc.capability)), 0.0, None)
    return X, C, S


def monte_carlo(
    model: str,
    positions: ArrayLike,
    capabilities: ArrayLike,
    saliences: ArrayLike,
    uncertainty: Uncertainty,
    *,
    draws: int = 200,
    rng: np.random.Generator | int | None = None,
    scale: tuple[float, float] | None = None,
    rounds: int = 10,
    options: EUMOptions | None = None,
) -> MonteCarloResult:
    """Distribution of ``model``'s forecast under uniform input shocks.

    All draws are generated at once (vectorised). The EUM then runs on every
    draw at once (:func:`realpolitik.engines.eum_batch.run_eum_draws`: draws as
    a leading axis, forecasts equal bit for bit to one run per draw); the
    one-shot baselines are forecast draw by draw by the same :func:`forecast`
    call a single run uses. The issue scale is fixed from the unperturbed
    input so shocks cannot widen it. The same ``rng`` seed gives the same result.
    """
    if draws < 1:
        raise InputError(field_message("draws", "the Monte Carlo", ">= 1", draws))
    x, c, s = validate_actor_arrays(positions, capabilities, saliences)
    sc = resolve_scale(x, scale)
    gen = np.random.default_rng(rng)
    X, C, S = _shocked(x, c, s, sc, uncertainty, draws, gen)
    if model == "eum":
        if rounds < 0:
            raise InputError(field_message("rounds", "the forecast", ">= 0", rounds))
        fc, meds, means = run_eum_draws(X, C, S, scale=sc, rounds=rounds, options=options)
        return MonteCarloResult(model, fc, meds, means)
    meds, means, fc = np.empty((draws, 1)), np.empty((draws, 1)), np.empty(draws)
    for d in range(draws):  # the baselines are one closed-form step each
        res = forecast(model, X[d], C[d], S[d], scale=sc, rounds=rounds, options=options)
        meds[d], means[d], fc[d] = res.medians[-1], res.means[-1], res.forecast
    return MonteCarloResult(model, fc, meds, means)


@dataclass(frozen=True)
class ModelScore:
    """Mean absolute error of one model over the scored issues."""

    model: str
    mae: float
    ci_low: float
    ci_high: float
    errors: dict[str, float]


@dataclass(frozen=True)
class PairedComparison:
    """MAE of ``a`` minus MAE of ``b`` on the same issues (negative: ``a`` is better)."""

    a: str
    b: str
    mae_difference: float
    ci_low: float
    ci_high: float
    share_a_better: float  # share of bootstrap resamples in which a's MAE is lower


@dataclass(frozen=True)
class BacktestResult:
    """Scores of every model, pairwise comparisons and the forecasts behind them."""

    issues: tuple[str, ...]
    unscored: tuple[str, ...]
    scores: tuple[ModelScore, ...]
    comparisons: tuple[PairedComparison, ...]
    forecasts: dict[str, dict[str, float]]
    outcomes: dict[str, float]
    ci: float
    n_boot: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "issues": list(self.issues),
            "unscored": list(self.unscored),
            "ci": self.ci,
            "n_boot": self.n_boot,
            "outcomes": self.outcomes,
            "forecasts": self.forecasts,
            "scores": [asdict(s) for s in self.scores],
            "comparisons": [asdict(p) for p in self.comparisons],
        }


def _scored_issues(
    tables: Mapping[str, ActorTable], outcomes: Mapping[str, float]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    unknown = sorted(set(outcomes) - set(tables))
    if unknown:
        raise InputError(
            field_message("issue", "the outcomes", f"one of the table's issues {sorted(tables)}", unknown)
        )
    issues = tuple(i for i in tables if i in outcomes)
    if not issues:
        raise InputError("No issue has an observed outcome; nothing to backtest.")
    return issues, tuple(i for i in tables if i not in outcomes)


def backtest(
    tables: Mapping[str, ActorTable],
    outcomes: Mapping[str, float],
    models: Sequence[str] = ("eum", "mean", "median", "nbs"),
    *,
    rounds: int = 10,
    options: EUMOptions | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    rng: np.random.Generator | int | None = None,
) -> BacktestResult:
    """Score forecasters against observed outcomes, with bootstrap intervals.

    Errors are absolute differences on each issue's own scale.  Issues are
    resampled with replacement ``n_boot`` times; the same resamples serve every
    model, so the paired comparison keeps the pairing (a model that is better
    on the same issues shows a narrow interval below zero).  With few issues
    the intervals are wide and only indicative.
    """
    bad = [m for m in models if m not in MODELS]
    if bad or not models:
        raise InputError(field_message("models", "the backtest", f"some of {sorted(MODELS)}", bad))
    if not 0 < ci < 1:
        raise InputError(field_message("ci", "the backtest", "in (0, 1)", ci))
    issues, unscored = _scored_issues(tables, outcomes)
    y = np.array([outcomes[i] for i in issues])
    preds = {m: _forecast_issues(m, tables, issues, rounds, options) for m in models}
    err = np.abs(np.array([[preds[m][i] for i in issues] for m in models]) - y)
    idx = np.random.default_rng(rng).integers(0, len(issues), (n_boot, len(issues)))
    boot = err[:, idx].mean(axis=2)  # (models, n_boot): the same resamples for every model
    q = ((1 - ci) / 2, 1 - (1 - ci) / 2)
    scores = tuple(
        ModelScore(m, float(err[k].mean()), *_interval(boot[k], q), _by_issue(issues, err[k]))
        for k, m in enumerate(models)
    )
    pairs = tuple(
        PairedComparison(
            models[a],
            models[b],
            float(err[a].mean() - err[b].mean()),
            *_interval(boot[a] - boot[b], q),
            float(np.mean(boot[a] < boot[b])),
        )
        for a, b in combinations(range(len(models)), 2)
    )
    return BacktestResult(issues, unscored, scores, pairs, preds, _by_issue(issues, y), ci, n_boot)


def _by_issue(issues: tuple[str, ...], values: np.ndarray) -> dict[str, float]:
    return dict(zip(issues, values.tolist(), strict=True))


def _forecast_issues(
    model: str,
    tables: Mapping[str, ActorTable],
    issues: tuple[str, ...],
    rounds: int,
    options: EUMOptions | None,
) -> dict[str, float]:
    """One model's forecast of every scored issue, through the common dispatcher."""
    out: dict[str, float] = {}
    for issue in issues:
        t = tables[issue]
        res = forecast(model, t.position, t.capability, t.salience, rounds=rounds, options=options)
        out[issue] = res.forecast
    return out


def _interval(samples: np.ndarray, q: tuple[float, float]) -> tuple[float, float]:
    low, high = np.quantile(samples, q)
    return float(low), float(high)


def forecast_scenario(
    scenario: Scenario,
    issue: str,
    model: str = "eum",
    *,
    rounds: int = 10,
    options: EUMOptions | None = None,
) -> ForecastResult:
    """Forecast one issue of a scenario from its actor table (:func:`~realpolitik.scenario.eum_table`).

    Examples
    --------
    >>> import realpolitik as rp
    >>> s = rp.load("scenarios/ukraine-2025-07.yaml")
    >>> round(rp.forecast(s, "territory", model="mean").forecast, 2)
    58.0
    """
    table = eum_table(scenario, issue)
    scale = (table.scale_min, table.scale_max)
    return forecast(
        model, table.position, table.capability, table.salience, scale=scale, rounds=rounds, options=options
    )
