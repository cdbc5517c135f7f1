"""Inputs and plain-text rendering for the ``forecast`` and ``backtest`` commands.

Kept apart from :mod:`realpolitik.cli` (which only parses options and calls
these) so the command module stays small; nothing here computes a model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.table import Table

from realpolitik.analysis.forecast import BacktestResult, MonteCarloResult, Uncertainty, scenario_uncertainty
from realpolitik.engines.eum import EUMOptions
from realpolitik.engines.forecast_result import OFFER_KINDS, ForecastResult
from realpolitik.errors import InputError, field_message
from realpolitik.scenario.tables import read_actor_tables

__all__ = [
    "READINGS",
    "ForecastInput",
    "backtest_tables",
    "chart",
    "forecast_input",
    "monte_carlo_line",
    "offers_lines",
    "reading_options",
]

#: ``--reading`` names → EUM options.
READINGS = {"printed": EUMOptions(), "scholz2011": EUMOptions.scholz2011()}


@dataclass(frozen=True)
class ForecastInput:
    """One issue's actor table, its scale and declared shocks, from a scenario or a CSV."""

    issue: str
    actors: tuple[str, ...]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    scale: tuple[float, float] | None
    uncertainty: Uncertainty
    levels: tuple[str, ...] | None = None
    """Human labels of the issue's discrete levels (numbered 0..n-1 on the scale), if it has them."""

    def label(self, value: float) -> str:
        """A position as a reader should see it: the number, and for levels the nearest level's label."""
        if self.levels is None:
            return f"{value:.3f}"
        i = min(max(int(np.floor(value + 0.5)), 0), len(self.levels) - 1)
        return f"{value:.3f} (nearest level: {self.levels[i]})"


def forecast_input(source: str, issue: str | None, shocks: tuple[float, float, float]) -> ForecastInput:
    """Read a scenario (``.yaml``/``.yml``/``-``) or CSV; ``shocks`` = (position, salience, capability)."""
    if source == "-" or Path(source).suffix.lower() in (".yaml", ".yml"):
        return _from_scenario(source, issue, shocks)
    path = Path(source)
    tables = read_actor_tables(path)
    if isinstance(tables, dict):
        if issue is None and len(tables) > 1:
            raise InputError(f"{path} holds issues {list(tables)}; choose one with --issue.")
        issue = issue or next(iter(tables))
        if issue not in tables:
            raise InputError(field_message("--issue", str(path), f"one of {list(tables)}", issue))
        t = tables[issue]
    else:
        t = tables
        issue = issue or path.stem
    unc = Uncertainty(position=shocks[0] * _width(t.position), salience=shocks[1], capability=shocks[2])
    return ForecastInput(issue, t.actors, t.capability, t.position, t.salience, None, unc)


def _width(x: np.ndarray) -> float:
    return float(x.max() - x.min()) or 1.0


def _from_scenario(source: str, issue: str | None, shocks: tuple[float, float, float]) -> ForecastInput:
    from realpolitik.cli.common import read_scenario  # the CLI's scenario reader handles "-" and errors
    from realpolitik.scenario import eum_table

    scenario = read_scenario(source)
    if issue is None:
        raise InputError(f"name the issue to forecast with --issue (one of {sorted(scenario.issues)}).")
    names, c, x, s, lo, hi = eum_table(scenario, issue)
    unc = scenario_uncertainty(scenario, issue, shocks[0])
    raw = scenario.issues[issue].scale.levels
    levels = None if raw is None else tuple(scenario.label(v) for v in raw)
    return ForecastInput(issue, tuple(names), c, x, s, (lo, hi), unc, levels)


def chart(result: ForecastResult, width: int = 41) -> list[str]:
    """Plain-text chart: one line per round, M = median, o = mean, * = both, on the issue scale."""
    lo, hi = result.scale
    span = (hi - lo) or 1.0

    def col(v: float) -> int:
        return round((v - lo) / span * (width - 1))

    lines = [f"round   median     mean  {lo:<{width // 2}g}{hi:>{width - width // 2}g}"]
    for t, (med, mean) in enumerate(zip(result.medians, result.means, strict=True)):
        cells = ["."] * width
        cells[col(mean)] = "o"
        cells[col(med)] = "*" if col(med) == col(mean) else "M"
        lines.append(f"{t:>5} {med:>8.3f} {mean:>8.3f}  {''.join(cells)}")
    lines.append(
        "Legend: each row is one round of exchanged offers (round 0 = the positions as given); on the "
        f"scale from {lo:g} to {hi:g}, M = the median position, o = the mean position (both weighted by "
        "capability x salience), * = both in one cell."
    )
    return lines


def offers_lines(result: ForecastResult, names: tuple[str, ...]) -> list[str]:
    """The offers each actor accepted in the last round."""
    if result.last_offers is None:
        return []
    lines = []
    for row in result.last_offers.to_dict(list(names))["accepted"]:
        if row["kind"] != OFFER_KINDS[0]:
            lines.append(f"  {row['actor']}: {row['kind']} with {row['from']} -> {row['new_position']:.3f}")
    return lines or ["  nobody moved"]


def monte_carlo_line(mc: MonteCarloResult, fi: ForecastInput | None = None) -> str:
    q = mc.quantiles()
    median = f"{q['q50']:.3f}" if fi is None else fi.label(q["q50"])
    return (
        f"Monte Carlo ({mc.forecasts.size} draws): median {median};\n"
        f"  50% in [{q['q25']:.3f}, {q['q75']:.3f}], 90% in [{q['q05']:.3f}, {q['q95']:.3f}]"
    )


def backtest_tables(res: BacktestResult) -> tuple[Table, Table]:
    """Scores per model, and the paired comparisons."""
    pct = f"{res.ci:.0%} CI"
    title = f"Mean absolute error over {len(res.issues)} issues (issue scale)"
    scores = Table(title=title, title_justify="left")
    for name in ("model", "MAE", pct):
        scores.add_column(name, justify="left" if name == "model" else "right")
    for s in sorted(res.scores, key=lambda s: s.mae):
        scores.add_row(s.model, f"{s.mae:.3f}", f"[{s.ci_low:.3f}, {s.ci_high:.3f}]")
    pairs = Table(title="Paired comparison: MAE(a) - MAE(b), same issues resampled", title_justify="left")
    for name in ("a", "b", "difference", pct, "P(a better)"):
        pairs.add_column(name, justify="left" if name in ("a", "b") else "right")
    for p in res.comparisons:
        pairs.add_row(p.a, p.b, f"{p.mae_difference:+.3f}", f"[{p.ci_low:+.3f}, {p.ci_high:+.3f}]",
                      f"{p.share_a_better:.2f}")
    return scores, pairs


def reading_options(reading: str) -> EUMOptions:
    """EUM options for a ``--reading`` name."""
    if reading not in READINGS:
        expected = f"one of {sorted(READINGS)}"
        raise InputError(field_message("--reading", "the command line", expected, reading))
    return READINGS[reading]
