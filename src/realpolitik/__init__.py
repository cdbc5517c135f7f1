"""realpolitik: why a party rejects a deal that seems to benefit it, and what
would change its mind.

Quickstart::

    >>> import realpolitik as rp
    >>> s = rp.load("scenarios/ukraine-2025-07.yaml")
    >>> r = rp.why(s, actor="russia", offer="us-2025")
    >>> r.decision
    'reject'
"""

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
