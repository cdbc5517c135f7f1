"""realpolitik: why a party rejects a deal that seems to benefit it, and what
would change its mind.

Quickstart::

    >>> import realpolitik as rp
    >>> s = rp.load("scenarios/ukraine-2025-07.yaml")
    >>> r = rp.why(s, actor="russia", offer="us-2025")
    >>> r.decision
    'reject'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from realpolitik.analysis.deals import DealsResult, deals
    from realpolitik.analysis.decision import DecisionResult, why
    from realpolitik.analysis.dynamics import DynamicsResult, simulate
    from realpolitik.analysis.forecast import backtest
    from realpolitik.analysis.forecast import forecast_scenario as forecast
    from realpolitik.analysis.levers import LeverReport, levers
    from realpolitik.analysis.sensitivity import SensitivityResult, sensitivity
    from realpolitik.analysis.uncertainty import UncertaintyResult, monte_carlo
    from realpolitik.engines.forecast_result import ForecastResult
    from realpolitik.errors import InputError, ModelError, RealpolitikError, ScenarioError
    from realpolitik.scenario import Scenario, load, loads

# Public names load on first use (PEP 562), so `import realpolitik` and the
# command line start without SciPy, SALib and the engines a command never needs.
_LAZY: dict[str, tuple[str, str]] = {
    "DealsResult": ("realpolitik.analysis.deals", "DealsResult"),
    "deals": ("realpolitik.analysis.deals", "deals"),
    "DecisionResult": ("realpolitik.analysis.decision", "DecisionResult"),
    "why": ("realpolitik.analysis.decision", "why"),
    "DynamicsResult": ("realpolitik.analysis.dynamics", "DynamicsResult"),
    "simulate": ("realpolitik.analysis.dynamics", "simulate"),
    "backtest": ("realpolitik.analysis.forecast", "backtest"),
    "forecast": ("realpolitik.analysis.forecast", "forecast_scenario"),
    "LeverReport": ("realpolitik.analysis.levers", "LeverReport"),
    "levers": ("realpolitik.analysis.levers", "levers"),
    "SensitivityResult": ("realpolitik.analysis.sensitivity", "SensitivityResult"),
    "sensitivity": ("realpolitik.analysis.sensitivity", "sensitivity"),
    "UncertaintyResult": ("realpolitik.analysis.uncertainty", "UncertaintyResult"),
    "monte_carlo": ("realpolitik.analysis.uncertainty", "monte_carlo"),
    "ForecastResult": ("realpolitik.engines.forecast_result", "ForecastResult"),
    "InputError": ("realpolitik.errors", "InputError"),
    "ModelError": ("realpolitik.errors", "ModelError"),
    "RealpolitikError": ("realpolitik.errors", "RealpolitikError"),
    "ScenarioError": ("realpolitik.errors", "ScenarioError"),
    "Scenario": ("realpolitik.scenario", "Scenario"),
    "load": ("realpolitik.scenario", "load"),
    "loads": ("realpolitik.scenario", "loads"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'realpolitik' has no attribute {name!r}") from None
    value = getattr(import_module(module), attr)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "DealsResult",
    "DecisionResult",
    "DynamicsResult",
    "ForecastResult",
    "InputError",
    "LeverReport",
    "ModelError",
    "RealpolitikError",
    "Scenario",
    "ScenarioError",
    "SensitivityResult",
    "UncertaintyResult",
    "backtest",
    "deals",
    "forecast",
    "levers",
    "load",
    "loads",
    "monte_carlo",
    "sensitivity",
    "simulate",
    "why",
]
__version__ = "0.1.0"
